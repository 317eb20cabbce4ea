"""Opening an installation: migrations keep rows, bad files and folders get clear messages."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from safetydesk.errors import DatabaseCorrupt, NotInitialised, StorageError
from safetydesk.models import migrate
from safetydesk.models.db import make_engine
from safetydesk.paths import DataPaths
from safetydesk.services.backup import backup_database
from safetydesk.services.storage import check_writable, open_storage
from tests.support import dump, make_school


def test_pragmas_on_every_connection(school_paths: DataPaths) -> None:
    storage = open_storage(school_paths)
    with storage.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    storage.close()


def test_first_revision_database_upgrades_with_rows_intact(tmp_path: Path) -> None:
    db = tmp_path / "safetydesk.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO installation (id, role, org_code, org_name, is_demo, created_at) "
            "VALUES (1, 'school', '4105220001', '安阳县示范小学', 0, '2026-09-01 00:00:00')")
        for i in range(50):
            conn.exec_driver_sql(
                "INSERT INTO staff_member (uuid, owner, row_version, created_at, created_by, updated_at,"
                " updated_by, name, active) VALUES (?, '4105220001', 1, '2026-09-01 00:00:00', 'a',"
                " '2026-09-01 00:00:00', 'a', ?, 1)", (f"00000000-0000-0000-0000-{i:012d}", f"教师{i}"))
    with engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT * FROM staff_member ORDER BY uuid").fetchall()
    engine.dispose()
    storage = open_storage(DataPaths(tmp_path))
    assert migrate.current_revision(storage.engine) == migrate.head_revision()
    with storage.engine.connect() as conn:
        after = conn.exec_driver_sql("SELECT * FROM staff_member ORDER BY uuid").fetchall()
    storage.close()
    assert after == before
    backups = list((tmp_path / "backups").glob("before-upgrade-0001-*.sqlite3"))
    assert len(backups) == 1, "an automatic backup precedes the migration"


def test_corrupt_database_is_reported_with_latest_backup_and_not_touched(tmp_path: Path) -> None:
    paths = make_school(tmp_path / "s")
    backup_database(paths.database, paths.backups / "daily-20261101-000000.sqlite3")
    for suffix in ("-wal", "-shm"):
        Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
    paths.database.write_bytes(b"this is not a database at all" * 100)
    before = paths.database.read_bytes()
    with pytest.raises(DatabaseCorrupt) as err:
        open_storage(paths)
    assert "daily-20261101-000000" in err.value.user_message
    assert paths.database.read_bytes() == before


def test_damaged_pages_are_detected(tmp_path: Path) -> None:
    paths = make_school(tmp_path / "s")
    conn = sqlite3.connect(paths.database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(paths.database.read_bytes())
    for i in range(4096 * 2, min(len(data), 4096 * 6)):
        data[i] = 0xFF
    paths.database.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt):
        open_storage(paths)


def test_not_initialised(tmp_path: Path) -> None:
    with pytest.raises(NotInitialised) as err:
        open_storage(DataPaths(tmp_path / "nothing"))
    assert "init" in err.value.user_message


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(StorageError) as err:
            check_writable(ro)
        assert "--data-dir" in err.value.user_message
    finally:
        ro.chmod(0o700)


def test_full_disk_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(*_a: object, **_k: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StorageError) as err:
        check_writable(tmp_path)
    assert "满" in err.value.user_message


def test_read_only_filesystem_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    def rofs(*_a: object, **_k: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", rofs)
    with pytest.raises(StorageError) as err:
        check_writable(tmp_path)
    assert "--data-dir" in err.value.user_message


def test_backup_is_a_consistent_copy(school_paths: DataPaths, tmp_path: Path) -> None:
    target = backup_database(school_paths.database, tmp_path / "b" / "copy.sqlite3")
    assert dump(target) == dump(school_paths.database)


def test_revision_chain_read_from_files_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.head_revision()]
    assert {s.revision for s in script.walk_revisions()} == migrate.known_revisions()


def test_a_corrupt_database_is_restored_from_its_latest_backup_and_kept(tmp_path: Path) -> None:
    from safetydesk.services import backup as backups

    paths = make_school(tmp_path / "s")
    good = backup_database(paths.database, paths.backups / "daily-20261101-000000.sqlite3")
    expected = dump(good)
    for suffix in ("-wal", "-shm"):
        Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
    damaged = b"SQLite format 3\x00" + b"\xff" * 8000
    paths.database.write_bytes(damaged)
    with pytest.raises(DatabaseCorrupt) as err:
        open_storage(paths)
    kept = backups.restore(paths.root, paths.database, Path(err.value.backup))
    assert kept is not None and kept.read_bytes() == damaged
    assert dump(paths.database) == expected
    open_storage(paths).close()
