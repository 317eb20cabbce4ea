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

from safetydesk.domain.demo import DemoContext
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import (
    class_ref,
    class_teacher_of,
    days_ago,
    order_error,
    semester_days,
    spread,
    staff_ref,
    staff_uuid,
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


def _meeting_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start, end = semester_days(ctx)
    first, second = spread(start, end, 2)
    n = len(ctx.students) or 48
    return [
        {
            "held_on": first,
            "scope": "school",
            "classes": "全校",
            "topic": "开学安全家长会",
            "host_uuid": staff_uuid(ctx, 0),
            "expected": n,
            "attended": n - 3,
            "agenda": "1. 校长通报学校安全工作；2. 班主任介绍班级情况；3. 签订安全告知书回执。",
            "safety_notice": "上下学交通安全、不乘坐无牌无证车辆；防溺水“六不”；假期监护责任。",
            "opinions": "家长希望增加放学时段校门口护学力量。",
        },
        {
            "held_on": second,
            "scope": "school",
            "classes": "全校",
            "topic": "期中家长会暨防欺凌、心理健康专题",
            "host_uuid": staff_uuid(ctx, 3),
            "expected": n,
            "attended": n - 5,
            "agenda": "1. 期中学习情况；2. 心理教师讲解识别孩子情绪变化；3. 防欺凌知识。",
            "safety_notice": "冬季防火、防煤气中毒；注意孩子情绪变化，发现异常及时与学校联系。",
            "opinions": "部分留守儿童家长委托祖辈参会，建议提供视频参会方式。",
        },
    ]


PARENT_MEETING = register(
    RecordKind(
        key="parent_meeting",
        title=N_("Parent meetings"),
        mechanism=5,
        model=ParentMeeting,
        title_field="topic",
        date_field="held_on",
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
        hooks={"demo": _meeting_demo},
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


_VISITS = (
    (
        "in_person",
        "奶奶",
        "父母在外省务工，与祖父母同住，奶奶负责日常照料。",
        "留守儿童学期家访",
        "上课注意力不集中，作业完成较慢。",
        "放学后看电视时间较长。",
        "希望老师多关心孩子学习。",
        "缺少父母陪伴，学习习惯待培养。",
        "安排结对教师每周谈心一次，建议父母每周视频通话。",
    ),
    (
        "phone",
        "母亲",
        "父母离异，随母亲生活。",
        "了解近期情绪变化",
        "近两周课间常独处。",
        "回家话少。",
        "母亲表示会多陪伴孩子。",
        "情绪低落。",
        "心理教师跟进，班主任每周与家长沟通一次。",
    ),
    (
        "in_person",
        "父亲",
        "父母在家务农，兄妹三人。",
        "防溺水安全教育入户",
        "表现良好。",
        "周末常与同伴外出玩耍。",
        "支持学校工作。",
        "村边河塘无护栏。",
        "签订防溺水告知书，提醒家长落实监护责任。",
    ),
    (
        "video",
        "母亲",
        "父母在外务工，暂由姑姑照看。",
        "学期中期回访",
        "成绩有进步。",
        "按时完成作业。",
        "感谢学校关心。",
        "",
        "继续保持联系。",
    ),
)


def _visit_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    if not ctx.students:
        return []
    rows = []
    for i, visit in enumerate(_VISITS):
        student = ctx.students[(i * 7) % len(ctx.students)]
        class_uuid = ctx.student_class.get(student.uuid)
        method, met, family, purpose, at_school, at_home, opinion, problems, measures = visit
        visited = days_ago(ctx, 40 - i * 9)
        rows.append(
            {
                "student_uuid": student.uuid,
                "class_uuid": class_uuid,
                "visited_on": visited,
                "period": ("afternoon", "evening")[i % 2],
                "method": method,
                "teacher_uuid": class_teacher_of(ctx, class_uuid),
                "family_member_met": met,
                "family_situation": family,
                "purpose": purpose,
                "school_performance": at_school,
                "home_performance": at_home,
                "parents_opinion": opinion,
                "problems": problems or None,
                "measures": measures,
                "next_follow_up": days_ago(ctx, 10 - i * 9),
            }
        )
    return rows


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
        hooks={"demo": _visit_demo},
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


def _open_day_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start, end = semester_days(ctx)
    return [
        {
            "held_on": spread(start, end, 1)[0],
            "theme": "走进课堂·共话安全",
            "classes": "全校",
            "host_uuid": staff_uuid(ctx, 4),
            "parents_attended": 35,
            "activities": "家长随堂听课、参观食堂和宿舍、观摩消防疏散演练。",
            "feedback": "家长对食堂卫生表示满意，建议校门口增设减速带。",
        }
    ]


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
        hooks={"demo": _open_day_demo},
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


def _lecture_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start, end = semester_days(ctx)
    a, b = spread(start, end, 2)
    return [
        {
            "series": "wise_parents",
            "held_on": a,
            "speaker": "县家庭教育指导中心 李老师",
            "topic": "如何与留守孩子有效沟通",
            "attendance": 42,
            "content": "讲解亲子沟通技巧，指导外出务工家长通过视频陪伴孩子。",
        },
        {
            "series": "co_education",
            "held_on": b,
            "speaker": "派出所民警",
            "topic": "假期安全与防溺水",
            "attendance": 55,
            "content": "结合典型案例讲解防溺水、交通安全和防诈骗知识。",
        },
    ]


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
        hooks={"demo": _lecture_demo},
    )
)
