"""A school asks for its own status; every number is counted again here, straight from the
database file with plain SQL and the rules as domain.md states them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from safetydesk.cli import main
from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ

UNFINISHED = ("registered", "graded", "assigned", "rectifying")
AUTUMN_START, SCHOOL_YEAR_END = date(2026, 9, 1), date(2027, 7, 10)


def _utc(text: str | None) -> datetime | None:
    if text is None:
        return None
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _expected_incidents(db: sqlite3.Connection, since: date, now: datetime) -> dict[str, int]:
    """domain.md §8: general -> one report within 60 minutes of learning of it; 较大 and above or
    重大敏感 -> phone within 20 and written within 40. A late flag stored with a report stays."""
    firsts: dict[str, list[tuple[datetime, bool]]] = {}
    for incident, sent, late in db.execute(
        "SELECT incident_uuid, sent_at, late FROM incident_report "
        "WHERE deleted_at IS NULL AND report_type = 'first'"
    ):
        firsts.setdefault(incident, []).append((_utc(sent), bool(late)))
    out = {"total": 0, "on_time": 0, "late": 0, "still_due": 0, "overdue": 0}
    rows = db.execute(
        "SELECT uuid, learned_at, level, sensitive, phone_reported_at, phone_late FROM incident "
        "WHERE deleted_at IS NULL"
    ).fetchall()
    for uuid, learned, level, sensitive, phone, phone_late in rows:
        learned = _utc(learned)
        if learned > now or learned.astimezone(LOCAL_TZ).date() < since:
            continue
        out["total"] += 1
        phone = _utc(phone)
        written = min((t for t, _l in firsts.get(uuid, [])), default=None)
        flagged = any(late for _t, late in firsts.get(uuid, [])) or bool(phone_late and phone)
        if level != "general" or sensitive:
            made = [(phone, learned + timedelta(minutes=20)), (written, learned + timedelta(minutes=40))]
        else:
            either = min((t for t in (phone, written) if t is not None), default=None)
            made = [(either, learned + timedelta(minutes=60))]
        missing = any(t is None and due < now for t, due in made)
        pending = any(t is None and due >= now for t, due in made)
        late = flagged or any(t is not None and t > due for t, due in made)
        if missing:
            out["still_due"] += 1
            out["overdue"] += 1
        elif late:
            out["late"] += 1
        elif pending:
            out["still_due"] += 1
        else:
            out["on_time"] += 1
    return out


def _months_started(start: date, today: date) -> int:
    return (today.year - start.year) * 12 + today.month - start.month + 1


def test_a_school_status_counts_what_its_records_say(demo_paths, capsys) -> None:
    today = clock.today()
    if not AUTUMN_START <= today <= date(2027, 1, 20):
        pytest.skip("the independent counts below are written for the 2026 autumn semester")
    with clock.moved_to(clock.now()) as frozen:
        assert main(["--data-dir", str(demo_paths.root), "status", "--json", "--as-of", today.isoformat()]) == 0
        got = json.loads(capsys.readouterr().out)
        now = frozen()
    assert isinstance(got, dict), "a school prints ONE object"

    db = sqlite3.connect(demo_paths.database)
    one = lambda sql, *a: db.execute(sql, a).fetchone()[0]  # noqa: E731
    d = today.isoformat()
    assert got["school"] == {"code": "4105220001", "name": "安阳县示范小学"}
    assert (got["as_of"], got["semester"]) == (d, "2026-autumn")
    assert got["hazards"] == {
        "open": one("SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND status != 'closed' "
                    "AND found_on <= ?", d),
        "overdue": one("SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND status IN (?,?,?,?) "
                       "AND deadline < ? AND found_on <= ?", *UNFINISHED, d, d),
        "major_open": one("SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND status != 'closed' "
                          "AND grade = 'major' AND found_on <= ?", d),
    }  # fmt: skip
    assert got["hazards"]["open"] > 0 and got["hazards"]["overdue"] > 0
    in_semester = "deleted_at IS NULL AND held_on >= ? AND held_on <= ?"
    meetings = one(f"SELECT count(*) FROM parent_meeting WHERE {in_semester}", AUTUMN_START.isoformat(), d)
    assert got["parent_meetings"] == {
        "held": meetings, "required": 2, "state": "done" if meetings >= 2 else "due"
    }  # fmt: skip
    drills = one(f"SELECT count(*) FROM drill WHERE {in_semester}", AUTUMN_START.isoformat(), d)
    assert got["drills"]["done"] == drills and drills > 0
    assert got["drills"]["required"] == _months_started(AUTUMN_START, today)
    hours = one(f"SELECT coalesce(sum(hours), 0) FROM education_session WHERE {in_semester}",
                AUTUMN_START.isoformat(), d)
    assert got["education_hours"]["done"] == pytest.approx(hours) and got["education_hours"]["required"] == 14
    assert got["incidents"] == _expected_incidents(db, AUTUMN_START, now)
    assert got["incidents"]["total"] >= 3 and got["incidents"]["late"] >= 1
    assert got["notices"] == {"open": 0, "overdue": 0, "answered": 0, "sent_back": 0, "accepted": 0,
                              "escalated": 0, "total": 0}  # notices come from a township
    used = db.execute("SELECT DISTINCT template_version FROM inspection WHERE deleted_at IS NULL "
                      "AND template_version IS NOT NULL AND inspected_on <= ?", (d,)).fetchall()
    assert sorted(t["version"] for t in got["templates"]) == sorted(v for (v,) in used)
    assert got["last_package"] is None and got["missing_packages"] == []
    db.close()


def test_plain_output_is_chinese_and_bad_dates_are_usage_errors(demo_paths, capsys) -> None:
    d = str(demo_paths.root)
    assert main(["--data-dir", d, "status", "--as-of", "2026年12月1日"]) == 0
    out = capsys.readouterr().out
    assert "截至 2026年12月1日" in out and "隐患" in out and "家长会" in out
    for bad in ("2026-13-01", "2026-2-30", "next week", "2026年2月30日"):
        assert main(["--data-dir", d, "status", "--as-of", bad]) == 2, bad
        assert "2026-12-01" in capsys.readouterr().err
    assert main(["--data-dir", d, "status", "--school", "4105220009"]) == 1
    assert "4105220009" in capsys.readouterr().err
