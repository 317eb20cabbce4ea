"""An officer mistypes a semester on the command line (`--semester 2026-fall`): a usage message in
the UI language saying how to write it (2026-autumn / 2027-spring), exit 2, nothing changed, no
file written, and no traceback. A well-formed semester narrows `list` to that semester's records.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from safetydesk.cli import main
from safetydesk.domain import clock
from safetydesk.domain.semester import current_or_next
from safetydesk.paths import DataPaths
from tests.support import dump

BAD_KEYS = ["2026-fall", "2026-Autumn", "autumn-2026", "26-spring", "2026-autumn "]


@pytest.mark.parametrize("key", BAD_KEYS)
@pytest.mark.parametrize("command", ["list", "report"])
def test_a_malformed_semester_is_a_usage_error(demo_paths: DataPaths, tmp_path: Path, capsys,
                                               command: str, key: str) -> None:
    out = tmp_path / "ledger.pdf"
    argv = {"list": ["list", "hazard", "--semester", key],
            "report": ["report", "hazard-ledger", "--semester", key, "--out", str(out)]}[command]
    before = dump(demo_paths.database)
    assert main(["--data-dir", str(demo_paths.root), *argv]) == 2
    err = capsys.readouterr().err
    assert "用法错误" in err and "学期" in err, err  # Chinese by default
    assert "2026-autumn" in err and "2027-spring" in err, err
    assert "Traceback" not in err
    assert dump(demo_paths.database) == before
    assert not out.exists()


def test_the_usage_message_follows_the_ui_language(demo_paths: DataPaths, capsys) -> None:
    argv = ["--data-dir", str(demo_paths.root), "--lang", "en", "list", "hazard", "--semester", "2026-fall"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Unknown semester 2026-fall; write it like 2026-autumn or 2027-spring." in err


def test_list_narrows_to_a_semester(demo_paths: DataPaths, capsys) -> None:
    def hazards(*extra: str) -> list[dict]:
        assert main(["--data-dir", str(demo_paths.root), "list", "hazard", "--json", *extra]) == 0
        return json.loads(capsys.readouterr().out)

    every = hazards()
    current = current_or_next(clock.today())
    inside = [h for h in every if current.start <= date.fromisoformat(h["found_on"]) <= current.end]
    assert inside, "the demo school has hazards found this semester"
    assert {h["uuid"] for h in hazards("--semester", current.key)} == {h["uuid"] for h in inside}
    assert hazards("--semester", "2001-spring") == []
    assert hazards("--semester", "") == every  # an empty value means no semester, as before
