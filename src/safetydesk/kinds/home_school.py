"""Mechanism 5 (家校互动): parent meetings, home visits, parent open days and parent lectures.

The county notice asks for at least two parent meetings a semester; the dashboard counts
`parent_meeting` rows by `held_on` within the semester.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import (
    class_ref,
    order_error,
    staff_ref,
    student_ref,
)
from safetydesk.models.base import Base, SyncedRecord

MEETING_SCOPES = choices(
    ("school", N_("Whole school")),
    ("grade", N_("Grade")),
    ("class", N_("Class")),
)

VISIT_PERIODS = choices(
    ("morning", N_("Morning")),
    ("afternoon", N_("Afternoon")),
    ("evening", N_("Evening")),
)

VISIT_METHODS = choices(
    ("in_person", N_("Home visit in person")),
    ("phone", N_("Phone")),
    ("video", N_("Video call")),
)

LECTURE_SERIES = choices(
    ("wise_parents", N_("Wise Parents Lecture Hall")),
    ("co_education", N_("Home-School Co-education Lecture Hall")),
    ("home_school_knowledge", N_("Home-School Knowledge Lecture Hall")),
)


# --- parent meeting -------------------------------------------------------------------------------


class ParentMeeting(SyncedRecord, Base):
    __tablename__ = "parent_meeting"

    held_on: Mapped[date] = mapped_column(index=True)
    scope: Mapped[str] = mapped_column(String(32), index=True)
    classes: Mapped[str | None] = mapped_column(String(200), default=None)
    topic: Mapped[str] = mapped_column(String(100))
    host_uuid: Mapped[str | None] = staff_ref()
    expected: Mapped[int | None] = mapped_column(Integer, default=None)
    attended: Mapped[int | None] = mapped_column(Integer, default=None)
    agenda: Mapped[str | None] = mapped_column(Text, default=None)
    safety_notice: Mapped[str | None] = mapped_column(Text, default=None)
    opinions: Mapped[str | None] = mapped_column(Text, default=None)


def _count(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _meeting_warnings(values: Mapping[str, Any]) -> dict[str, str]:
    """实到 > 应到: said beside the field as the officer types (hook "warnings", shown by the
    forms), but not refused: grandparents may come as well as parents."""
    expected, attended = _count(values.get("expected")), _count(values.get("attended"))
    if expected is not None and attended is not None and attended > expected:
        return {"attended": _("More parents present ({attended}) than expected ({expected}): check the "
                              "numbers. It can be saved as it is.", attended=attended, expected=expected)}
    return {}


PARENT_MEETING = register(
    RecordKind(
        key="parent_meeting",
        title=N_("Parent meetings"),
        mechanism=5,
        model=ParentMeeting,
        title_field="topic",
        date_field="held_on",
        hooks={"warnings": _meeting_warnings},
        fields=(
            Field("held_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field(
                "scope",
                N_("Scope"),
                FieldKind.CHOICE,
                required=True,
                choices=MEETING_SCOPES,
                filter=True,
                width=8,
            ),
            Field("classes", N_("Classes"), FieldKind.TEXT, max_length=200, width=14),
            Field("topic", N_("Topic"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field("host_uuid", N_("Host"), FieldKind.STAFF, width=10),
            Field("expected", N_("Parents expected"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field("attended", N_("Parents present"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field("agenda", N_("Agenda"), FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40),
            Field(
                "safety_notice",
                N_("Safety notice given"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field(
                "opinions",
                N_("Parents' opinions"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
        ),
    )
)


# --- home visit -----------------------------------------------------------------------------------


class HomeVisit(SyncedRecord, Base):
    __tablename__ = "home_visit"

    student_uuid: Mapped[str] = student_ref(nullable=False)
    class_uuid: Mapped[str | None] = class_ref()
    visited_on: Mapped[date] = mapped_column(index=True)
    period: Mapped[str | None] = mapped_column(String(32), default=None)
    method: Mapped[str] = mapped_column(String(32), index=True)
    teacher_uuid: Mapped[str] = staff_ref(nullable=False)
    family_member_met: Mapped[str | None] = mapped_column(String(50), default=None)
    family_situation: Mapped[str | None] = mapped_column(Text, default=None)
    purpose: Mapped[str | None] = mapped_column(String(200), default=None)
    school_performance: Mapped[str | None] = mapped_column(Text, default=None)
    home_performance: Mapped[str | None] = mapped_column(Text, default=None)
    parents_opinion: Mapped[str | None] = mapped_column(Text, default=None)
    problems: Mapped[str | None] = mapped_column(Text, default=None)
    measures: Mapped[str | None] = mapped_column(Text, default=None)
    next_follow_up: Mapped[date | None] = mapped_column(default=None)


def _validate_visit(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "visited_on", "next_follow_up", _("The next follow-up cannot be before the visit.")
    )


HOME_VISIT = register(
    RecordKind(
        key="home_visit",
        title=N_("Home visits"),
        mechanism=5,
        model=HomeVisit,
        title_field="student_uuid",
        date_field="visited_on",
        class_field="class_uuid",
        validate=_validate_visit,
        fields=(
            Field("student_uuid", N_("Student"), FieldKind.STUDENT, required=True, width=10),
            Field("class_uuid", N_("Class"), FieldKind.CLASS, filter=True, width=12),
            Field("visited_on", N_("Date of visit"), FieldKind.DATE, required=True, width=11),
            Field(
                "period", N_("Time of day"), FieldKind.CHOICE, choices=VISIT_PERIODS, in_table=False, width=6
            ),
            Field(
                "method",
                N_("Method"),
                FieldKind.CHOICE,
                required=True,
                choices=VISIT_METHODS,
                filter=True,
                width=8,
            ),
            Field("teacher_uuid", N_("Visiting teacher"), FieldKind.STAFF, required=True, width=10),
            Field("family_member_met", N_("Family member met"), FieldKind.TEXT, max_length=50, width=8),
            Field(
                "family_situation",
                N_("Family situation"),
                FieldKind.LONG_TEXT,
                in_table=False,
                sensitive=True,
                max_length=2000,
                width=40,
            ),
            Field("purpose", N_("Purpose"), FieldKind.TEXT, max_length=200, width=20),
            Field(
                "school_performance",
                N_("Performance at school"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "home_performance",
                N_("Performance at home"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "parents_opinion",
                N_("Parents' opinion"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "problems",
                N_("Problems found"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "measures",
                N_("Measures and suggestions"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field("next_follow_up", N_("Next follow-up"), FieldKind.DATE, width=11),
        ),
    )
)


# --- parent open day ------------------------------------------------------------------------------


class ParentOpenDay(SyncedRecord, Base):
    __tablename__ = "parent_open_day"

    held_on: Mapped[date] = mapped_column(index=True)
    theme: Mapped[str] = mapped_column(String(100))
    classes: Mapped[str | None] = mapped_column(String(200), default=None)
    host_uuid: Mapped[str | None] = staff_ref()
    activities: Mapped[str | None] = mapped_column(Text, default=None)
    parents_attended: Mapped[int | None] = mapped_column(Integer, default=None)
    feedback: Mapped[str | None] = mapped_column(Text, default=None)


PARENT_OPEN_DAY = register(
    RecordKind(
        key="parent_open_day",
        title=N_("Parent open days"),
        mechanism=5,
        model=ParentOpenDay,
        title_field="theme",
        date_field="held_on",
        fields=(
            Field("held_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("theme", N_("Theme"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field("classes", N_("Classes"), FieldKind.TEXT, max_length=200, width=14),
            Field("host_uuid", N_("Organiser"), FieldKind.STAFF, width=10),
            Field(
                "activities", N_("Activities"), FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40
            ),
            Field(
                "parents_attended",
                N_("Parents present"),
                FieldKind.INT,
                min_value=0,
                max_value=10_000,
                width=6,
            ),
            Field(
                "feedback",
                N_("Parents' feedback"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
        ),
    )
)


# --- parent lecture (家长大讲堂) -------------------------------------------------------------------


class ParentLecture(SyncedRecord, Base):
    __tablename__ = "parent_lecture"

    series: Mapped[str] = mapped_column(String(32), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    speaker: Mapped[str] = mapped_column(String(50))
    topic: Mapped[str] = mapped_column(String(100))
    attendance: Mapped[int | None] = mapped_column(Integer, default=None)
    content: Mapped[str | None] = mapped_column(Text, default=None)


PARENT_LECTURE = register(
    RecordKind(
        key="parent_lecture",
        title=N_("Parent lectures"),
        mechanism=5,
        model=ParentLecture,
        title_field="topic",
        date_field="held_on",
        fields=(
            Field(
                "series",
                N_("Lecture series"),
                FieldKind.CHOICE,
                required=True,
                choices=LECTURE_SERIES,
                filter=True,
                width=14,
            ),
            Field("held_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("speaker", N_("Speaker"), FieldKind.TEXT, required=True, max_length=50, width=14),
            Field("topic", N_("Topic"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field("attendance", N_("Participants"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field("content", N_("Content"), FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40),
        ),
    )
)
