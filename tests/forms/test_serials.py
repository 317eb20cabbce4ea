"""Human serials: a hazard logged at the school is YH-2026-0001, the next YH-2026-0002; the number
never changes and travels with the row; each year starts again at 0001; a record another
installation owns never takes one of ours; existing records are numbered by the upgrade."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from safetydesk.domain.clock import moved_to
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.domain.serials import format_serial, next_serial, parse_serial
from safetydesk.i18n import LOCAL_TZ
from safetydesk.models import migrate
from safetydesk.models.db import make_engine
from safetydesk.paths import DataPaths
from safetydesk.services import hazards, records
from safetydesk.services.storage import open_storage

AUTUMN = datetime(2026, 10, 12, 10, 0, tzinfo=LOCAL_TZ)
H = {n: f"0000000{n}-0000-4000-8000-00000000000{n}" for n in range(1, 5)}


def _hazard(ws, location: str = "东侧围墙", actor=None) -> str:
    return records.save(ws.sessions, actor or ws.actor, "hazard", {
        "found_on": date(2026, 10, 12), "category": "school_building", "location": location,
        "description": "围墙裂缝", "grade": "general"}).uuid  # fmt: skip


def _serial(ws, uuid: str) -> str:
    return records.get(ws.sessions, "hazard", uuid).values["serial"]


def test_serials_count_per_year_and_never_change(workspace) -> None:
    ws = workspace
    with moved_to(AUTUMN):
        first, second = _hazard(ws), _hazard(ws, "旗杆")
        assert (_serial(ws, first), _serial(ws, second)) == ("YH-2026-0001", "YH-2026-0002")
        values = dict(records.get(ws.sessions, "hazard", first).values, serial="YH-2026-0099", location="北墙")
        records.save(ws.sessions, ws.actor, "hazard", values, first)  # a form cannot change it
        hazards.move(ws.sessions, ws.actor, first, "grade", {"grade": "general", "risk_colour": "blue"})
        assert _serial(ws, first) == "YH-2026-0001"
        records.delete(ws.sessions, ws.actor, "hazard", second)
        assert _serial(ws, _hazard(ws)) == "YH-2026-0003"  # a deleted record keeps its number
    with moved_to(datetime(2027, 1, 3, 9, 0, tzinfo=LOCAL_TZ)):
        assert _serial(ws, _hazard(ws)) == "YH-2027-0001"


def test_a_record_owned_elsewhere_keeps_its_owners_serial_and_does_not_count(workspace) -> None:
    ws = workspace
    with moved_to(AUTUMN):
        theirs = _hazard(ws, actor=replace(ws.actor, org_code="4105220002"))
        assert _serial(ws, theirs) == "YH-2026-0001"
        ours = _hazard(ws)
        assert _serial(ws, ours) == "YH-2026-0001"


def test_kinds_printed_forms_cite_have_distinct_prefixes_and_a_read_only_serial_field() -> None:
    with_serial = {k.key: k.serial_prefix for k in all_kinds() if k.serial_prefix}
    assert with_serial == {"inspection": "JC", "hazard": "YH", "psych_case": "XL", "bullying_case": "QL",
                           "incident": "SJ"}  # fmt: skip
    for key in with_serial:
        field = get_kind(key).field("serial")
        assert not field.editable and field.exported and not field.sensitive
    assert parse_serial(format_serial("YH", 2026, 7)) == ("YH", 2026, 7)
    assert next_serial("YH", 2026, ["YH-2026-0009", "YH-2026-10000", "YH-2025-0200", None]) == "YH-2026-10001"


def test_the_upgrade_numbers_existing_records_per_owner_and_year(tmp_path: Path) -> None:
    db = tmp_path / "safetydesk.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, "0006")
    engine.dispose()
    conn = sqlite3.connect(db)
    base = {"check_type": None, "category": "fire", "location": "楼道", "description": "灭火器过期",
            "grade": "general", "warning_set": 0, "escalated_to_township": 0, "status": "registered",
            "row_version": 1, "created_by": "admin", "updated_by": "admin", "found_on": "2026-01-01"}  # fmt: skip
    made = [(H[1], "A", "2025-12-31 15:59:00.000000"), (H[2], "A", "2025-12-31 16:01:00.000000"),
            (H[3], "B", "2026-03-01 08:00:00.000000"), (H[4], "A", "2026-05-01 08:00:00.000000")]  # fmt: skip
    for uuid, owner, at in made:
        row = {**base, "uuid": uuid, "owner": owner, "created_at": at, "updated_at": at}
        cols = ", ".join(row)
        conn.execute(f"INSERT INTO hazard ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    conn.commit()
    conn.close()
    open_storage(DataPaths(tmp_path)).close()  # backs up, then upgrades to head
    conn = sqlite3.connect(db)
    got = dict(conn.execute("SELECT uuid, serial FROM hazard").fetchall())
    found = conn.execute("""SELECT uuid FROM record_fts WHERE record_fts MATCH '"YH-2026-0002"'""").fetchall()
    conn.close()
    assert found == [(H[4],)]  # the search finds an old record by the serial it was given
    # 2025-12-31 15:59 UTC is still 2025 in China; 16:01 UTC is 2026-01-01 00:01.
    assert got == {H[1]: "YH-2025-0001", H[2]: "YH-2026-0001", H[3]: "YH-2026-0001", H[4]: "YH-2026-0002"}


@pytest.mark.parametrize("kind", ["inspection", "incident", "psych_case", "bullying_case"])
def test_the_demo_records_of_every_kind_with_a_serial_have_one(demo_workspace, kind: str) -> None:
    rows = records.fetch_page(demo_workspace.sessions, records.ListQuery(kind=kind), 0, 100)
    serials = [r.values["serial"] for r in rows]
    assert rows and all(parse_serial(s) for s in serials) and len(set(serials)) == len(serials)
