"""Mechanism 7 (家庭管理): conditions guardians report, and the guardian contact log.

Guardian-reported conditions (special constitution, disease, abnormal psychology, family change)
are sensitive personal information of minors; contact log entries are ordinary records but their
content fields stay out of the shared search index.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_
from safetydesk.kinds._shared import class_ref, staff_ref, student_ref
from safetydesk.models.base import Base, SyncedRecord

CONDITION_TYPES = choices(
    ("special_constitution", N_("Special physical constitution")),
    ("specific_disease", N_("Specific disease")),
    ("abnormal_psychology", N_("Abnormal psychological state")),
    ("family_change", N_("Family change")),
)

CONTACT_METHODS = choices(
    ("phone", N_("Phone")),
    ("in_person", N_("In person")),
    ("wechat", N_("WeChat")),
    ("video", N_("Video call")),
    ("home_visit", N_("Home visit")),
)


# --- guardian-reported condition ------------------------------------------------------------------


class GuardianCondition(SyncedRecord, Base):
    __tablename__ = "guardian_condition"

    student_uuid: Mapped[str] = student_ref(nullable=False, sealed=True)
    class_uuid: Mapped[str | None] = class_ref(sealed=True)
    condition_type: Mapped[str] = mapped_column(String(32), index=True)
    details: Mapped[str] = mapped_column(Text)
    reported_on: Mapped[date] = mapped_column(index=True)
    reported_by: Mapped[str | None] = mapped_column(String(50), default=None)
    measures: Mapped[str | None] = mapped_column(Text, default=None)


GUARDIAN_CONDITION = register(
    RecordKind(
        key="guardian_condition",
        title=N_("Conditions reported by guardians"),
        mechanism=7,
        model=GuardianCondition,
        title_field="student_uuid",
        date_field="reported_on",
        class_field="class_uuid",
        sensitive=True,
        fields=(
            Field("student_uuid", N_("Student"), FieldKind.STUDENT, required=True, width=10),
            Field("class_uuid", N_("Class"), FieldKind.CLASS, filter=True, width=12),
            Field(
                "condition_type",
                N_("Type of condition"),
                FieldKind.CHOICE,
                required=True,
                choices=CONDITION_TYPES,
                filter=True,
                width=12,
            ),
            Field(
                "details",
                N_("Details"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                sensitive=True,
                max_length=2000,
                width=40,
            ),
            Field("reported_on", N_("Date reported"), FieldKind.DATE, required=True, width=11),
            Field(
                "reported_by",
                N_("Reported by (guardian)"),
                FieldKind.TEXT,
                max_length=50,
                sensitive=True,
                width=8,
            ),
            Field(
                "measures",
                N_("School's measures"),
                FieldKind.LONG_TEXT,
                in_table=False,
                sensitive=True,
                max_length=2000,
                width=40,
            ),
        ),
    )
)


# --- guardian contact -----------------------------------------------------------------------------


class GuardianContact(SyncedRecord, Base):
    __tablename__ = "guardian_contact"

    student_uuid: Mapped[str] = student_ref(nullable=False)
    class_uuid: Mapped[str | None] = class_ref()
    contacted_on: Mapped[date] = mapped_column(index=True)
    method: Mapped[str | None] = mapped_column(String(32), default=None)
    guardian: Mapped[str | None] = mapped_column(String(50), default=None)
    contacted_by_uuid: Mapped[str | None] = staff_ref()
    content: Mapped[str] = mapped_column(Text)
    feedback: Mapped[str | None] = mapped_column(Text, default=None)


GUARDIAN_CONTACT = register(
    RecordKind(
        key="guardian_contact",
        title=N_("Guardian contacts"),
        mechanism=7,
        model=GuardianContact,
        title_field="student_uuid",
        date_field="contacted_on",
        class_field="class_uuid",
        fields=(
            Field("student_uuid", N_("Student"), FieldKind.STUDENT, required=True, width=10),
            Field("class_uuid", N_("Class"), FieldKind.CLASS, filter=True, width=12),
            Field("contacted_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("method", N_("Method"), FieldKind.CHOICE, choices=CONTACT_METHODS, filter=True, width=8),
            Field("guardian", N_("Guardian"), FieldKind.TEXT, max_length=50, width=8),
            Field("contacted_by_uuid", N_("Contacted by"), FieldKind.STAFF, width=10),
            Field(
                "content",
                N_("Content"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                sensitive=True,
                max_length=2000,
                width=40,
            ),
            Field(
                "feedback",
                N_("Guardian's feedback"),
                FieldKind.LONG_TEXT,
                in_table=False,
                sensitive=True,
                max_length=2000,
                width=40,
            ),
        ),
    )
)
