"""Mechanism 9 (信息报告): incidents, their reports (首报/续报/终报) and response steps.

Reporting deadlines run from `learned_at`, the moment the school learned of the incident: a general
incident is reported within 60 minutes; a 较大 or worse one, or one flagged 重大敏感, is phoned in
within 20 minutes (`phone_reported_at`) and reported in writing within 40 (the first report's
`sent_at`). The deadline rules themselves live in the incident service; this module only holds the
facts they read, and the late flags (`phone_late`, a report's `late`) that the service sets when
a report is logged after its deadline; they stay set whatever is edited later.

What the written reports print comes from here too: the category (the county's list), the person
who reports and their phone, what a 续报 adds (verified figures, progress) and what a 终报 closes
with (conclusion on the cause, result, accountability, aftermath, rectification). A number left
empty is unknown, never zero: the reports print 待核实 for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.domain.serials import serial_field
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import order_error, record_ref, serial_column, staff_ref
from safetydesk.models.base import Base, SyncedRecord

INCIDENT_LEVELS = choices(
    ("general", N_("General"), "#1976d2"),
    ("larger", N_("Serious"), "#fbc02d"),
    ("major", N_("Major"), "#f57c00"),
    ("especially_major", N_("Especially major"), "#d32f2f"),
)

# 事件类别: the county's categories of incidents at schools (issue 14). The safety-education
# modules (domain.md §4) add 意外伤害, the commonest school incident, and the education system's
# classes of emergencies (§3) add 网络与信息安全、考试安全、教育舆情; "other" stays last.
INCIDENT_CATEGORIES = choices(
    ("bullying", N_("School bullying")),
    ("drowning", N_("Drowning")),
    ("traffic", N_("Traffic")),
    ("food_safety", N_("Food safety")),
    ("fire", N_("Fire")),
    ("natural_disaster", N_("Natural disasters")),
    ("public_order", N_("Public order")),
    ("public_health", N_("Public health")),
    ("accidental_injury", N_("Accidental injury")),
    ("network_security", N_("Network and information security")),
    ("exam_security", N_("Examination security")),
    ("public_opinion", N_("Education public opinion")),
    ("other", N_("Other")),
)

# How a report reached the bureau (报送方式).
REPORT_CHANNELS = choices(
    ("phone", N_("Phone")),
    ("written", N_("In writing")),
    ("online", N_("Online")),
)

INCIDENT_STATUSES = choices(
    ("open", N_("Being handled")),
    ("closed", N_("Concluded")),
)

REPORT_TYPES = choices(
    ("first", N_("First report")),
    ("followup", N_("Follow-up report")),
    ("final", N_("Final report")),
)

RESPONSE_STEPS = choices(
    ("medical_care", N_("Medical treatment")),
    ("report", N_("Incident report")),
    ("notify_parents", N_("Parents notified")),
    ("opinion_control", N_("Public-opinion management")),
    ("aftermath", N_("Aftermath coordinated")),
    ("dispute_channels", N_("Dispute-resolution channels explained")),
)


# --- incident -------------------------------------------------------------------------------------


class Incident(SyncedRecord, Base):
    __tablename__ = "incident"

    serial: Mapped[str | None] = serial_column()
    title: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(32), index=True)
    category: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    sensitive: Mapped[bool] = mapped_column(default=False)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    learned_at: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(String(100))
    info_source: Mapped[str | None] = mapped_column(String(100), default=None)
    summary: Mapped[str] = mapped_column(Text)
    cause_nature: Mapped[str | None] = mapped_column(Text, default=None)
    deaths: Mapped[int | None] = mapped_column(Integer, default=None)
    injuries: Mapped[int | None] = mapped_column(Integer, default=None)
    property_loss: Mapped[str | None] = mapped_column(String(100), default=None)
    scope: Mapped[str | None] = mapped_column(String(200), default=None)
    trend: Mapped[str | None] = mapped_column(String(200), default=None)
    measures: Mapped[str | None] = mapped_column(Text, default=None)
    requests: Mapped[str | None] = mapped_column(Text, default=None)
    onsite_person: Mapped[str | None] = mapped_column(String(50), default=None)
    onsite_phone: Mapped[str | None] = mapped_column(String(40), default=None)
    phone_reported_at: Mapped[datetime | None] = mapped_column(default=None)
    phone_reported_to: Mapped[str | None] = mapped_column(String(50), default=None)
    phone_late: Mapped[bool] = mapped_column(default=False)
    reporter_uuid: Mapped[str | None] = staff_ref()
    reporter_phone: Mapped[str | None] = mapped_column(String(40), default=None)
    verified_facts: Mapped[str | None] = mapped_column(Text, default=None)
    progress: Mapped[str | None] = mapped_column(Text, default=None)
    cause_conclusion: Mapped[str | None] = mapped_column(Text, default=None)
    handling_result: Mapped[str | None] = mapped_column(Text, default=None)
    accountability: Mapped[str | None] = mapped_column(Text, default=None)
    aftermath: Mapped[str | None] = mapped_column(Text, default=None)
    rectification: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(32), default="open", index=True)


def _report_text(attr: str, label: str, help_text: str) -> Field:
    return Field(attr, label, FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40, help=help_text)


def _validate_incident(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "occurred_at", "learned_at", _("The school cannot learn of an incident before it happened.")
    ) | order_error(
        values,
        "learned_at",
        "phone_reported_at",
        _("The phone report cannot be before the school learned of the incident."),
    )


INCIDENT = register(
    RecordKind(
        key="incident",
        title=N_("Incidents"),
        mechanism=9,
        model=Incident,
        title_field="title",
        date_field="occurred_at",
        status_field="status",
        validate=_validate_incident,
        serial_prefix="SJ",
        fields=(
            serial_field(),
            Field("title", N_("Title"), FieldKind.TEXT, required=True, max_length=100, width=20),
            Field(
                "level",
                N_("Level"),
                FieldKind.CHOICE,
                required=True,
                choices=INCIDENT_LEVELS,
                filter=True,
                width=8,
            ),
            Field(
                "category",
                N_("Category of incident"),
                FieldKind.CHOICE,
                choices=INCIDENT_CATEGORIES,
                filter=True,
                width=8,
            ),
            Field(
                "sensitive", N_("Major and sensitive"), FieldKind.BOOL, default=False, filter=True, width=6
            ),
            Field("occurred_at", N_("Occurred at"), FieldKind.DATETIME, required=True, width=16),
            Field("learned_at", N_("School learned of it at"), FieldKind.DATETIME, required=True, width=16),
            Field("place", N_("Place"), FieldKind.TEXT, required=True, max_length=100, width=14),
            Field(
                "info_source",
                N_("Source of information"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=14,
            ),
            Field(
                "summary",
                N_("Course of events"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field(
                "cause_nature",
                N_("Cause and nature"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field("deaths", N_("Deaths"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field("injuries", N_("Injuries"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field(
                "property_loss", N_("Property loss"), FieldKind.TEXT, max_length=100, in_table=False, width=12
            ),
            Field("scope", N_("Scope of impact"), FieldKind.TEXT, max_length=200, in_table=False, width=16),
            Field("trend", N_("Trend"), FieldKind.TEXT, max_length=200, in_table=False, width=16),
            Field(
                "measures",
                N_("Measures taken"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field(
                "requests",
                N_("Requests and suggestions"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "onsite_person",
                N_("Person in charge on site"),
                FieldKind.TEXT,
                max_length=50,
                in_table=False,
                width=10,
            ),
            Field(
                "onsite_phone", N_("On-site phone"), FieldKind.TEXT, max_length=40, in_table=False, width=14,
                phone=True,
            ),
            Field("phone_reported_at", N_("Phoned in at"), FieldKind.DATETIME, width=16, editable=False),
            Field(
                "phone_reported_to",
                N_("Phoned to"),
                FieldKind.TEXT,
                max_length=50,
                in_table=False,
                width=14,
                editable=False,
            ),
            Field(
                "phone_late",
                N_("Phone report late"),
                FieldKind.BOOL,
                default=False,
                in_table=False,
                width=6,
                editable=False,
                help=N_("Set when the phone report is logged after its deadline; it stays set."),
            ),
            Field(
                "reporter_uuid",
                N_("Reported by"),
                FieldKind.STAFF,
                in_table=False,
                width=10,
                help=N_("Who reports to the bureau; the written reports print their name."),
            ),
            Field(
                "reporter_phone",
                N_("Contact phone"),
                FieldKind.TEXT,
                max_length=40,
                in_table=False,
                width=14,
                phone=True,
                help=N_("Left empty, the reports print the phone of the person who reports."),
            ),
            _report_text("verified_facts", N_("Verified facts and figures"), N_("For the follow-up report.")),
            _report_text("progress", N_("Progress"), N_("For the follow-up report.")),
            _report_text("cause_conclusion", N_("Conclusion on the cause"), N_("For the final report.")),
            _report_text("handling_result", N_("Result of the handling"), N_("For the final report.")),
            _report_text("accountability", N_("Handling of those responsible"), N_("For the final report.")),
            _report_text("aftermath", N_("Aftermath"), N_("For the final report.")),
            _report_text("rectification", N_("Rectification"), N_("For the final report.")),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=INCIDENT_STATUSES,
                filter=True,
                default="open",
                width=8,
            ),
        ),
    )
)


# --- incident report ------------------------------------------------------------------------------


class IncidentReport(SyncedRecord, Base):
    __tablename__ = "incident_report"

    incident_uuid: Mapped[str] = record_ref("incident", nullable=False)
    report_type: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int | None] = mapped_column(Integer, default=None)
    sent_at: Mapped[datetime] = mapped_column(index=True)
    receiver: Mapped[str] = mapped_column(String(50))
    sent_by_uuid: Mapped[str | None] = staff_ref()
    channel: Mapped[str | None] = mapped_column(String(32), default="written")
    body: Mapped[str] = mapped_column(Text)
    late: Mapped[bool] = mapped_column(default=False)


def _validate_report(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("report_type") == "followup" and not values.get("number"):
        return {"number": _("Number follow-up reports 1, 2, 3... (续报一 is 1).")}
    return {}


INCIDENT_REPORT = register(
    RecordKind(
        key="incident_report",
        title=N_("Incident reports"),
        mechanism=9,
        model=IncidentReport,
        title_field="report_type",
        date_field="sent_at",
        validate=_validate_report,
        fields=(
            Field(
                "incident_uuid",
                N_("Incident"),
                FieldKind.RECORD,
                required=True,
                ref_kind="incident",
                width=20,
            ),
            Field(
                "report_type",
                N_("Type of report"),
                FieldKind.CHOICE,
                required=True,
                choices=REPORT_TYPES,
                filter=True,
                width=8,
            ),
            Field("number", N_("Follow-up number"), FieldKind.INT, min_value=1, max_value=99, width=6),
            Field("sent_at", N_("Sent at"), FieldKind.DATETIME, required=True, width=16),
            Field("receiver", N_("Received by"), FieldKind.TEXT, required=True, max_length=50, width=14),
            Field("sent_by_uuid", N_("Reported by"), FieldKind.STAFF, width=10),
            Field(
                "channel",
                N_("Sent by way of"),
                FieldKind.CHOICE,
                choices=REPORT_CHANNELS,
                default="written",
                filter=True,
                width=6,
            ),
            Field(
                "body",
                N_("Report text"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=20_000,
                width=40,
            ),
            Field(
                "late",
                N_("Late"),
                FieldKind.BOOL,
                default=False,
                width=6,
                editable=False,
                help=N_("Set when the report is logged after its deadline; it stays set."),
            ),
        ),
    )
)


# --- response step --------------------------------------------------------------------------------


class IncidentResponseStep(SyncedRecord, Base):
    __tablename__ = "incident_response_step"

    incident_uuid: Mapped[str] = record_ref("incident", nullable=False)
    step: Mapped[str] = mapped_column(String(32))
    done_at: Mapped[datetime] = mapped_column(index=True)
    person_uuid: Mapped[str | None] = staff_ref()
    note: Mapped[str | None] = mapped_column(String(500), default=None)


INCIDENT_RESPONSE_STEP = register(
    RecordKind(
        key="incident_response_step",
        title=N_("Incident response steps"),
        mechanism=9,
        model=IncidentResponseStep,
        title_field="step",
        date_field="done_at",
        fields=(
            Field(
                "incident_uuid",
                N_("Incident"),
                FieldKind.RECORD,
                required=True,
                ref_kind="incident",
                width=20,
            ),
            Field(
                "step",
                N_("Step"),
                FieldKind.CHOICE,
                required=True,
                choices=RESPONSE_STEPS,
                filter=True,
                width=14,
            ),
            Field("done_at", N_("Done at"), FieldKind.DATETIME, required=True, width=16),
            Field("person_uuid", N_("Done by"), FieldKind.STAFF, width=10),
            Field("note", N_("Note"), FieldKind.TEXT, max_length=500, width=30),
        ),
    )
)
