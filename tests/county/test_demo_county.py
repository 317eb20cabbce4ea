"""`safetydesk demo --county` on an empty folder: a county bureau holding two townships' real
upward reports (their schools' real packages behind them); its status lists every school by
township, and a second run on the same folder is refused with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

from safetydesk.cli import main
from safetydesk.paths import DataPaths
from tests.support import dump


def test_demo_county_imports_two_townships_reports(tmp_path: Path, capsys) -> None:
    root = tmp_path / "county"
    assert main(["--data-dir", str(root), "demo", "--county"]) == 0
    out = capsys.readouterr().out
    assert "demo-2026-pass" in out and "410522T01" in out and "410522T02" in out
    assert main(["--data-dir", str(root), "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["township_code"], r["school"]["code"]) for r in rows] == [
        ("410522T01", "4105220001"), ("410522T01", "4105220002"), ("410522T01", "4105220003"),
        ("410522T02", "4105220101"), ("410522T02", "4105220102"),
    ]
    assert all(r["last_package"] is not None for r in rows)
    database = DataPaths(root).database
    before = dump(database)
    assert main(["--data-dir", str(root), "demo", "--county"]) == 1
    assert "--data-dir" in capsys.readouterr().err
    assert dump(database) == before
