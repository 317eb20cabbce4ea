"""Mechanism 2 (安全教育): education sessions, by the six modules of the 2007 纲要.

Hours per school year are counted from `hours` against a county setting (default 14/12/8).
`theme` names a special campaign a session belongs to (防溺水“六不” before the holidays,
domain.md §13; the 安全教育日 calendar days, §4), so the seasonal work is counted from the same
sessions whose hours count, not from a second record of the same lesson.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_
from safetydesk.kinds._shared import staff_ref
from safetydesk.models.base import Base, SyncedRecord

EDUCATION_MODULES = choices(
    ("social_safety", N_("Social safety")),
    ("public_health", N_("Public health")),
    ("accidental_injury", N_("Accidental injury")),
    ("network_safety", N_("Network and information safety")),
    ("natural_disaster", N_("Natural disasters")),
    ("other_events", N_("Other events affecting student safety")),
)

EDUCATION_THEMES = choices(
    ("drowning", N_("Drowning prevention (the six don'ts)")),
    ("traffic", N_("Traffic safety")),
    ("school_bus", N_("Riding the school bus safely")),
    ("fire", N_("Fire safety")),
    ("disaster", N_("Disaster prevention and reduction")),
    ("bullying", N_("Bullying prevention")),
    ("food_health", N_("Food safety and disease prevention")),
    ("cyber_fraud", N_("Online safety and fraud prevention")),
    ("national_security", N_("National security")),
    ("holiday", N_("Holiday safety")),
    ("other", N_("Other")),
)

EDUCATION_FORMS = choices(
    ("classroom", N_("Classroom lesson")),
    ("class_meeting", N_("Class meeting")),
    ("flag_speech", N_("Flag-raising speech")),
    ("lecture", N_("Lecture")),
    ("drill", N_("Drill")),
    ("online_platform", N_("Online platform study")),
)


class EducationSession(SyncedRecord, Base):
    __tablename__ = "education_session"

    held_on: Mapped[date] = mapped_column(index=True)
    classes: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(100))
    module: Mapped[str] = mapped_column(String(32), index=True)
    theme: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    form: Mapped[str | None] = mapped_column(String(32), default=None)
    hours: Mapped[float | None] = mapped_column(Float, default=None)
    teacher_uuid: Mapped[str | None] = staff_ref()
    attendance: Mapped[int | None] = mapped_column(Integer, default=None)
    materials: Mapped[str | None] = mapped_column(Text, default=None)


EDUCATION_SESSION = register(
    RecordKind(
        key="education_session",
        title=N_("Safety education sessions"),
        mechanism=2,
        model=EducationSession,
        title_field="topic",
        date_field="held_on",
        fields=(
            Field("held_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field(
                "classes", N_("Classes or grades"), FieldKind.TEXT, required=True, max_length=200, width=14
            ),
            Field("topic", N_("Topic"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field(
                "module",
                N_("Module"),
                FieldKind.CHOICE,
                required=True,
                choices=EDUCATION_MODULES,
                filter=True,
                width=12,
            ),
            Field(
                "theme",
                N_("Special topic"),
                FieldKind.CHOICE,
                choices=EDUCATION_THEMES,
                filter=True,
                width=10,
            ),
            Field("form", N_("Form"), FieldKind.CHOICE, choices=EDUCATION_FORMS, filter=True, width=10),
            Field("hours", N_("Class hours"), FieldKind.DECIMAL, min_value=0, max_value=20, width=6),
            Field("teacher_uuid", N_("Taught by"), FieldKind.STAFF, width=10),
            Field("attendance", N_("Participants"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field(
                "materials", N_("Materials"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=30
            ),
        ),
    )
)
