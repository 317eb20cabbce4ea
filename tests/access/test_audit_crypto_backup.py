"""The audit chain, sealed sensitive text, login delays, backups and restores: real files, real
hashes, the command line where the issue names a command."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from safetydesk.cli import main
from safetydesk.domain import clock
from safetydesk.errors import AuthenticationError
from safetydesk.paths import DataPaths
from safetydesk.services import accounts, audit, backup, field_crypto, records
from tests.support import PASSWORD, dump, make_school

PHRASE = "在日记里写下想离家出走的念头"


def _cli(*args: str) -> int:
    return main(["--lang", "en", *args])


def _admin(tmp_path: Path) -> list[str]:
    """The administrator's credentials: backup and restore need them (issue 13)."""
    pw = tmp_path / "admin.pw"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    return ["--user", "admin", "--password-file", str(pw)]


def _checkpoint(database: Path) -> None:
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _write_case(school, phrase: str) -> str:
    from safetydesk.models.org import Student

    with school.workspace.sessions() as s:
        student = s.scalar(select(Student.uuid).where(Student.class_uuid == school.other_class).limit(1))
    values = {
        "student_uuid": student,
        "class_uuid": school.other_class,
        "source": "self_report",
        "risk_level": "high",
        "opened_on": date(2026, 10, 12),
        "description": phrase,
        "assessment": phrase + "（评估）",
        "status": "open",
    }
    return records.save(school.workspace.sessions, school.admin, "psych_case", values).uuid


def test_edited_audit_row_makes_verify_fail_and_name_it(school, capsys) -> None:
    _write_case(school, "普通记录")
    d = str(school.paths.root)
    assert _cli("--data-dir", d, "audit", "verify") == 0
    assert "intact" in capsys.readouterr().out
    conn = sqlite3.connect(school.paths.database)
    with pytest.raises(sqlite3.DatabaseError):  # the triggers refuse edits made the ordinary way
        conn.execute("UPDATE audit_log SET username = 'nobody' WHERE id = 3")
    conn.execute("DROP TRIGGER audit_log_no_update")  # someone determined goes around them
    conn.execute("UPDATE audit_log SET username = 'nobody' WHERE id = 3")
    conn.commit()
    conn.close()
    assert _cli("--data-dir", d, "audit", "verify") == 1
    err = capsys.readouterr().err
    assert "Audit entry 3 was edited" in err


def test_deleted_audit_row_is_reported_as_missing(school, capsys) -> None:
    _write_case(school, "普通记录")
    conn = sqlite3.connect(school.paths.database)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.commit()
    conn.close()
    assert _cli("--data-dir", str(school.paths.root), "audit", "verify") == 1
    assert "(2) is missing" in capsys.readouterr().err


def test_phrase_of_a_psych_case_is_not_in_the_database_bytes_nor_its_backups(school, tmp_path) -> None:
    uuid = _write_case(school, PHRASE)
    ws = school.workspace
    assert records.get(ws.sessions, "psych_case", uuid, school.admin).values["description"] == PHRASE
    ws.close()
    _checkpoint(school.paths.database)
    needle = PHRASE.encode("utf-8")
    files = [school.paths.database, *school.paths.root.glob("*.sqlite3-wal")]
    assert all(needle not in f.read_bytes() for f in files)
    assert _cli("--data-dir", str(school.paths.root), *_admin(tmp_path), "backup", "--out", str(tmp_path / "b.sqlite3")) == 0
    auto = backup.automatic_backup(school.paths.database, school.paths.backups, keep=2)
    for copy in (tmp_path / "b.sqlite3", auto):
        assert needle not in copy.read_bytes()
    # The ciphertext is there, and opens again after a fresh login (another process).
    field_crypto.forget()
    from safetydesk.services.workspace import open_workspace

    ws2 = open_workspace(school.paths)
    try:
        assert records.get(ws2.sessions, "psych_case", uuid).values["description"].startswith("sd1:")
        field_crypto.forget()
        accounts.login(ws2.sessions, ws2.info.org_code, "li", "counsel-pw")
        assert records.get(ws2.sessions, "psych_case", uuid).values["description"] == PHRASE
        # The recovery code also opens it.
        field_crypto.forget()
        assert field_crypto.unlock_with_recovery(ws2.sessions, school.recovery_code.lower())
        assert records.get(ws2.sessions, "psych_case", uuid).values["assessment"] == PHRASE + "（评估）"
    finally:
        ws2.close()


def test_five_wrong_passwords_make_the_next_attempt_wait_then_the_right_one_works(tmp_path) -> None:
    paths = make_school(tmp_path / "s")
    from safetydesk.services.workspace import open_workspace

    ws = open_workspace(paths)
    org = ws.info.org_code
    try:
        with clock.moved_to(datetime(2026, 10, 9, 8, 0)) as c:
            for _i in range(4):
                with pytest.raises(AuthenticationError) as err:
                    accounts.login(ws.sessions, org, "admin", "wrong-guess")
                assert not isinstance(err.value, accounts.LoginDelayed)
            with pytest.raises(accounts.LoginDelayed):
                accounts.login(ws.sessions, org, "admin", "wrong-guess")
            with pytest.raises(accounts.LoginDelayed) as err:  # even the right one must wait
                accounts.login(ws.sessions, org, "admin", PASSWORD)
            assert err.value.wait_seconds == 30
            c.advance(seconds=31)
            with pytest.raises(accounts.LoginDelayed) as err:  # the sixth wrong: a longer wait
                accounts.login(ws.sessions, org, "admin", "wrong-guess")
            assert err.value.wait_seconds == 60
            c.advance(seconds=61)
            result = accounts.login(ws.sessions, org, "admin", PASSWORD)
            assert result.actor.username == "admin"
            account = accounts.get_account(ws.sessions, "admin")
            assert account is not None and account.failed_attempts == 0
        from safetydesk.models.local import UserAccount

        with ws.sessions() as s:  # the scrypt hash written by init was upgraded at login
            assert s.get(UserAccount, "admin").password_hash.startswith("$argon2id$")
        assert [e.action for e in audit.entries(ws.sessions)][:2] == ["login", "login_failed"]
    finally:
        ws.close()


def test_backup_then_restore_on_a_fresh_directory_gives_the_same_database(school, tmp_path, capsys) -> None:
    _write_case(school, PHRASE)
    school.workspace.close()
    out = tmp_path / "usb" / "copy.sqlite3"
    out.parent.mkdir()
    assert _cli("--data-dir", str(school.paths.root), *_admin(tmp_path), "backup", "--out", str(out)) == 0
    _checkpoint(school.paths.database)
    original = dump(school.paths.database)
    fresh = DataPaths(tmp_path / "fresh")
    assert _cli("--data-dir", str(fresh.root), *_admin(tmp_path), "restore", str(out)) == 0
    # The audit-head marker says a signed head file was written beside THIS folder's database (set
    # after the backup was taken); a restored folder starts its own head.
    marker = "INSERT INTO \"setting\" VALUES('audit.head'"
    assert [x for x in dump(fresh.database) if not x.startswith(marker)] == [
        x for x in original if not x.startswith(marker)
    ]
    assert _cli("--data-dir", str(fresh.root), "audit", "verify") == 0


def test_truncated_or_foreign_backups_are_refused_with_nothing_changed(school, tmp_path, capsys) -> None:
    school.workspace.close()
    d = str(school.paths.root)
    good = tmp_path / "good.sqlite3"
    assert _cli("--data-dir", d, *_admin(tmp_path), "backup", "--out", str(good)) == 0
    _checkpoint(school.paths.database)
    before = dump(school.paths.database)
    truncated = tmp_path / "cut.sqlite3"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2 + 100])
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (t TEXT)")
    conn.commit()
    conn.close()
    text = tmp_path / "notes.sqlite3"
    text.write_text("hello" * 100)
    other = DataPaths(tmp_path / "other")
    make_school_other = __import__("tests.support", fromlist=["SCHOOL"])
    from safetydesk.services.installation import InitRequest, initialise

    initialise(
        other,
        InitRequest(
            role="school",
            code="4105220099",
            name="别的学校",
            township_code="410522T01",
            admin_password=PASSWORD,
        ),
    ).close()
    assert make_school_other
    for bad, words in (
        (truncated, "incomplete"),
        (foreign, "not a SafetyDesk backup"),
        (text, "not a database file"),
        (other.database, "belongs to 4105220099"),
    ):
        capsys.readouterr()
        assert _cli("--data-dir", d, *_admin(tmp_path), "restore", str(bad)) == 1, bad
        assert words in capsys.readouterr().err
        assert dump(school.paths.database) == before
        assert not list(school.paths.backups.glob("replaced-*"))
    # A good one replaces the database and keeps the replaced one.
    assert _cli("--data-dir", d, *_admin(tmp_path), "restore", str(good)) == 0
    assert len(list(school.paths.backups.glob("replaced-*"))) == 1


def test_restore_refused_while_the_application_runs(school, tmp_path, capsys) -> None:
    school.workspace.close()
    good = tmp_path / "good.sqlite3"
    assert _cli("--data-dir", str(school.paths.root), *_admin(tmp_path), "backup", "--out", str(good)) == 0
    lock = backup.InstanceLock(school.paths.root)
    assert lock.acquire()
    try:
        # flock is per open file description: a second open in this process conflicts too.
        assert _cli("--data-dir", str(school.paths.root), *_admin(tmp_path), "restore", str(good)) == 1
        assert "running" in capsys.readouterr().err
    finally:
        lock.release()


def test_sensitive_list_without_credentials_says_which_are_needed(school, tmp_path, capsys) -> None:
    school.workspace.close()
    d = str(school.paths.root)
    assert _cli("--data-dir", d, "list", "psych_case") == 1
    assert "--user NAME --password-file FILE" in capsys.readouterr().err
    pw = tmp_path / "pw"
    pw.write_text("counsel-pw\n")
    assert _cli("--data-dir", d, "--user", "li", "--password-file", str(pw), "list", "psych_case") == 0
    assert _cli("--data-dir", d, "list", "staff") == 0
    pw.write_text("wrong!\n")
    assert _cli("--data-dir", d, "--user", "li", "--password-file", str(pw), "list", "psych_case") == 1


def test_sealed_text_is_searchable_in_sql_once_unlocked(school) -> None:
    from sqlalchemy import func, or_

    from safetydesk.domain.registry import get_kind

    uuid = _write_case(school, PHRASE)
    kind = get_kind("psych_case")
    cond = or_(
        *(func.instr(field_crypto.plain_sql(kind, f.attr), "离家出走") > 0 for f in kind.search_fields)
    )
    with school.workspace.sessions() as s:
        assert s.scalars(select(kind.model.uuid).where(cond)).all() == [uuid]
    field_crypto.forget()
    with school.workspace.sessions() as s:  # locked: the ciphertext holds no phrase
        assert s.scalars(select(kind.model.uuid).where(cond)).all() == []


def test_accounts_on_the_command_line(school, tmp_path, capsys) -> None:
    school.workspace.close()
    d = str(school.paths.root)
    admin_pw, new_pw, teacher_pw = tmp_path / "a", tmp_path / "n", tmp_path / "t"
    admin_pw.write_text(PASSWORD)
    new_pw.write_text("officer-pw-1")
    teacher_pw.write_text("teacher-pw")
    as_admin = ["--data-dir", d, "--user", "admin", "--password-file", str(admin_pw)]
    assert (
        _cli(
            *as_admin,
            "user",
            "add",
            "zhao",
            "--role",
            "safety_officer",
            "--new-password-file",
            str(new_pw),
            "--display-name",
            "赵主任",
        )
        == 0
    )
    assert _cli(*as_admin, "user", "list", "--json") == 0
    assert "zhao" in capsys.readouterr().out
    as_teacher = ["--data-dir", d, "--user", "wang", "--password-file", str(teacher_pw)]
    assert (
        _cli(*as_teacher, "user", "add", "x1", "--role", "viewer", "--new-password-file", str(new_pw)) == 1
    )  # only administrators manage accounts
    assert _cli(*as_teacher, "user", "passwd", "--new-password-file", str(new_pw)) == 0
    assert _cli(*as_teacher, "list", "psych_case") == 1  # the old password no longer works
    capsys.readouterr()
    assert (
        _cli(
            "--data-dir", d, "--user", "wang", "--password-file", str(new_pw), "list", "special_group_student"
        )
        == 1
    )
    assert "application window" in capsys.readouterr().err  # the CLI has no row filter
    assert _cli(*as_admin, "user", "reset", "wang", "--new-password-file", str(teacher_pw)) == 0
    assert _cli(*as_teacher, "audit", "list", "--limit", "5") == 0
    code = tmp_path / "code"
    code.write_text(school.recovery_code)
    assert (
        _cli("--data-dir", d, "user", "recover", "--code-file", str(code), "--new-password-file", str(new_pw))
        == 0
    )
    assert _cli("--data-dir", d, "--user", "admin", "--password-file", str(new_pw), "audit", "verify") == 0


def test_automatic_backups_keep_the_newest_n(school) -> None:
    ws = school.workspace
    backup.set_keep_count(ws.sessions, 3, school.admin)
    assert backup.keep_count(ws.sessions) == 3
    assert backup.daily_backup_due(ws.paths.backups)
    made = [
        backup.automatic_backup(ws.paths.database, ws.paths.backups, backup.keep_count(ws.sessions))
        for _i in range(5)
    ]
    kept = backup.list_backups(ws.paths.backups, backup.AUTO_PREFIX)
    assert kept == list(reversed(made[-3:]))
    assert not backup.daily_backup_due(ws.paths.backups)
    assert all(backup.check_backup(p).org_code == ws.info.org_code for p in kept)


def test_proposed_search_change_finds_sealed_text_through_the_list(school, monkeypatch) -> None:
    """The change proposed for services/search.py (matching() of sensitive kinds opens sealed
    columns with sd_open) makes the list search work again on encrypted cases."""
    from sqlalchemy import false, func, or_

    from safetydesk.services import search

    original = search.matching

    def proposed(kind, query):
        if kind.sensitive:
            cols = [field_crypto.plain_sql(kind, f.attr) for f in kind.search_fields]
            return or_(*(func.instr(c, query.strip()) > 0 for c in cols)) if cols else false()
        return original(kind, query)

    uuid = _write_case(school, PHRASE)
    q = records.ListQuery("psych_case", search="离家出走")
    monkeypatch.setattr(search, "matching", proposed)
    found = records.fetch_page(school.workspace.sessions, q, 0, 10, school.admin)
    assert [r.uuid for r in found] == [uuid]


def test_backups_taken_before_protection_are_sealed_at_setup(demo_paths: DataPaths) -> None:
    from safetydesk.services.workspace import open_workspace

    needle = "消极话语".encode()  # in a demo psychological case, written before any login
    old = backup.backup_database(demo_paths.database, demo_paths.backups / "daily-20261001-000000.sqlite3")
    assert needle in old.read_bytes()
    ws = open_workspace(demo_paths)
    try:
        assert accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD).recovery_code
    finally:
        ws.close()
    _checkpoint(demo_paths.database)
    for f in [demo_paths.database, *demo_paths.backups.glob("*.sqlite3")]:
        assert needle not in f.read_bytes(), f
    assert backup.check_backup(old).org_code == "4105220001"
