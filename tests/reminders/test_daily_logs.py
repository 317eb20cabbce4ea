"""The daily logs' rules (护学岗, 封闭化管理, 校车出车前检查, 陪餐, 留样) turn red on the right day and
not the day before, on the school days of the county's semester calendar; and each county number
of the canteen, bus, security and risk registers, changed through the settings registry, changes
what the dashboard and `status` show and what a form accepts. Real records in a real SQLite
installation; the clock moved with domain.clock; boundary days written out.

The week used: Monday 2026-11-23 to Friday 11-27, the weekend, Monday 11-30, Tuesday 12-01 (the
default autumn semester runs 9-01 to 1-20)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from safetydesk.cli import main
from safetydesk.domain.compliance import State
from safetydesk.domain.daily_logs import is_school_day
from safetydesk.errors import ValidationError
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import reminders
from safetydesk.services.workspace import open_workspace
from tests.reminders.helpers import on, save, set_rule, states, status_on
from tests.support import PASSWORD, dump

DUE, OVERDUE = State.DUE, State.OVERDUE
FRIDAY, SATURDAY, MONDAY, TUESDAY = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30), date(2026, 12, 1)


def weekdays(first: date, last: date) -> list[date]:
    out, d = [], first
    while d <= last:
        if is_school_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def keep(ws, first: date, last: date, make: Callable[[date], list[tuple[str, dict[str, Any]]]]) -> None:
    """Record each school day's log from `first` to `last`, each on its own day."""
    for day in weekdays(first, last):
        with on(day, 17):
            for kind, values in make(day):
                save(ws, kind, values)


def staff(ws) -> str:
    with on(date(2026, 9, 1)):
        return save(ws, "staff", {"name": "赵老师"})


def test_school_days_are_weekdays_of_the_semester_without_the_national_holidays():
    assert is_school_day(FRIDAY) and not is_school_day(SATURDAY)
    assert not is_school_day(date(2026, 10, 1)) and not is_school_day(date(2026, 10, 7))
    assert is_school_day(date(2026, 10, 8))
    assert not is_school_day(date(2026, 8, 31)) and is_school_day(date(2026, 9, 1))  # the semester's first day
    assert not is_school_day(date(2027, 1, 21))  # winter holiday


# --- 护学岗 ------------------------------------------------------------------------------------------


def duty(teacher: str, *periods: str) -> Callable[[date], list[tuple[str, dict[str, Any]]]]:
    return lambda day: [("guard_duty", {"duty_on": day, "period": p, "post": "学校大门口", "staff_uuid": teacher,
                                        "present": True}) for p in periods]


def test_gate_duty_not_kept_on_friday_is_red_on_saturday_not_friday(workspace):
    teacher = staff(workspace)
    keep(workspace, date(2026, 11, 2), date(2026, 11, 26), duty(teacher, "arrival", "dismissal"))
    assert states(workspace, "guard_duty_days", FRIDAY) == []  # the day is not over
    assert states(workspace, "guard_duty_days", SATURDAY) == [OVERDUE]
    with on(SATURDAY):
        detail = reminders.load(workspace.sessions, workspace.info.school_type).rules
    line = next(r for r in detail if r.rule == "guard_duty_days")
    assert "11月27日" in line.detail and "11月26日" not in line.detail and line.when == FRIDAY
    keep(workspace, FRIDAY, FRIDAY, duty(teacher, "arrival", "dismissal"))
    assert states(workspace, "guard_duty_days", MONDAY) == []  # the weekend is no school day
    assert states(workspace, "guard_duty_days", TUESDAY) == [OVERDUE]  # Monday missing


def test_the_county_asks_for_one_period_or_none(workspace):
    teacher = staff(workspace)
    keep(workspace, date(2026, 11, 2), FRIDAY, duty(teacher, "arrival"))
    assert states(workspace, "guard_duty_days", SATURDAY) == [OVERDUE]  # dismissal missing every day
    set_rule(workspace, "daily_logs.guard_duty_periods", 1)
    assert states(workspace, "guard_duty_days", SATURDAY) == []
    set_rule(workspace, "daily_logs.guard_duty_periods", 0)
    assert states(workspace, "guard_duty_days", date(2026, 12, 10)) == []


def test_the_county_checks_only_the_last_three_school_days(workspace):
    teacher = staff(workspace)
    keep(workspace, date(2026, 11, 25), FRIDAY, duty(teacher, "arrival", "dismissal"))
    assert states(workspace, "guard_duty_days", SATURDAY) == [OVERDUE]  # 11-13 … 11-24 missing
    set_rule(workspace, "daily_logs.window_school_days", 3)
    assert states(workspace, "guard_duty_days", SATURDAY) == []
    assert states(workspace, "guard_duty_days", TUESDAY) == [OVERDUE]


# --- 封闭化管理 ---------------------------------------------------------------------------------------


def campus_check(ws, day: date) -> None:
    with on(day, 16):
        save(ws, "closed_campus_check", {"checked_on": day, "gate_closed": True, "walls_intact": True,
                                         "visitors_registered": True, "gate_watched": True, "defence_gear": True,
                                         "pickup_handover": True})


def test_a_campus_check_on_monday_is_due_the_fifth_school_day_after_and_red_the_day_after(workspace):
    campus_check(workspace, date(2026, 11, 23))
    assert states(workspace, "closed_campus_checks", FRIDAY) == []
    assert states(workspace, "closed_campus_checks", MONDAY) == [DUE]  # 5 school days after 11-23
    assert states(workspace, "closed_campus_checks", TUESDAY) == [OVERDUE]
    campus_check(workspace, TUESDAY)
    assert states(workspace, "closed_campus_checks", TUESDAY) == []


def test_the_county_asks_for_a_campus_check_every_three_school_days(workspace):
    campus_check(workspace, date(2026, 11, 23))
    set_rule(workspace, "daily_logs.closed_campus_check_days", 3)
    assert states(workspace, "closed_campus_checks", date(2026, 11, 26)) == [DUE]
    assert states(workspace, "closed_campus_checks", FRIDAY) == [OVERDUE]
    set_rule(workspace, "daily_logs.closed_campus_check_days", 0)
    assert states(workspace, "closed_campus_checks", FRIDAY) == []


def test_no_campus_check_this_semester_is_red_after_its_first_school_week(workspace):
    # 2026-09-01 is a Tuesday: its fifth school day is Monday 9-07
    assert states(workspace, "closed_campus_checks", date(2026, 9, 7)) == [DUE]
    assert states(workspace, "closed_campus_checks", date(2026, 9, 8)) == [OVERDUE]
    assert states(workspace, "closed_campus_checks", date(2027, 1, 25)) == []  # winter holiday


# --- 校车出车前检查 -------------------------------------------------------------------------------------


def bus(ws, plate: str = "豫E·12345", *, route: bool = True, last_inspection: date | None = None,
        next_inspection: date | None = None) -> str:  # fmt: skip
    with on(date(2026, 9, 1)):
        uuid = save(ws, "school_bus", {"plate": plate, "bus_type": "dedicated", "seats": 19,
                                       "last_inspection_on": last_inspection, "next_inspection_on": next_inspection})
        if route:
            save(ws, "bus_route", {"route_name": "东线", "bus_uuid": uuid, "stops": "小王庄村口—学校", "pupils": 15,
                                   "roster_checked_on": date(2026, 9, 1)})
    return uuid


def bus_check(uuid: str, *trips: str) -> Callable[[date], list[tuple[str, dict[str, Any]]]]:
    items = {a: True for a in ("brakes_ok", "steering_ok", "lights_ok", "tyres_ok", "safety_door_ok", "seats_ok",
                               "seat_belts_ok", "fit_to_depart")}
    return lambda day: [("bus_departure_check", {"checked_on": day, "trip": t, "bus_uuid": uuid, **items})
                        for t in trips]


def test_a_bus_on_a_route_unchecked_on_friday_is_red_on_saturday_not_friday(workspace):
    set_rule(workspace, "facilities.school_bus", True)
    uuid = bus(workspace)
    bus(workspace, "豫E·6M208", route=False)  # in service but on no route: it does not run
    keep(workspace, date(2026, 11, 2), date(2026, 11, 26), bus_check(uuid, "morning"))
    assert states(workspace, "bus_departure_checks", FRIDAY) == []
    assert states(workspace, "bus_departure_checks", SATURDAY) == [OVERDUE]
    set_rule(workspace, "daily_logs.bus_checks_per_day", 2)  # morning and afternoon runs
    assert states(workspace, "bus_departure_checks", FRIDAY) == [OVERDUE]
    set_rule(workspace, "facilities.school_bus", False)
    assert states(workspace, "bus_departure_checks", SATURDAY) == []


# --- 陪餐 --------------------------------------------------------------------------------------------


def meal(leader: str, *meals: str) -> Callable[[date], list[tuple[str, dict[str, Any]]]]:
    return lambda day: [("meal_accompany", {"accompanied_on": day, "meal": m, "leader_uuid": leader})
                        for m in meals]


def test_no_leader_at_lunch_on_friday_is_red_on_saturday_not_friday(workspace):
    leader = staff(workspace)
    keep(workspace, date(2026, 11, 2), date(2026, 11, 26), meal(leader, "lunch"))
    assert states(workspace, "meal_accompany_days", FRIDAY) == []
    assert states(workspace, "meal_accompany_days", SATURDAY) == [OVERDUE]


def test_a_boarding_school_county_asks_for_three_meals_and_a_school_without_canteen_hears_nothing(workspace):
    leader = staff(workspace)
    keep(workspace, date(2026, 11, 2), FRIDAY, meal(leader, "lunch"))
    assert states(workspace, "meal_accompany_days", SATURDAY) == []
    set_rule(workspace, "daily_logs.meals_accompanied_per_day", 3)
    assert states(workspace, "meal_accompany_days", SATURDAY) == [OVERDUE]
    set_rule(workspace, "facilities.canteen", False)
    assert states(workspace, "meal_accompany_days", SATURDAY) == []


# --- 留样 --------------------------------------------------------------------------------------------


def sample(cook: str, grams: float = 130, hours: int = 49) -> Callable[[date], list[tuple[str, dict[str, Any]]]]:
    def make(day: date) -> list[tuple[str, dict[str, Any]]]:
        taken = datetime(day.year, day.month, day.day, 11, 40, tzinfo=LOCAL_TZ)
        return [("food_sample", {"sampled_at": taken, "meal": "lunch", "dish": "白菜炖豆腐", "weight_g": grams,
                                 "kept_until": taken + timedelta(hours=hours), "sampled_by_uuid": cook})]

    return make


def test_no_food_sample_on_friday_is_red_on_saturday_not_friday(workspace):
    cook = staff(workspace)
    keep(workspace, date(2026, 11, 2), date(2026, 11, 26), sample(cook))
    assert states(workspace, "food_sample_days", FRIDAY) == []
    assert states(workspace, "food_sample_days", SATURDAY) == [OVERDUE]
    set_rule(workspace, "daily_logs.food_samples_every_day", False)
    assert states(workspace, "food_sample_days", SATURDAY) == []


def test_the_samples_weight_and_hours_are_the_countys(workspace):
    cook = staff(workspace)
    light = sample(cook, grams=110)(FRIDAY)[0][1]
    before = dump(workspace.paths.database)
    with on(FRIDAY, 12), pytest.raises(ValidationError) as bad:
        save(workspace, "food_sample", light)
    assert set(bad.value.field_errors) == {"weight_g"} and "125" in bad.value.field_errors["weight_g"]
    assert dump(workspace.paths.database) == before  # nothing saved
    set_rule(workspace, "canteen.sample_min_grams", 100)
    with on(FRIDAY, 12):
        save(workspace, "food_sample", light)
    assert states(workspace, "food_sample_short", FRIDAY) == []
    # the county raises it back: the sample already kept is red from its own day, not the day before
    set_rule(workspace, "canteen.sample_min_grams", 125)
    assert states(workspace, "food_sample_short", date(2026, 11, 26)) == []
    assert states(workspace, "food_sample_short", FRIDAY) == [OVERDUE]
    # hours
    short = sample(cook, hours=50)(MONDAY)[0][1]
    set_rule(workspace, "canteen.sample_keep_hours", 72)
    with on(MONDAY, 12), pytest.raises(ValidationError) as bad:
        save(workspace, "food_sample", short)
    assert set(bad.value.field_errors) == {"kept_until"} and "72" in bad.value.field_errors["kept_until"]


def test_the_sample_grams_set_on_the_command_line_change_the_dashboard(workspace, tmp_path, capsys):
    cook = staff(workspace)
    with on(FRIDAY, 12):
        save(workspace, "food_sample", sample(cook, grams=130)(FRIDAY)[0][1])
    assert states(workspace, "food_sample_short", FRIDAY) == []
    paths = workspace.paths
    workspace.close()
    password = tmp_path / "pw"
    password.write_text(PASSWORD, encoding="utf-8")
    assert main(["--data-dir", str(paths.root), "settings", "set", "canteen.sample_min_grams", "150", "--user",
                 "admin", "--password-file", str(password)]) == 0
    capsys.readouterr()
    ws = open_workspace(paths)
    try:
        assert states(ws, "food_sample_short", FRIDAY) == [OVERDUE]
        with on(FRIDAY):
            line = next(r for r in reminders.load(ws.sessions, ws.info.school_type).rules
                        if r.rule == "food_sample_short")
        assert "150" in line.detail and "130" in line.detail
    finally:
        ws.close()


# --- the registers' county numbers ---------------------------------------------------------------------


def test_the_bus_inspection_interval_is_the_countys(workspace):
    set_rule(workspace, "facilities.school_bus", True)
    bus(workspace, last_inspection=date(2026, 6, 1))  # no next date written: 6 months → 12-01
    assert states(workspace, "expiry", date(2026, 12, 1)) == [DUE]
    assert states(workspace, "expiry", TUESDAY + timedelta(days=1)) == [OVERDUE]
    set_rule(workspace, "school_bus.inspection_months", 3)  # → 09-01
    assert states(workspace, "expiry", date(2026, 9, 1)) == [DUE]
    assert states(workspace, "expiry", date(2026, 9, 2)) == [OVERDUE]
    assert status_on(workspace, date(2026, 9, 2))["expiries"]["school_bus"] == {"due_soon": 0, "overdue": 1}
    # a next inspection beyond the county's interval is refused, and nothing is saved
    before = dump(workspace.paths.database)
    with on(date(2026, 9, 1)), pytest.raises(ValidationError) as bad:
        save(workspace, "school_bus", {"plate": "豫E·6M208", "bus_type": "dedicated", "seats": 19,
                                       "last_inspection_on": date(2026, 6, 1), "next_inspection_on": date(2026, 9, 2)})
    assert set(bad.value.field_errors) == {"next_inspection_on"}
    assert "3" in bad.value.field_errors["next_inspection_on"]
    assert dump(workspace.paths.database) == before


def test_guards_per_pupils_are_the_countys(workspace):
    with on(date(2026, 9, 1)):
        for grade, pupils in zip("一二三四五六", (100, 100, 100, 100, 110, 110), strict=True):
            save(workspace, "class", {"name": f"{grade}年级（1）班", "grade": f"{grade}年级", "student_count": pupils})
        for name in ("郭长顺", "马文亮"):
            save(workspace, "security_guard", {"name": name, "post": "full_time", "started_on": date(2026, 9, 1)})
        save(workspace, "security_guard", {"name": "李大爷", "post": "gatekeeper", "started_on": date(2026, 9, 1)})
    assert states(workspace, "security_guards", TUESDAY) == [OVERDUE]  # 620 pupils: 2 + 1 guards
    with on(TUESDAY):
        line = next(r for r in reminders.load(workspace.sessions, workspace.info.school_type).rules
                    if r.rule == "security_guards")
    assert "620" in line.detail and "3" in line.detail
    set_rule(workspace, "security.guards_per_pupils", {"pupils": 1000})
    assert states(workspace, "security_guards", TUESDAY) == []
    with pytest.raises(ValidationError):
        set_rule(workspace, "security.guards_per_pupils", {"pupils": 10})


def test_risk_review_months_by_level_and_a_level_the_county_does_not_use(workspace):
    teacher = staff(workspace)
    with on(date(2026, 9, 1)):
        save(workspace, "risk_point", {"name": "学校东侧围墙", "category": "school_building", "level": "red",
                                       "measures": "设警戒线，专人值守", "responsible_uuid": teacher,
                                       "identified_on": date(2026, 9, 1)})
    assert states(workspace, "expiry", date(2026, 8, 31)) == []
    assert states(workspace, "expiry", date(2026, 10, 1)) == [DUE]  # red: every month
    assert states(workspace, "expiry", date(2026, 10, 2)) == [OVERDUE]
    set_rule(workspace, "risk.review_months", {"red": 2})
    assert states(workspace, "expiry", date(2026, 10, 2)) == [DUE]
    assert states(workspace, "expiry", date(2026, 11, 2)) == [OVERDUE]
    assert status_on(workspace, date(2026, 11, 2))["expiries"]["risk_points"] == {"due_soon": 0, "overdue": 1}
    # a county of three levels: orange cannot be chosen any more
    set_rule(workspace, "risk.review_months", {"orange": 0})
    before = dump(workspace.paths.database)
    with on(date(2026, 11, 2)), pytest.raises(ValidationError) as bad:
        save(workspace, "risk_point", {"name": "教学楼楼梯", "category": "school_building", "level": "orange",
                                       "measures": "课间教师值守", "responsible_uuid": teacher,
                                       "identified_on": date(2026, 11, 2)})
    assert set(bad.value.field_errors) == {"level"}
    assert dump(workspace.paths.database) == before
    with pytest.raises(ValidationError):
        set_rule(workspace, "risk.review_months", {"red": 0})
