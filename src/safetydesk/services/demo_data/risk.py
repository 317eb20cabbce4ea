"""Demo rows for the kinds declared in safetydesk.kinds.risk: major_hazard_report, risk_point.

The written report is about the demo's one major hazard (the cracked east wall, hazard demo row 5,
reported to the township the day after it was found); the risk register lists the risk points a
village primary school grades each semester.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, semester_days, staff_uuid

MAJOR_HAZARD_ROW = 5  # the east wall in services.demo_data.hazards


@demo_rows("major_hazard_report")
def _report_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    hazards = ctx.records.get("hazard", [])
    if len(hazards) <= MAJOR_HAZARD_ROW:
        return []
    return [
        {
            "title": "关于东侧围墙存在倒塌危险的重大隐患报告",
            "hazard_uuid": hazards[MAJOR_HAZARD_ROW],
            "report_no": f"示范小学安〔{ctx.today.year}〕5号",
            "reported_on": days_ago(ctx, 1),
            "reported_to": "示范镇中心校、安阳县教育局",
            "current_state": "学校东侧围墙建于1998年，砖砌结构，高2.4米。月度排查发现约15米墙体出现贯通裂缝，"
            "最宽处约3厘米，墙体向外倾斜约8厘米，墙外为村道，上下学时段有学生和家长通行。",
            "causes": "墙体年久失修，基础埋深不足；今年汛期连续降雨，墙基土体被雨水浸泡后不均匀沉降。",
            "severity": "一旦倒塌，可能砸伤墙内活动的学生和墙外通行的学生、家长及村民，属可能造成群死群伤的"
            "重大隐患；雨天风险明显增大。",
            "difficulty": "需拆除重建，工程量约15米，须由有资质单位鉴定和施工，学校公用经费无力承担，"
            "需上级专项资金支持。",
            "plan": "1. 目标：45日内拆除危险墙体并重建，消除倒塌危险。\n2. 方法措施：委托有资质单位鉴定；"
            "按鉴定意见拆除重建，基础加深并设圈梁。\n3. 物资：施工单位负责，学校总务处监督。\n"
            "4. 负责机构和人员：校长为第一责任人，总务主任具体实施。",
            "safety_measures": "围墙内侧5米设警戒线和警示牌，禁止学生靠近；函告村委会在墙外设警示；"
            "雨天安排专人值守，遇险情立即疏散。",
            "funds_amount": 48000.0,
            "funds_source": "申请县教育局校舍维修专项资金",
            "deadline": days_ago(ctx, -45),
            "responsible_uuid": staff_uuid(ctx, 0),
            "reporter_uuid": staff_uuid(ctx, 1),
        }
    ]


_RISKS = (
    (
        "教学楼楼梯间",
        "教学楼东西两侧楼梯",
        "school_building",
        "上下课、集会时学生集中通行；楼梯照明不足",
        "拥挤踩踏",
        "orange",
        "school",
        "错峰放学；楼梯口教师值守；每月疏散演练；楼梯照明每周检查。",
        0,
    ),
    (
        "学校南侧河塘",
        "学校南墙外约300米",
        "drowning",
        "水深约2.5米，岸边湿滑，无完整护栏",
        "溺水",
        "red",
        "school",
        "设置警示牌；汛期和假期前加密巡查；“六不”专题教育；告家长书回执。",
        1,
    ),
    (
        "食堂操作间",
        "食堂",
        "food",
        "燃气灶具和管道；生熟食品加工；食品留样",
        "火灾、燃气爆炸、食物中毒",
        "orange",
        "department",
        "燃气报警器每月测试；陪餐和留样每餐落实；从业人员持证上岗。",
        5,
    ),
    (
        "配电室",
        "综合楼一楼",
        "electricity",
        "配电柜老化；雷雨季节漏电",
        "触电、电气火灾",
        "yellow",
        "department",
        "专人管理上锁；每月检修并记录；漏电保护器每月试跳。",
        5,
    ),
    (
        "学校大门",
        "学校南门",
        "security",
        "上下学时段人车混行；外来人员进入",
        "交通事故、暴力侵害",
        "orange",
        "school",
        "护学岗上下学值守；门卫24小时值守和来访登记；一键报警每月测试。",
        1,
    ),
    (
        "校车",
        "东线、西线",
        "traffic",
        "乡村道路窄、弯道多；雨雪天气路滑",
        "交通事故",
        "orange",
        "school",
        "出车前检查；随车照管人员清点人数；雨雪天气降速或停运。",
        1,
    ),
    (
        "科学实验室",
        "综合楼二楼",
        "lab_chemicals",
        "少量酒精、稀盐酸等危化品",
        "灼伤、火灾",
        "yellow",
        "post",
        "双人双锁保管；领用登记；实验课教师全程在场。",
        4,
    ),
    (
        "体育器材",
        "操场",
        "sports_equipment",
        "篮球架、单双杠锈蚀松动",
        "砸伤、摔伤",
        "blue",
        "post",
        "体育教师课前检查；每月全面检查并记录。",
        12,
    ),
)


@demo_rows("risk_point")
def _risk_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start, _last = semester_days(ctx)
    return [
        {
            "name": name,
            "location": place,
            "category": category,
            "hazard_factors": factors,
            "possible_accidents": accidents,
            "level": level,
            "control_tier": tier,
            "measures": measures,
            "responsible_uuid": staff_uuid(ctx, person),
            "identified_on": start,
            "next_review_on": start + timedelta(days=180),
        }
        for name, place, category, factors, accidents, level, tier, measures, person in _RISKS
    ]
