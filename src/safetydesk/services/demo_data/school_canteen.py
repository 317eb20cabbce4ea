"""Demo rows for the kinds declared in safetydesk.kinds.school_canteen: meal_accompany,
food_sample, canteen_staff_health, food_supplier.

A village primary school's canteen serving lunch: a leader eats with the pupils every school day,
each dish of the last three days is sampled, five food handlers hold health certificates (one
about to expire), and four suppliers' licences are on file.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, local_at, school_days_back, staff_uuid

_MENUS = (
    ("米饭", "西红柿炒鸡蛋", "土豆烧肉", "紫菜蛋花汤"),
    ("馒头", "白菜炖豆腐", "红烧鸡块", "小米粥"),
    ("米饭", "青椒肉丝", "清炒油麦菜", "冬瓜排骨汤"),
    ("烩面", "卤鸡蛋", "凉拌黄瓜", ""),
    ("米饭", "胡萝卜炒肉片", "麻婆豆腐", "西红柿鸡蛋汤"),
)
_LEADERS = (0, 3, 4, 5)  # principal, vice principal, dean of studies, head of general affairs


@demo_rows("meal_accompany")
def _accompany_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for n, day in enumerate(reversed(school_days_back(ctx, 12))):
        menu = _MENUS[n % len(_MENUS)]
        salty = n == 5
        rows.append(
            {
                "accompanied_on": day,
                "meal": "lunch",
                "leader_uuid": staff_uuid(ctx, _LEADERS[n % len(_LEADERS)]),
                "dishes": "、".join(d for d in menu if d),
                "rating": "fair" if salty else "satisfied",
                "hygiene_ok": True,
                "remarks": "油麦菜偏咸，学生剩菜较多。" if salty else "饭菜温度适宜，分量足，学生反映良好。",
                "handling": "已当场反馈食堂管理员，次日起减少用盐，午餐后复查。" if salty else None,
            }
        )
    return rows


_WEIGHTS = (130.0, 135.0, 142.0, 128.0, 150.0, 138.0)


@demo_rows("food_sample")
def _sample_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for n, day in enumerate(reversed(school_days_back(ctx, 12))):
        taken = local_at(day, 11, 40)
        for k, dish in enumerate(d for d in _MENUS[n % len(_MENUS)] if d):
            rows.append(
                {
                    "sampled_at": taken,
                    "meal": "lunch",
                    "dish": dish,
                    "weight_g": _WEIGHTS[(n + k) % len(_WEIGHTS)],
                    "kept_until": taken + timedelta(hours=48, minutes=20),
                    "storage": "留样专用冰箱（0—8℃），上锁",
                    "sampled_by_uuid": staff_uuid(ctx, 13),
                    "checked_by_uuid": staff_uuid(ctx, 5),
                }
            )
    return rows


_HANDLERS = (
    ("manager", 13, "ZJ2026-0311", 300),
    ("cook", None, "ZJ2026-0312", 300),
    ("cook", None, "ZJ2025-1187", 345),
    ("helper", None, "ZJ2026-0313", 120),
    ("cleaner", None, "ZJ2026-0314", 120),
)
_HANDLER_NAMES = ("赵桂芝", "钱红梅", "周玉兰", "吴德厚")


@demo_rows("canteen_staff_health")
def _health_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for i, (post, staff_index, number, back) in enumerate(_HANDLERS):
        person = ctx.staff[staff_index % len(ctx.staff)] if staff_index is not None and ctx.staff else None
        issued = days_ago(ctx, back)
        rows.append(
            {
                "name": person.name if person else _HANDLER_NAMES[(i - 1) % len(_HANDLER_NAMES)],
                "post": post,
                "staff_uuid": person.uuid if person else None,
                "certificate_no": number,
                "issued_on": issued,
                "valid_until": issued + timedelta(days=365),
                "issued_by": "安阳县疾病预防控制中心",
                "on_duty": True,
            }
        )
    return rows


_SUPPLIERS = (
    ("安阳县丰禾粮油商行", "大米、面粉、食用油", "food_business", "JY14105220012345", 900, 926),
    ("安阳县鑫源肉类配送中心", "猪肉、鸡肉", "food_business", "JY14105220023871", 700, 1126),
    ("安阳县绿源蔬菜配送有限公司", "蔬菜、豆制品", "food_business", "JY14105220031562", 400, 1426),
    ("安阳县康达乳品有限公司", "学生奶", "food_production", "SC10641052200417", 1100, 726),
)


@demo_rows("food_supplier")
def _supplier_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start = days_ago(ctx, 80)
    rows = []
    for supplier, goods, licence, number, issued_back, valid_ahead in _SUPPLIERS:
        issued = days_ago(ctx, issued_back)
        rows.append(
            {
                "supplier": supplier,
                "supplies": goods,
                "licence_type": licence,
                "licence_no": number,
                "issued_on": issued,
                "valid_until": days_ago(ctx, -valid_ahead),
                "checked_on": max(start, issued),
                "checked_by_uuid": staff_uuid(ctx, 13),
                "contract_until": days_ago(ctx, -220),
            }
        )
    return rows
