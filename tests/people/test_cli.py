"""`safetydesk people-template` and `safetydesk import-people` for support and scripting."""

from __future__ import annotations

from pathlib import Path

from safetydesk.cli import main
from safetydesk.paths import DataPaths
from tests.people.test_people_import import STUDENTS, fill_template
from tests.support import dump


def test_template_then_dry_run_then_import(school_paths: DataPaths, tmp_path: Path, capsys) -> None:
    data = ["--data-dir", str(school_paths.root)]
    out = tmp_path / "template.xlsx"
    assert main([*data, "people-template", "--out", str(out)]) == 0
    assert out.exists()
    path = fill_template(tmp_path / "people.xlsx")
    before = dump(school_paths.database)
    assert main([*data, "import-people", str(path), "--dry-run"]) == 0
    assert "--dry-run" in capsys.readouterr().out
    assert dump(school_paths.database) == before
    assert main([*data, "import-people", str(path)]) == 0
    assert "学生 3" in capsys.readouterr().out


def test_bad_file_exits_1_with_rows_named(school_paths: DataPaths, tmp_path: Path, capsys) -> None:
    bad = [*STUDENTS[:1], ["钱多多", None, "男", "明天", "一年级1班", None, None]]
    path = fill_template(tmp_path / "bad.xlsx", students=bad)
    before = dump(school_paths.database)
    assert main(["--data-dir", str(school_paths.root), "import-people", str(path)]) == 1
    err = capsys.readouterr().err
    assert "学生" in err and "4" in err and "出生日期" in err
    assert dump(school_paths.database) == before
