"""Mechanism 8 (应急处置): emergency plans (预案) and evacuation drills (domain.md §3).

Drills are due monthly in primary and secondary schools and quarterly in kindergartens (a county
setting); the dashboard counts `drill` rows by `held_on`. Incident response steps are recorded with
the incident (kinds/incidents.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import order_error, staff_ref
from safetydesk.models.base import Base, SyncedRecord

PLAN_TYPES = choices(
    ("social_safety", N_("Social safety")),
    ("accident_disaster", N_("Accidents and disasters")),
    ("public_health", N_("Public health")),
    ("natural_disaster", N_("Natural disasters")),
    ("network_security", N_("Network and information security")),
    ("exam_security", N_("Examination security")),
    ("education_opinion", N_("Education-related public opinion")),
)

DRILL_TYPES = choices(
    ("fire", N_("Fire")),
    ("earthquake", N_("Earthquake")),
    ("stampede", N_("Stampede prevention")),
    ("school_bus", N_("School bus")),
    ("violence", N_("Violent intrusion")),
    ("other", N_("Other")),
)

DRILL_MODES = choices(
    ("planned", N_("Announced")),
    ("surprise", N_("Unannounced")),
)


# --- emergency plan -------------------------------------------------------------------------------


class EmergencyPlan(SyncedRecord, Base):
    __tablename__ = "emergency_plan"

    name: Mapped[str] = mapped_column(String(100))
    plan_type: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[str | None] = mapped_column(String(20), default=None)
    approved_on: Mapped[date | None] = mapped_column(default=None, index=True)
    approved_by: Mapped[str | None] = mapped_column(String(50), default=None)
    next_review_on: Mapped[date | None] = mapped_column(default=None, index=True)
    file_note: Mapped[str | None] = mapped_column(String(200), default=None)


def _validate_plan(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "approved_on", "next_review_on", _("The next review cannot be before the plan was approved.")
    )


EMERGENCY_PLAN = register(
    RecordKind(
        key="emergency_plan",
        title=N_("Emergency plans"),
        mechanism=8,
        model=EmergencyPlan,
        title_field="name",
        date_field="approved_on",
        validate=_validate_plan,
        fields=(
            Field("name", N_("Plan name"), FieldKind.TEXT, required=True, max_length=100, width=28),
            Field(
                "plan_type",
                N_("Type"),
                FieldKind.CHOICE,
                required=True,
                choices=PLAN_TYPES,
                filter=True,
                width=12,
            ),
            Field("version", N_("Version"), FieldKind.TEXT, max_length=20, width=8),
            Field("approved_on", N_("Date approved"), FieldKind.DATE, width=11),
            Field("approved_by", N_("Approved by"), FieldKind.TEXT, max_length=50, width=10),
            Field("next_review_on", N_("Next review"), FieldKind.DATE, width=11),
            Field(
                "file_note",
                N_("Where the file is kept"),
                FieldKind.TEXT,
                max_length=200,
                in_table=False,
                width=20,
            ),
        ),
    )
)


# --- drill ----------------------------------------------------------------------------------------


class Drill(SyncedRecord, Base):
    __tablename__ = "drill"

    name: Mapped[str] = mapped_column(String(100))
    drill_type: Mapped[str] = mapped_column(String(32), index=True)
    mode: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date] = mapped_column(index=True)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    commander_uuid: Mapped[str | None] = staff_ref()
    signal: Mapped[str | None] = mapped_column(String(100), default=None)
    route: Mapped[str | None] = mapped_column(String(200), default=None)
    assembly_point: Mapped[str | None] = mapped_column(String(100), default=None)
    classes: Mapped[int | None] = mapped_column(Integer, default=None)
    participants: Mapped[int | None] = mapped_column(Integer, default=None)
    evacuation_seconds: Mapped[int | None] = mapped_column(Integer, default=None)
    headcount_reported: Mapped[bool] = mapped_column(default=False)
    problems: Mapped[str | None] = mapped_column(Text, default=None)
    evaluation: Mapped[str | None] = mapped_column(Text, default=None)
    recorder_uuid: Mapped[str | None] = staff_ref()


def _validate_drill(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(values, "started_at", "ended_at", _("A drill must end after it starts."), strict=True)


DRILL = register(
    RecordKind(
        key="drill",
        title=N_("Drills"),
        mechanism=8,
        model=Drill,
        title_field="name",
        date_field="held_on",
        validate=_validate_drill,
        fields=(
            Field("name", N_("Drill name"), FieldKind.TEXT, required=True, max_length=100, width=22),
            Field(
                "drill_type",
                N_("Type"),
                FieldKind.CHOICE,
                required=True,
                choices=DRILL_TYPES,
                filter=True,
                width=8,
            ),
            Field(
                "mode", N_("Mode"), FieldKind.CHOICE, required=True, choices=DRILL_MODES, filter=True, width=8
            ),
            Field("held_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("started_at", N_("Started at"), FieldKind.DATETIME, in_table=False, width=16),
            Field("ended_at", N_("Ended at"), FieldKind.DATETIME, in_table=False, width=16),
            Field("commander_uuid", N_("Commander"), FieldKind.STAFF, width=10),
            Field(
                "signal", N_("Evacuation signal"), FieldKind.TEXT, max_length=100, in_table=False, width=12
            ),
            Field("route", N_("Evacuation route"), FieldKind.TEXT, max_length=200, in_table=False, width=24),
            Field(
                "assembly_point",
                N_("Assembly point"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=12,
            ),
            Field("classes", N_("Classes taking part"), FieldKind.INT, min_value=0, max_value=500, width=6),
            Field("participants", N_("Participants"), FieldKind.INT, min_value=0, max_value=20_000, width=6),
            Field(
                "evacuation_seconds",
                N_("Evacuation time (seconds)"),
                FieldKind.INT,
                min_value=0,
                max_value=7200,
                width=8,
            ),
            Field(
                "headcount_reported",
                N_("Headcount reported to the commander"),
                FieldKind.BOOL,
                default=False,
                width=6,
            ),
            Field(
                "problems",
                N_("Problems found"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field(
                "evaluation",
                N_("Evaluation and improvement"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("recorder_uuid", N_("Recorded by"), FieldKind.STAFF, in_table=False, width=10),
        ),
    )
)
