"""Backups of a hub on PostgreSQL (issue 16.5), said as they are.

SafetyDesk copies a SQLite file page by page (services.backup). A PostgreSQL database belongs to
its server: the office's database administrator backs it up (pg_dump, base backups, WAL
archiving). What the app does itself:

- "Back up to folder" runs `pg_dump --format=custom` when pg_dump is on PATH (same libpq password
  rules: ~/.pgpass, PGPASSWORD); without it the user is told to ask for the server's backup.
- Automatic backups (daily, at close) are skipped: a dump per workstation per day of a shared
  county database is not a backup plan, and failing at every close helps nobody. Logged.
- Restore into a PostgreSQL database is refused with what to do (pg_restore by the DBA): the
  app must not drop a database other workstations are using.
Command or DB thread.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

from safetydesk import file_modes
from safetydesk.errors import SafetyDeskError, StorageError
from safetydesk.i18n import _
from safetydesk.models import database_url

log = logging.getLogger(__name__)


def url_of(database: Path) -> str | None:
    return database_url.read_url(Path(database).parent)


def dump(url: str, target: Path) -> Path:
    """`pg_dump -Fc` of the database into `target` (owner-only, written then renamed; restore it
    with pg_restore)."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise StorageError(_("This installation keeps its data in PostgreSQL ({url}), which "
                             "SafetyDesk cannot copy without the pg_dump program. Install the "
                             "PostgreSQL client tools, or ask the database administrator for the "
                             "server's backup.", url=url))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    file_modes.create_private_file(partial)
    done = subprocess.run([pg_dump, "--format=custom", "--file", str(partial), url],
                          capture_output=True, text=True, check=False, env=os.environ.copy())
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise StorageError(_("The backup could not be written to {path}: {error}",
                             path=str(target), error=done.stderr.strip() or "pg_dump exit " + str(done.returncode)))
    partial.replace(target)
    return target


def automatic_skipped(database: Path) -> bool:
    """True (and logged) when `database` is a hub's PostgreSQL database: no automatic copy."""
    url = url_of(database)
    if url is None:
        return False
    log.info("automatic backup skipped: the data is in PostgreSQL (%s); the server's backup applies", url)
    return True


def refuse_restore(database: Path) -> None:
    url = url_of(database)
    if url is not None:
        raise SafetyDeskError(_("This installation keeps its data in PostgreSQL ({url}). Restoring "
                                "replaces the database every workstation uses, so it is done on the "
                                "server by the database administrator (pg_restore); nothing was "
                                "changed.", url=url))
