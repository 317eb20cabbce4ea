"""Mechanism 4 (心理疏导): the special-group student register, psychological cases and follow-ups.

All three are sensitive personal information of minors (domain.md §6, §11): restricted roles, every
read logged, counts only in packages by default. Their text fields are also marked sensitive so
they never enter the shared search index.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.domain.serials import serial_field
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import (
    RISK_LEVELS,
    class_ref,
    order_error,
    record_ref,
    serial_column,
    staff_ref,
    student_ref,
)
from safetydesk.models.base import Base, SyncedRecord

SPECIAL_GROUPS = choices(
    ("left_behind", N_("Left-behind child")),
    ("single_parent", N_("Single-parent family")),
    ("divorced", N_("Parents divorced")),
    ("learning_difficulty", N_("Learning difficulties")),
    ("emotional_setback", N_("Emotional setback")),
    ("special_constitution", N_("Special physical constitution")),
    ("migrant", N_("Migrant child")),
    ("other", N_("Other")),
)

CASE_SOURCES = choices(
    ("screening", N_("Screening")),
    ("teacher_observation", N_("Teacher's observation")),
    ("self_report", N_("Student's own account")),
    ("parent_report", N_("Raised by parents")),
)

CASE_STATUSES = choices(
    ("open", N_("Opened")),
    ("following", N_("Under follow-up")),
    ("closed", N_("Case closed")),
)


# --- special-group student ------------------------------------------------------------------------


class SpecialGroupStudent(SyncedRecord, Base):
    __tablename__ = "special_group_student"

    student_uuid: Mapped[str] = student_ref(nullable=False, sealed=True)
    class_uuid: Mapped[str | None] = class_ref(sealed=True)
    group: Mapped[str] = mapped_column(String(32), index=True)
    guardian: Mapped[str | None] = mapped_column(String(50), default=None)
    guardian_phone: Mapped[str | None] = mapped_column(String(40), default=None)
    parents_workplace: Mapped[str | None] = mapped_column(String(100), default=None)
    pairing_teacher_uuid: Mapped[str | None] = staff_ref(sealed=True)
    registered_on: Mapped[date] = mapped_column(index=True)
    note: Mapped[str | None] = mapped_column(Text, default=None)


def _sensitive_text(attr: str, label: str, kind: FieldKind, **kw: Any) -> Field:
    return Field(attr, label, kind, sensitive=True, **kw)


SPECIAL_GROUP_STUDENT = register(
    RecordKind(
        key="special_group_student",
        title=N_("Special-group students"),
        mechanism=4,
        model=SpecialGroupStudent,
        title_field="student_uuid",
        date_field="registered_on",
        class_field="class_uuid",
        sensitive=True,
        fields=(
            Field("student_uuid", N_("Student"), FieldKind.STUDENT, required=True, width=10),
            Field("class_uuid", N_("Class"), FieldKind.CLASS, filter=True, width=12),
            Field(
                "group",
                N_("Group"),
                FieldKind.CHOICE,
                required=True,
                choices=SPECIAL_GROUPS,
                filter=True,
                width=10,
            ),
            _sensitive_text("guardian", N_("Current guardian"), FieldKind.TEXT, max_length=50, width=8),
            _sensitive_text(
                "guardian_phone", N_("Guardian's phone"), FieldKind.TEXT, max_length=40, width=12, phone=True
            ),
            _sensitive_text(
                "parents_workplace",
                N_("Parents' place of work"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=16,
            ),
            Field("pairing_teacher_uuid", N_("Pairing teacher"), FieldKind.STAFF, width=10),
            Field("registered_on", N_("Date registered"), FieldKind.DATE, required=True, width=11),
            _sensitive_text(
                "note", N_("Note"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=30
            ),
        ),
    )
)


# --- psychological case ---------------------------------------------------------------------------


class PsychCase(SyncedRecord, Base):
    __tablename__ = "psych_case"

    serial: Mapped[str | None] = serial_column()
    student_uuid: Mapped[str] = student_ref(nullable=False, sealed=True)
    class_uuid: Mapped[str | None] = class_ref(sealed=True)
    source: Mapped[str] = mapped_column(String(32))
    risk_level: Mapped[str] = mapped_column(String(32), index=True)
    opened_on: Mapped[date] = mapped_column(index=True)
    description: Mapped[str] = mapped_column(Text)
    assessment: Mapped[str | None] = mapped_column(Text, default=None)
    intervention: Mapped[str | None] = mapped_column(Text, default=None)
    parent_informed_at: Mapped[datetime | None] = mapped_column(default=None)
    parent_informed_how: Mapped[str | None] = mapped_column(String(100), default=None)
    referral: Mapped[str | None] = mapped_column(String(200), default=None)
    status: Mapped[str] = mapped_column(String(32), default="open", index=True)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    referred_to_township: Mapped[bool] = mapped_column(default=False)


def _validate_case(values: Mapping[str, Any]) -> dict[str, str]:
    errors = order_error(values, "opened_on", "closed_on", _("A case cannot be closed before it was opened."))
    if values.get("status") == "closed" and not values.get("closed_on"):
        errors["closed_on"] = _("Enter the date the case was closed.")
    return errors


PSYCH_CASE = register(
    RecordKind(
        key="psych_case",
        title=N_("Psychological cases"),
        mechanism=4,
        model=PsychCase,
        title_field="student_uuid",
        date_field="opened_on",
        status_field="status",
        class_field="class_uuid",
        sensitive=True,
        validate=_validate_case,
        serial_prefix="XL",
        fields=(
            serial_field(),
            Field("student_uuid", N_("Student"), FieldKind.STUDENT, required=True, width=10),
            Field("class_uuid", N_("Class"), FieldKind.CLASS, filter=True, width=12),
            Field("source", N_("Source"), FieldKind.CHOICE, required=True, choices=CASE_SOURCES, width=10),
            Field(
                "risk_level",
                N_("Risk level"),
                FieldKind.CHOICE,
                required=True,
                choices=RISK_LEVELS,
                filter=True,
                width=6,
            ),
            Field("opened_on", N_("Date opened"), FieldKind.DATE, required=True, width=11),
            _sensitive_text(
                "description",
                N_("What happened"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            _sensitive_text(
                "assessment",
                N_("Assessment conclusion"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            _sensitive_text(
                "intervention",
                N_("Intervention"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field(
                "parent_informed_at", N_("Parents informed at"), FieldKind.DATETIME, in_table=False, width=16
            ),
            _sensitive_text(
                "parent_informed_how",
                N_("How parents were informed"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=16,
            ),
            _sensitive_text(
                "referral", N_("Referral"), FieldKind.TEXT, max_length=200, in_table=False, width=20
            ),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=CASE_STATUSES,
                filter=True,
                default="open",
                width=8,
            ),
            Field("closed_on", N_("Date closed"), FieldKind.DATE, width=11),
            Field(
                "referred_to_township", N_("Referred to the township"), FieldKind.BOOL, default=False, width=6
            ),
        ),
    )
)


# --- follow-up entry ------------------------------------------------------------------------------


class PsychFollowup(SyncedRecord, Base):
    __tablename__ = "psych_followup"

    case_uuid: Mapped[str] = record_ref("psych_case", nullable=False)
    followed_on: Mapped[date] = mapped_column(index=True)
    counsellor_uuid: Mapped[str] = staff_ref(nullable=False, sealed=True)
    content: Mapped[str] = mapped_column(Text)
    next_on: Mapped[date | None] = mapped_column(default=None)


def _validate_followup(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(values, "followed_on", "next_on", _("The next follow-up cannot be before this one."))


PSYCH_FOLLOWUP = register(
    RecordKind(
        key="psych_followup",
        title=N_("Case follow-ups"),
        mechanism=4,
        model=PsychFollowup,
        title_field="followed_on",
        date_field="followed_on",
        sensitive=True,
        validate=_validate_followup,
        fields=(
            Field("case_uuid", N_("Case"), FieldKind.RECORD, required=True, ref_kind="psych_case", width=16),
            Field("followed_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("counsellor_uuid", N_("Counsellor"), FieldKind.STAFF, required=True, width=10),
            _sensitive_text(
                "content",
                N_("Content"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("next_on", N_("Next follow-up"), FieldKind.DATE, width=11),
        ),
    )
)
