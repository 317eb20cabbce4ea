"""Mechanism 2 (安全教育): education sessions, by the six modules of the 2007 纲要.

Hours per school year are counted from `hours` against a county setting (default 14/12/8).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.demo import DemoContext
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_
from safetydesk.kinds._shared import class_teacher_of, semester_days, spread, staff_ref, staff_uuid
from safetydesk.models.base import Base, SyncedRecord

EDUCATION_MODULES = choices(
    ("social_safety", N_("Social safety")),
    ("public_health", N_("Public health")),
    ("accidental_injury", N_("Accidental injury")),
    ("network_safety", N_("Network and information safety")),
    ("natural_disaster", N_("Natural disasters")),
    ("other_events", N_("Other events affecting student safety")),
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
    form: Mapped[str | None] = mapped_column(String(32), default=None)
    hours: Mapped[float | None] = mapped_column(Float, default=None)
    teacher_uuid: Mapped[str | None] = staff_ref()
    attendance: Mapped[int | None] = mapped_column(Integer, default=None)
    materials: Mapped[str | None] = mapped_column(Text, default=None)


_TOPICS = (
    ("开学第一课：校园安全制度", "social_safety", "flag_speech", "全校", 0.5),
    ("防溺水“六不”专题教育", "accidental_injury", "class_meeting", "全校各班", 1.0),
    ("交通安全：上下学不乘坐无牌无证车辆", "accidental_injury", "classroom", "四至六年级", 1.0),
    ("预防传染病和食品安全", "public_health", "classroom", "一至三年级", 1.0),
    ("防范电信网络诈骗", "network_safety", "lecture", "五、六年级", 1.0),
    ("地震和雷电的自我保护", "natural_disaster", "classroom", "全校各班", 1.0),
    ("防校园欺凌：学会求助", "social_safety", "class_meeting", "三至六年级", 1.0),
    ("消防安全知识及火灾逃生", "accidental_injury", "drill", "全校", 1.0),
    ("寒假安全教育及家长告知书", "other_events", "online_platform", "全校各班", 1.0),
)


def _demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start, end = semester_days(ctx)
    days = spread(start, end, len(_TOPICS))
    rows = []
    for i, ((topic, module, form, classes, hours), day) in enumerate(zip(_TOPICS, days, strict=True)):
        cls = ctx.classes[i % len(ctx.classes)] if ctx.classes else None
        rows.append(
            {
                "held_on": day,
                "classes": classes,
                "topic": topic,
                "module": module,
                "form": form,
                "hours": hours,
                "teacher_uuid": class_teacher_of(ctx, cls.uuid if cls else None)
                if form in ("class_meeting", "classroom")
                else staff_uuid(ctx, 1),
                "attendance": 48 if "全校" in classes else 16,
                "materials": "课件、教案、签到表、照片"
                + ("、家长告知书回执" if "溺水" in topic or "寒假" in topic else ""),
            }
        )
    return rows


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
            Field("form", N_("Form"), FieldKind.CHOICE, choices=EDUCATION_FORMS, filter=True, width=10),
            Field("hours", N_("Class hours"), FieldKind.DECIMAL, min_value=0, max_value=20, width=6),
            Field("teacher_uuid", N_("Taught by"), FieldKind.STAFF, width=10),
            Field("attendance", N_("Participants"), FieldKind.INT, min_value=0, max_value=10_000, width=6),
            Field(
                "materials", N_("Materials"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=30
            ),
        ),
        hooks={"demo": _demo},
    )
)
