"""Mechanism 6 (矛盾排化): dispute cases, bullying screening surveys and bullying cases.

A bullying investigation should finish within 10 days of starting (教督〔2017〕10号); that is a
warning the dashboard raises, not a refusal here. Students in a bullying case are recorded as
pseudonyms or codes only, and the kind is sensitive (domain.md §7, §11).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.domain.serials import serial_field
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import RISK_LEVELS, order_error, serial_column, staff_ref
from safetydesk.models.base import Base, SyncedRecord

DISPUTE_TYPES = choices(
    ("enrolment", N_("Enrolment")),
    ("fees", N_("Fees")),
    ("injury_compensation", N_("Injury compensation")),
    ("staff", N_("Staff-related")),
    ("home_school", N_("Home and school")),
    ("other", N_("Other")),
)

DISPUTE_STATUSES = choices(
    ("pending", N_("Awaiting resolution")),
    ("resolving", N_("Being resolved")),
    ("resolved", N_("Resolved")),
)

SURVEY_METHODS = choices(
    ("questionnaire", N_("Questionnaire")),
    ("interview", N_("Individual interviews")),
    ("class_meeting", N_("Class meeting")),
    ("mailbox", N_("Suggestion box")),
    ("other", N_("Other")),
)

BULLYING_CHANNELS = choices(
    ("survey", N_("Screening survey")),
    ("student_report", N_("Reported by a student")),
    ("parent_report", N_("Raised by parents")),
    ("teacher_found", N_("Found by a teacher")),
    ("other", N_("Other")),
)

BULLYING_BEHAVIOURS = choices(
    ("physical", N_("Physical harm")),
    ("insult", N_("Insulting dignity")),
    ("property", N_("Taking or damaging property")),
    ("exclusion", N_("Malicious exclusion")),
    ("cyber", N_("Online defamation or spreading private information")),
)

BULLYING_CONCLUSIONS = choices(
    ("bullying", N_("Bullying")),
    ("not_bullying", N_("Not bullying")),
    ("pending", N_("To be determined")),
)

BULLYING_HANDLING = choices(
    ("education", N_("Education")),
    ("discipline", N_("Disciplinary measures")),
    ("police", N_("Reported to the police")),
)

BULLYING_STATUSES = choices(
    ("investigating", N_("Under investigation")),
    ("handled", N_("Handled")),
    ("closed", N_("Case closed")),
)


# --- dispute case ---------------------------------------------------------------------------------


class DisputeCase(SyncedRecord, Base):
    __tablename__ = "dispute_case"

    found_on: Mapped[date] = mapped_column(index=True)
    reporter_uuid: Mapped[str | None] = staff_ref()
    parties: Mapped[str] = mapped_column(String(200))
    dispute_type: Mapped[str] = mapped_column(String(32), index=True)
    demands: Mapped[str | None] = mapped_column(Text, default=None)
    risk_level: Mapped[str | None] = mapped_column(String(32), default=None)
    leader_uuid: Mapped[str | None] = staff_ref()
    measures: Mapped[str | None] = mapped_column(Text, default=None)
    deadline: Mapped[date | None] = mapped_column(default=None)
    result: Mapped[str | None] = mapped_column(Text, default=None)
    revisit_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(32), default="pending", index=True)


def _validate_dispute(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "found_on", "deadline", _("The deadline cannot be before the date the dispute was found.")
    ) | order_error(
        values, "found_on", "revisit_on", _("The revisit cannot be before the date the dispute was found.")
    )


DISPUTE_CASE = register(
    RecordKind(
        key="dispute_case",
        title=N_("Disputes"),
        mechanism=6,
        model=DisputeCase,
        title_field="parties",
        date_field="found_on",
        status_field="status",
        validate=_validate_dispute,
        fields=(
            Field("found_on", N_("Date found"), FieldKind.DATE, required=True, width=11),
            Field("reporter_uuid", N_("Found by"), FieldKind.STAFF, width=10),
            Field("parties", N_("Parties"), FieldKind.TEXT, required=True, max_length=200, width=20),
            Field(
                "dispute_type",
                N_("Type"),
                FieldKind.CHOICE,
                required=True,
                choices=DISPUTE_TYPES,
                filter=True,
                width=10,
            ),
            Field("demands", N_("Demands"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=40),
            Field(
                "risk_level", N_("Risk level"), FieldKind.CHOICE, choices=RISK_LEVELS, filter=True, width=6
            ),
            Field("leader_uuid", N_("Leader in charge"), FieldKind.STAFF, width=10),
            Field(
                "measures",
                N_("Measures to resolve it"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field("deadline", N_("Deadline"), FieldKind.DATE, width=11),
            Field("result", N_("Result"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=40),
            Field("revisit_on", N_("Revisit date"), FieldKind.DATE, in_table=False, width=11),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=DISPUTE_STATUSES,
                filter=True,
                default="pending",
                width=8,
            ),
        ),
    )
)


# --- bullying survey ------------------------------------------------------------------------------


class BullyingSurvey(SyncedRecord, Base):
    __tablename__ = "bullying_survey"

    surveyed_on: Mapped[date] = mapped_column(index=True)
    scope: Mapped[str] = mapped_column(String(100))
    method: Mapped[str | None] = mapped_column(String(32), default=None)
    respondents: Mapped[int | None] = mapped_column(Integer, default=None)
    cases_found: Mapped[int | None] = mapped_column(Integer, default=None)
    findings: Mapped[str | None] = mapped_column(Text, default=None)
    follow_up: Mapped[str | None] = mapped_column(Text, default=None)


BULLYING_SURVEY = register(
    RecordKind(
        key="bullying_survey",
        title=N_("Bullying screening surveys"),
        mechanism=6,
        model=BullyingSurvey,
        title_field="scope",
        date_field="surveyed_on",
        fields=(
            Field("surveyed_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("scope", N_("Scope"), FieldKind.TEXT, required=True, max_length=100, width=14),
            Field("method", N_("Method"), FieldKind.CHOICE, choices=SURVEY_METHODS, filter=True, width=10),
            Field("respondents", N_("Respondents"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field(
                "cases_found",
                N_("Possible cases found"),
                FieldKind.INT,
                min_value=0,
                max_value=10_000,
                width=6,
            ),
            Field("findings", N_("Findings"), FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40),
            Field(
                "follow_up", N_("Follow-up"), FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40
            ),
        ),
    )
)


# --- bullying case --------------------------------------------------------------------------------


class BullyingCase(SyncedRecord, Base):
    __tablename__ = "bullying_case"

    serial: Mapped[str | None] = serial_column()
    found_on: Mapped[date] = mapped_column(index=True)
    channel: Mapped[str | None] = mapped_column(String(32), default=None)
    place_and_time: Mapped[str | None] = mapped_column(String(200), default=None)
    students_involved: Mapped[str] = mapped_column(String(200))
    behaviour: Mapped[str] = mapped_column(String(32), index=True)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    investigation_start: Mapped[date | None] = mapped_column(default=None)
    investigation_end: Mapped[date | None] = mapped_column(default=None)
    conclusion: Mapped[str | None] = mapped_column(String(32), default=None)
    handling: Mapped[str | None] = mapped_column(String(32), default=None)
    parents_informed: Mapped[bool] = mapped_column(default=False)
    review: Mapped[str | None] = mapped_column(Text, default=None)
    revisit_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(32), default="investigating", index=True)
    referred_to_township: Mapped[bool] = mapped_column(default=False)


def _validate_bullying(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values,
        "investigation_start",
        "investigation_end",
        _("The investigation cannot end before it starts."),
    ) | order_error(
        values,
        "found_on",
        "investigation_start",
        _("The investigation cannot start before the case was found."),
    )


BULLYING_CASE = register(
    RecordKind(
        key="bullying_case",
        title=N_("Bullying cases"),
        mechanism=6,
        model=BullyingCase,
        title_field="students_involved",
        date_field="found_on",
        status_field="status",
        sensitive=True,
        validate=_validate_bullying,
        serial_prefix="QL",
        fields=(
            serial_field(),
            Field("found_on", N_("Date found"), FieldKind.DATE, required=True, width=11),
            Field(
                "channel", N_("How it came to light"), FieldKind.CHOICE, choices=BULLYING_CHANNELS, width=10
            ),
            Field(
                "place_and_time",
                N_("Place and time"),
                FieldKind.TEXT,
                max_length=200,
                sensitive=True,
                width=16,
            ),
            Field(
                "students_involved",
                N_("Students involved (pseudonyms or codes)"),
                FieldKind.TEXT,
                required=True,
                max_length=200,
                sensitive=True,
                width=20,
            ),
            Field(
                "behaviour",
                N_("Type of behaviour"),
                FieldKind.CHOICE,
                required=True,
                choices=BULLYING_BEHAVIOURS,
                filter=True,
                width=12,
            ),
            Field(
                "description",
                N_("What happened"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                sensitive=True,
                width=40,
            ),
            Field("investigation_start", N_("Investigation started"), FieldKind.DATE, width=11),
            Field("investigation_end", N_("Investigation ended"), FieldKind.DATE, width=11),
            Field(
                "conclusion",
                N_("Finding"),
                FieldKind.CHOICE,
                choices=BULLYING_CONCLUSIONS,
                filter=True,
                width=8,
            ),
            Field("handling", N_("Handling"), FieldKind.CHOICE, choices=BULLYING_HANDLING, width=8),
            Field("parents_informed", N_("Parents informed"), FieldKind.BOOL, default=False, width=6),
            Field(
                "review",
                N_("Review and appeal"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                sensitive=True,
                width=30,
            ),
            Field("revisit_on", N_("Revisit date"), FieldKind.DATE, in_table=False, width=11),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=BULLYING_STATUSES,
                filter=True,
                default="investigating",
                width=8,
            ),
            Field(
                "referred_to_township", N_("Referred to the township"), FieldKind.BOOL, default=False, width=6
            ),
        ),
    )
)
