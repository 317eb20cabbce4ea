"""Consistent copies of the database with SQLite's online backup API (safe while in use)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from safetydesk.domain import clock
from safetydesk.errors import StorageError
from safetydesk.i18n import LOCAL_TZ, _

BACKUP_SUFFIX = ".sqlite3"


def backup_database(database: Path, target: Path) -> Path:
    """Copy `database` to `target` page by page; writes to a temporary name, then renames."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(_("The backup could not be written to {path}: {error}",
                             path=str(target), error=str(exc))) from exc
    return target


def timestamped_name(prefix: str, when: datetime | None = None) -> str:
    when = (when or clock.now()).astimezone(LOCAL_TZ)
    return f"{prefix}-{when:%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"


def list_backups(folder: Path) -> list[Path]:
    """Backups in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix == BACKUP_SUFFIX and p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def latest_backup(folder: Path) -> Path | None:
    backups = list_backups(folder)
    return backups[0] if backups else None
