"""Mechanism 4 (心理疏导): the special-group student register, psychological cases and follow-ups.

All three are sensitive personal information of minors (domain.md §6, §11): restricted roles, every
read logged, counts only in packages by default. Their text fields are also marked sensitive so
they never enter the shared search index.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.demo import DemoContext
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import (
    RISK_LEVELS,
    class_ref,
    class_teacher_of,
    days_ago,
    local_at,
    order_error,
    record_ref,
    staff_ref,
    staff_uuid,
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


_GROUPS = (
    ("left_behind", "祖母", "广东东莞电子厂", "父母均在外务工，每月视频通话两次。"),
    ("left_behind", "祖父", "浙江宁波建筑工地", "父亲外出务工，母亲已离家。"),
    ("single_parent", "母亲", "", "父亲病故。"),
    ("divorced", "父亲", "本县", "父母离异，随父亲生活。"),
    ("learning_difficulty", "母亲", "", "阅读困难，需个别辅导。"),
    ("special_constitution", "母亲", "", "先天性心脏病，禁止剧烈运动。"),
    ("migrant", "父亲", "本镇", "随务工父母从外省转入。"),
    ("emotional_setback", "母亲", "", "好友转学后情绪低落。"),
)


def _group_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for i, (group, guardian, workplace, note) in enumerate(_GROUPS):
        if not ctx.students:
            break
        student = ctx.students[(i * 5 + 1) % len(ctx.students)]
        class_uuid = ctx.student_class.get(student.uuid)
        rows.append(
            {
                "student_uuid": student.uuid,
                "class_uuid": class_uuid,
                "group": group,
                "guardian": guardian,
                "guardian_phone": f"1390000{1000 + i * 37:04d}",
                "parents_workplace": workplace or None,
                "pairing_teacher_uuid": class_teacher_of(ctx, class_uuid),
                "registered_on": days_ago(ctx, 80 - i * 3),
                "note": note,
            }
        )
    return rows


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
                "guardian_phone", N_("Guardian's phone"), FieldKind.TEXT, max_length=40, width=12
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
        hooks={"demo": _group_demo},
    )
)


# --- psychological case ---------------------------------------------------------------------------


class PsychCase(SyncedRecord, Base):
    __tablename__ = "psych_case"

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


_CASES = (
    # (status, risk, source, days ago opened, description, assessment, intervention, referral)
    (
        "open",
        "high",
        "teacher_observation",
        3,
        "班主任发现该生在作业本上写有消极话语，近期情绪低落。",
        "初步评估为高风险，需立即干预。",
        "心理教师当日谈话，安排同伴陪伴，24小时关注。",
        "建议家长带孩子到县医院心理门诊就诊",
    ),
    (
        "following",
        "medium",
        "screening",
        40,
        "年度心理测评焦虑量表得分偏高。",
        "考试焦虑，中等风险。",
        "每两周个别辅导一次，教授放松训练。",
        None,
    ),
    (
        "following",
        "low",
        "parent_report",
        25,
        "家长反映孩子父母离异后不愿与人交流。",
        "适应性问题，低风险。",
        "班主任多鼓励，安排参加兴趣小组。",
        None,
    ),
    (
        "closed",
        "medium",
        "self_report",
        90,
        "学生主动到心理辅导室倾诉与同学关系紧张。",
        "人际关系困扰。",
        "团体辅导三次，与涉及同学沟通化解。",
        None,
    ),
)


def _case_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for i, (status, risk, source, back, desc, assess, interv, referral) in enumerate(_CASES):
        if not ctx.students:
            break
        student = ctx.students[(i * 11 + 3) % len(ctx.students)]
        opened = days_ago(ctx, back)
        rows.append(
            {
                "student_uuid": student.uuid,
                "class_uuid": ctx.student_class.get(student.uuid),
                "source": source,
                "risk_level": risk,
                "opened_on": opened,
                "description": desc,
                "assessment": assess,
                "intervention": interv,
                "parent_informed_at": local_at(opened, 17, 30),
                "parent_informed_how": "电话告知并到校面谈签字",
                "referral": referral,
                "status": status,
                "closed_on": days_ago(ctx, back - 45) if status == "closed" else None,
                "referred_to_township": risk == "high",
            }
        )
    return rows


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
        fields=(
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
        hooks={"demo": _case_demo},
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


def _followup_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    counsellor = staff_uuid(ctx, 2)
    for uuid, (status, _risk, _src, back, *_rest) in zip(
        ctx.records.get("psych_case", []), _CASES, strict=False
    ):
        steps = range(1, back, 14) if back > 1 else (1,)
        for n, after in enumerate(steps):
            if status == "closed" and after > back - 45:
                break
            day = days_ago(ctx, back - after) if after < back else ctx.today
            rows.append(
                {
                    "case_uuid": uuid,
                    "followed_on": day,
                    "counsellor_uuid": counsellor,
                    "content": (f"第{n + 1}次跟踪：学生情绪较前平稳，能主动交流。"),
                    "next_on": day + timedelta(days=14) if status != "closed" else None,
                }
            )
    return rows


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
        hooks={"demo": _followup_demo},
    )
)
