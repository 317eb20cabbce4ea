"""Demo rows for the kinds declared in safetydesk.kinds.township_duties: township_meeting,
assessment_sheet (both the township centre's: a demo township gets them).

Three meetings of this semester, and one assessment sheet per demo school, its items adding up.
"""

from __future__ import annotations

from typing import Any

from safetydesk.domain.demo import DEMO_SCHOOLS, DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, semester_name

_MEETINGS = (
    (
        80,
        "joint_conference",
        "秋季开学学校安全工作联席会议",
        "镇政府三楼会议室",
        "副镇长",
        "镇政府、中心校、派出所、市场监管所、卫生院、交管中队、各村（社区）分管负责人",
        "一、通报开学安全大检查情况；二、部署校园周边环境整治、校车安全和食品安全工作；"
        "三、明确各成员单位职责分工。",
        "1. 派出所每日上下学时段在各校门口设护学岗；\n2. 市场监管所10月底前完成各校食堂检查；\n"
        "3. 交管中队对校车开展一次专项检查。",
        30,
    ),
    (
        40,
        "governance_group",
        "综治专项组：校园周边环境集中整治",
        "中心校会议室",
        "中心校校长",
        "综治办、中心校、派出所、市场监管所、各校分管安全副校长",
        "通报校园周边流动摊贩、无证网吧排查情况，研究集中整治方案。",
        "1. 两周内清理校门口50米内流动摊贩；\n2. 对排查出的1家无证经营网吧依法查处。",
        14,
    ),
    (
        10,
        "joint_conference",
        "冬季安全及寒假前安全工作联席会议",
        "镇政府三楼会议室",
        "副镇长",
        "镇政府、中心校、派出所、应急办、各村（社区）分管负责人",
        "部署冬季防火、防一氧化碳中毒、防溺冰和寒假安全教育，发放寒假告家长书。",
        "1. 各校放假前开展一次寒假安全专题教育并收回告家长书回执；\n2. 各村排查冰面等危险水域并设警示。",
        20,
    ),
)


@demo_rows("township_meeting")
def _meeting_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "held_on": days_ago(ctx, back),
            "meeting_type": mtype,
            "topic": topic,
            "place": place,
            "chair": chair,
            "attendees": attendees,
            "minutes": minutes,
            "decisions": decisions,
            "follow_up_by": days_ago(ctx, back - due),
            "recorder": "中心校安全办",
        }
        for back, mtype, topic, place, chair, attendees, minutes, decisions, due in _MEETINGS
    ]


# (item, full marks, points per school, evidence per school)
_ITEMS = (
    (
        "组织领导与责任落实",
        15,
        (14, 15, 13),
        ("1名班主任责任书未签", "责任书、安全例会记录齐全", "2名班主任未签责任书"),
    ),
    ("安全教育", 15, (13, 14, 12), ("课时记录缺2课时", "缺1课时记录", "缺防溺水专题教育记录")),
    (
        "隐患排查整改",
        20,
        (17, 19, 16),
        ("东侧围墙重大隐患已书面报告，1项逾期", "1项隐患整改资料不全", "2项隐患逾期未整改"),
    ),
    ("应急演练", 10, (10, 9, 8), ("每月演练记录及照片齐全", "缺1次演练照片", "少1次演练")),
    ("家校共育", 10, (9, 10, 9), ("家访记录不全", "家长会2次、家访记录齐全", "家访记录不全")),
    ("信息报告", 10, (10, 10, 10), ("无迟报", "无迟报", "无迟报")),
    ("食品安全与校车", 10, (9, 9, 8), ("陪餐记录缺1天", "1名从业人员健康证过期", "陪餐记录缺3天")),
    ("人防物防技防", 10, (8, 9, 9), ("监控1路故障，已修复", "护学岗记录缺2天", "一键报警未与公安联网")),
)
_GRADES = ((90, "excellent"), (80, "good"), (60, "pass"))


@demo_rows("assessment_sheet")
def _sheet_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    period = semester_name(ctx.today)
    rows = []
    for s, (code, name, _type) in enumerate(DEMO_SCHOOLS):
        lines = [f"{item}｜{full}｜{points[s]}｜{evidence[s]}" for item, full, points, evidence in _ITEMS]
        total = float(sum(points[s] for _item, _full, points, _evidence in _ITEMS))
        lost = [evidence[s] for _item, full, points, evidence in _ITEMS if points[s] < full]
        grade = next((g for floor, g in _GRADES if total >= floor), "fail")
        rows.append(
            {
                "title": f"{name}{period}安全工作考核",
                "school_code": code,
                "school_name": name,
                "period": period,
                "assessed_on": days_ago(ctx, 5 - s),
                "assessors": "中心校安全办、派出所、市场监管所",
                "items": "\n".join(lines),
                "full_marks": 100.0,
                "total_score": total,
                "grade": grade,
                "remarks": "存在问题：" + "；".join(lost) + "。限期一个月整改，整改报告报中心校安全办。",
            }
        )
    return rows
