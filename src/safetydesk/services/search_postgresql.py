"""Chinese substring search on a hub's PostgreSQL database (issue 16.5).

The index is the same table as on SQLite (`record_fts`: rowid, body, kind, uuid, keyed through
`record_fts_key`), created in migration 0002 as a plain table with a pg_trgm GIN index on `body`.
Writing it is therefore the same SQL as on SQLite (services.search); only the query and the
compaction differ, and they live here. `LIKE '%q%'` is answered from the trigram index for 3+
characters; the result is exact either way (LIKE rechecks every candidate). Any thread.

`IndexMatch` is one condition rendered per engine when the query is compiled, so services build
their statements without knowing the engine: services.search renders it for SQLite (FTS5 MATCH).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.types import Boolean


class IndexMatch(ColumnElement[bool]):
    """`uuid IN (rows of kind `kind_key` whose indexed text contains `query`)`."""

    type = Boolean()
    inherit_cache = False  # the query text is part of the SQL's parameters, not its shape

    def __init__(self, uuid: Any, kind_key: str, query: str) -> None:
        self.uuid = uuid
        self.kind_key = kind_key
        self.query = query


def like_pattern(query: str) -> str:
    """`query` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@compiles(IndexMatch, "postgresql")
def _trigram_like(element: IndexMatch, compiler: Any, **kw: Any) -> str:
    uuid = compiler.process(element.uuid, **kw)
    q, k = (compiler.process(literal(v), **kw) for v in (like_pattern(element.query), element.kind_key))
    return f"{uuid} IN (SELECT uuid FROM record_fts WHERE kind = {k} AND body LIKE {q} ESCAPE '\\')"


def compact(session: Session) -> None:
    """Nothing to merge: a deleted row's text leaves the table at once, and the server's
    (auto)vacuum reclaims its space."""
