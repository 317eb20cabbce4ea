"""Demo rows for the kinds declared in safetydesk.kinds.school_bus: school_bus, bus_driver,
bus_escort, bus_route, bus_departure_check.

Two buses contracted from a county operator, their drivers and escorts, two routes through the
villages, and the morning checks of the last school week (one failed: a bulging tyre).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.kinds.school_bus import CHECK_ITEMS
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, school_days_back, semester_days, staff_uuid

_BUSES = (
    ("豫E·3K517", 35, "安阳县校车标牌2025-017"),
    ("豫E·6M208", 19, "安阳县校车标牌2025-018"),
)


@demo_rows("school_bus")
def _bus_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "plate": plate,
            "bus_type": "dedicated",
            "seats": seats,
            "operator": "安阳县通达校车服务有限公司",
            "sign_no": sign,
            "sign_issued_on": days_ago(ctx, 300 + i * 20),
            "sign_valid_until": days_ago(ctx, -65 + i * 20),
            "last_inspection_on": days_ago(ctx, 150 + i * 10),
            "next_inspection_on": days_ago(ctx, -25 + i * 10),  # within the county's 6 months
            "insurance_until": days_ago(ctx, -200),
            "status": "in_service",
            "note": "专用校车，配备灭火器2具、安全锤4把、急救箱1个。",
        }
        for i, (plate, seats, sign) in enumerate(_BUSES)
    ]


_DRIVERS = (("刘建军", "a1", 7300), ("孙国强", "b1", 5800))


@demo_rows("bus_driver")
def _driver_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    buses = ctx.records.get("school_bus", [])
    return [
        {
            "name": name,
            "bus_uuid": buses[i] if len(buses) > i else None,
            "licence_class": lclass,
            "licence_first_issued": days_ago(ctx, first),
            "licence_valid_until": days_ago(ctx, -1500 - i * 200),
            "qualified_on": days_ago(ctx, 1100 - i * 300),
            "qualification_valid_until": days_ago(ctx, -900 - i * 300),
            "clean_record": True,
            "active": True,
            "note": "校车驾驶资格经县公安交管部门审核，驾驶证已签注。",
        }
        for i, (name, lclass, first) in enumerate(_DRIVERS)
    ]


@demo_rows("bus_escort")
def _escort_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    buses = ctx.records.get("school_bus", [])
    start, last = semester_days(ctx)
    rows = []
    for i, index in enumerate((12, 8)):  # the PE teacher and a class teacher
        person = ctx.staff[index % len(ctx.staff)] if ctx.staff else None
        rows.append(
            {
                "name": person.name if person else f"照管员{i + 1}",
                "staff_uuid": person.uuid if person else None,
                "bus_uuid": buses[i] if len(buses) > i else None,
                "appointed_on": start,
                "trained_on": min(start + timedelta(days=2), last),
                "duties_briefed": True,
                "active": True,
            }
        )
    return rows


_ROUTES = (
    (
        "东线：小王庄—李家岗—学校",
        "小王庄村口（06:50）—李家岗村委会（07:00）—石桥头（07:08）—学校南门（07:20）",
        "早 06:45 发车；放学 16:40 发车",
        28,
        "一至六年级（一年级5人、二年级6人、三年级4人、四年级5人、五年级4人、六年级4人）",
    ),
    (
        "西线：后营—前营—学校",
        "后营村文化广场（07:05）—前营村小卖部路口（07:12）—学校南门（07:22）",
        "早 07:00 发车；放学 16:40 发车",
        15,
        "一至四年级",
    ),
)


@demo_rows("bus_route")
def _route_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    buses = ctx.records.get("school_bus", [])
    drivers = ctx.records.get("bus_driver", [])
    escorts = ctx.records.get("bus_escort", [])
    if not buses:
        return []
    start, last = semester_days(ctx)
    return [
        {
            "route_name": name,
            "bus_uuid": buses[i % len(buses)],
            "driver_uuid": drivers[i] if len(drivers) > i else None,
            "escort_uuid": escorts[i] if len(escorts) > i else None,
            "stops": stops,
            "times": times,
            "pupils": pupils,
            "classes": classes,
            "roster_checked_on": min(start + timedelta(days=3), last),
            "roster_kept": "安全办公室、随车照管人员各一份",
        }
        for i, (name, stops, times, pupils, classes) in enumerate(_ROUTES)
    ]


@demo_rows("bus_departure_check")
def _check_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    buses = ctx.records.get("school_bus", [])
    drivers = ctx.records.get("bus_driver", [])
    if not buses:
        return []
    rows = []
    for n, day in enumerate(reversed(school_days_back(ctx, 12))):
        for i, bus in enumerate(buses[:2]):
            tyre_fault = n == 2 and i == 1
            items = {attr: True for attr, _label in CHECK_ITEMS}
            if tyre_fault:
                items["tyres_ok"] = False
            rows.append(
                {
                    "checked_on": day,
                    "trip": "morning",
                    "bus_uuid": bus,
                    "driver_uuid": drivers[i] if len(drivers) > i else None,
                    **items,
                    "fit_to_depart": not tyre_fault,
                    "problems": "左前轮胎侧面鼓包，当日停运更换轮胎，西线学生由1号车分两趟接送。"
                    if tyre_fault
                    else None,
                    "confirmed_by_uuid": staff_uuid(ctx, 1),
                }
            )
    return rows
