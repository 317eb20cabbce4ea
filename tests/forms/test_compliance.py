"""Compliance through a semester: an officer's clock moves, meetings and drills are counted."""

from __future__ import annotations

from datetime import date, datetime

from safetydesk.domain import clock
from safetydesk.domain.compliance import ComplianceRules, State, drill_periods, semester_compliance
from safetydesk.domain.semester import semester
from safetydesk.services import dashboard, records

RULES = ComplianceRules()


def items(today, *, meetings=(), drills=(), education=(), school_type="middle"):
    got = semester_compliance(
        meetings=meetings,
        drill_dates=drills,
        education=education,
        today=today,
        school_type=school_type,
        rules=RULES,
    )
    return {i.key: i for i in got}


def test_parent_meetings_due_then_overdue_across_the_semester_boundary() -> None:
    one = [date(2026, 10, 10)]
    assert items(date(2027, 1, 19), meetings=one)["parent_meetings"].state is State.DUE
    late = items(date(2027, 1, 25), meetings=one)["parent_meetings"]  # the winter holiday
    assert (late.state, late.held, late.required) == (State.OVERDUE, 1, 2)
    spring = items(date(2027, 2, 20), meetings=one)["parent_meetings"]  # a new semester starts empty
    assert (spring.state, spring.held) == (State.DUE, 0)
    done = items(date(2027, 1, 19), meetings=[*one, date(2026, 12, 1)])["parent_meetings"]
    assert done.state is State.DONE


def test_drills_monthly_for_a_middle_school_quarterly_for_a_kindergarten() -> None:
    drills = [date(2026, 9, 15), date(2026, 10, 20)]
    middle = items(date(2026, 11, 20), drills=drills)["drills"]
    assert (middle.state, middle.held, middle.required, middle.required_total) == (State.DUE, 2, 3, 5)
    kg = items(date(2026, 11, 20), drills=drills, school_type="kindergarten")["drills"]
    assert (kg.state, kg.required, kg.required_total) == (State.DONE, 1, 2)
    # December passes without a drill: the school is overdue, the kindergarten's block is still open.
    middle = items(date(2027, 1, 3), drills=[*drills, date(2026, 11, 5)])["drills"]
    assert middle.state is State.OVERDUE
    assert middle.missed_periods == ((date(2026, 12, 1), date(2026, 12, 31)),)
    kg = items(date(2027, 1, 3), drills=drills, school_type="kindergarten")["drills"]
    assert kg.state is State.DUE  # Dec–Jan block has no drill yet, and it has not ended


def test_drill_periods_follow_the_semester_calendar() -> None:
    autumn = semester("2026-autumn")
    assert len(drill_periods(autumn, 1)) == 5
    assert drill_periods(autumn, 3)[-1] == (date(2026, 12, 1), date(2027, 1, 20))
    assert len(drill_periods(semester("2027-spring"), 1)) == 6


def test_education_hours_by_school_level_and_setting() -> None:
    sessions = [(date(2026, 9, 10), 6), (date(2027, 3, 10), 6.5)]
    middle = items(date(2027, 4, 1), education=sessions)["education_hours"]
    assert (middle.state, middle.held, middle.required) == (State.DONE, 12.5, 12)
    primary = items(date(2027, 4, 1), education=sessions, school_type="primary")["education_hours"]
    assert (primary.state, primary.required) == (State.DUE, 14)
    assert (
        items(date(2027, 7, 20), education=sessions, school_type="primary")["education_hours"].state
        is State.OVERDUE
    )
    kg = items(date(2027, 4, 1), education=sessions, school_type="kindergarten")["education_hours"]
    assert kg.state is State.NOT_SCHEDULED
    county = ComplianceRules.from_settings({"education_hours": {"primary": 10, "middle": 12, "high": 8}})
    assert county.hours_required("primary") == 10 and county.hours_required("middle") == 12


def test_the_dashboard_counts_with_a_moved_clock(demo_workspace) -> None:
    ws = demo_workspace
    meetings = [
        r.values["held_on"]
        for r in records.fetch_page(ws.sessions, records.ListQuery(kind="parent_meeting"), 0, 100)
    ]
    assert meetings
    first = min(meetings)
    sem_end = (
        semester(f"{first.year if first.month >= 9 else first.year - 1}-autumn").end
        if first.month >= 9 or first.month == 1
        else semester(f"{first.year}-spring").end
    )
    with clock.moved_to(datetime(sem_end.year, sem_end.month, sem_end.day, 10)):
        kg = {i.key: i for i in dashboard.compute_compliance(ws.sessions, "kindergarten")}
        school = {i.key: i for i in dashboard.compute_compliance(ws.sessions, "middle")}
    assert kg["drills"].required_total < school["drills"].required_total
    assert school["parent_meetings"].held >= 1
    assert kg["education_hours"].state is State.NOT_SCHEDULED
    data = None
    with clock.moved_to(datetime(sem_end.year, sem_end.month, sem_end.day, 10)):
        data = dashboard.load(ws.sessions, "primary")
    assert len(data.compliance) == 3
    assert all(i.page.startswith("kind:") for i in data.items)
    assert sum(n for _m, n in data.hazards_by_month) <= sum(n for _c, n in data.hazards_by_category)
