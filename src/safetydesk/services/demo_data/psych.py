"""Demo rows for the kinds declared in safetydesk.kinds.psych: special_group_student, psych_case,
psych_followup.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import class_teacher_of, days_ago, local_at, staff_uuid

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


@demo_rows("special_group_student")
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


@demo_rows("psych_case")
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


@demo_rows("psych_followup")
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
