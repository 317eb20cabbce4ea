"""Demo rows for the kinds declared in safetydesk.kinds.hazards: checklist_template, inspection, hazard."""

from __future__ import annotations

import json
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, other_staff, staff_uuid


@demo_rows("checklist_template")
def _template_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "name": "校舍及附属设施设备月检表",
            "category": "school_building",
            "version": 2,
            "frequency": "monthly",
            "items": "建筑用房：墙体有无裂缝、栏杆扶手是否牢固、门窗玻璃是否完好\n"
            "消防：通道畅通、应急灯完好、灭火器在位有效\n"
            "用电：有无裸露老化线路，开关插座是否完好\n"
            "路面和运动场：有无坑洼、积水\n"
            "体育器材和旗杆：是否牢固、有无锈蚀\n"
            "校门、围墙、厕所、车棚：有无倾斜、破损\n"
            "强弱电箱、漏电保护、井盖：是否上锁、完好",
        },
        {
            "name": "每日防火巡查记录",
            "category": "fire",
            "version": 1,
            "frequency": "daily",
            "items": "用火用电：有无违章用火用电\n"
            "安全出口和疏散通道：是否畅通\n"
            "疏散标志和应急照明：是否完好\n"
            "消防器材：是否在位完好\n"
            "常闭防火门：是否关闭\n"
            "重点部位：人员是否在岗",
        },
        {
            "name": "食堂食品安全周查表",
            "category": "food",
            "version": 1,
            "frequency": "weekly",
            "items": "陪餐：学校负责人每餐陪餐并记录\n"
            "留样：每餐留样并冷藏\n"
            "燃气：报警器完好，无泄漏\n"
            "排烟罩：每天擦拭，每月清洗",
        },
    ]


def _results(items: list[tuple[str, bool, str]]) -> str:
    return json.dumps(
        [{"item": i, "result": "ok" if ok else "problem", "note": note} for i, ok, note in items],
        ensure_ascii=False,
    )


@demo_rows("inspection")
def _inspection_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, back in enumerate((60, 30, 2)):
        rows.append(
            {
                "template_name": "校舍及附属设施设备月检表",
                "template_version": 2,
                "inspected_on": days_ago(ctx, back),
                "inspector_uuid": staff_uuid(ctx, 1),
                "check_type": "routine",
                "results": _results(
                    [
                        ("建筑用房", True, ""),
                        ("消防", n != 2, "" if n != 2 else "二楼灭火器压力不足"),
                        ("用电", n != 1, "" if n != 1 else "教学楼一楼插座面板破损"),
                        ("体育器材和旗杆", True, ""),
                        ("校门、围墙、厕所、车棚", n != 2, "" if n != 2 else "东侧围墙有裂缝"),
                    ]
                ),
                "summary": "月度全面排查，发现问题已登记隐患台账。" if n else "月度排查，未发现明显隐患。",
            }
        )
    rows.append(
        {
            "template_name": "每日防火巡查记录",
            "template_version": 1,
            "inspected_on": days_ago(ctx, 1),
            "inspector_uuid": staff_uuid(ctx, 14),
            "check_type": "routine",
            "results": _results(
                [
                    ("安全出口和疏散通道", True, ""),
                    ("消防器材", True, ""),
                    ("常闭防火门", False, "实验楼防火门被楔子卡住常开"),
                ]
            ),
            "summary": "已当场撤除楔子，门已关闭。",
        }
    )
    rows.append(
        {
            "template_name": "开学前安全专项检查",
            "inspected_on": days_ago(ctx, 20),
            "inspector_uuid": staff_uuid(ctx, 0),
            "check_type": "special",
            "summary": "校长带队对校舍、食堂、周边环境开展专项检查。",
        }
    )
    return rows


@demo_rows("hazard")
def _hazard_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    inspections = ctx.records.get("inspection", [])

    def insp(i: int) -> str | None:
        return inspections[i] if len(inspections) > i else None

    rectifier, verifier = other_staff(ctx, 4), staff_uuid(ctx, 0)
    base = {"check_type": "routine", "inspector_uuid": staff_uuid(ctx, 1)}
    rows: list[dict[str, Any]] = [
        {
            **base,
            "found_on": days_ago(ctx, 0),
            "category": "fire",
            "location": "实验楼一楼",
            "description": "常闭防火门被楔子卡住，处于常开状态。",
            "grade": "general",
            "status": "registered",
            "inspection_uuid": insp(3),
        },
        {
            **base,
            "found_on": days_ago(ctx, 2),
            "category": "sports_equipment",
            "location": "操场篮球架",
            "description": "篮球架底座螺栓松动，存在倾倒风险。",
            "grade": "general",
            "risk_colour": "yellow",
            "status": "graded",
        },
        {
            **base,
            "found_on": days_ago(ctx, 2),
            "category": "fire",
            "location": "教学楼二楼东侧",
            "description": "走廊灭火器压力表指针在红区，压力不足。",
            "grade": "general",
            "risk_colour": "yellow",
            "measures": "更换灭火器，全面检查其余灭火器压力。",
            "responsible_uuid": staff_uuid(ctx, 5),
            "deadline": days_ago(ctx, -2),
            "funds_amount": 300.0,
            "funds_source": "学校公用经费",
            "status": "assigned",
            "inspection_uuid": insp(2),
        },
        {
            **base,
            "found_on": days_ago(ctx, 30),
            "category": "electricity",
            "location": "教学楼一楼",
            "description": "一年级教室插座面板破损，线头外露。",
            "grade": "general",
            "risk_colour": "orange",
            "measures": "断电后更换插座面板，检查线路。",
            "responsible_uuid": staff_uuid(ctx, 5),
            "deadline": days_ago(ctx, 23),
            "interim_controls": "已断开该回路电源，贴警示标识。",
            "warning_set": True,
            "funds_amount": 80.0,
            "funds_source": "学校公用经费",
            "rectified_by_uuid": rectifier,
            "status": "rectifying",
            "inspection_uuid": insp(1),
        },
        {
            **base,
            "found_on": days_ago(ctx, 20),
            "category": "drowning",
            "location": "学校南侧河塘",
            "description": "河塘边警示牌被风刮倒，护栏缺失约10米。",
            "grade": "general",
            "risk_colour": "orange",
            "measures": "重新设置警示牌，联系村委会补设护栏。",
            "responsible_uuid": staff_uuid(ctx, 1),
            "deadline": days_ago(ctx, 10),
            "check_type": "special",
            "status": "assigned",
        },
        {
            **base,
            "found_on": days_ago(ctx, 2),
            "category": "school_building",
            "location": "东侧围墙",
            "description": "东侧围墙约15米出现贯通裂缝并向外倾斜，雨后有倒塌危险。",
            "grade": "major",
            "risk_colour": "red",
            "measures": "五定方案：聘请有资质单位鉴定，拆除重建东侧围墙；校长负责，总务主任具体实施。",
            "responsible_uuid": staff_uuid(ctx, 0),
            "deadline": days_ago(ctx, -45),
            "funds_amount": 48000.0,
            "funds_source": "申请县教育局校舍维修专项资金",
            "interim_controls": "围墙内侧5米设警戒线，禁止学生靠近；雨天安排专人值守。",
            "warning_set": True,
            "escalated_to_township": True,
            "escalated_on": days_ago(ctx, 1),
            "rectified_by_uuid": staff_uuid(ctx, 5),
            "status": "rectifying",
            "inspection_uuid": insp(2),
        },
        {
            **base,
            "found_on": days_ago(ctx, 12),
            "category": "food",
            "location": "食堂操作间",
            "description": "燃气泄漏报警器不报警。",
            "grade": "general",
            "risk_colour": "orange",
            "measures": "更换燃气报警器。",
            "responsible_uuid": staff_uuid(ctx, 13),
            "deadline": days_ago(ctx, 5),
            "funds_amount": 450.0,
            "funds_source": "学校公用经费",
            "rectified_by_uuid": rectifier,
            "done_on": days_ago(ctx, 1),
            "result": "已更换新报警器并试验报警正常。",
            "status": "verification_requested",
        },
        {
            **base,
            "found_on": days_ago(ctx, 25),
            "category": "security",
            "location": "学校大门",
            "description": "门卫室防暴器材（钢叉）缺少一件。",
            "grade": "general",
            "risk_colour": "blue",
            "measures": "补充配备钢叉。",
            "responsible_uuid": staff_uuid(ctx, 5),
            "deadline": days_ago(ctx, 18),
            "rectified_by_uuid": rectifier,
            "done_on": days_ago(ctx, 19),
            "result": "已补齐。",
            "verifier_uuid": verifier,
            "verified_on": days_ago(ctx, 17),
            "status": "verified",
        },
    ]
    for back, place, text in (
        (55, "厕所", "男厕地面瓷砖破损，易滑倒。"),
        (40, "学生宿舍", "宿舍内发现学生私接电源插排。"),
        (70, "旗杆", "旗杆底座锈蚀。"),
    ):
        rows.append(
            {
                **base,
                "found_on": days_ago(ctx, back),
                "category": "school_building" if back != 40 else "electricity",
                "location": place,
                "description": text,
                "grade": "general",
                "risk_colour": "blue",
                "measures": "立即整改。",
                "responsible_uuid": staff_uuid(ctx, 5),
                "deadline": days_ago(ctx, back - 7),
                "rectified_by_uuid": rectifier,
                "done_on": days_ago(ctx, back - 5),
                "result": "已整改到位。",
                "verifier_uuid": verifier,
                "verified_on": days_ago(ctx, back - 6),
                "status": "closed",
                "closed_on": days_ago(ctx, back - 6),
                "inspection_uuid": insp(0) if back == 55 else None,
            }
        )
    return rows
