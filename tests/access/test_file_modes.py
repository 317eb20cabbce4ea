"""Files on disk are the owner's alone where the OS has modes: the data folder 0700, the database,
its WAL and shared-memory files and every backup 0600 (issue 13, point 9).

CI runs as root, which ignores modes when it reads: the modes are checked with stat, not by
trying to read as someone else.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetydesk.paths import DataPaths
from tests.support import make_school

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows has ACLs, not modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most desktops have (022): files would be world-readable without our care."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _write_something(paths: DataPaths) -> None:
    from safetydesk.services import records
    from safetydesk.services.workspace import open_workspace

    ws = open_workspace(paths)
    try:
        records.save(ws.sessions, ws.actor, "staff", {"name": "王老师"})
        wal = Path(f"{paths.database}-wal")
        shm = Path(f"{paths.database}-shm")
        assert wal.exists() and shm.exists()
        assert _mode(wal) == 0o600, oct(_mode(wal))
        assert _mode(shm) == 0o600, oct(_mode(shm))
    finally:
        ws.close()


def test_a_new_installation_its_database_and_wal_are_private(tmp_path: Path, usual_umask) -> None:
    paths = make_school(tmp_path / "school")
    assert _mode(paths.root) == 0o700
    assert _mode(paths.database) == 0o600
    _write_something(paths)
    assert _mode(paths.database) == 0o600


def test_backups_automatic_usb_and_before_upgrade_are_private(tmp_path: Path, usual_umask) -> None:
    from safetydesk.services import backup

    paths = make_school(tmp_path / "school")
    auto = backup.automatic_backup(paths.database, paths.backups)
    assert _mode(auto) == 0o600
    assert _mode(paths.backups) == 0o700
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backup.backup_to_folder(paths.database, usb, "4105220001")
    assert _mode(copy) == 0o600
    named = backup.backup_database(paths.database, tmp_path / "named.sqlite3")
    assert _mode(named) == 0o600
    # Restoring keeps both the restored and the replaced database private.
    kept = backup.restore(paths.root, paths.database, named)
    assert kept is not None and _mode(kept) == 0o600
    assert _mode(paths.database) == 0o600


def test_an_existing_installation_made_readable_is_made_private_again(tmp_path: Path, usual_umask) -> None:
    """An installation written before this rule (folder 0755, database 0644) is tightened when
    it is opened."""
    from safetydesk.services.storage import open_storage

    paths = make_school(tmp_path / "school")
    os.chmod(paths.root, 0o755)
    os.chmod(paths.database, 0o644)
    open_storage(paths).close()
    assert _mode(paths.root) == 0o700
    assert _mode(paths.database) == 0o600


def test_attachments_folder_is_private(tmp_path: Path, usual_umask) -> None:
    from safetydesk.services import attachments

    paths = make_school(tmp_path / "school")
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    sha, _size = attachments.store_file(paths, photo)
    assert _mode(paths.attachments) == 0o700
    assert _mode(paths.attachments / sha) == 0o600
