"""Chinese substring search over every kind's non-sensitive text fields.

SQLite-only by design and kept to this module (architecture.md, "Storage"): an FTS5 table with
the trigram tokenizer answers queries of 3+ characters from its index; 1–2 character queries,
which trigram cannot answer, scan the same table's text with instr(). Sensitive fields are never
indexed, so their text appears nowhere outside their own (protected) rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, func, literal, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.services import search_postgresql

MIN_TRIGRAM = 3


def index_body(kind: RecordKind, values: Mapping[str, Any]) -> str:
    parts = [str(values.get(f.attr) or "") for f in kind.search_fields]
    return "\n".join(p for p in parts if p)


def _key(session: Session, kind_key: str, uuid: str, *, create: bool) -> int | None:
    """The index row of a record: a key on (kind, full UUID), so no other record (another kind,
    another organisation's row sharing part of the UUID) can reach it. FTS5 cannot index the uuid
    column, but its rowid is the primary key, so replacing an entry stays a key lookup."""
    params = {"k": kind_key, "u": uuid}
    found = session.execute(
        text("SELECT id FROM record_fts_key WHERE kind = :k AND uuid = :u"), params
    ).scalar()
    if found is None and create:
        found = session.execute(
            text("INSERT INTO record_fts_key (kind, uuid) VALUES (:k, :u) RETURNING id"), params
        ).scalar()
    return None if found is None else int(found)


def reindex(session: Session, kind: RecordKind, uuid: str, values: Mapping[str, Any] | None) -> None:
    """Replace a record's index entry; `values=None` (or a tombstone) removes it."""
    rowid = _key(session, kind.key, uuid, create=False)
    if rowid is not None:
        session.execute(text("DELETE FROM record_fts WHERE rowid = :r"), {"r": rowid})
    if values is None or kind.sensitive:
        return
    body = index_body(kind, values)
    if body:
        rowid = rowid if rowid is not None else _key(session, kind.key, uuid, create=True)
        session.execute(text("INSERT INTO record_fts (rowid, body, kind, uuid) VALUES (:r, :b, :k, :u)"),
                        {"r": rowid, "b": body, "k": kind.key, "u": uuid})


_FIND_KEYS = text("SELECT uuid, id FROM record_fts_key WHERE kind = :k AND uuid IN :us").bindparams(
    bindparam("us", expanding=True)
)
_DROP = text("DELETE FROM record_fts WHERE rowid = :r")
_NEW_KEY = text("INSERT INTO record_fts_key (kind, uuid) VALUES (:k, :u)")
_ADD = text("INSERT INTO record_fts (rowid, body, kind, uuid) VALUES (:r, :b, :k, :u)")


def reindex_rows(session: Session, kind_key: str, uuids: Iterable[str]) -> None:
    """Re-read rows from their table and refresh their index entries (used after sync import).

    In chunks, each in a handful of executemany statements: one statement per row and step
    (look the key up, drop, add) doubled the import time of a package of 3,000 indexed rows."""
    kind = get_kind(kind_key)
    model = kind.model
    for chunk in _chunks(list(uuids), 500):
        bodies: dict[str, str] = {}
        for row in session.execute(select(model).where(model.uuid.in_(chunk))).scalars():
            if row.deleted_at is None and not kind.sensitive:
                body = index_body(kind, {f.attr: getattr(row, f.attr) for f in kind.search_fields})
                if body:
                    bodies[row.uuid] = body
        keys = {u: i for u, i in session.execute(_FIND_KEYS, {"k": kind.key, "us": chunk})}
        if keys:
            session.execute(_DROP, [{"r": r} for r in keys.values()])
        new = [u for u in bodies if u not in keys]
        if new:
            session.execute(_NEW_KEY, [{"k": kind.key, "u": u} for u in new])
            keys.update({u: i for u, i in session.execute(_FIND_KEYS, {"k": kind.key, "us": new})})
        if bodies:
            session.execute(_ADD, [{"r": keys[u], "b": b, "k": kind.key, "u": u} for u, b in bodies.items()])


def compact(session: Session) -> None:
    """Merge the index into one segment: FTS5 keeps a deleted entry's words in its older segments
    until they merge, so text that must leave (a withdrawn referral's student) would linger in the
    file. With secure_delete on, the freed pages are overwritten too."""
    if session.get_bind().dialect.name == "postgresql":
        return search_postgresql.compact(session)
    session.execute(text("INSERT INTO record_fts (record_fts) VALUES ('optimize')"))


def rebuild(session: Session, kinds: Iterable[RecordKind]) -> None:
    session.execute(text("DELETE FROM record_fts"))
    session.execute(text("DELETE FROM record_fts_key"))
    for kind in kinds:
        if kind.sensitive or not kind.search_fields:
            continue
        model = kind.model
        cols = [getattr(model, f.attr) for f in kind.search_fields]
        for row in session.execute(select(model.uuid, *cols).where(model.deleted_at.is_(None))):
            values = dict(zip([f.attr for f in kind.search_fields], row[1:], strict=True))
            reindex(session, kind, row[0], values)


def matching(kind: RecordKind, query: str) -> ColumnElement[bool]:
    """A WHERE clause on the kind's model: rows whose searchable text contains `query`.

    3+ characters: the trigram index. Shorter queries (trigram cannot answer them) and sensitive
    kinds (never indexed) scan the kind's own text columns with instr(); for short queries this
    is also faster than scanning the shared index, as the page query can stop after one page
    (bench/bench_records.py measures both).
    """
    query = query.strip()
    model = kind.model
    if kind.sensitive or len(query) < MIN_TRIGRAM:
        from safetydesk.services import field_crypto

        cols = [field_crypto.plain_sql(kind, f.attr) for f in kind.search_fields]
        return or_(*(func.instr(c, query) > 0 for c in cols)) if cols else false()
    return search_postgresql.IndexMatch(model.uuid, kind.key, query)


@compiles(search_postgresql.IndexMatch)
def _fts5_match(element: search_postgresql.IndexMatch, compiler: Any, **kw: Any) -> str:
    """SQLite: the FTS5 trigram index (a hub on PostgreSQL renders it in search_postgresql)."""
    phrase = '"' + element.query.replace('"', '""') + '"'
    uuid = compiler.process(element.uuid, **kw)
    q, k = (compiler.process(literal(v), **kw) for v in (phrase, element.kind_key))
    return f"{uuid} IN (SELECT uuid FROM record_fts WHERE record_fts MATCH {q} AND kind = {k})"


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
