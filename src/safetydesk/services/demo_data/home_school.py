"""Demo rows for the kinds declared in safetydesk.kinds.home_school: parent_meeting, home_visit,
parent_open_day, parent_lecture.
"""

from __future__ import annotations

from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import class_teacher_of, days_ago, semester_days, spread, staff_uuid


@demo_rows("parent_meeting")
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


@demo_rows("home_visit")
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


@demo_rows("parent_open_day")
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


@demo_rows("parent_lecture")
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
