"""Demo rows for the kinds declared in safetydesk.kinds.water_safety: drowning_letter, water_area,
water_patrol.

The letters are the two most recent holiday letters before today, one row per class; the waters
are the pond, the river and the old brickworks pit a village school near Anyang has around it.
Counts come from a private random stream (not ctx.rng), so other kinds' demo rows stay as they were.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import class_teacher_of, days_ago, staff_uuid

# (month, day, occasion, name): when schools send the letter home, before the break.
_LETTER_DAYS = (
    (1, 12, "winter", "寒假"),
    (4, 28, "short_holiday", "“五一”假期"),
    (7, 3, "summer", "暑假"),
    (9, 28, "short_holiday", "国庆假期"),
)


def recent_letters(today: date, count: int = 2) -> list[tuple[date, str, str]]:
    found = []
    for year in (today.year - 1, today.year):
        for month, day, occasion, name in _LETTER_DAYS:
            sent = date(year, month, day)
            if sent <= today - timedelta(days=3):
                found.append((sent, occasion, f"{year}年{name}防溺水致家长的一封信"))
    return sorted(found)[-count:]


@demo_rows("drowning_letter")
def _letter_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rng = random.Random(17_0601)
    pupils: dict[str, int] = {}
    for class_uuid in ctx.student_class.values():
        pupils[class_uuid] = pupils.get(class_uuid, 0) + 1
    rows = []
    for sent, occasion, batch in recent_letters(ctx.today):
        for cls in ctx.classes:
            sent_count = pupils.get(cls.uuid, 8)
            missing = rng.choice((0, 0, 0, 1, 2))
            rows.append(
                {
                    "batch": batch,
                    "occasion": occasion,
                    "class_uuid": cls.uuid,
                    "teacher_uuid": class_teacher_of(ctx, cls.uuid),
                    "sent_on": sent,
                    "sent_count": sent_count,
                    "returned_count": max(sent_count - missing, 0),
                    "receipts_due": sent + timedelta(days=3),
                    "not_returned_follow_up": (
                        f"{missing}名学生回执未交，班主任已电话告知家长并补签。" if missing else None
                    ),
                }
            )
    return rows


_WATERS = (
    (
        "学校南侧河塘",
        "pond",
        "示范镇小王庄村南，学校南墙外",
        300,
        "high",
        True,
        False,
        True,
        "小王庄村委会 王主任",
    ),
    ("小清河示范镇段", "river", "李家岗村东至石桥段", 1200, "high", True, True, True, "李家岗村委会"),
    (
        "砖厂废弃取土坑",
        "pit",
        "原红星砖厂西侧，雨后积水深约2米",
        800,
        "medium",
        False,
        False,
        False,
        "原砖厂业主",
    ),
)


@demo_rows("water_area")
def _area_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "water_type": wtype,
            "location": place,
            "distance_m": metres,
            "risk_level": level,
            "signs_in_place": signs,
            "fence_in_place": fence,
            "rescue_equipment": rescue,
            "responsible_uuid": staff_uuid(ctx, 1 + i * 11),
            "local_contact": contact,
            "registered_on": days_ago(ctx, 200),
            "note": "每年4月复核一次，汛期加密巡查。"
            if level == "high"
            else "已函告属地村委会设置警示和围挡。",
        }
        for i, (name, wtype, place, metres, level, signs, fence, rescue, contact) in enumerate(_WATERS)
    ]


@demo_rows("water_patrol")
def _patrol_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    areas = ctx.records.get("water_area", [])
    hazards = ctx.records.get("hazard", [])
    if not areas:
        return []
    rows = []
    for back, area, signs_ok, seen, findings, measures in (
        (62, 0, True, False, "警示牌完好，未发现学生逗留。", None),
        (
            48,
            1,
            True,
            True,
            "周六下午发现2名学生在河边玩水。",
            "当场劝离，通知班主任和家长，周一班会专题教育。",
        ),
        (
            34,
            2,
            False,
            False,
            "坑边无警示牌、无围挡，积水较深。",
            "已书面告知属地村委会，请其设置警示牌和围挡。",
        ),
        (20, 0, False, False, "河塘边警示牌被风刮倒，护栏缺失约10米。", "已登记隐患并报村委会。"),
        (6, 1, True, False, "警示牌完好，水位下降，未发现学生。", None),
    ):
        rows.append(
            {
                "area_uuid": areas[area % len(areas)],
                "patrolled_on": days_ago(ctx, back),
                "patroller_uuid": staff_uuid(ctx, 1),
                "companions": "村委会干部1名" if area != 2 else None,
                "signs_ok": signs_ok,
                "students_seen": seen,
                "findings": findings,
                "measures": measures,
                "hazard_uuid": hazards[4] if back == 20 and len(hazards) > 4 else None,
            }
        )
    return rows
