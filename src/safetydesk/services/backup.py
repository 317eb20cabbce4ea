"""Backups and restores of an installation's database.

A backup is a page-for-page copy made with SQLite's online backup API (consistent while the
database is in use; its dump equals the original's). Sensitive columns are sealed before they are
written (services.field_crypto), and text stored in clear before protection was set up is sealed
and VACUUMed away at setup, so a backup on a lost USB stick reveals no case.

Automatic backups: on close and once a day (`auto-*.sqlite3` in the data folder's backups/,
keeping the newest N: the setting `backup.keep`, read through services.settings). Restore checks
the file first (SQLite header, length, integrity, a SafetyDesk installation of a known schema, the
same organisation), refuses while the application runs (the instance lock), keeps the replaced
database in backups/, and only then swaps the file in. Runs on any thread; no Qt.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from safetydesk import file_modes
from safetydesk.domain import clock
from safetydesk.domain.settings import BACKUP_KEEP
from safetydesk.errors import SafetyDeskError, StorageError
from safetydesk.i18n import LOCAL_TZ, _
from safetydesk.services import backup_postgresql

BACKUP_SUFFIX = ".sqlite3"
SQLITE_MAGIC = b"SQLite format 3\x00"
AUTO_PREFIX = "auto"
REPLACED_PREFIX = "replaced"
KEEP_SETTING = BACKUP_KEEP.key
DEFAULT_KEEP: int = BACKUP_KEEP.default
LOCK_NAME = "safetydesk.lock"


class BackupRejected(SafetyDeskError):
    """A file offered for restore is not a usable backup; nothing was changed."""


class InstallationRunning(SafetyDeskError):
    """Restore refused: the application has this data folder open."""


def backup_database(database: Path, target: Path) -> Path:
    """Copy `database` to `target` page by page; writes to a temporary name, then renames. The
    copy is owner-only (0600) from its first byte (file_modes). A hub on PostgreSQL: pg_dump
    (services.backup_postgresql)."""
    url = backup_postgresql.url_of(database)
    if url is not None:
        return backup_postgresql.dump(url, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        file_modes.create_private_file(partial)
        src = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            _("The backup could not be written to {path}: {error}", path=str(target), error=str(exc))
        ) from exc
    return target


def timestamped_name(prefix: str, when: datetime | None = None) -> str:
    when = (when or clock.now()).astimezone(LOCAL_TZ)
    return f"{prefix}-{when:%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"


def list_backups(folder: Path, prefix: str = "") -> list[Path]:
    """Backups in `folder` (optionally only those named `prefix-...`), newest first."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.suffix == BACKUP_SUFFIX and p.is_file() and (not prefix or p.name.startswith(prefix + "-"))
    ]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def latest_backup(folder: Path) -> Path | None:
    backups = list_backups(folder)
    return backups[0] if backups else None


# --- automatic backups ------------------------------------------------------------------------------


def keep_count(sessions: Any) -> int:
    """The setting `backup.keep` (services.settings; at least 1)."""
    from safetydesk.services import settings

    return int(settings.get(sessions, KEEP_SETTING))


def set_keep_count(sessions: Any, n: int, actor: Any) -> None:
    """Store `backup.keep` through the settings registry (checked, audited as `actor`)."""
    from safetydesk.services import settings

    settings.write(sessions, actor, {KEEP_SETTING: n})


def _unique(folder: Path, prefix: str) -> Path:
    target = folder / timestamped_name(prefix)
    i = 1
    while target.exists():
        target = folder / f"{target.stem.split('_')[0]}_{i}{BACKUP_SUFFIX}"
        i += 1
    return target


def automatic_backup(database: Path, folder: Path, keep: int = DEFAULT_KEEP) -> Path | None:
    """A backup into `folder` named auto-..., then only the newest `keep` auto backups remain.
    None for a hub on PostgreSQL (the server's backup applies: services.backup_postgresql)."""
    if backup_postgresql.automatic_skipped(database):
        return None
    file_modes.private_dir(folder)
    target = backup_database(database, _unique(folder, AUTO_PREFIX))
    for old in list_backups(folder, AUTO_PREFIX)[max(1, keep) :]:
        old.unlink(missing_ok=True)
    return target


def daily_backup_due(folder: Path) -> bool:
    """True when no automatic backup was made today (China time)."""
    today = clock.today()
    for p in list_backups(folder, AUTO_PREFIX):
        when = datetime.fromtimestamp(p.stat().st_mtime, LOCAL_TZ).date()
        if when == today:
            return False
    return True


def backup_to_folder(database: Path, folder: Path, org_code: str) -> Path:
    """'Back up to USB': a named copy in a folder the user chose."""
    if not folder.is_dir():
        raise StorageError(
            _(
                "The folder {path} does not exist. Plug in the USB stick or choose another folder.",
                path=str(folder),
            )
        )
    return backup_database(database, _unique(folder, f"safetydesk-{org_code}"))


# --- checking and restoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    org_code: str
    org_name: str
    revision: str | None


def check_backup(path: Path) -> BackupInfo:
    """Refuse, with a reason, anything that is not a complete SafetyDesk database."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise BackupRejected(
            _("The backup {path} cannot be read: {error}", path=str(path), error=exc.strerror or str(exc))
        ) from exc
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise BackupRejected(
            _("{path} is not a SafetyDesk backup (not a database file); nothing was changed.", path=str(path))
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if page_size < 512 or size % page_size or (pages and pages * page_size != size):
        raise BackupRejected(
            _(
                "The backup {path} is incomplete (cut off while copying?); nothing was changed.",
                path=str(path),
            )
        )
    from safetydesk.models import migrate

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()
            if not check or check[0] != "ok":
                raise BackupRejected(
                    _(
                        "The backup {path} is damaged ({detail}); nothing was changed.",
                        path=str(path),
                        detail=str(check[0] if check else ""),
                    )
                )
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"installation", "alembic_version"} <= tables:
                raise BackupRejected(
                    _(
                        "{path} is a database, but not a SafetyDesk backup; nothing was changed.",
                        path=str(path),
                    )
                )
            row = conn.execute("SELECT org_code, org_name FROM installation WHERE id = 1").fetchone()
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupRejected(
            _(
                "The backup {path} is damaged ({detail}); nothing was changed.",
                path=str(path),
                detail=str(exc),
            )
        ) from exc
    if row is None:
        raise BackupRejected(
            _("{path} is a database, but not a SafetyDesk backup; nothing was changed.", path=str(path))
        )
    revision = rev[0] if rev else None
    if revision is not None and revision not in migrate.known_revisions():
        raise BackupRejected(
            _(
                "The backup {path} was written by a newer SafetyDesk (schema {rev}). "
                "Install the newer version to restore it.",
                path=str(path),
                rev=revision,
            )
        )
    return BackupInfo(path, row[0], row[1], revision)


class InstanceLock:
    """Held by the running application for its data folder; `restore` refuses while it is held.

    An OS file lock (fcntl / msvcrt), so a crashed application never leaves a stale lock behind.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_NAME
        self._fh: Any = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+")
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return True

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def held_elsewhere(self) -> bool:
        if self._fh is not None or not self.path.exists():
            return False
        if self.acquire():
            self.release()
            return False
        return True


def _running(root: Path) -> InstallationRunning:
    return InstallationRunning(
        _("SafetyDesk is running with the data folder {path}. Close it, then restore.", path=str(root))
    )


def check_restore(root: Path, backup: Path, org_code: str | None) -> BackupInfo:
    """Everything `restore` checks before it touches anything: a usable backup of this
    installation, and the application not running on the folder."""
    info = check_backup(backup)
    if org_code is not None and info.org_code != org_code:
        raise BackupRejected(
            _(
                "The backup {path} belongs to {other} ({name}), not to this "
                "installation ({code}); nothing was changed.",
                path=str(backup),
                other=info.org_code,
                name=info.org_name,
                code=org_code,
            )
        )
    if InstanceLock(root).held_elsewhere():
        raise _running(root)
    return info


def restore(root: Path, database: Path, backup: Path, *, org_code: str | None = None) -> Path | None:
    """Put `backup` in place of `database`. Returns where the replaced database was kept (None on
    a fresh folder). Everything is checked before anything is touched."""
    backup_postgresql.refuse_restore(database)
    check_restore(root, backup, org_code)
    lock = InstanceLock(root)
    if not lock.acquire():
        raise _running(root)
    try:
        staged = database.with_name(database.name + ".restoring")
        staged.unlink(missing_ok=True)
        file_modes.private_dir(database.parent)
        backup_database(backup, staged)
        kept = None
        if database.exists():
            try:  # fold the WAL into the file we keep; a damaged file is kept as it is
                conn = sqlite3.connect(database)
                try:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    conn.close()
            except sqlite3.DatabaseError:
                pass
            folder = file_modes.private_dir(root / "backups")
            kept = _unique(folder, REPLACED_PREFIX)
            os.replace(database, kept)
            file_modes.private_file(kept)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staged, database)
        from safetydesk.services import audit_head  # the restored log's head replaces the old one

        audit_head.rebase(root)
        return kept
    except OSError as exc:
        raise StorageError(_("The restore failed: {error}", error=str(exc))) from exc
    finally:
        lock.release()
