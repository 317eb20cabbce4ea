"""Checks of one incoming value by field kind (sync.md step 7), split from codec.py: each
raises RowError saying what is wrong, which codec.decode_table turns into a `bad_row` rejection
naming the line. A table already searched as a whole for invalid and forbidden characters checks
its text for type and length only (_FieldSpec.text). CPU only: any thread.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.validation import FORBIDDEN_CHARS, FORBIDDEN_TEXT, has_forbidden_chars
from safetydesk.i18n import _
from safetydesk.sync.package import UUID_RE

# Dates and times outside these years are refused as absurd (a school record of year 1 or 9999
# is a forgery or a broken clock; entry itself accepts 1950 to ten years ahead).
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


# The keys of every row line (codec's module docstring).
ROW_KEYS = frozenset(
    {
        "uuid",
        "owner",
        "row_version",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "deleted",
        "data",
    }
)


class _RowError(Exception):
    pass


# One search finds both what cannot be encoded (lone surrogates, which JSON's \ud800 escapes
# can produce) and the forbidden marks; which of them it was is worked out only on a hit. Two
# checks per value (encode, then the forbidden pattern) were a tenth of decoding a big table.
_BAD_TEXT = re.compile("[\ud800-\udfff]|" + FORBIDDEN_TEXT.pattern)


# NUL is looked for as such; in UTF-8 every other forbidden mark but U+061C starts with the byte
# E2 (U+2000-U+2FFF), which a table without “quotes” or dashes does not hold at all.
_MARKS = tuple(c.encode("utf-8") for c in FORBIDDEN_CHARS if c != "\x00")
_MARKS_NOT_E2 = tuple(m for m in _MARKS if not m.startswith(b"\xe2"))


def table_is_clean(data: bytes) -> bool:
    """No string of a whole table (the UTF-8 `data`; invalid UTF-8 is refused by whoever parses
    it) can hold an invalid or forbidden character, so its values need only their type and length
    checked. Only a \\u escape can put a lone surrogate or an escaped control into a decoded string
    (valid UTF-8 holds no surrogate, JSON no raw control character), and the forbidden marks are
    searched for one at a time, each a memchr-like scan of their UTF-8 bytes (UTF-8 is
    self-synchronising: the bytes occur exactly where the character does): 10-100 ms for a 34 MB
    table against 240-330 ms for one regex."""
    if b"\\u" in data or b"\x00" in data:
        return False
    marks = _MARKS if b"\xe2" in data else _MARKS_NOT_E2
    return not any(m in data for m in marks)


def _text(value: Any, limit: int | None) -> str:
    if not isinstance(value, str):
        raise _RowError(_("the value is not text"))
    if limit is not None and len(value) > limit:
        raise _RowError(_("longer than {n} characters", n=limit))
    if _BAD_TEXT.search(value) is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _RowError(_("the text has invalid characters")) from exc
        if has_forbidden_chars(value):
            raise _RowError(_("the text holds a NUL or text-direction control character"))
    return value


def _plain_text(value: Any, limit: int | None) -> str:
    """_text for a table without any invalid or forbidden character (decode_table)."""
    if value.__class__ is not str:
        raise _RowError(_("the value is not text"))
    if limit is not None and len(value) > limit:
        raise _RowError(_("longer than {n} characters", n=limit))
    return value


def _utc(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise _RowError(_("the value is not a time"))
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _RowError(_("the value is not a time")) from exc
    if dt.tzinfo is None:
        raise _RowError(_("the time has no time zone"))
    if not EARLIEST <= dt.date() <= LATEST:
        raise _RowError(_("the date is not plausible"))
    return dt if dt.tzinfo is UTC else dt.astimezone(UTC)


def _utc_text(value: Any) -> str:
    """A row's own time (created, updated, deleted) as canonical UTC text,
    "YYYY-MM-DDTHH:MM:SS.ffffff+00:00", which is how codec writes a time. Kept as text, not made a
    datetime, because the importer stores it with two slices (upsert._sqlite_utc) where formatting
    a datetime took about 2.5 us, the costliest conversion of a 100,000-row import. Checked as
    _utc checks; any other accepted spelling (no fraction, another offset) is converted."""
    if (
        value.__class__ is str
        and len(value) == 32
        and value[4:20:3] == "--T::."
        and value[26:] == "+00:00"
        and value[11:13] != "24"
        and "1900-01-01" <= value[:10] <= "2199-12-31"  # EARLIEST..LATEST: digits sort as dates
    ):
        try:
            datetime.fromisoformat(value)  # the digits make a real time
        except ValueError as exc:
            raise _RowError(_("the value is not a time")) from exc
        return value
    return _utc(value).isoformat(timespec="microseconds")


def _number(f: Field, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _RowError(_("the value is not a number"))
    if isinstance(value, float) and not math.isfinite(value):
        raise _RowError(_("the value is not a number"))
    if (f.min_value is not None and value < f.min_value) or (f.max_value is not None and value > f.max_value):
        raise _RowError(_("the value is out of range"))
    return value


@dataclass(frozen=True)
class _FieldSpec:
    """What decoding one field needs (see WireKind.specs)."""

    attr: str
    field: Field
    default: Any
    nullable: bool
    is_json: bool
    is_decimal: bool
    text_limit: int | None
    decode: Callable[[_FieldSpec, Any], Any]  # the field kind's checker, chosen once
    # A sensitive field of an ordinary kind never travels (sync.privacy strips it), so a package
    # cannot be asked for it even where the school's form requires it.
    required: bool = False
    # How a text or a choice code is checked: _text, or _plain_text for a table already searched
    # as a whole for invalid and forbidden characters (WireKind.clean_specs).
    text: Callable[[Any, int | None], str] = _text


def _decode_text(spec: _FieldSpec, value: Any) -> Any:
    text = spec.text(value, spec.text_limit)
    if spec.required and not text.strip():
        raise _RowError(_("a value is required"))
    return text


def _decode_choice(spec: _FieldSpec, value: Any) -> Any:
    f = spec.field
    code = spec.text(value, 100)
    if f.choices and f.choice(code) is None:
        raise _RowError(_("the value is not one of the choices"))
    return code


def _decode_multi_choice(spec: _FieldSpec, value: Any) -> Any:
    f = spec.field
    if isinstance(value, list):
        codes = [_text(v, 100) for v in value]
        if len(codes) > 100 or (f.choices and any(f.choice(c) is None for c in codes)):
            raise _RowError(_("the value is not one of the choices"))
        return codes if spec.is_json else ",".join(codes)
    return _text(value, 2000)


def _decode_reference(spec: _FieldSpec, value: Any) -> Any:
    if not isinstance(value, str) or not UUID_RE.fullmatch(value):
        raise _RowError(_("the value is not a record reference"))
    return value


def _decode_int(spec: _FieldSpec, value: Any) -> Any:
    if type(value) is not int or abs(value) > 2**63 - 1:
        raise _RowError(_("the value is not a whole number"))
    return _number(spec.field, value)


def _decode_decimal(spec: _FieldSpec, value: Any) -> Any:
    number = _number(spec.field, value)
    if spec.is_decimal:
        try:
            return Decimal(str(number))
        except InvalidOperation as exc:
            raise _RowError(_("the value is not a number")) from exc
    return float(number)


def _decode_bool(spec: _FieldSpec, value: Any) -> Any:
    if not isinstance(value, bool):
        raise _RowError(_("the value is not yes/no"))
    return value


def _decode_date(spec: _FieldSpec, value: Any) -> Any:
    if not isinstance(value, str) or len(value) != 10:
        raise _RowError(_("the value is not a date"))
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise _RowError(_("the value is not a date")) from exc
    if not EARLIEST <= day <= LATEST:
        raise _RowError(_("the date is not plausible"))
    return day


def _decode_datetime(spec: _FieldSpec, value: Any) -> Any:
    return _utc(value)


def _unsupported(spec: _FieldSpec, value: Any) -> Any:  # pragma: no cover
    raise _RowError("unsupported field kind")


# One checker per field kind, picked once per field (WireKind.specs) rather than found through a
# chain of FieldKind comparisons for every value of every row.
_DECODERS: dict[FieldKind, Callable[[_FieldSpec, Any], Any]] = {
    FieldKind.TEXT: _decode_text,
    FieldKind.LONG_TEXT: _decode_text,
    FieldKind.CHOICE: _decode_choice,
    FieldKind.MULTI_CHOICE: _decode_multi_choice,
    FieldKind.STAFF: _decode_reference,
    FieldKind.CLASS: _decode_reference,
    FieldKind.STUDENT: _decode_reference,
    FieldKind.RECORD: _decode_reference,
    FieldKind.INT: _decode_int,
    FieldKind.DECIMAL: _decode_decimal,
    FieldKind.BOOL: _decode_bool,
    FieldKind.DATE: _decode_date,
    FieldKind.DATETIME: _decode_datetime,
}
