"""Keys that need more than a copy of the folder (issue 13, point 5).

The installation's private signing and encryption keys (keys/) are encrypted under a secret that
only a sign-in opens: a copy of the data folder signs nothing without a password, while signing
and exporting after sign-in and the unattended backups keep working.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from safetydesk.cli import main
from safetydesk.paths import DataPaths
from safetydesk.services import accounts, backup, field_crypto
from safetydesk.sync import keys
from tests.support import PASSWORD, make_school


def _protected_school(root: Path) -> DataPaths:
    """A school whose administrator signed in once (protection set up), then signed out."""
    from safetydesk.services.workspace import open_workspace

    paths = make_school(root)
    ws = open_workspace(paths)
    try:
        assert accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD).recovery_code
    finally:
        ws.close()
        field_crypto.forget()
    return paths


def test_a_copy_of_the_data_folder_without_a_password_cannot_sign(tmp_path: Path, capsys) -> None:
    paths = _protected_school(tmp_path / "school")
    copy = DataPaths(tmp_path / "copy")
    shutil.copytree(paths.root, copy.root)
    pair = keys.load_keys(copy)  # the public keys need no secret
    assert len(pair.public.key_id) == 32
    with pytest.raises(keys.KeysUnavailable):
        pair.sign_private.sign(b"a package manifest")
    with pytest.raises(keys.KeysUnavailable):
        keys.ensure_keys(copy).enc_private.public_key()
    # No file of the folder holds the secret any more.
    assert not (copy.keys / keys.KEK_FILE).exists()
    # The command line says what is needed instead of signing an identity file.
    capsys.readouterr()
    assert main(["--lang", "en", "--data-dir", str(copy.root), "identity", "--out", str(tmp_path / "i.json")]) == 1
    assert "--user" in capsys.readouterr().err
    assert not (tmp_path / "i.json").exists()
    # The fingerprint (public keys only) is still shown without signing in.
    assert main(["--lang", "en", "--data-dir", str(copy.root), "identity"]) == 0


def test_after_sign_in_the_keys_sign_and_every_account_can_export(tmp_path: Path) -> None:
    from safetydesk.services.workspace import open_workspace

    paths = _protected_school(tmp_path / "school")
    ws = open_workspace(paths)
    try:
        admin = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD).actor
        accounts.add_account(ws.sessions, admin, "zhao", "safety_officer", "officer-pw-7")
        field_crypto.forget()
        with pytest.raises(keys.KeysUnavailable):
            keys.load_keys(paths).sign_private.sign(b"x")
        accounts.login(ws.sessions, ws.info.org_code, "zhao", "officer-pw-7")
        pair = keys.load_keys(paths)
        pair.public.sign_key().verify(pair.sign_private.sign(b"x"), b"x")
        field_crypto.forget(ws.sessions)  # signing out locks the keys again
        with pytest.raises(keys.KeysUnavailable):
            pair.sign_private.sign(b"x")
    finally:
        ws.close()
        field_crypto.forget()


def test_unattended_backups_need_no_password(tmp_path: Path) -> None:
    paths = _protected_school(tmp_path / "school")
    made = backup.automatic_backup(paths.database, paths.backups)  # what start, close and the hour do
    assert backup.check_backup(made).org_code == "4105220001"


def test_before_protection_the_secret_is_a_private_file_or_in_the_os_key_store(tmp_path: Path) -> None:
    """An installation nobody has signed in to yet keeps the secret in keys/.kek: owner-only, and
    on Windows protected by DPAPI (the OS key store)."""
    from safetydesk import os_keystore

    paths = make_school(tmp_path / "school")
    stored = (paths.keys / keys.KEK_FILE).read_bytes()
    assert stored.startswith(os_keystore.MARK) == os_keystore.AVAILABLE
    assert os_keystore.unprotect(os_keystore.protect(b"secret-bytes")) == b"secret-bytes"
    keys.load_keys(paths).sign_private.sign(b"x")  # usable before the first sign-in


@pytest.mark.skipif(sys.platform != "win32", reason="DPAPI exists only on Windows")
def test_dpapi_protects_and_unprotects() -> None:  # pragma: no cover - not run on Linux CI
    from safetydesk import os_keystore

    blob = os_keystore.protect(b"k" * 64)
    assert blob.startswith(os_keystore.MARK) and b"k" * 64 not in blob
    assert os_keystore.unprotect(blob) == b"k" * 64
