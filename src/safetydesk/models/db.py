"""Engine and session factory for an installation's database: its SQLite file, or for a hub the
PostgreSQL database its data folder names (models.database_url, issue 16.5).

Pragmas are set on every new connection: WAL (readers never block the writer), foreign keys on,
synchronous=FULL (an officer may pull the USB stick the moment the screen says "done") and a busy
timeout so a second process waits instead of failing at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "BEGIN" be emitted by us (see _begin), not by pysqlite's implicit handling.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(database: Path | str, *, echo: bool = False, begin: str = "BEGIN") -> Engine:
    """`begin="BEGIN IMMEDIATE"` takes the write lock at the start (the sync importer does)."""
    url = "sqlite://" if str(database) == ":memory:" else f"sqlite:///{Path(database)}"
    engine = create_engine(url, echo=echo)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    return engine


def make_pg_engine(url: str, database: Path, *, echo: bool = False) -> Engine:
    """An engine on a hub's PostgreSQL database (psycopg 3, imported by SQLAlchemy only now).
    `database` is the data folder's SQLite path: it names the installation in per-database state
    (services.data_key.db_key) exactly as the SQLite file does. READ COMMITTED, the server's
    default; the importer serialises itself with an advisory lock (sync.import_lock)."""
    from safetydesk.models import database_url

    return create_engine(
        database_url.sqlalchemy_url(url),
        echo=echo,
        pool_pre_ping=True,
        execution_options={database_url.DATABASE_KEY_OPTION: str(Path(database))},
    )


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
