"""Mechanism 3 (隐患排查): checklist templates, inspections (filled checklists) and hazards.

A hazard carries every field of the ledger in domain.md §1: the 五定 plan (measures, responsible
person, deadline, funds, interim controls), its grade and risk colour, escalation of a major hazard
to the township, and the workflow to closure (销号) verified by someone other than the rectifier.

Checklist items are plain text, one item per line ("检查项目：检查内容"), so a template can be
edited in the generic form. An inspection's results are JSON written by the inspection screen:
a list of {"item": str, "result": "ok" | "problem", "note": str}.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain import hazard_flow
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.domain.serials import serial_field
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import (
    CHECK_TYPES,
    HAZARD_CATEGORIES,
    order_error,
    record_ref,
    serial_column,
    staff_ref,
)
from safetydesk.models.base import Base, SyncedRecord

FREQUENCIES = choices(
    ("daily", N_("Daily")),
    ("weekly", N_("Weekly")),
    ("monthly", N_("Monthly")),
    ("semester", N_("Each semester")),
    ("occasional", N_("As needed")),
)

HAZARD_GRADES = choices(
    ("general", N_("General"), "#1976d2"),
    ("major", N_("Major"), "#d32f2f"),
)

RISK_COLOURS = choices(
    ("red", N_("Red (major risk)"), "#d32f2f"),
    ("orange", N_("Orange (serious risk)"), "#f57c00"),
    ("yellow", N_("Yellow (general risk)"), "#fbc02d"),
    ("blue", N_("Blue (low risk)"), "#1976d2"),
)

# The workflow's states, labels included, are declared once in domain.hazard_flow.
HAZARD_STATUSES = hazard_flow.STATUS_CHOICES


# --- checklist template ---------------------------------------------------------------------------


class ChecklistTemplate(SyncedRecord, Base):
    __tablename__ = "checklist_template"

    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(32), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    frequency: Mapped[str | None] = mapped_column(String(32), default=None)
    items: Mapped[str] = mapped_column(Text)


CHECKLIST_TEMPLATE = register(
    RecordKind(
        key="checklist_template",
        title=N_("Checklist templates"),
        mechanism=3,
        model=ChecklistTemplate,
        title_field="name",
        default_sort="name",
        fields=(
            Field("name", N_("Template name"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field(
                "category", N_("Category"), FieldKind.CHOICE, choices=HAZARD_CATEGORIES, filter=True, width=12
            ),
            Field(
                "version",
                N_("Version"),
                FieldKind.INT,
                required=True,
                min_value=1,
                max_value=999,
                default=1,
                width=6,
            ),
            Field("frequency", N_("Frequency"), FieldKind.CHOICE, choices=FREQUENCIES, filter=True, width=8),
            Field(
                "items",
                N_("Items (one per line)"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=20_000,
                width=40,
            ),
        ),
    )
)


# --- inspection -----------------------------------------------------------------------------------


class Inspection(SyncedRecord, Base):
    __tablename__ = "inspection"

    serial: Mapped[str | None] = serial_column()
    template_key: Mapped[str | None] = mapped_column(String(64), default=None)
    template_name: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[int | None] = mapped_column(Integer, default=None)
    inspected_on: Mapped[date] = mapped_column(index=True)
    inspector_uuid: Mapped[str] = staff_ref(nullable=False)
    check_type: Mapped[str] = mapped_column(String(32))
    results: Mapped[str | None] = mapped_column(Text, default=None)
    summary: Mapped[str | None] = mapped_column(Text, default=None)


INSPECTION = register(
    RecordKind(
        key="inspection",
        title=N_("Inspections"),
        mechanism=3,
        model=Inspection,
        title_field="template_name",
        date_field="inspected_on",
        serial_prefix="JC",
        fields=(
            serial_field(),
            Field("inspected_on", N_("Date checked"), FieldKind.DATE, required=True, width=11),
            Field("template_name", N_("Checklist"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field(
                "template_key",
                N_("Checklist key"),
                FieldKind.TEXT,
                max_length=64,
                in_table=False,
                exported=False,  # the template's uuid: a link for the program, never printed
                width=12,
            ),
            Field(
                "template_version",
                N_("Checklist version"),
                FieldKind.INT,
                min_value=1,
                max_value=999,
                in_table=False,
                width=6,
            ),
            Field(
                "check_type",
                N_("Type of check"),
                FieldKind.CHOICE,
                required=True,
                choices=CHECK_TYPES,
                filter=True,
                width=10,
            ),
            Field("inspector_uuid", N_("Inspector"), FieldKind.STAFF, required=True, width=10),
            Field(
                "results",
                N_("Check results"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=50_000,
                width=40,
            ),
            Field(
                "summary",
                N_("Inspection summary"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
        ),
    )
)


# --- hazard ---------------------------------------------------------------------------------------


class Hazard(SyncedRecord, Base):
    __tablename__ = "hazard"

    serial: Mapped[str | None] = serial_column()
    found_on: Mapped[date] = mapped_column(index=True)
    check_type: Mapped[str | None] = mapped_column(String(32), default=None)
    inspector_uuid: Mapped[str | None] = staff_ref()
    category: Mapped[str] = mapped_column(String(32), index=True)
    location: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    grade: Mapped[str] = mapped_column(String(32), index=True)
    risk_colour: Mapped[str | None] = mapped_column(String(32), default=None)
    measures: Mapped[str | None] = mapped_column(Text, default=None)
    responsible_uuid: Mapped[str | None] = staff_ref()
    deadline: Mapped[date | None] = mapped_column(default=None, index=True)
    funds_amount: Mapped[float | None] = mapped_column(Float, default=None)
    funds_source: Mapped[str | None] = mapped_column(String(100), default=None)
    interim_controls: Mapped[str | None] = mapped_column(Text, default=None)
    warning_set: Mapped[bool] = mapped_column(default=False)
    escalated_to_township: Mapped[bool] = mapped_column(default=False)
    escalated_on: Mapped[date | None] = mapped_column(default=None)
    rectified_by_uuid: Mapped[str | None] = staff_ref()
    done_on: Mapped[date | None] = mapped_column(default=None)
    result: Mapped[str | None] = mapped_column(String(500), default=None)
    verifier_uuid: Mapped[str | None] = staff_ref()
    verified_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(32), default="registered", index=True)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    supervised_on: Mapped[date | None] = mapped_column(default=None)
    inspection_uuid: Mapped[str | None] = record_ref("inspection")
    notice_uuid: Mapped[str | None] = record_ref("rectification_notice")


def _validate_hazard(values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    errors |= order_error(
        values, "found_on", "deadline", _("The deadline cannot be before the date the hazard was found.")
    )
    errors |= order_error(
        values, "found_on", "escalated_on", _("The hazard cannot be reported before it was found.")
    )
    errors |= order_error(
        values, "found_on", "done_on", _("Rectification cannot be finished before the hazard was found.")
    )
    errors |= order_error(
        values, "found_on", "verified_on", _("Verification cannot be before the hazard was found.")
    )
    errors |= order_error(
        values, "done_on", "verified_on", _("Verification cannot be before the rectification was finished.")
    )
    errors |= order_error(
        values, "found_on", "closed_on", _("The hazard cannot be struck off before it was found.")
    )
    verifier, rectifier = values.get("verifier_uuid"), values.get("rectified_by_uuid")
    if verifier and verifier == rectifier:
        errors["verifier_uuid"] = _(
            "The verifier must be someone other than the person who rectified the hazard."
        )
    if values.get("status") in ("verified", "closed") and not verifier:
        errors.setdefault(
            "verifier_uuid", _("A verified or struck-off hazard needs the verifier who signed for it.")
        )
    return errors


HAZARD = register(
    RecordKind(
        key="hazard",
        title=N_("Hazards"),
        mechanism=3,
        model=Hazard,
        title_field="location",
        date_field="found_on",
        status_field="status",
        validate=_validate_hazard,
        serial_prefix="YH",
        fields=(
            serial_field(),
            Field("found_on", N_("Date found"), FieldKind.DATE, required=True, width=11),
            Field("check_type", N_("Type of check"), FieldKind.CHOICE, choices=CHECK_TYPES, width=10),
            Field("inspector_uuid", N_("Inspector"), FieldKind.STAFF, width=10),
            Field(
                "category",
                N_("Category"),
                FieldKind.CHOICE,
                required=True,
                choices=HAZARD_CATEGORIES,
                filter=True,
                width=12,
            ),
            Field("location", N_("Location"), FieldKind.TEXT, required=True, max_length=100, width=16),
            Field(
                "description",
                N_("Description"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "grade",
                N_("Hazard grade"),
                FieldKind.CHOICE,
                required=True,
                choices=HAZARD_GRADES,
                filter=True,
                width=8,
            ),
            Field(
                "risk_colour", N_("Risk level"), FieldKind.CHOICE, choices=RISK_COLOURS, filter=True, width=10
            ),
            Field(
                "measures",
                N_("Rectification measures"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("responsible_uuid", N_("Person responsible for rectification"), FieldKind.STAFF, width=10),
            Field("deadline", N_("Deadline"), FieldKind.DATE, width=11),
            Field(
                "funds_amount",
                N_("Funds (yuan)"),
                FieldKind.DECIMAL,
                min_value=0,
                max_value=100_000_000,
                in_table=False,
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
            Field(
                "interim_controls",
                N_("Interim protective or emergency measures"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "warning_set",
                N_("Warning line or signs set"),
                FieldKind.BOOL,
                default=False,
                in_table=False,
                width=6,
            ),
            Field(
                "escalated_to_township",
                N_("Reported to the authorities"),
                FieldKind.BOOL,
                default=False,
                filter=True,
                width=6,
                editable=False,
                short_label=N_("Reported"),
            ),
            Field(
                "escalated_on", N_("Date reported"), FieldKind.DATE, in_table=False, width=11, editable=False
            ),
            Field("rectified_by_uuid", N_("Rectified by"), FieldKind.STAFF, in_table=False, width=10),
            Field("done_on", N_("Date rectified"), FieldKind.DATE, width=11),
            Field(
                "result", N_("Rectification result"), FieldKind.TEXT, max_length=500, in_table=False, width=30
            ),
            Field(
                "verifier_uuid", N_("Verified by"), FieldKind.STAFF, in_table=False, width=10, editable=False
            ),
            Field(
                "verified_on", N_("Date verified"), FieldKind.DATE, in_table=False, width=11, editable=False
            ),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=HAZARD_STATUSES,
                filter=True,
                default=hazard_flow.REGISTERED,
                width=10,
                editable=False,
            ),
            Field("closed_on", N_("Date struck off"), FieldKind.DATE, width=11, editable=False),
            Field(
                "supervised_on",
                N_("Date put under supervision"),
                FieldKind.DATE,
                in_table=False,
                width=11,
                editable=False,
            ),
            Field(
                "inspection_uuid",
                N_("Inspection"),
                FieldKind.RECORD,
                ref_kind="inspection",
                in_table=False,
                width=16,
            ),
            Field(
                "notice_uuid",
                N_("Rectification notice"),
                FieldKind.RECORD,
                ref_kind="rectification_notice",
                in_table=False,
                width=16,
            ),
        ),
    )
)
