"""`safetydesk demo --township` on an empty folder: a township centre holding three schools of three
kinds whose real packages (signed, encrypted, through the normal importer) it imported; its import
log shows them, and notices went down and an answer came back up."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from safetydesk.cli import main
from safetydesk.models.sync_state import ImportAttempt, ImportedPackage, TrustedPeer
from safetydesk.paths import DataPaths
from safetydesk.services.storage import open_storage
from tests.support import dump

SCHOOLS = {"4105220001": "primary", "4105220002": "middle", "4105220003": "kindergarten"}


def test_demo_township_imports_three_schools_real_packages(tmp_path: Path, capsys) -> None:
    root = tmp_path / "township"
    assert main(["--data-dir", str(root), "demo", "--township"]) == 0
    out = capsys.readouterr().out
    assert "demo-2026-pass" in out and out.count("已导入数据包") == 3

    storage = open_storage(DataPaths(root))
    try:
        with storage.sessions() as s:
            peers = {p.org_code: p.school_type for p in s.scalars(select(TrustedPeer))}
            imported = s.execute(select(ImportedPackage.sender_code, ImportedPackage.seq)).all()
            attempts = s.execute(select(ImportAttempt.sender_code, ImportAttempt.status)).all()
    finally:
        storage.close()
    assert peers == SCHOOLS  # trusted from their identity files, which said what kind each is
    assert {code for code, _seq in imported} == set(SCHOOLS)
    assert sorted(imported) == [("4105220001", 1), ("4105220001", 2), ("4105220002", 1), ("4105220003", 1)]
    assert sorted(attempts) == sorted((code, "imported") for code, _seq in imported)

    assert main(["--data-dir", str(root), "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["school"]["code"] for r in rows] == list(SCHOOLS)
    assert all(r["last_package"] and r["hazards"]["open"] > 0 for r in rows)
    # three different schools: a kindergarten owes no class hours, the schools behind differ
    hours = [r["education_hours"]["required"] for r in rows]
    assert hours[2] == 0 and hours[0] != hours[1]
    assert len({json.dumps({k: r[k] for k in ("drills", "parent_meetings", "notices")}) for r in rows}) == 3

    assert main(["--data-dir", str(root), "supervision", "list", "--json"]) == 0
    notices = json.loads(capsys.readouterr().out)
    assert {n["school"]["code"] for n in notices} == set(SCHOOLS)
    answered = [n for n in notices if n["state"] == "answered"]
    assert len(answered) == 1 and answered[0]["school"]["code"] == "4105220001"
    assert any(i["hazard_uuid"] for i in answered[0]["items"])  # a school hazard under 督办
    assert any(n["overdue"] for n in notices)

    before = dump(root / "safetydesk.sqlite3")
    assert main(["--data-dir", str(root), "demo", "--township"]) == 1  # an empty folder only
    assert "demo --township" in capsys.readouterr().err
    assert dump(root / "safetydesk.sqlite3") == before
