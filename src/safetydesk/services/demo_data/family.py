"""Demo rows for the kinds declared in safetydesk.kinds.family: guardian_condition, guardian_contact."""

from __future__ import annotations

from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import class_teacher_of, days_ago

_CONDITIONS = (
    ("special_constitution", "对青霉素过敏，对花生过敏。", "母亲", "校医和食堂已知悉，食谱避开花生。"),
    ("specific_disease", "癫痫病史，服药控制中。", "父亲", "班主任和体育教师掌握急救要点，禁止攀高。"),
    ("family_change", "母亲近期病故。", "祖母", "心理教师关注，班主任每周谈心。"),
    ("abnormal_psychology", "在县医院诊断为轻度抑郁，正在治疗。", "母亲", "纳入心理个案管理，避免公开批评。"),
)


@demo_rows("guardian_condition")
def _condition_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for i, (ctype, details, by, measures) in enumerate(_CONDITIONS):
        if not ctx.students:
            break
        student = ctx.students[(i * 13 + 2) % len(ctx.students)]
        rows.append(
            {
                "student_uuid": student.uuid,
                "class_uuid": ctx.student_class.get(student.uuid),
                "condition_type": ctype,
                "details": details,
                "reported_on": days_ago(ctx, 85 - i * 20),
                "reported_by": by,
                "measures": measures,
            }
        )
    return rows


_CONTACTS = (
    ("phone", "奶奶", "提醒周末看护好孩子，远离河塘。", "表示会看管好孩子。"),
    ("wechat", "母亲", "反馈孩子近期作业完成情况。", "家长会督促孩子按时完成作业。"),
    ("in_person", "父亲", "孩子在校与同学发生口角，已调解。", "家长表示理解，回家再教育。"),
    ("video", "父亲", "在外务工家长了解孩子在校情况。", "希望老师多鼓励孩子。"),
    ("phone", "母亲", "告知学生体检结果视力下降。", "周末带孩子到医院复查。"),
)


@demo_rows("guardian_contact")
def _contact_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for i, (method, guardian, content, feedback) in enumerate(_CONTACTS):
        if not ctx.students:
            break
        student = ctx.students[(i * 9 + 4) % len(ctx.students)]
        class_uuid = ctx.student_class.get(student.uuid)
        rows.append(
            {
                "student_uuid": student.uuid,
                "class_uuid": class_uuid,
                "contacted_on": days_ago(ctx, 30 - i * 6),
                "method": method,
                "guardian": guardian,
                "contacted_by_uuid": class_teacher_of(ctx, class_uuid),
                "content": content,
                "feedback": feedback,
            }
        )
    return rows
