"""The data key (issue 13, point 6): as costly to guess as the login, long passwords, rotated when
an account is removed or a leaked password is reset, recovery codes used once, and a sealing
public key that cannot be swapped unnoticed.

The attacker of these stories holds an old backup (or a copy of the data folder) and an old
password; they work with the project's own code, in this process.
"""

from __future__ import annotations

import base64
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select

from safetydesk.errors import AuthenticationError, SafetyDeskError, ValidationError
from safetydesk.paths import DataPaths
from safetydesk.services import accounts, backup, field_crypto, records
from tests.support import PASSWORD

PHRASE = "说起父母吵架时一直在发抖"


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
        "status": "open",
    }
    return records.save(school.workspace.sessions, school.admin, "psych_case", values).uuid


def _raw(database: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(database)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _attacker_reads(tmp_path: Path, old_backup: Path, current: Path, user: str, old_password: str, uuid: str):
    """Unlock the old backup with the old password, then read the current database with whatever
    key material that gave: the description of `uuid` as it comes out."""
    from safetydesk.services.workspace import open_workspace

    field_crypto.forget()
    folder = DataPaths(tmp_path / "attacker")
    shutil.rmtree(folder.root, ignore_errors=True)
    folder.root.mkdir()
    shutil.copyfile(old_backup, folder.database)
    ws = open_workspace(folder)
    try:
        assert field_crypto.unlock(ws.sessions, user, old_password), "the old backup opens with the old password"
    finally:
        ws.close()
    folder.database.unlink()
    shutil.copyfile(current, folder.database)  # the keys this process holds, on current data
    ws = open_workspace(folder)
    try:
        return records.get(ws.sessions, "psych_case", uuid).values["description"]
    finally:
        ws.close()
        field_crypto.forget()


def _checkpoint(database: Path) -> None:
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def test_the_key_wrap_costs_at_least_the_login_hash_and_short_passwords_are_refused(school) -> None:
    ws = school.workspace
    (kdf,) = _raw(ws.paths.database, "SELECT kdf FROM key_wrap WHERE name = 'user:admin'")[0]
    (login_hash,) = _raw(ws.paths.database, "SELECT password_hash FROM user_account WHERE username = 'admin'")[0]
    t, m, p = (int(x) for x in kdf.split("$")[1:4])
    login = dict(re.findall(r"([mtp])=(\d+)", login_hash))
    assert m >= int(login["m"]) and t >= int(login["t"]) and p >= int(login["p"]), (kdf, login_hash)
    assert m >= 65536 and t >= 3
    for weak in ("short-pw1", "1234567890", "aaaaaaaaaaaa", "password123"):
        with pytest.raises(ValidationError):
            accounts.add_account(ws.sessions, school.admin, "newbie", "viewer", weak)
    with pytest.raises(ValidationError):  # the user name is no password either
        accounts.add_account(ws.sessions, school.admin, "zhang.wei", "viewer", "zhang.wei-1")
    accounts.add_account(ws.sessions, school.admin, "newbie", "viewer", "长城-violet-42")


def test_a_reset_leaked_password_and_an_old_backup_do_not_open_current_data(school, tmp_path) -> None:
    ws = school.workspace
    before = _write_case(school, PHRASE)
    old = backup.backup_database(ws.paths.database, tmp_path / "old.sqlite3")
    accounts.reset_password(ws.sessions, school.admin, "li", "new-counsel-pw-2")
    after = _write_case(school, PHRASE + "（续）")
    # The administrator who reset it and li with the new password still read everything.
    assert records.get(ws.sessions, "psych_case", after, school.admin).values["description"] == PHRASE + "（续）"
    field_crypto.forget()
    accounts.login(ws.sessions, ws.info.org_code, "li", "new-counsel-pw-2")
    assert records.get(ws.sessions, "psych_case", before).values["description"] == PHRASE
    field_crypto.forget()
    assert field_crypto.unlock_with_recovery(ws.sessions, school.recovery_code)
    assert records.get(ws.sessions, "psych_case", after).values["description"] == PHRASE + "（续）"
    ws.close()
    _checkpoint(school.paths.database)
    for uuid in (before, after):
        seen = _attacker_reads(tmp_path, old, school.paths.database, "li", "counsel-pw", uuid)
        assert seen.startswith("sd1:"), "the old backup's key opened current data"


def test_a_removed_account_and_an_old_backup_do_not_open_current_data(school, tmp_path) -> None:
    ws = school.workspace
    uuid = _write_case(school, PHRASE)
    old = backup.backup_database(ws.paths.database, tmp_path / "old.sqlite3")
    accounts.update_account(ws.sessions, school.admin, "wang", active=False)
    ws.close()
    _checkpoint(school.paths.database)
    seen = _attacker_reads(tmp_path, old, school.paths.database, "wang", "teacher-pw", uuid)
    assert seen.startswith("sd1:"), "the removed account's key opened current data"


def test_a_recovery_code_works_once_and_is_replaced(school, tmp_path) -> None:
    ws = school.workspace
    uuid = _write_case(school, PHRASE)
    field_crypto.forget()
    new_code = accounts.recover(ws.sessions, ws.info.org_code, school.recovery_code, "admin", "after-recovery-1")
    assert isinstance(new_code, str) and new_code != school.recovery_code
    field_crypto.forget()
    with pytest.raises(AuthenticationError):
        accounts.recover(ws.sessions, ws.info.org_code, school.recovery_code, "admin", "after-recovery-2")
    assert not field_crypto.unlock_with_recovery(ws.sessions, school.recovery_code)
    assert field_crypto.unlock_with_recovery(ws.sessions, new_code)
    assert records.get(ws.sessions, "psych_case", uuid).values["description"] == PHRASE
    field_crypto.forget()
    result = accounts.login(ws.sessions, ws.info.org_code, "admin", "after-recovery-1")
    assert result.unlocked


def test_a_swapped_sealing_public_key_is_detected(school) -> None:
    """Someone who can write the database swaps the sealing public key for their own: writes
    are refused instead of sealed to their key, and the next sign-in says what happened."""
    from safetydesk.services.workspace import open_workspace

    ws = school.workspace
    ws.close()
    field_crypto.forget()
    theirs = X25519PrivateKey.generate()
    conn = sqlite3.connect(school.paths.database)
    conn.execute(
        "UPDATE key_wrap SET wrapped = ? WHERE name = 'public'",
        (base64.b64encode(theirs.public_key().public_bytes_raw()).decode(),),
    )
    conn.commit()
    conn.close()
    ws = open_workspace(school.paths)
    try:
        with pytest.raises(SafetyDeskError):
            _write_case(type("S", (), {"workspace": ws, "other_class": school.other_class,
                                       "admin": school.admin})(), PHRASE)
        stored = _raw(school.paths.database, "SELECT description FROM psych_case")
        for (value,) in stored:  # nothing was sealed to their key
            if field_crypto.is_sealed(value):
                with pytest.raises(Exception):  # noqa: B017 - any failure to open will do
                    field_crypto.open_value(theirs, value, "psych_case.description")
        with pytest.raises(AuthenticationError) as err:
            accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD)
        assert "changed" in err.value.user_message or "更改" in err.value.user_message
    finally:
        ws.close()


def test_wraps_of_the_first_version_are_converted_at_sign_in(school) -> None:
    """An installation protected by the first version: its wraps hold the data key itself under
    the weak costs. The administrator's next sign-in converts its wrap, replaces the recovery code
    (shown once), and the records still open; a counsellor's wrap converts at their sign-in."""
    import os
    import secrets as pysecrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from safetydesk.models.access import KeyWrap
    from safetydesk.services import data_key, key_wraps

    ws = school.workspace
    uuid = _write_case(school, PHRASE)
    private = data_key.unlocked_key(ws.sessions)

    def first_version(name: str, secret: str) -> KeyWrap:
        salt, nonce = pysecrets.token_bytes(16), os.urandom(12)
        kek = key_wraps.kek(secret, salt, 2, 19_456, 1)
        ct = AESGCM(kek).encrypt(nonce, private.private_bytes_raw(), name.encode())
        return KeyWrap(name=name, kdf=f"argon2id$2$19456$1${salt.hex()}", wrapped=base64.b64encode(nonce + ct).decode())

    with ws.sessions.begin() as s:
        for row in s.scalars(select(KeyWrap).where(KeyWrap.name.like("data:%"))):
            s.delete(row)
        for name in ("user:admin", "user:li", "recovery"):
            s.delete(s.get(KeyWrap, name))
        s.flush()
        s.add_all([first_version("user:admin", PASSWORD), first_version("user:li", "counsel-pw"),
                   first_version("recovery", school.recovery_code)])
    field_crypto.forget()
    result = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD)
    assert result.unlocked and result.recovery_code and result.recovery_code != school.recovery_code
    assert records.get(ws.sessions, "psych_case", uuid).values["description"] == PHRASE
    field_crypto.forget()
    assert accounts.login(ws.sessions, ws.info.org_code, "li", "counsel-pw").unlocked
    assert records.get(ws.sessions, "psych_case", uuid).values["description"] == PHRASE
    kdfs = dict(_raw(ws.paths.database, "SELECT name, kdf FROM key_wrap WHERE name IN ('user:admin', 'user:li', 'recovery')"))
    assert all(k.startswith("argon2id2$3$65536$4$") for k in kdfs.values()), kdfs
    assert not field_crypto.unlock_with_recovery(ws.sessions, school.recovery_code)
    assert field_crypto.unlock_with_recovery(ws.sessions, result.recovery_code)
