"""Demo rows for the kinds declared in safetydesk.kinds.school_security: security_guard,
guard_duty, visitor_log, security_system_test, closed_campus_check.

Two guards from a security company and the school's own gatekeeper, the gate duty of the last
school week at arrival and dismissal, a fortnight's visitors, monthly tests of the one-button alarm
and the cameras, and weekly checks of closed campus management (the latest finds the cracked east
wall logged as a major hazard).
"""

from __future__ import annotations

from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.kinds.school_security import CLOSURE_ITEMS
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import (
    class_teacher_of,
    days_ago,
    local_at,
    school_days_back,
    staff_uuid,
)

_GUARDS = (
    ("郭长顺", "full_time", "安阳县平安保安服务有限公司", "豫公保证字2021041170", 900, -195),
    ("马文亮", "full_time", "安阳县平安保安服务有限公司", "豫公保证字2022063025", 520, -175),
)


@demo_rows("security_guard")
def _guard_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "name": name,
            "post": post,
            "employer": employer,
            "started_on": days_ago(ctx, issued_back - 30),
            "certificate_no": number,
            "certificate_issued_on": days_ago(ctx, issued_back),
            "certificate_valid_until": days_ago(ctx, valid_back),
            "trained_on": days_ago(ctx, 75),
            "on_duty": True,
        }
        for name, post, employer, number, issued_back, valid_back in _GUARDS
    ]
    if ctx.staff:
        gatekeeper = ctx.staff[14 % len(ctx.staff)]
        rows.append(
            {
                "name": gatekeeper.name,
                "post": "gatekeeper",
                "employer": "学校自聘",
                "started_on": days_ago(ctx, 1400),
                "trained_on": days_ago(ctx, 75),
                "on_duty": True,
            }
        )
    return rows


@demo_rows("guard_duty")
def _duty_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    teachers = [class_teacher_of(ctx, c.uuid) for c in ctx.classes] or [staff_uuid(ctx, 6)]
    for n, day in enumerate(reversed(school_days_back(ctx, 12))):
        for k, period in enumerate(("arrival", "dismissal")):
            hawker = n == 3 and period == "dismissal"
            rows.append(
                {
                    "duty_on": day,
                    "period": period,
                    "post": "学校大门口",
                    "staff_uuid": teachers[(2 * n + k) % len(teachers)],
                    "present": True,
                    "police_present": period == "dismissal" or n % 2 == 0,
                    "others": "护校队员2名、家长志愿者1名",
                    "situation": "校门口有流动摊贩，已劝离并告知派出所。"
                    if hawker
                    else "秩序良好，交接有序。",
                }
            )
    return rows


_VISITORS = (
    (9, 9, 10, "李淑珍", "安阳县疾病预防控制中心", 2, "学校传染病防控和饮用水卫生检查", 0, 11, 30, None),
    (7, 14, 0, "陈立伟", "示范镇派出所", 1, "护校安园工作对接", 0, 14, 50, "豫E·J3075"),
    (5, 10, 20, "王春生", "学生家长", 1, "为学生送衣物", 7, 10, 35, None),
    (4, 8, 40, "赵卫东", "示范镇供电所", 2, "检修配电箱", 5, 10, 10, "豫E·D1182"),
    (2, 15, 5, "周明", "某图书发行公司", 1, "推销教辅资料，未予准入", 0, 15, 10, None),
    (1, 9, 30, "孙丽", "安阳县通达校车服务有限公司", 1, "校车例行维护保养", 1, 11, 0, "豫E·3K517"),
)


@demo_rows("visitor_log")
def _visitor_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for back, hour, minute, name, unit, size, purpose, host, out_h, out_m, plate in _VISITORS:
        day = days_ago(ctx, back)
        rows.append(
            {
                "time_in": local_at(day, hour, minute),
                "visitor_name": name,
                "visitor_unit": unit,
                "party_size": size,
                "purpose": purpose,
                "host_uuid": staff_uuid(ctx, host),
                "id_checked": True,
                "vehicle": plate,
                "time_out": local_at(day, out_h, out_m),
                "registered_by_uuid": staff_uuid(ctx, 14),
            }
        )
    return rows


@demo_rows("security_system_test")
def _system_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for back in (88, 58, 28):
        rows.append(
            {
                "tested_on": days_ago(ctx, back),
                "system": "one_button_alarm",
                "location": "门卫室",
                "result": "normal",
                "linked_to_police": True,
                "tested_by_uuid": staff_uuid(ctx, 1),
                "maintainer": "安阳县安防技术服务中心",
                "next_test_on": days_ago(ctx, back - 30),
            }
        )
    for back, working, result, problem in (
        (60, 24, "normal", None),
        (25, 24, "repaired", "操场西北角摄像机无图像，维保单位更换电源适配器后恢复。"),
    ):
        rows.append(
            {
                "tested_on": days_ago(ctx, back),
                "system": "video",
                "location": "监控室（校门、周界、楼道、食堂）",
                "result": result,
                "linked_to_police": True,
                "cameras": 24,
                "cameras_working": working,
                "retention_days": 30,
                "tested_by_uuid": staff_uuid(ctx, 1),
                "maintainer": "安阳县安防技术服务中心",
                "problems": problem,
                "next_test_on": days_ago(ctx, back - 30),
            }
        )
    return rows


@demo_rows("closed_campus_check")
def _closure_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    hazards = ctx.records.get("hazard", [])
    rows = []
    for week in range(5, -1, -1):
        back = 2 + 7 * week
        wall = week == 0  # the east wall found cracked two days ago (hazard demo row 5)
        items = {attr: True for attr, _label, _short in CLOSURE_ITEMS}
        items["walls_intact"] = not wall
        rows.append(
            {
                "checked_on": days_ago(ctx, back),
                "checked_by_uuid": staff_uuid(ctx, 1),
                **items,
                "problems": "东侧围墙约15米贯通裂缝并外倾，已设警戒线，按重大隐患上报。" if wall else None,
                "measures": "围墙内侧5米设警戒线，雨天专人值守；治理方案见重大隐患报告。" if wall else None,
                "hazard_uuid": hazards[5] if wall and len(hazards) > 5 else None,
            }
        )
    return rows
