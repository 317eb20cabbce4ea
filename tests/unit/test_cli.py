"""The command-line contract of the foundation: init, second init, usage errors, selftest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safetydesk import __version__
from safetydesk.cli import build_parser, main
from tests.support import dump

INIT = ["init", "school", "--code", "4105220001", "--name", "安阳县示范小学",
        "--township-code", "410522T01"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("QT_QPA_PLATFORM", None)  # selftest must pick offscreen itself
    full_env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "safetydesk", *args], capture_output=True,
                          text=True, env=full_env, timeout=120, stdin=subprocess.DEVNULL)


def test_init_then_selftest_then_second_init_refused(tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    first = run_cli("--data-dir", d, *INIT)
    assert first.returncode == 0, first.stderr
    assert "4105220001" in first.stdout
    selftest = run_cli("--data-dir", d, "selftest")
    assert selftest.returncode == 0, selftest.stderr
    before = dump(Path(d) / "safetydesk.sqlite3")
    files_before = sorted(p.name for p in Path(d).iterdir())
    second = run_cli("--data-dir", d, *INIT)
    assert second.returncode == 1
    assert second.stderr.strip().count("\n") == 0, "one line on stderr"
    assert "已" in second.stderr  # Chinese by default
    assert dump(Path(d) / "safetydesk.sqlite3") == before
    assert sorted(p.name for p in Path(d).iterdir()) == files_before


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "--lang", "fr", "kinds"]) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert {"init", "demo", "selftest", "kinds", "list"} <= set(sub.choices)
    for name in sub.choices:
        assert main([name, "--help"]) == 0, name
        assert "usage" in capsys.readouterr().out.lower()


def test_english_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "--data-dir", str(tmp_path / "x"), "list", "staff"]) == 1
    err = capsys.readouterr().err
    assert "No SafetyDesk installation" in err


def test_selftest_on_uninitialised_folder_fails_clearly(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path / "empty"), "selftest")
    assert result.returncode == 1
    assert "safetydesk init" in result.stderr


def test_bad_codes_refused_and_nothing_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "bad"
    rc = main(["--data-dir", str(d), "init", "school", "--code", "../x", "--name", "某校",
               "--township-code", "410522T01"])
    assert rc == 1
    assert not (d / "safetydesk.sqlite3").exists()


def test_password_file(tmp_path: Path) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text("correct horse\n", encoding="utf-8")
    d = tmp_path / "d"
    assert main(["--data-dir", str(d), "init", "township", "--code", "410522T01", "--name",
                 "示范镇中心校", "--admin-password-file", str(pw)]) == 0
    from safetydesk.models.db import make_engine, make_sessions
    from safetydesk.models.local import UserAccount
    from safetydesk.services.accounts import check_password

    engine = make_engine(d / "safetydesk.sqlite3")
    with make_sessions(engine)() as s:
        admin = s.get(UserAccount, "admin")
        assert admin is not None and check_password("correct horse", admin.password_hash)
        assert admin.password_hash.startswith("$argon2id$")
        assert not check_password("correct horse\n", admin.password_hash)
    engine.dispose()


def test_kinds_json_on_a_demo_installation_lists_the_catalogue(demo_paths, capsys) -> None:
    import json

    from tests.unit.test_registry_models import CATALOGUE

    assert main(["--data-dir", str(demo_paths.root), "kinds", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    keys = {k["key"] for k in listed}
    assert {key for keys_ in CATALOGUE.values() for key in keys_} <= keys
    hazard = next(k for k in listed if k["key"] == "hazard")
    assert hazard["title"] == "隐患排查整改台账" and hazard["mechanism"] == 3
