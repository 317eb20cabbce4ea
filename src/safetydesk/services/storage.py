"""Open an installation's database safely: check the folder and the file, back up, migrate.

Never overwrites a database it cannot read; a corrupt file is reported with the newest backup.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from safetydesk import file_modes
from safetydesk.errors import DatabaseCorrupt, NotInitialised, StorageError
from safetydesk.i18n import _
from safetydesk.models import database_url, migrate
from safetydesk.models.db import make_engine, make_sessions
from safetydesk.paths import DataPaths
from safetydesk.services import postgresql_storage
from safetydesk.services.backup import backup_database, latest_backup, timestamped_name

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Storage:
    paths: DataPaths
    engine: Engine
    sessions: sessionmaker[Session]
    # The importer's engine (sync.import_lock.engine): made at the first import, kept until close.
    import_engine: Engine | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        if self.import_engine is not None:
            self.import_engine.dispose()
            self.import_engine = None
        self.engine.dispose()


def check_writable(folder: Path) -> None:
    """Raise StorageError with advice when `folder` cannot be created or written to."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
        try:
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise StorageError(_("The disk holding {path} is full. Free some space (or choose "
                                 "another data folder with --data-dir) and try again.",
                                 path=str(folder))) from exc
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise StorageError(_("The data folder {path} cannot be written to (read-only disk or "
                                 "no permission). Choose a writable folder with --data-dir.",
                                 path=str(folder))) from exc
        raise StorageError(_("The data folder {path} cannot be used: {error}",
                             path=str(folder), error=exc.strerror or str(exc))) from exc


def _corrupt(paths: DataPaths, detail: str) -> DatabaseCorrupt:
    backup = latest_backup(paths.backups)
    if backup:
        msg = _("The database {path} cannot be read ({detail}). It was not changed. The latest "
                "backup is {backup}: restore it with 'safetydesk restore'.",
                path=str(paths.database), detail=detail, backup=str(backup))
    else:
        msg = _("The database {path} cannot be read ({detail}). It was not changed, and no "
                "backup was found. Keep the file and contact support.",
                path=str(paths.database), detail=detail)
    return DatabaseCorrupt(msg, backup=str(backup) if backup else None)


def check_database_file(paths: DataPaths) -> None:
    """Refuse (without writing) a file that is not a healthy SQLite database."""
    db = paths.database
    try:
        with db.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(_("The database {path} cannot be opened: {error}",
                             path=str(db), error=exc.strerror or str(exc))) from exc
    if header != SQLITE_MAGIC:
        raise _corrupt(paths, _("not a database file"))
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _corrupt(paths, str(exc)) from exc
    if not row or row[0] != "ok":
        raise _corrupt(paths, str(row[0] if row else "quick_check failed"))


def open_storage(paths: DataPaths, *, migrate_schema: bool = True) -> Storage:
    """Open an existing installation; back up and migrate when its schema is behind."""
    if not paths.is_initialised():
        raise NotInitialised(_("No SafetyDesk installation in {path}. Create one with "
                               "'safetydesk init' or open the app to run the setup wizard.",
                               path=str(paths.root)))
    url = database_url.read_url(paths.root)
    if url is not None:
        engine = postgresql_storage.open_engine(paths, url, migrate_schema=migrate_schema)
        return Storage(paths, engine, make_sessions(engine))
    check_database_file(paths)
    # Installations written before the files were made private are tightened here.
    file_modes.private_dir(paths.root)
    file_modes.private_database(paths.database)
    engine = make_engine(paths.database)
    try:
        current = migrate.current_revision(engine)
        head = migrate.head_revision()
        if current is not None and current not in migrate.known_revisions():
            raise StorageError(_("This database was written by a newer SafetyDesk (schema {rev}). "
                                 "Install the newer version to open it.", rev=current))
        if migrate_schema and current != head:
            check_writable(paths.root)
            file_modes.private_dir(paths.backups)
            backup_database(paths.database,
                            paths.backups / timestamped_name(f"before-upgrade-{current or 'none'}"))
            migrate.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Storage(paths, engine, make_sessions(engine))


def create_storage(paths: DataPaths, url: str | None = None) -> Storage:
    """Create a new, empty database at head (used by `init` and the setup wizard). `url`: a hub's
    empty PostgreSQL database instead of the SQLite file (recorded in the data folder)."""
    check_writable(paths.root)
    if url is not None:
        file_modes.private_dir(paths.root)
        engine = postgresql_storage.create_engine_at_head(paths, url)
        return Storage(paths, engine, make_sessions(engine))
    file_modes.private_dir(paths.root)
    file_modes.create_private_file(paths.database)  # SQLite gives its WAL the same mode
    engine = make_engine(paths.database)
    try:
        migrate.upgrade(engine)
    except Exception:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
        raise
    return Storage(paths, engine, make_sessions(engine))
