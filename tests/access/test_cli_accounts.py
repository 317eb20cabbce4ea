"""Commands that change trust or data need an account (issue 13, point 3).

`trust`, `backup` and `restore` need a signed-in administrator; `import` and `export` a signed-in
user whose role handles packages. Trust changes, key replacements, imports and exports are
written into the hash-chained audit log; replacing a trusted key shows the old and the new
fingerprints and asks twice (or takes `--replace-key OLD-DIGITS` typed out). `list` and `report`
of sensitive kinds write one read entry per row they reveal.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from safetydesk.cli import main
from safetydesk.paths import DataPaths
from safetydesk.services import audit, field_crypto
from tests.support import PASSWORD, dump

TOWNSHIP = "410522T01"


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _pw(tmp_path: Path, name: str, password: str) -> str:
    f = tmp_path / f"{name}.pw"
    f.write_text(password + "\n", encoding="utf-8")
    return str(f)


def _as(tmp_path: Path, user: str, password: str) -> list[str]:
    return ["--user", user, "--password-file", _pw(tmp_path, f"{user}-{len(password)}-{password[:3]}", password)]


def _actions(paths: DataPaths) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(paths.database)
    try:
        return conn.execute("SELECT username, action, detail FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


def _checkpoint(database: Path) -> None:
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _township_identity(tmp_path: Path, folder: str) -> tuple[Path, str]:
    """A township installation (nobody signed in yet) and its identity file; (file, digits)."""
    from safetydesk.services.installation import TOWNSHIP as ROLE
    from safetydesk.services.installation import InitRequest, initialise
    from safetydesk.sync import identity

    paths = DataPaths(tmp_path / folder)
    storage = initialise(paths, InitRequest(role=ROLE, code=TOWNSHIP, name="示范镇中心校"))
    try:
        ident, pair = identity.own_identity(paths, storage.sessions)
        f = tmp_path / f"{folder}.json"
        f.write_bytes(identity.identity_bytes(ident, pair))
    finally:
        storage.close()
    return f, ident.fingerprint


def test_trust_backup_and_restore_need_a_signed_in_administrator(school, tmp_path, capsys) -> None:
    school.workspace.close()
    field_crypto.forget()
    d = str(school.paths.root)
    ident, digits = _township_identity(tmp_path, "town")
    admin = _as(tmp_path, "admin", PASSWORD)
    counsellor = _as(tmp_path, "li", "counsel-pw")
    _checkpoint(school.paths.database)
    before = dump(school.paths.database)
    for who in ([], counsellor):
        code, _out, err = _cli(capsys, "--data-dir", d, *who, "trust", str(ident), "--fingerprint", digits)
        assert code == 1 and ("--user" in err or "administrator" in err), err
        code, _out, err = _cli(capsys, "--data-dir", d, *who, "backup", "--out", str(tmp_path / "b0.sqlite3"))
        assert code == 1 and not (tmp_path / "b0.sqlite3").exists()
    _checkpoint(school.paths.database)
    assert [ln for ln in dump(school.paths.database) if "audit_log" not in ln and "user_account" not in ln] == [
        ln for ln in before if "audit_log" not in ln and "user_account" not in ln
    ]
    assert _cli(capsys, "--data-dir", d, *admin, "trust", str(ident), "--fingerprint", digits)[0] == 0
    assert ("admin", "trust") in [(u, a) for u, a, _d in _actions(school.paths)]
    good = tmp_path / "good.sqlite3"
    assert _cli(capsys, "--data-dir", d, *admin, "backup", "--out", str(good))[0] == 0
    for who in ([], counsellor):
        code, _out, err = _cli(capsys, "--data-dir", d, *who, "restore", str(good))
        assert code == 1, err
    assert not list(school.paths.backups.glob("replaced-*"))
    assert _cli(capsys, "--data-dir", d, *admin, "restore", str(good))[0] == 0
    # The database no longer opens: the administrator of the backup restores it.
    school.paths.database.write_bytes(b"not a database any more" * 100)
    assert _cli(capsys, "--data-dir", d, *counsellor, "restore", str(good))[0] == 1
    assert _cli(capsys, "--data-dir", d, *_as(tmp_path, "admin", "wrong-password-1"), "restore", str(good))[0] == 1
    code, _out, err = _cli(capsys, "--data-dir", d, *admin, "restore", str(good))
    assert code == 0, err
    assert _cli(capsys, "--data-dir", d, *admin, "audit", "verify")[0] == 0


def test_replacing_a_trusted_key_shows_both_fingerprints_and_asks_twice(school, tmp_path, capsys, monkeypatch) -> None:
    school.workspace.close()
    field_crypto.forget()
    d = str(school.paths.root)
    admin = _as(tmp_path, "admin", PASSWORD)
    first, old = _township_identity(tmp_path, "town1")
    assert _cli(capsys, "--data-dir", d, *admin, "trust", str(first), "--fingerprint", old)[0] == 0
    second, new = _township_identity(tmp_path, "town2")  # the township's PC was reinstalled
    _checkpoint(school.paths.database)
    before = [ln for ln in dump(school.paths.database) if "trusted_peer" in ln]
    # Not at a terminal and no --replace-key: refused, both fingerprints shown.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = _cli(capsys, "--data-dir", d, *admin, "trust", str(second), "--fingerprint", new)
    assert code == 1 and old in out + err and new in out + err and "--replace-key" in err
    # At a terminal: the first "no" stops it; so does a wrong code at the second question.
    for answers in ("no\n", f"yes\n{TOWNSHIP}X\n"):
        monkeypatch.setattr("sys.stdin", _Terminal(answers))
        assert _cli(capsys, "--data-dir", d, *admin, "trust", str(second), "--fingerprint", new)[0] == 1
    # A wrong old fingerprint typed out is refused too.
    code, _out, err = _cli(
        capsys, "--data-dir", d, *admin, "trust", str(second), "--fingerprint", new, "--replace-key", new
    )
    assert code == 1
    _checkpoint(school.paths.database)
    assert [ln for ln in dump(school.paths.database) if "trusted_peer" in ln] == before
    monkeypatch.setattr("sys.stdin", _Terminal(f"yes\n{TOWNSHIP}\n"))
    code, out, _err = _cli(capsys, "--data-dir", d, *admin, "trust", str(second), "--fingerprint", new)
    assert code == 0 and old in out and new in out
    third, newest = _township_identity(tmp_path, "town3")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, _err = _cli(
        capsys, "--data-dir", d, *admin, "trust", str(third), "--fingerprint", newest, "--replace-key", new
    )
    assert code == 0
    replaced = [detail for _u, action, detail in _actions(school.paths) if action == "trust_key_replaced"]
    assert len(replaced) == 2 and old in replaced[0] and new in replaced[0] and newest in replaced[1]
    code, out, _err = _cli(capsys, "trust", "--help")
    assert code == 0 and "--replace-key" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_import_and_export_need_a_signed_in_user_whose_role_handles_packages(linked, tmp_path, capsys) -> None:
    school, town = linked
    from safetydesk.services import accounts
    from safetydesk.services.workspace import open_workspace

    for paths, org, user, role in (
        (school, "4105220001", "guest", "viewer"),
        (town, TOWNSHIP, "guest", "township_viewer"),
    ):
        ws = open_workspace(paths)
        try:
            admin = accounts.login(ws.sessions, org, "admin", PASSWORD).actor
            accounts.add_account(ws.sessions, admin, user, role, "look-only-2026")
        finally:
            ws.close()
            field_crypto.forget()
    admin = _as(tmp_path, "admin", PASSWORD)
    guest = _as(tmp_path, "guest", "look-only-2026")
    pkg = tmp_path / "up.sdpkg"
    for who in ([], guest):
        code, _out, err = _cli(capsys, "--data-dir", str(school.root), *who, "export", "--out", str(pkg))
        assert code == 1 and not pkg.exists(), err
    assert _cli(capsys, "--data-dir", str(school.root), *admin, "export", "--out", str(pkg))[0] == 0
    assert ("admin", "package_export") in [(u, a) for u, a, _d in _actions(school)]
    for who in ([], guest):
        code, _out, err = _cli(capsys, "--data-dir", str(town.root), *who, "import", str(pkg), "--json")
        assert code == 1, err
    assert not [a for _u, a, _d in _actions(town) if a == "package_import"]
    code, out, _err = _cli(capsys, "--data-dir", str(town.root), *admin, "import", str(pkg), "--json")
    assert code == 0 and '"imported"' in out
    entries = [(u, d) for u, a, d in _actions(town) if a == "package_import"]
    assert len(entries) == 1 and entries[0][0] == "admin" and "4105220001" in entries[0][1]


def test_list_and_report_of_sensitive_kinds_write_one_read_entry_per_row(school, tmp_path, capsys) -> None:
    school.workspace.close()
    field_crypto.forget()
    d = str(school.paths.root)
    li = _as(tmp_path, "li", "counsel-pw")

    def reads() -> list[str]:
        conn = sqlite3.connect(school.paths.database)
        try:
            return [r[0] for r in conn.execute("SELECT record_uuid FROM audit_log WHERE action = 'read'")]
        finally:
            conn.close()

    code, out, _err = _cli(capsys, "--data-dir", d, *li, "list", "psych_case", "--json")
    assert code == 0
    import json

    shown = [r["uuid"] for r in json.loads(out)]
    assert shown and sorted(reads()) == sorted(shown)
    code, out, _err = _cli(capsys, "--data-dir", d, *li, "report", "psych-case-ledger", "--out", str(tmp_path / "l.pdf"))
    assert code == 0
    assert sorted(reads()) == sorted(shown * 2)  # the ledger printed every case once more
    before = len(reads())
    assert _cli(capsys, "--data-dir", d, *li, "list", "staff")[0] == 0  # not sensitive: no read entries
    assert len(reads()) == before
    assert _cli(capsys, "--data-dir", d, *li, "audit", "verify")[0] == 0


@pytest.mark.parametrize(
    "command, who",
    [
        ("trust", "administrator"),
        ("backup", "administrator"),
        ("restore", "administrator"),
        ("import", "safety officer"),
        ("export", "safety officer"),
    ],
)
def test_help_says_who_may_run_each_command(capsys, command, who) -> None:
    code, out, _err = _cli(capsys, command, "--help")
    assert code == 0 and who in out and "--password-file" in out


def test_audit_entries_are_chained(school, tmp_path, capsys) -> None:
    """The new entries are part of the hash chain: editing one is found."""
    school.workspace.close()
    field_crypto.forget()
    d = str(school.paths.root)
    assert _cli(capsys, "--data-dir", d, *_as(tmp_path, "admin", PASSWORD), "backup", "--out", str(tmp_path / "b.sqlite3"))[0] == 0
    from safetydesk.services.workspace import open_workspace

    ws = open_workspace(school.paths)
    try:
        assert audit.verify(ws.sessions).ok
    finally:
        ws.close()
