"""Rules the record kinds enforce themselves, and demo data that obeys them.

An officer cannot enter a hazard whose deadline is before it was found, nor have the same person
rectify and verify it; an incident cannot be learned of before it happened; a drill cannot end
before it starts. Every kind's demo records pass the same checks a form would.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

import safetydesk.kinds  # noqa: F401  (registers every kind)
from safetydesk.domain.demo import DemoContext, Person
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import demo_data

STAFF_A, STAFF_B = str(uuid.uuid4()), str(uuid.uuid4())


def _errors(kind_key: str, **values: object) -> dict[str, str]:
    kind = get_kind(kind_key)
    full = {f.attr: values.get(f.attr, f.default) for f in kind.fields}
    assert kind.validate is not None
    return kind.validate(full)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- hazards --------------------------------------------------------------------------------------


def test_a_hazard_deadline_before_the_day_it_was_found_is_refused() -> None:
    errors = _errors("hazard", found_on=date(2026, 10, 10), deadline=date(2026, 10, 9))
    assert set(errors) == {"deadline"}
    assert _has_cjk(errors["deadline"])  # shown in the UI language (zh_CN in tests)
    assert _errors("hazard", found_on=date(2026, 10, 10), deadline=date(2026, 10, 10)) == {}


def test_rectification_and_verification_cannot_predate_the_hazard() -> None:
    errors = _errors(
        "hazard",
        found_on=date(2026, 10, 10),
        done_on=date(2026, 10, 1),
        verified_on=date(2026, 10, 2),
        verifier_uuid=STAFF_A,
        rectified_by_uuid=STAFF_B,
    )
    assert {"done_on", "verified_on"} <= set(errors)


def test_the_rectifier_cannot_verify_their_own_work() -> None:
    errors = _errors(
        "hazard",
        found_on=date(2026, 10, 10),
        rectified_by_uuid=STAFF_A,
        verifier_uuid=STAFF_A,
        status="verified",
    )
    assert set(errors) == {"verifier_uuid"}
    assert (
        _errors(
            "hazard",
            found_on=date(2026, 10, 10),
            rectified_by_uuid=STAFF_A,
            verifier_uuid=STAFF_B,
            status="closed",
            closed_on=date(2026, 10, 20),
        )
        == {}
    )


def test_a_hazard_is_not_struck_off_without_a_verifier() -> None:
    errors = _errors("hazard", found_on=date(2026, 10, 10), status="closed", closed_on=date(2026, 10, 12))
    assert set(errors) == {"verifier_uuid"}


# --- incidents ------------------------------------------------------------------------------------


def test_an_incident_learned_of_before_it_happened_is_refused() -> None:
    occurred = datetime(2026, 10, 10, 10, 0, tzinfo=LOCAL_TZ)
    errors = _errors("incident", occurred_at=occurred, learned_at=occurred - timedelta(minutes=5))
    assert set(errors) == {"learned_at"}
    ok = _errors(
        "incident",
        occurred_at=occurred,
        learned_at=occurred,
        phone_reported_at=occurred + timedelta(minutes=21),
    )
    assert ok == {}


def test_times_in_different_zones_compare_as_instants() -> None:
    occurred = datetime(2026, 10, 10, 10, 0, tzinfo=LOCAL_TZ)  # 02:00 UTC
    learned = datetime(2026, 10, 10, 2, 30, tzinfo=UTC)
    assert _errors("incident", occurred_at=occurred, learned_at=learned) == {}


def test_a_follow_up_report_needs_its_number() -> None:
    assert set(_errors("incident_report", report_type="followup")) == {"number"}
    assert _errors("incident_report", report_type="followup", number=2) == {}
    assert _errors("incident_report", report_type="first") == {}


# --- drills and other ordered dates ---------------------------------------------------------------


def test_a_drill_that_ends_before_it_starts_is_refused() -> None:
    start = datetime(2026, 10, 10, 10, 0, tzinfo=LOCAL_TZ)
    assert set(_errors("drill", started_at=start, ended_at=start - timedelta(minutes=1))) == {"ended_at"}
    assert set(_errors("drill", started_at=start, ended_at=start)) == {"ended_at"}
    assert _errors("drill", started_at=start, ended_at=start + timedelta(seconds=118)) == {}


def test_a_bullying_investigation_cannot_end_before_it_starts() -> None:
    errors = _errors(
        "bullying_case",
        found_on=date(2026, 10, 1),
        investigation_start=date(2026, 10, 3),
        investigation_end=date(2026, 10, 2),
    )
    assert set(errors) == {"investigation_end"}
    # finishing after the 10 days is a dashboard warning, not a refusal
    assert (
        _errors(
            "bullying_case",
            found_on=date(2026, 10, 1),
            investigation_start=date(2026, 10, 3),
            investigation_end=date(2026, 10, 30),
        )
        == {}
    )


@pytest.mark.parametrize(
    ("kind_key", "earlier", "later"),
    [
        ("responsibility_letter", "term_start", "term_end"),
        ("psych_case", "opened_on", "closed_on"),
        ("psych_followup", "followed_on", "next_on"),
        ("home_visit", "visited_on", "next_follow_up"),
        ("dispute_case", "found_on", "deadline"),
        ("emergency_plan", "approved_on", "next_review_on"),
        ("rectification_notice", "issued_on", "deadline"),
    ],
)
def test_later_dates_cannot_come_first(kind_key: str, earlier: str, later: str) -> None:
    values = {earlier: date(2026, 10, 10), later: date(2026, 10, 9)}
    if kind_key == "psych_case":
        values["status"] = "closed"
    assert later in _errors(kind_key, **values)


# --- demo data ------------------------------------------------------------------------------------


def _context(today: date) -> DemoContext:
    now = datetime.combine(today, datetime.min.time().replace(hour=15), tzinfo=LOCAL_TZ)

    def people(prefix: str, n: int) -> list[Person]:
        return [Person(str(uuid.uuid4()), f"{prefix}{i}") for i in range(n)]

    staff, classes, students = people("教师", 16), people("班级", 6), people("学生", 48)
    return DemoContext(
        today=today,
        now=now.astimezone(UTC),
        rng=random.Random(1),
        school_name="安阳县示范小学",
        school_type="primary",
        staff=staff,
        classes=classes,
        students=students,
        class_teacher={c.uuid: staff[6 + i].uuid for i, c in enumerate(classes)},
        student_class={s.uuid: classes[i // 8].uuid for i, s in enumerate(students)},
    )


def _check_value(kind_key: str, f: Field, value: object) -> None:
    where = f"{kind_key}.{f.attr}={value!r}"
    if value is None:
        return
    k = f.kind
    if k in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        assert isinstance(value, str) and len(value) <= (f.text_limit or 10**9), where
    elif k is FieldKind.INT:
        assert isinstance(value, int) and not isinstance(value, bool), where
    elif k is FieldKind.DECIMAL:
        assert isinstance(value, int | float) and not isinstance(value, bool), where
    elif k is FieldKind.DATE:
        assert isinstance(value, date) and not isinstance(value, datetime), where
    elif k is FieldKind.DATETIME:
        assert isinstance(value, datetime) and value.tzinfo is not None, where
    elif k is FieldKind.BOOL:
        assert isinstance(value, bool), where
    elif k is FieldKind.CHOICE:
        assert f.choice(value) is not None, where
    else:
        assert isinstance(value, str) and len(value) == 36, where
    if k in (FieldKind.INT, FieldKind.DECIMAL):
        assert f.min_value is None or value >= f.min_value, where
        assert f.max_value is None or value <= f.max_value, where


@pytest.mark.parametrize(
    "today", [date(2026, 11, 28), date(2027, 3, 30), date(2026, 9, 2), date(2026, 8, 5)], ids=str
)
def test_every_kinds_demo_rows_are_valid_records(today: date) -> None:
    ctx = _context(today)
    made: dict[str, int] = {}
    for kind in all_kinds():
        maker = demo_data.maker_for(kind.key)
        if maker is None:
            continue
        rows = maker(ctx)
        attrs = {f.attr for f in kind.fields}
        for row in rows:
            assert set(row) <= attrs, (kind.key, set(row) - attrs)
            for f in kind.fields:
                if f.required and f.kind is not FieldKind.BOOL:
                    assert row.get(f.attr, f.default) not in (None, ""), (kind.key, f.attr)
                _check_value(kind.key, f, row.get(f.attr))
            full = {f.attr: row.get(f.attr, f.default) for f in kind.fields}
            if kind.validate is not None:
                assert kind.validate(full) == {}, (kind.key, row)
        ctx.records[kind.key] = [str(uuid.uuid4()) for _ in rows]
        made[kind.key] = len(rows)
    # the school's records exist; only the reply waits for a notice the township sends
    empty = {k for k, n in made.items() if n == 0}
    assert empty <= {"rectification_reply"}, empty


def test_demo_hazards_cover_every_state() -> None:
    ctx = _context(date(2026, 11, 28))
    ctx.records["inspection"] = [str(uuid.uuid4()) for _ in range(5)]
    rows = demo_data.maker_for("hazard")(ctx)
    assert {r["status"] for r in rows} == {c.code for c in get_kind("hazard").field("status").choices}
    open_rows = [r for r in rows if r["status"] != "closed" and r.get("deadline")]
    assert any(r["deadline"] < ctx.today for r in open_rows), "an overdue hazard"
    assert any(ctx.today <= r["deadline"] <= ctx.today + timedelta(days=3) for r in open_rows)
    assert any(r["grade"] == "major" and r.get("escalated_to_township") for r in rows)


def test_demo_incidents_have_every_level_and_late_and_timely_reports() -> None:
    ctx = _context(date(2026, 11, 28))
    incidents = demo_data.maker_for("incident")(ctx)
    assert {r["level"] for r in incidents} == {"general", "larger", "major", "especially_major"}
    ctx.records["incident"] = [str(uuid.uuid4()) for _ in incidents]
    reports = demo_data.maker_for("incident_report")(ctx)
    learned = dict(zip(ctx.records["incident"], (r["learned_at"] for r in incidents), strict=True))
    serious = {
        u
        for u, r in zip(ctx.records["incident"], incidents, strict=True)
        if r["level"] != "general" or r.get("sensitive")
    }
    firsts = [r for r in reports if r["report_type"] == "first"]
    delays = [(r["sent_at"] - learned[r["incident_uuid"]]) for r in firsts]
    limits = [timedelta(minutes=40 if r["incident_uuid"] in serious else 60) for r in firsts]
    assert any(d > lim for d, lim in zip(delays, limits, strict=True)), "a late written report"
    assert any(d <= lim for d, lim in zip(delays, limits, strict=True)), "a timely written report"
    larger = next(r for r in incidents if r["level"] == "larger")
    assert larger["phone_reported_at"] - larger["learned_at"] == timedelta(minutes=21)
