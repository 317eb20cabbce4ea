"""Step 8's row work (sync.md "Import"): references checked against the database, then each
kind's rows inserted or updated where the incoming row_version is higher, in one DB-API
executemany. Runs inside the importer's write transaction, on the DB thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Boolean, bindparam, insert, select, update
from sqlalchemy.orm import Session

from safetydesk.domain.fields import FieldKind
from safetydesk.i18n import _
from safetydesk.models.base import UTCDateTime
from safetydesk.sync import codec, package

_UUID, _DELETED_AT = itemgetter("uuid"), itemgetter("deleted_at")
_REF_KINDS = {FieldKind.STAFF: "staff", FieldKind.CLASS: "class", FieldKind.STUDENT: "student"}
CHUNK = 500


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# Statements compiled once per process (by table, size or columns, dialect): an import of a
# small package spent most of its time compiling statements that the previous import had
# compiled too. Bounded: chunk sizes are padded to powers of two (padded_size).
_COMPILED: dict[tuple[Any, ...], Any] = {}


def padded_size(n: int) -> int:
    """The next power of two >= n, at most CHUNK: few statement shapes for any package."""
    size = 1
    while size < n:
        size *= 2
    return min(size, CHUNK) if n <= CHUNK else n


class _Existing(NamedTuple):
    owner: str
    row_version: int
    deleted_at: Any  # only ever compared with None: the driver's raw value


def _existing(s: Session, wk: codec.WireKind, uuids: list[str]) -> dict[str, _Existing]:
    """The stored owner, version and deletion of those of `uuids` already here.

    One statement per chunk size, compiled once and run through the driver: an expanding IN
    compiled anew for every chunk of 500 cost more than the lookups themselves (a 100,000-row
    package: 200 compilations)."""
    t = wk.table
    conn = s.connection()
    found: dict[str, _Existing] = {}
    for chunk in _chunks(uuids):
        size = padded_size(len(chunk))
        chunk = chunk + [chunk[-1]] * (size - len(chunk))  # IN (a, b, b): the same rows
        key = ("existing", t, size, conn.dialect.name)
        stmt = _COMPILED.get(key)
        if stmt is None:
            query = select(t.c.uuid, t.c.owner, t.c.row_version, t.c.deleted_at).where(
                t.c.uuid.in_([bindparam(f"u{i}") for i in range(size)])
            )
            stmt = _COMPILED[key] = query.compile(dialect=conn.dialect)
        if stmt.positional:
            params: Any = tuple(chunk)
        else:
            params = {f"u{i}": u for i, u in enumerate(chunk)}
        for uuid, owner, version, deleted in conn.exec_driver_sql(stmt.string, params):
            found[uuid] = _Existing(owner, version, deleted)
    return found


def check_references(
    s: Session, incoming: dict[str, list[dict[str, Any]]], kinds: dict[str, codec.WireKind], file: str
) -> None:
    """Every reference resolves inside the package or in this database (deferred foreign keys would
    only say so at the commit, without the line)."""
    for key, rows in incoming.items():
        wk = kinds[key]
        for f in wk.fields:
            target = f.ref_kind if f.kind == FieldKind.RECORD else _REF_KINDS.get(f.kind)
            if target is None or target not in kinds:
                continue
            wanted = {r[f.attr] for r in rows if r[f.attr] is not None}
            wanted -= {r["uuid"] for r in incoming.get(target, [])}
            if not wanted:
                continue
            present = set(_existing(s, kinds[target], sorted(wanted)))
            missing = wanted - present
            if missing:
                line = next(i for i, r in enumerate(rows, 1) if r[f.attr] in missing)
                raise package.reject(
                    "bad_row",
                    file=file,
                    line=line,
                    kind=key,
                    detail=_(
                        "{field}: refers to a record that is not here",
                        field=_(f.label) if f.label else f.attr,
                    ),
                )


def _sqlite_utc(value: datetime | str | None) -> str | None:
    """UTCDateTime then SQLite's DATETIME storage format, in two C calls: the type's own two
    processors per value were most of the executemany's Python time (three datetimes per row).
    A row's own times arrive as the package's canonical UTC text (values._utc_text): two slices."""
    if value is None:
        return None
    if isinstance(value, str):
        return value[:10] + " " + value[11:26]
    if value.tzinfo is UTC:  # as the codec decodes every time: drop the "+00:00"
        return value.isoformat(" ", "microseconds")[:-6]
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use domain.clock.now() or an aware time")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class _BoolAsInt:
    """A Boolean column's bind processor on SQLite (True -> 1, False -> 0), marked so that
    _columns can skip it for a column of only bools and None: the driver binds a bool as the
    integer it equals, so the stored values are the same, without a Python call per value."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        self.process = process

    def __call__(self, value: Any) -> Any:
        return self.process(value)


_BOOL_TYPES = frozenset({bool, type(None)})


def _processor(type_: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The bind processor of a column type, or an equivalent faster one where it is known to give
    the same value (checked here on sample times before it is used)."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if isinstance(type_, UTCDateTime) and dialect.name == "sqlite" and process is not None:
        samples = (
            datetime(2026, 12, 1, 8, 30, 5, 123456, tzinfo=UTC),
            datetime(2026, 12, 1, 8, 30, 5, tzinfo=UTC),
            datetime(1900, 1, 1, tzinfo=timezone(timedelta(hours=8))),
            datetime(2199, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
            None,
        )
        texts = ("2026-12-01T08:30:05.123456+00:00", "1900-01-01T00:00:00.000000+00:00")
        if all(_sqlite_utc(v) == process(v) for v in (*samples, *texts)):
            return _sqlite_utc
    if (
        isinstance(type_, Boolean)
        and dialect.name == "sqlite"
        and process is not None
        and [process(True), process(False), process(None)] == [1, 0, None]
    ):
        return _BoolAsInt(process)
    return process


def _executemany(s: Session, stmt: Any, rows: list[dict[str, Any]], cache: tuple[Any, ...] | None = None) -> None:
    """Run `stmt` once per row in one DB-API executemany, each value converted by its column's
    SQLAlchemy type exactly as Session.execute would. For 100,000 rows Session.execute spent about
    four times sqlite's own time building and converting per-row parameter dicts; here conversion
    is one pass per column. Falls back to Session.execute when SQLAlchemy would add values itself
    (Python-side column defaults)."""
    conn = s.connection()
    dialect = conn.dialect
    cache_key = (cache, dialect.name, tuple(rows[0])) if cache is not None else None
    compiled = _COMPILED.get(cache_key) if cache_key is not None else None
    if compiled is None:
        compiled = stmt.compile(dialect=dialect, column_keys=list(rows[0]))
        if cache_key is not None:
            _COMPILED[cache_key] = compiled
    if compiled.insert_prefetch or compiled.update_prefetch or not compiled.positiontup:
        s.execute(stmt, rows)
        return
    names = compiled.positiontup
    processors = [_processor(compiled.binds[n].type, dialect) for n in names]
    # In chunks, so the converted copy of the rows stays small next to the decoded rows.
    for chunk in _chunks(rows, 10_000):
        conn.exec_driver_sql(compiled.string, list(zip(*_columns(chunk, names, processors), strict=True)))


def _columns(
    chunk: list[dict[str, Any]], names: Iterable[str], processors: Iterable[Callable[[Any], Any] | None]
) -> list[list[Any]]:
    """The values of each column, converted for the driver. A column of only None needs no
    conversion, and a value that is the very object converted in an earlier column of the row by
    the same processor reuses that result: the codec decodes an unedited row's two equal times
    into one object, and formatting an aware time is the costliest conversion (about 2 us)."""
    columns: list[list[Any]] = []
    done: list[tuple[Callable[[Any], Any], list[Any], list[Any]]] = []
    for name, process in zip(names, processors, strict=True):
        values = list(map(itemgetter(name), chunk))
        if process is None or values.count(None) == len(values):
            columns.append(values)
            continue
        if process.__class__ is _BoolAsInt and set(map(type, values)) <= _BOOL_TYPES:
            columns.append(values)
            continue
        earlier = next(((v0, c0) for p0, v0, c0 in done if p0 is process), None)
        if earlier is None:
            converted = list(map(process, values))
        else:
            converted = [c0 if v is v0 else process(v) for v, v0, c0 in zip(values, *earlier, strict=True)]
        done.append((process, values, converted))
        columns.append(converted)
    return columns


def _sorted_rows(
    existing: dict[str, _Existing], rows: list[dict[str, Any]], counts: KindCounts, wk: codec.WireKind, file: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows to insert, rows to update), counted; owner_mismatch when a row is another's."""
    if not existing:  # a school's first package, or only new records: every row is inserted
        counts.deleted = len(rows) - list(map(_DELETED_AT, rows)).count(None)
        counts.created = len(rows) - counts.deleted
        return rows, []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for line, row in enumerate(rows, start=1):
        old = existing.get(row["uuid"])
        if old is None:
            inserts.append(row)
            if row["deleted_at"] is None:
                counts.created += 1
            else:
                counts.deleted += 1
            continue
        if old.owner != row["owner"]:
            raise package.reject("owner_mismatch", file=file, line=line, kind=wk.key, owner=old.owner)
        # One writer per row, so row_version orders every state of it: the higher one wins, in
        # any arrival order. A deletion bumps the version, so a stale update (lower version)
        # never brings a tombstoned record back; only the owner's explicit restore (a higher
        # version again) does.
        if row["row_version"] > old.row_version:
            updates.append(row)
            if row["deleted_at"] is not None and old.deleted_at is None:
                counts.deleted += 1
            else:
                counts.updated += 1
        else:
            counts.unchanged += 1
    return inserts, updates


def apply_kind(
    s: Session, wk: codec.WireKind, rows: list[dict[str, Any]], file: str
) -> tuple[KindCounts, list[str]]:
    """Insert the new rows, update those with a higher row_version; (counts, uuids written)."""
    counts = KindCounts()
    uuids = list(map(_UUID, rows))
    inserts, updates = _sorted_rows(_existing(s, wk, uuids), rows, counts, wk, file)
    t = wk.table
    if inserts:
        _executemany(s, insert(t), inserts, ("insert", t))
    if updates:
        cols = [c for c in updates[0] if c != "uuid"]
        stmt = update(t).where(t.c.uuid == bindparam("_uuid")).values({c: bindparam(c) for c in cols})
        _executemany(s, stmt, [{**{c: r[c] for c in cols}, "_uuid": r["uuid"]} for r in updates], ("update", t))
    return counts, uuids if inserts is rows else [*map(_UUID, inserts), *map(_UUID, updates)]


def reindex(s: Session, kind_key: str, uuids: list[str]) -> None:
    """Keep the search index current through the search module, when it exists."""
    try:
        from safetydesk.services import search
    except ImportError:  # pragma: no cover - search not installed yet
        return
    if uuids and hasattr(search, "reindex_rows"):
        search.reindex_rows(s, kind_key, uuids)
