"""Chinese substring search over every kind's non-sensitive text fields.

On SQLite (kept to this module; a PostgreSQL hub's parts are in search_postgresql): an FTS5 table with
the trigram tokenizer answers queries of 3+ characters from its index; 1–2 character queries,
which trigram cannot answer, scan the same table's text with instr(). Sensitive fields are never
indexed, so their text appears nowhere outside their own (protected) rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    TypeDecorator,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    text,
)
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
_DROP = "DELETE FROM record_fts WHERE rowid = ?"
_NEW_KEY = "INSERT INTO record_fts_key (kind, uuid) VALUES (?, ?)"
_ADD = "INSERT INTO record_fts (rowid, body, kind, uuid) VALUES (?, ?, ?, ?)"
_CHUNK = 500


def _raw_columns(kind: RecordKind, fields: list[str]) -> list[str] | None:
    """The table's column names for the kind's searchable fields when every one is stored as plain
    text (so the driver's value is the value the ORM would give); None otherwise."""
    table_ = kind.model.__table__  # type: ignore[attr-defined]
    names = []
    for attr in fields:
        col = table_.c.get(attr)
        if col is None or isinstance(col.type, TypeDecorator) or not isinstance(col.type, String):
            return None
        names.append(col.name)
    return names


def reindex_rows(session: Session, kind_key: str, uuids: Iterable[str]) -> None:
    """Re-read rows from their table and refresh their index entries (used after sync import)."""
    if session.get_bind().dialect.name == "postgresql":
        _reindex_rows_portable(session, kind_key, uuids)
    else:
        _reindex_rows_sqlite(session, kind_key, uuids)


_P_DROP = text("DELETE FROM record_fts WHERE rowid = :r")
_P_NEW_KEY = text("INSERT INTO record_fts_key (kind, uuid) VALUES (:k, :u)")
_P_ADD = text("INSERT INTO record_fts (rowid, body, kind, uuid) VALUES (:r, :b, :k, :u)")


def _reindex_rows_portable(session: Session, kind_key: str, uuids: Iterable[str]) -> None:
    """Any engine (a PostgreSQL hub): in chunks, a handful of executemany statements each."""
    kind = get_kind(kind_key)
    model = kind.model
    for chunk in _chunks(list(uuids), _CHUNK):
        bodies: dict[str, str] = {}
        if not kind.sensitive and kind.search_fields:
            cols = [getattr(model, f.attr) for f in kind.search_fields]
            for uuid, deleted_at, *values in session.execute(
                    select(model.uuid, model.deleted_at, *cols).where(model.uuid.in_(chunk))):
                body = "\n".join(p for p in (str(v or "") for v in values) if p)
                if deleted_at is None and body:
                    bodies[uuid] = body
        keys = {u: i for u, i in session.execute(_FIND_KEYS, {"k": kind.key, "us": chunk})}
        if keys:
            session.execute(_P_DROP, [{"r": r} for r in keys.values()])
        new = [u for u in bodies if u not in keys]
        if new:
            session.execute(_P_NEW_KEY, [{"k": kind.key, "u": u} for u in new])
            keys.update({u: i for u, i in session.execute(_FIND_KEYS, {"k": kind.key, "us": new})})
        if bodies:
            session.execute(_P_ADD, [{"r": keys[u], "b": b, "k": kind.key, "u": u} for u, b in bodies.items()])


def _reindex_rows_sqlite(session: Session, kind_key: str, uuids: Iterable[str]) -> None:
    """SQLite, the hot path of an import. Cost per row is constant (issue 16.8: linear in the package): in chunks padded to a few sizes,
    the rows' searchable text read with plain SQL (ORM objects for every row, and statements
    compiled for every import, were most of the time), then one executemany each to drop old
    entries, add keys and add entries."""
    kind = get_kind(kind_key)
    fields = [f.attr for f in kind.search_fields]
    if kind.sensitive or not fields:
        _drop_entries(session, kind.key, list(uuids))
        return
    names = _raw_columns(kind, fields)
    table_name = kind.model.__table__.name  # type: ignore[attr-defined]
    model = kind.model
    raw = session.connection().exec_driver_sql
    for chunk in _chunks(list(uuids), _CHUNK):
        size = _padded(len(chunk))
        chunk = chunk + [chunk[-1]] * (size - len(chunk))  # IN (a, b, b): few statement shapes
        marks = ",".join("?" * size)
        if names is not None:
            found = raw(f"SELECT uuid, deleted_at, {', '.join(names)} FROM {table_name} WHERE uuid IN ({marks})",
                        tuple(chunk))
        else:  # pragma: no cover - every searchable field is plain text today
            cols = [getattr(model, a) for a in fields]
            found = session.execute(select(model.uuid, model.deleted_at, *cols).where(model.uuid.in_(chunk)))
        bodies: dict[str, str] = {}
        for uuid, deleted_at, *values in found:
            if deleted_at is None:
                body = "\n".join(p for p in (str(v or "") for v in values) if p)
                if body:
                    bodies[uuid] = body
        find_keys = f"SELECT uuid, id FROM record_fts_key WHERE kind = ? AND uuid IN ({marks})"
        keys: dict[str, int] = {u: i for u, i in raw(find_keys, (kind.key, *chunk))}
        if keys:
            raw(_DROP, [(r,) for r in keys.values()])
        new = [u for u in bodies if u not in keys]
        if new:
            raw(_NEW_KEY, [(kind.key, u) for u in new])
            keys.update({u: i for u, i in raw(find_keys, (kind.key, *chunk))})
        if bodies:
            raw(_ADD, [(keys[u], b, kind.key, u) for u, b in bodies.items()])


def _padded(n: int) -> int:
    size = 1
    while size < n:
        size *= 2
    return size


def _drop_entries(session: Session, kind_key: str, uuids: list[str]) -> None:
    for chunk in _chunks(uuids, _CHUNK):
        ids = [i for _u, i in session.execute(_FIND_KEYS, {"k": kind_key, "us": chunk})]
        if ids:
            session.connection().exec_driver_sql(_DROP, [(i,) for i in ids])


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
