"""Mechanism 3 beyond the hazard ledger: the written report of a major hazard to the authorities
(重大隐患书面报告) and the register of graded risk control (风险分级管控).

Sources (domain.md §1): a major hazard is reported in writing with its present state and causes,
the degree of harm, an analysis of how hard it is to put right, and the treatment plan (现状及原因、
危害程度、整改难易程度分析、治理方案) [S5]; the plan carries its targets, methods, funds and
materials, the people responsible, the deadline, and safety measures and emergency plan [S2] (the
五定). The report points at its hazard (kinds/hazards.py), where the 五定 fields and the escalation
flag live; it is printed for the township as the form `major-hazard-report`. Risk colours: four
levels 红/橙/黄/蓝 = 重大/较大/一般/低 [S6] (some counties use three [S7]). The scheme is the
county rule risk.review_months (domain/log_rule_settings.py): months between reviews per level, 0
for a level the county does not use, which a risk point then cannot take (hook "county_rules").
A point without its own next review is due that many months after it was identified
(domain/daily_logs.py, read by the expiry reminders of domain/expiries.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain import log_rule_settings as county
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import HAZARD_CATEGORIES, order_error, record_ref, staff_ref
from safetydesk.kinds.hazards import RISK_COLOURS
from safetydesk.models.base import Base, SyncedRecord

CONTROL_TIERS = choices(
    ("school", N_("School level")),
    ("department", N_("Department level")),
    ("group", N_("Grade or team level")),
    ("post", N_("Post level")),
)


# --- the written report of a major hazard ----------------------------------------------------------


class MajorHazardReport(SyncedRecord, Base):
    __tablename__ = "major_hazard_report"

    title: Mapped[str] = mapped_column(String(100))
    hazard_uuid: Mapped[str] = record_ref("hazard", nullable=False)
    report_no: Mapped[str | None] = mapped_column(String(50), default=None)
    reported_on: Mapped[date] = mapped_column(index=True)
    reported_to: Mapped[str] = mapped_column(String(100))
    current_state: Mapped[str] = mapped_column(Text)
    causes: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text)
    difficulty: Mapped[str | None] = mapped_column(Text, default=None)
    plan: Mapped[str] = mapped_column(Text)
    safety_measures: Mapped[str | None] = mapped_column(Text, default=None)
    funds_amount: Mapped[float | None] = mapped_column(Float, default=None)
    funds_source: Mapped[str | None] = mapped_column(String(100), default=None)
    deadline: Mapped[date] = mapped_column(index=True)
    responsible_uuid: Mapped[str | None] = staff_ref()
    reporter_uuid: Mapped[str | None] = staff_ref()


def _validate_report(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "reported_on", "deadline", _("The deadline for the treatment cannot be before the report.")
    )


def _long(attr: str, label: str, *, required: bool = False, short_label: str = "") -> Field:
    return Field(
        attr, label, FieldKind.LONG_TEXT, required=required, in_table=False, max_length=5000, width=40,
        short_label=short_label,
    )


MAJOR_HAZARD_REPORT = register(
    RecordKind(
        key="major_hazard_report",
        title=N_("Major hazard reports"),
        mechanism=3,
        model=MajorHazardReport,
        title_field="title",
        date_field="reported_on",
        validate=_validate_report,
        fields=(
            Field("title", N_("Title"), FieldKind.TEXT, required=True, max_length=100, width=26),
            Field("hazard_uuid", N_("Hazard"), FieldKind.RECORD, required=True, ref_kind="hazard", width=14),
            Field("report_no", N_("Report number"), FieldKind.TEXT, max_length=50, width=14),
            Field("reported_on", N_("Date reported"), FieldKind.DATE, required=True, width=11),
            Field("reported_to", N_("Reported to"), FieldKind.TEXT, required=True, max_length=100, width=14),
            _long("current_state", N_("Present state"), required=True),
            _long("causes", N_("Causes"), required=True),
            _long("severity", N_("Degree of harm"), required=True),
            _long("difficulty", N_("How hard it is to put right")),
            _long("plan", N_("Treatment plan (targets, methods, materials)"), required=True,
                  short_label=N_("Treatment plan")),
            _long("safety_measures", N_("Safety measures and emergency plan meanwhile")),
            Field(
                "funds_amount",
                N_("Funds for the treatment (yuan)"),
                FieldKind.DECIMAL,
                min_value=0,
                max_value=100_000_000,
                width=10,
            ),
            Field(
                "funds_source",
                N_("Source of funds"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=16,
            ),
            Field("deadline", N_("Deadline for the treatment"), FieldKind.DATE, required=True, width=11),
            Field("responsible_uuid", N_("Person responsible"), FieldKind.STAFF, width=10),
            Field("reporter_uuid", N_("Filled in by"), FieldKind.STAFF, in_table=False, width=10),
        ),
    )
)


# --- the graded risk control register -------------------------------------------------------------


class RiskPoint(SyncedRecord, Base):
    __tablename__ = "risk_point"

    name: Mapped[str] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(100), default=None)
    category: Mapped[str] = mapped_column(String(32), index=True)
    hazard_factors: Mapped[str | None] = mapped_column(String(300), default=None)
    possible_accidents: Mapped[str | None] = mapped_column(String(200), default=None)
    level: Mapped[str] = mapped_column(String(32), index=True)
    control_tier: Mapped[str | None] = mapped_column(String(32), default=None)
    measures: Mapped[str] = mapped_column(String(500))
    responsible_uuid: Mapped[str] = staff_ref(nullable=False)
    identified_on: Mapped[date] = mapped_column(index=True)
    next_review_on: Mapped[date | None] = mapped_column(default=None, index=True)


def _validate_risk(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values,
        "identified_on",
        "next_review_on",
        _("The next review cannot be before the risk was identified."),
    )


def _risk_rules(values: Mapping[str, Any], setting: Callable[[str], Any]) -> dict[str, str]:
    """A level the county does not use (0 months between reviews) cannot be chosen."""
    months = setting(county.RISK_REVIEW_MONTHS.key)
    if values.get("level") and not months.get(values["level"], 0):
        return {"level": _("This county does not use that risk level; choose another.")}
    return {}


RISK_POINT = register(
    RecordKind(
        key="risk_point",
        title=N_("Graded risk control register"),
        mechanism=3,
        model=RiskPoint,
        title_field="name",
        date_field="identified_on",
        validate=_validate_risk,
        hooks={"county_rules": _risk_rules},
        fields=(
            Field("name", N_("Risk point"), FieldKind.TEXT, required=True, max_length=100, width=16),
            Field("location", N_("Part of the school"), FieldKind.TEXT, max_length=100, width=14),
            Field(
                "category",
                N_("Category"),
                FieldKind.CHOICE,
                required=True,
                choices=HAZARD_CATEGORIES,
                filter=True,
                width=10,
            ),
            Field("hazard_factors", N_("Main hazard factors"), FieldKind.TEXT, max_length=300, width=20),
            Field(
                "possible_accidents",
                N_("Possible accidents"),
                FieldKind.TEXT,
                max_length=200,
                in_table=False,
                width=16,
            ),
            Field(
                "level",
                N_("Risk level"),
                FieldKind.CHOICE,
                required=True,
                choices=RISK_COLOURS,
                filter=True,
                width=10,
            ),
            Field(
                "control_tier",
                N_("Controlled at"),
                FieldKind.CHOICE,
                choices=CONTROL_TIERS,
                filter=True,
                width=8,
            ),
            Field(
                "measures", N_("Control measures"), FieldKind.TEXT, required=True, max_length=500, width=28
            ),
            Field("responsible_uuid", N_("Person responsible"), FieldKind.STAFF, required=True, width=10),
            Field("identified_on", N_("Date identified"), FieldKind.DATE, required=True, width=11),
            Field("next_review_on", N_("Next review"), FieldKind.DATE, width=11),
        ),
    )
)
