"""Rows <-> JSON lines, generic over the record-kind registry (never a per-kind list).

One line per row:
    {"uuid", "owner", "row_version", "created_at", "created_by", "updated_at", "updated_by",
     "deleted": ISO UTC time or null, "data": {attr: value}}
Values by field kind: text/choice/reference as strings, dates "YYYY-MM-DD", datetimes ISO 8601
UTC, ints and decimals as JSON numbers, booleans as JSON booleans, multi-choice as a list of codes
(or the stored string, when the model keeps it as text).

Incoming lines are validated against the kind's declared fields before anything is written:
unknown field, wrong type, unknown choice, text over the field's limit -> PackageRejected
('bad_row') naming the line. Attachment rows travel as the built-in wire kind "attachment",
described with the same Field metadata. CPU only: any thread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property, partial
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import all_kinds
from safetydesk.domain.validation import FORBIDDEN_TEXT
from safetydesk.errors import PackageRejected
from safetydesk.i18n import _
from safetydesk.models.org import Attachment
from safetydesk.sync import strict_json
from safetydesk.sync.package import HEX64, UUID_RE, reject
from safetydesk.sync.row_compiler import RowDecoder, compile_clean
from safetydesk.sync.values import (  # noqa: F401 - EARLIEST, LATEST: the codec's public limits
    _DECODERS,
    EARLIEST,
    LATEST,
    ROW_KEYS,
    _FieldSpec,
    _plain_text,
    _RowError,
    _text,
    _unsupported,
    _utc,
    _utc_text,
    table_is_clean,
)

# The wire schema revision this app writes, and the oldest it can still read (older packages are
# upgraded in memory, one revision at a time, by UPGRADERS[r]: row dict at r -> row dict at r+1).
SCHEMA_REVISION = 1
MIN_READABLE_REVISION = 1
UPGRADERS: dict[int, Callable[[str, dict[str, Any]], dict[str, Any]]] = {}

MAX_ROW_DEPTH = 3
MAX_LINE_CHARS = 1024 * 1024
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,31}")

ATTACHMENT_KEY = "attachment"
ATTACHMENT_FIELDS = (
    Field("sha256", "", FieldKind.TEXT, required=True, max_length=64),
    Field("filename", "", FieldKind.TEXT, required=True, max_length=200),
    Field("mime_type", "", FieldKind.TEXT, max_length=80),
    Field("size", "", FieldKind.INT, min_value=0),
    Field("record_kind", "", FieldKind.TEXT, required=True, max_length=40),
    Field("record_uuid", "", FieldKind.TEXT, required=True, max_length=36),
    Field("caption", "", FieldKind.LONG_TEXT),
)


@dataclass(frozen=True)
class WireKind:
    """What the codec needs to know about one table that travels."""

    key: str
    model: type
    fields: tuple[Field, ...]
    sensitive: bool = False
    status_field: str | None = None
    # Who writes these rows (RecordKind.owner_role); None for attachments, which follow the
    # kind of the record they hang on.
    owner_role: str | None = None
    class_field: str | None = None

    @property
    def table(self) -> Any:
        return self.model.__table__  # type: ignore[attr-defined]

    def column_default(self, attr: str) -> Any:
        """What a field missing from an incoming row becomes: the field's or column's default."""
        f = next(f for f in self.fields if f.attr == attr)
        if f.default is not None:
            return f.default
        col = self.table.c[attr]
        default = getattr(col.default, "arg", None)
        return None if callable(default) else default

    def nullable(self, attr: str) -> bool:
        return bool(self.table.c[attr].nullable)

    def column_is_json(self, attr: str) -> bool:
        from sqlalchemy import JSON

        return isinstance(self.table.c[attr].type, JSON)

    @cached_property
    def specs(self) -> tuple[_FieldSpec, ...]:
        """Per-field decoding facts, worked out once per kind rather than once per row."""
        return _specs(self)

    @cached_property
    def clean_specs(self) -> tuple[_FieldSpec, ...]:
        """The same, for a table already known to hold no invalid or forbidden character in any
        string (decode_table checks the whole table once): text is checked for type and length."""
        return tuple(replace(s, text=_plain_text) for s in self.specs)

    @cached_property
    def loop(self) -> tuple[tuple[str, Any, Callable[[_FieldSpec, Any], Any], bool, _FieldSpec], ...]:
        """(attr, default, decoder, value needed, spec) per field: what decode_row reads per value."""
        return tuple((s.attr, s.default, s.decode, s.required or not s.nullable, s) for s in self.specs)

    @cached_property
    def clean_loop(self) -> tuple[tuple[str, Any, Callable[[_FieldSpec, Any], Any], bool, _FieldSpec], ...]:
        return tuple((s.attr, s.default, s.decode, s.required or not s.nullable, s) for s in self.clean_specs)

    @cached_property
    def clean_decoder(self) -> RowDecoder:
        """decode_row for a clean table: generated for this kind (sync/row_compiler.py), or
        decode_row itself for attachments (whose sha256 it checks too)."""
        if self.key == ATTACHMENT_KEY:
            return partial(decode_row, self, clean=True)
        return compile_clean(self, decode_row)

    @cached_property
    def numbers_exact_in_orjson(self) -> bool:
        """orjson reads every value of this kind's rows as json does: it reads an integer beyond
        64 bits as a float where json keeps it whole, which only a decimal field would accept
        (an int field refuses both, so the strict path still words the refusal)."""
        return all(f.kind != FieldKind.DECIMAL for f in self.fields)

    @cached_property
    def attrs(self) -> frozenset[str]:
        return frozenset(f.attr for f in self.fields)

    def column_is_decimal(self, attr: str) -> bool:
        from sqlalchemy import Numeric

        col = self.table.c[attr].type
        return isinstance(col, Numeric) and bool(getattr(col, "asdecimal", False))


def wire_kinds(session: Session | None = None) -> dict[str, WireKind]:
    """Every registered record kind, plus attachments.

    With a session, only kinds whose table exists in that database (a kind whose migration has
    not run yet neither travels nor is accepted).
    """
    import safetydesk.kinds  # noqa: F401  (registers every kind)

    out: dict[str, WireKind] = {}
    for kind in all_kinds():
        out[kind.key] = WireKind(
            kind.key, kind.model, kind.fields, kind.sensitive, kind.status_field, kind.owner_role, kind.class_field
        )
    out[ATTACHMENT_KEY] = WireKind(ATTACHMENT_KEY, Attachment, ATTACHMENT_FIELDS)
    if session is not None:
        tables = set(inspect(session.connection()).get_table_names())
        out = {k: wk for k, wk in out.items() if wk.table.name in tables}
    return out


# --- encoding ---------------------------------------------------------------------------------


def _iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.tzinfo is not UTC:  # times read from the database are UTC already
        value = value.astimezone(UTC)
    return value.isoformat()


def _encode_value(f: Field, value: Any) -> Any:
    if value is None:
        return None
    k = f.kind
    if k == FieldKind.DATETIME:
        return _iso_utc(value)
    if k == FieldKind.DATE:
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if k == FieldKind.DECIMAL:
        return (
            int(value) if isinstance(value, Decimal) and value == value.to_integral_value() else float(value)
        )
    if k == FieldKind.MULTI_CHOICE and isinstance(value, tuple | set | frozenset):
        return sorted(value)
    return value


# Text, choice, reference, int and bool values go out as they are; only these kinds are converted
# (skipping _encode_value for the rest matters at 100,000 rows x every field).
_CONVERTED = frozenset({FieldKind.DATETIME, FieldKind.DATE, FieldKind.DECIMAL, FieldKind.MULTI_CHOICE})
# One encoder for every line instead of json.dumps building one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_row(wk: WireKind, row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uuid": row["uuid"],
        "owner": row["owner"],
        "row_version": row["row_version"],
        "created_at": _iso_utc(row["created_at"]),
        "created_by": row["created_by"] or "",
        "updated_at": _iso_utc(row["updated_at"]),
        "updated_by": row["updated_by"] or "",
        "deleted": _iso_utc(row["deleted_at"]),
        "data": {
            f.attr: _encode_value(f, row[f.attr]) if f.kind in _CONVERTED else row[f.attr]
            for f in wk.fields
        },
    }


def _strip_controls(value: Any) -> Any:
    return FORBIDDEN_TEXT.sub("", value) if isinstance(value, str) else value


def _encode_line(wk: WireKind, row: Mapping[str, Any]) -> bytes:
    """One JSON line. Text holding NUL or a text-direction control (entered before they were
    refused, or written around the forms) goes without those characters: the receiver refuses
    them, and one such record must not stop every later package."""
    obj = encode_row(wk, row)
    line = _JSON.encode(obj)
    if "\\u0000" in line or FORBIDDEN_TEXT.search(line):  # JSON writes NUL as \\u0000
        obj = {k: _strip_controls(v) for k, v in obj.items()}
        obj["data"] = {a: _strip_controls(v) for a, v in obj["data"].items()}
        line = _JSON.encode(obj)
    return line.encode("utf-8")


def encode_table(wk: WireKind, rows: Iterable[Mapping[str, Any]]) -> tuple[bytes, int]:
    """JSON lines of `rows`; takes an iterator, so a caller can stream rows from the cursor."""
    lines = [_encode_line(wk, r) for r in rows]
    return (b"\n".join(lines) + b"\n") if lines else b"", len(lines)


# --- decoding and validation ------------------------------------------------------------------


def _specs(wk: WireKind) -> tuple[_FieldSpec, ...]:
    return tuple(
        _FieldSpec(
            f.attr,
            f,
            wk.column_default(f.attr),
            wk.nullable(f.attr),
            wk.column_is_json(f.attr),
            wk.column_is_decimal(f.attr),
            f.text_limit,
            _DECODERS.get(f.kind, _unsupported),
            f.required and (wk.sensitive or not f.sensitive),
        )
        for f in wk.fields
    )


def decode_row(wk: WireKind, obj: Any, *, clean: bool = False, owners: set[str] | None = None) -> dict[str, Any]:
    """A wire row -> column values (sync columns + fields); _RowError says what is wrong.

    `clean`: the caller has checked that no string of the row can hold an invalid or forbidden
    character (decode_table does, once per table), so text needs only its type and length checked.
    `owners`: owner codes already found well-formed (decode_table passes one set per table)."""
    text = _plain_text if clean else _text
    if not isinstance(obj, dict) or obj.keys() != ROW_KEYS:
        raise _RowError("row fields")
    uuid = obj["uuid"]
    if not isinstance(uuid, str) or not UUID_RE.fullmatch(uuid):
        raise _RowError("uuid")
    owner = obj["owner"]
    if not isinstance(owner, str):
        raise _RowError("owner")
    if owners is None or owner not in owners:  # a package's rows share one or a few owners
        if not _CODE.fullmatch(owner):
            raise _RowError("owner")
        if owners is not None:
            owners.add(owner)
    version = obj["row_version"]
    if type(version) is not int or not 1 <= version <= 2**31 - 1:
        raise _RowError("row_version")
    data = obj["data"]
    if not isinstance(data, dict):
        raise _RowError("data")
    unknown = data.keys() - wk.attrs
    if unknown:
        raise _RowError(_("unknown field {name}", name=repr(sorted(unknown)[0][:40])))
    out: dict[str, Any] = {
        "uuid": uuid,
        "owner": owner,
        "row_version": version,
        "created_at": (created := _utc_text(obj["created_at"])),
        "created_by": text(obj["created_by"], 64),
        # most records were never edited: the same time twice is decoded once
        "updated_at": created if obj["updated_at"] == obj["created_at"] else _utc_text(obj["updated_at"]),
        "updated_by": text(obj["updated_by"], 64),
        "deleted_at": None if obj["deleted"] is None else _utc_text(obj["deleted"]),
    }
    get = data.get
    # Runs once per field of every row: plain tuples, no helper call per value.
    for attr, default, decode, needed, spec in wk.clean_loop if clean else wk.loop:
        value = get(attr, default)
        try:
            if value is not None:
                value = decode(spec, value)
            if value is None and needed:
                raise _RowError(_("a value is required"))
        except _RowError as exc:
            label = spec.field.label
            raise _RowError(_("{field}: {problem}", field=_(label) if label else attr, problem=str(exc))) from exc
        out[attr] = value
    if wk.key == ATTACHMENT_KEY and not HEX64.fullmatch(out["sha256"]):
        raise _RowError("sha256")
    return out


def _lines(data: bytes) -> Iterator[bytes]:
    """The lines of `data` (which ends with a newline), one at a time: holding the decoded text
    and a list of all its lines doubled the import's peak memory on a big table. A newline byte
    never occurs inside a UTF-8 sequence, so splitting bytes splits the text at the same places."""
    start = 0
    while start < len(data):
        end = data.index(b"\n", start)
        yield data[start:end]
        start = end + 1


_PIECE_BYTES = 4 * 1024 * 1024


def _pieces(data: bytes) -> Iterator[bytes]:
    """`data` (which ends with a newline) in pieces of whole lines of about _PIECE_BYTES: decoding
    a 34 MB table to text at once held 68 MB next to its rows. A newline byte never occurs inside a
    UTF-8 sequence, so each piece decodes on its own."""
    start = 0
    while start < len(data):
        end = data.index(b"\n", min(start + _PIECE_BYTES, len(data) - 1)) + 1
        yield data[start:end]
        start = end


def _scanned(text: str) -> Iterator[Any]:
    """The values of a piece's lines, one per line, parsed by json's C scanner (no duplicate-key
    hook); _Doubt when a line is not exactly one value or too long."""
    scan = strict_json.scan_unchecked
    pos, size = 0, len(text)
    while pos < size:
        obj, end = scan(text, pos)
        # one value, then the line's end (an IndexError past the text: the strict path)
        if text[end] != "\n" or end - pos > MAX_LINE_CHARS:
            raise _Doubt
        yield obj
        pos = end + 1


def _parsed(piece: bytes) -> Iterator[Any]:
    """The same by orjson, two to three times quicker on a hub's 100,000-row table (the import's
    biggest single cost, docs/scale.md round 6). Its JSON is as strict as strict_json's: it refuses
    NaN, infinite numbers, invalid UTF-8 and lone surrogates (the strict path then says which).
    Where it differs it keeps fewer keys (duplicates, counted by the caller) or reads an integer
    beyond 64 bits as a float (WireKind.numbers_exact_in_orjson). A line's bytes bound its
    characters from above, so the length check only ever sends more lines the strict way."""
    lines = piece.split(b"\n")
    lines.pop()  # after the piece's last newline
    if max(map(len, lines)) > MAX_LINE_CHARS:
        raise _Doubt
    return map(orjson.loads, lines)


class _Doubt(Exception):
    """The fast path cannot vouch for a table: the strict path decides."""


def _decode_unchecked(wk: WireKind, data: bytes, owner_ok: Callable[[str], bool]) -> list[dict[str, Any]] | None:
    """decode_table's fast path: every line parsed without the duplicate-key hook (by orjson, or
    json's C scanner for kinds with decimal fields), then decoded (by the kind's generated decoder
    where the text is clean); duplicate keys are ruled out by counting (a decoded row is two
    objects, the row and its data, and nothing else holds keys). None on any doubt or error: the
    strict path then decides, and says what is wrong exactly as before."""
    fast = wk.clean_decoder
    checked = partial(decode_row, wk, clean=False)
    use_orjson = wk.numbers_exact_in_orjson
    rows: list[dict[str, Any]] = []
    append = rows.append
    owners: set[str] = set()  # well-formed (decode_row)
    senders: set[str] = set()  # and allowed here (owner_ok)
    try:
        for piece in _pieces(data):
            tokens = strict_json.key_tokens(piece)
            if tokens is None:
                return None
            decode = fast if table_is_clean(piece) else checked
            first, keys = len(rows), 0
            for obj in _parsed(piece) if use_orjson else _scanned(piece.decode("utf-8")):
                row = decode(obj, owners=owners)
                keys += len(obj["data"])
                owner = row["owner"]
                if owner not in senders:
                    if not owner_ok(owner):
                        return None
                    senders.add(owner)
                append(row)
            # a decoded row is two objects, the row (exactly ROW_KEYS) and its data: nothing else
            if keys + len(ROW_KEYS) * (len(rows) - first) != tokens:
                return None
    except Exception:  # UTF-8, StopIteration, JSON, recursion, row errors, _Doubt: the strict path says which
        return None
    if len(set(map(itemgetter("uuid"), rows))) != len(rows):  # a record twice: the strict path names the line
        return None
    return rows


def decode_table(
    wk: WireKind,
    data: bytes,
    *,
    file: str,
    sender: str,
    schema_revision: int,
    is_valid_owner: Callable[[str], bool] | None = None,
) -> list[dict[str, Any]]:
    """Every line of tables/<kind>.jsonl validated, upgraded to SCHEMA_REVISION, decoded.

    Raises bad_row (with the 1-based line) or owner_mismatch; never writes anything.
    """
    owner_ok = is_valid_owner or (lambda o: o == sender)
    upgraders = [UPGRADERS[revision] for revision in range(schema_revision, SCHEMA_REVISION)]
    # (an upgrader may rename keys, which the fast path counts)
    if not upgraders and data.endswith(b"\n") and not data.startswith(b"\xef\xbb\xbf"):
        fast = _decode_unchecked(wk, data, owner_ok)
        if fast is not None:
            return fast
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            raise UnicodeDecodeError("utf-8", data, 0, 3, "byte order mark")
        # The whole table first, so the answer is as before. A table whose strings cannot hold an
        # invalid or forbidden character is `clean`: each value then needs no search of its own.
        data.decode("utf-8")
        clean = table_is_clean(data)
    except UnicodeDecodeError as exc:
        raise reject("bad_row", file=file, line=1, kind=wk.key, detail="UTF-8") from exc
    if data and not data.endswith(b"\n"):
        raise reject("bad_row", file=file, line=data.count(b"\n") + 1, kind=wk.key, detail="end of line")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    owners: set[str] = set()
    for number, raw in enumerate(_lines(data), start=1):
        try:
            line = raw.decode("utf-8")
            if len(line) > MAX_LINE_CHARS:
                raise _RowError(_("the line is too long"))
            obj = strict_json.loads_text(line, max_depth=MAX_ROW_DEPTH)
            for upgrade in upgraders:
                obj = upgrade(wk.key, obj)
            row = decode_row(wk, obj, clean=clean, owners=owners)
        except strict_json.StrictJsonError as exc:
            raise reject("bad_row", file=file, line=number, kind=wk.key, detail=exc.reason) from exc
        except _RowError as exc:
            raise reject("bad_row", file=file, line=number, kind=wk.key, detail=str(exc)) from exc
        except PackageRejected:
            raise
        if not owner_ok(row["owner"]):
            raise reject("owner_mismatch", file=file, line=number, kind=wk.key, owner=row["owner"])
        if row["uuid"] in seen:
            raise reject(
                "bad_row", file=file, line=number, kind=wk.key, detail=_("the same record appears twice")
            )
        seen.add(row["uuid"])
        rows.append(row)
    return rows
