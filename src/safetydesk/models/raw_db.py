"""A raw DB-API connection to a PostgreSQL installation shaped like the `sqlite3` one the few
SQLAlchemy-free readers use (services.workspace, data_key, audit_head, sync.withdraw).

Those readers exist to avoid loading SQLAlchemy (start-up) or to work outside a session (after a
commit). For a hub on PostgreSQL they get this adapter instead of `sqlite3.connect`: `?`
placeholders become `%s`, PRAGMAs are skipped (they tune SQLite only), `with conn:` is one
transaction (commit, or roll back on error) as with sqlite3, and driver errors surface as
`sqlite3.DatabaseError` so the callers' error handling holds for both engines. psycopg is
imported here only, when a PostgreSQL installation is opened: schools never load it. Any thread
(one connection per call).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from safetydesk.models import database_url


class PgCursor:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


class PgRaw:
    """The subset of sqlite3.Connection the readers use, on a psycopg 3 connection."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._tx: Any = None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        if sql.lstrip().upper().startswith("PRAGMA"):
            return PgCursor([])
        import psycopg

        try:
            cur = self._conn.execute(sql.replace("?", "%s"), tuple(params))
            rows = cur.fetchall() if cur.description is not None else []
        except psycopg.Error as exc:
            raise sqlite3.DatabaseError(str(exc)) from exc
        return PgCursor([tuple(r) for r in rows])

    def __enter__(self) -> PgRaw:
        self._tx = self._conn.transaction()
        self._tx.__enter__()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        tx, self._tx = self._tx, None
        import psycopg

        try:
            tx.__exit__(et, ev, tb)
        except psycopg.Error as exc:
            raise sqlite3.DatabaseError(str(exc)) from exc

    def close(self) -> None:
        self._conn.close()


def connect_pg(database: Path, *, timeout: float = 10) -> PgRaw | None:
    """A connection to the PostgreSQL database of the installation whose SQLite path would be
    `database`; None when that installation uses SQLite (the caller opens the file)."""
    url = database_url.read_url(Path(database).parent)
    if url is None:
        return None
    import psycopg

    try:
        conn = psycopg.connect(database_url.check_url(url), autocommit=True,
                               connect_timeout=max(1, int(timeout)))
    except psycopg.Error as exc:
        raise sqlite3.OperationalError(str(exc)) from exc
    return PgRaw(conn)
