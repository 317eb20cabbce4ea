"""The import's one writer, per engine (architecture.md, "Engines"; issue 16.5).

An import checks "already imported?" and then writes the package's rows, its stream position
and its receipt; two importers must never interleave those steps, or a package could be taken
twice (two workstations of one hub reading the same USB stick) or a row lost.

- SQLite: the transaction starts with BEGIN IMMEDIATE, the database's write lock, so a second
  importer waits on the busy timeout; deletions overwrite their content (secure_delete).
- PostgreSQL: every import takes the same transaction-level advisory lock first, so importers on
  any number of workstations run one after the other; the lock goes with the commit or rollback.
  Foreign keys are checked at commit (they are made DEFERRABLE by models.migrate), as SQLite's
  defer_foreign_keys does, so a package's rows may arrive in any order.

`engine(storage)` gives the importer its own engine (kept on the storage until it closes);
`take(session)` is the first statement of the import's transaction. Command or DB thread.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from safetydesk.models import database_url
from safetydesk.models import db as dbmod

# Any constant shared by every SafetyDesk process importing into the same database.
IMPORT_LOCK = 0x5AFE_D35C_0000_0002
_MAKING = threading.Lock()


def engine(storage: Any) -> Engine:
    """The importer's engine on `storage`'s database, made at its first import and kept on the
    storage until storage.close(). An engine per import compiled every statement again
    (SQLAlchemy's compiled cache is keyed by the engine's dialect) and opened a new connection:
    about a third of a 146-row package's import (docs/scale.md, round 8)."""
    with _MAKING:  # two threads importing into one storage share one engine
        made = getattr(storage, "import_engine", None)
        if made is None:
            made = _new_engine(storage)
            storage.import_engine = made
    return made


def _new_engine(storage: Any) -> Engine:
    database = storage.paths.database
    url = database_url.read_url(storage.paths.root)
    if url is not None:
        return dbmod.make_pg_engine(url, database)
    return sqlite_engine(database)


def sqlite_engine(database: Path) -> Engine:
    """An engine on the file whose transactions start with BEGIN IMMEDIATE, overwriting what it
    deletes (tests/sync/test_hostile.py wraps it to shorten the busy timeout or limit the pages:
    before the storage's first import, since the engine is then kept on the storage)."""
    eng = dbmod.make_engine(database, begin="BEGIN IMMEDIATE")
    event.listen(eng, "connect", lambda conn, _record: conn.execute("PRAGMA secure_delete=ON"))
    return eng


def take(s: Session) -> None:
    """Wait for, then hold until the end of the transaction, the right to import."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": IMPORT_LOCK})
        s.execute(text("SET CONSTRAINTS ALL DEFERRED"))
        return
    s.execute(select(1))  # BEGIN IMMEDIATE now: the write lock for the whole import
    s.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
