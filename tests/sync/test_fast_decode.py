"""The import's fast decoding path (issue 16.8): rows parsed without the duplicate-key hook and
decoded by a decoder generated per kind must give exactly what the strict path gives, and every
table the strict path refuses is still refused, with its line."""

from __future__ import annotations

import re
import uuid as uuid_mod
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetydesk.domain.fields import FieldKind
from safetydesk.errors import PackageRejected
from safetydesk.sync import codec, strict_json
from safetydesk.sync.row_compiler import compile_clean
from safetydesk.sync.values import _RowError

from .conftest import SCHOOL_CODE
from .craft import craft, jsonl, row
from .test_hostile import rejected

KINDS = codec.wire_kinds()


def _decode(wk: codec.WireKind, data: bytes) -> list[dict[str, Any]]:
    return codec.decode_table(wk, data, file="t", sender=SCHOOL_CODE, schema_revision=codec.SCHEMA_REVISION)


def _strict(wk: codec.WireKind, data: bytes) -> list[dict[str, Any]]:
    """The reference: every line through strict_json.loads_text and codec.decode_row."""
    owners: set[str] = set()
    return [
        codec.decode_row(wk, strict_json.loads_text(line), clean=True, owners=owners)
        for line in data.decode().splitlines()
    ]


@pytest.mark.parametrize(
    "line",
    [
        '{"uuid":"%s","owner":"%s","row_version":1,"created_at":"2026-09-01T00:00:00+00:00","created_by":"t",'
        '"updated_at":"2026-09-01T00:00:00+00:00","updated_by":"t","deleted":null,'
        '"data":{"name":"甲","name":"乙"}}',  # a field twice: which one would a reader keep?
        '{"uuid":"%s","owner":"%s","row_version":1,"row_version":2,"created_at":"2026-09-01T00:00:00+00:00",'
        '"created_by":"t","updated_at":"2026-09-01T00:00:00+00:00","updated_by":"t","deleted":null,'
        '"data":{"name":"甲"}}',
        # whitespace before the colon, which the count of keys must not be fooled by
        '{"uuid":"%s","owner":"%s","row_version":1,"created_at":"2026-09-01T00:00:00+00:00","created_by":"t",'
        '"updated_at":"2026-09-01T00:00:00+00:00","updated_by":"t","deleted":null,'
        '"data":{"name" :"甲","name"\t:"乙"}}',
    ],
)
def test_a_duplicate_key_on_line_2_is_refused(pair, line):
    table = jsonl(row(name="好")) + (line % (uuid_mod.uuid4(), SCHOOL_CODE)).encode() + b"\n"
    r = rejected(pair, craft(pair, tables={"staff": table}), "bad_row")
    assert re.search(r"record 2 |第 2 条", r.message), r.message


def test_an_escaped_quote_before_a_colon_is_text_not_a_key(pair):
    # '\":' in a value makes the count of keys too high: the table takes the strict path and imports
    table = jsonl(row(name="好"), row(name='他说"快跑":', position='a":b'))
    path = pair.root / "quotes.sdpkg"
    path.write_bytes(craft(pair, tables={"staff": table}))
    r = pair.imp(path)
    assert r.status == "imported" and r.counts["staff"].created == 2, (r.code, r.message)


def test_both_paths_give_the_same_rows():
    wk = KINDS["staff"]
    compact = jsonl(row(name="王老师", gender="female", active=True), row(name="李老师", position="班主任"))
    spaced = compact.replace(b'": ', b'" : ')  # only the strict path reads this one
    crlf = compact.replace(b"\n", b"\r\n")
    assert _decode(wk, compact) == _decode(wk, spaced) == _decode(wk, crlf) == _strict(wk, compact)
    assert strict_json.key_tokens(spaced) is None and strict_json.key_tokens(crlf) is None


# --- the generated decoder against codec.decode_row, for every kind -------------------------------

_UUID = "0b6f3c3e-6f51-4d4c-9d7e-0d1b3c7a9e11"
_ANY = [
    None,
    "",
    " ",
    "甲",
    "x" * 101,
    True,
    False,
    0,
    1,
    -1,
    2**63,
    1.5,
    [],
    ["a"],
    {},
    _UUID,
    "2026-09-01",
    "2026-09-01T08:00:00+08:00",
    "not a time",
]


def _valid(f) -> Any:
    if f.kind in (FieldKind.INT, FieldKind.DECIMAL):
        return int(
            f.min_value if f.min_value is not None else min(0, f.max_value if f.max_value is not None else 0)
        )
    if f.choices:
        return [f.choices[0].code] if f.kind == FieldKind.MULTI_CHOICE else f.choices[0].code
    return {
        FieldKind.BOOL: True,
        FieldKind.DATE: "2026-09-01",
        FieldKind.DATETIME: "2026-09-01T08:00:00+00:00",
        FieldKind.STAFF: _UUID,
        FieldKind.CLASS: _UUID,
        FieldKind.STUDENT: _UUID,
        FieldKind.RECORD: _UUID,
    }.get(f.kind, "字")


def _candidates(f) -> list[Any]:
    values = list(_ANY)
    if f.text_limit:
        values += ["字" * f.text_limit, "字" * (f.text_limit + 1)]
    values += [c.code for c in f.choices] + [[c.code] for c in f.choices[:2]]
    for bound in (f.min_value, f.max_value):
        if bound is not None:
            values += [int(bound) - 1, int(bound), int(bound) + 1]
    return values


_SYNC_WRONG: dict[str, list[Any]] = {
    "uuid": ["not-a-uuid", 7, None],
    "owner": ["x", None, "4105220002"],
    "row_version": [0, 2, 2**31, True, "1"],
    "created_at": ["2026-09-01T08:00:00+08:00", "1800-01-01T00:00:00+00:00", "x", None],
    "created_by": ["", "x" * 65, 3, None],
    "updated_at": ["2026-09-02T00:00:00+00:00", None, "2026-09-01"],
    "updated_by": [None, "字" * 64],
    "deleted": ["2026-09-03T00:00:00+00:00", 5, ""],
    "data": [None, [], {"no such field": 1}],
}


@st.composite
def _rows(draw):
    """A valid row of any kind, then none, one or two changes: a value replaced or left out."""
    key = draw(st.sampled_from(sorted(k for k in KINDS if k != codec.ATTACHMENT_KEY)))
    wk = KINDS[key]
    obj: dict[str, Any] = {**row(), "uuid": _UUID, "data": {f.attr: _valid(f) for f in wk.fields}}
    for _ in range(draw(st.integers(0, 2))):
        if wk.fields and isinstance(obj.get("data"), dict) and draw(st.booleans()):
            f = draw(st.sampled_from(wk.fields))
            if draw(st.integers(0, 4)) == 0:
                obj["data"].pop(f.attr, None)
            else:
                obj["data"][f.attr] = draw(st.sampled_from(_candidates(f)))
        else:
            name = draw(st.sampled_from(sorted(_SYNC_WRONG)))
            if draw(st.integers(0, 4)) == 0:
                obj.pop(name, None)
            else:
                obj[name] = draw(st.sampled_from(_SYNC_WRONG[name]))
    return wk, obj


def _outcome(fn) -> tuple[str, Any]:
    try:
        return "row", fn()
    except _RowError as exc:
        return "refused", str(exc)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_rows(), st.booleans())
def test_the_generated_decoder_agrees_with_decode_row(case, owner_known):
    wk, obj = case
    owners = {SCHOOL_CODE} if owner_known else set()
    fast = _outcome(lambda: wk.clean_decoder(obj, set(owners)))
    reference = _outcome(lambda: codec.decode_row(wk, obj, clean=True, owners=set(owners)))
    assert fast == reference
    OUTCOMES.append(fast[0])


OUTCOMES: list[str] = []


def test_the_comparison_above_saw_both_outcomes():
    """A property test that only ever saw refusals would prove little."""
    if not OUTCOMES:  # run on its own: run the comparison here
        test_the_generated_decoder_agrees_with_decode_row()
    assert OUTCOMES.count("row") >= 50 and OUTCOMES.count("refused") >= 50, (
        OUTCOMES.count("row"),
        len(OUTCOMES),
    )


def test_every_kind_has_a_generated_decoder_that_takes_its_own_rows():
    """A valid row of every kind goes the straight way: the reference is never asked."""
    asked: list[str] = []

    def reference(wk, obj, **kw):
        asked.append(wk.key)
        return codec.decode_row(wk, obj, **kw)

    for key, wk in KINDS.items():
        if key == codec.ATTACHMENT_KEY:
            continue
        obj = {**row(), "uuid": _UUID, "data": {f.attr: _valid(f) for f in wk.fields}}
        expected = codec.decode_row(wk, obj, clean=True, owners={SCHOOL_CODE})
        assert compile_clean(wk, reference)(obj, {SCHOOL_CODE}) == expected, key
    assert asked == [], asked


# --- orjson parses the fast path's lines: where it reads JSON otherwise, the fast path steps aside --

# Literals where orjson and json differ or are strict: integers beyond 64 bits (orjson: a float),
# numbers beyond a double, NaN, escapes of lone surrogates, NUL and a text-direction mark.
_ODD_LITERALS = [
    "123456789012345678901234567890",
    "-9223372036854775809",
    "18446744073709551615",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "1.0",
    "-0",
    "1E1",
    '"\\ud800"',
    '"\\udc00x"',
    '"\\u0000"',
    '"\\u202e"',
    '"\\u7532"',
    '"\\""',
    "true",
    "null",
    "[]",
    "{}",
]


def _strict_or_none(wk: codec.WireKind, data: bytes) -> list[dict[str, Any]] | None:
    """decode_table's strict loop: each line by strict_json and decode_row; None when refused."""
    owners: set[str] = set()
    try:
        rows = [
            codec.decode_row(wk, strict_json.loads_text(line, max_depth=codec.MAX_ROW_DEPTH), owners=owners)
            for line in data.decode("utf-8").split("\n")[:-1]
        ]
    except (strict_json.StrictJsonError, _RowError):
        return None
    if {r["owner"] for r in rows} != {SCHOOL_CODE} or len({r["uuid"] for r in rows}) != len(rows):
        return None
    return rows


def _odd_tables(wk: codec.WireKind, field: str) -> list[tuple[str, bytes]]:
    """One table per odd literal, in the row's version and in `field` (after a plain row)."""
    tables = []
    for where in ("row_version", field):
        for literal in _ODD_LITERALS:
            obj = {**row(), "data": {f.attr: _valid(f) for f in wk.fields}}
            if where == "row_version":
                obj["row_version"] = "@@"
            else:
                obj["data"][where] = "@@"
            odd = jsonl(obj).replace(b'"@@"', literal.encode())
            tables.append((f"{where}={literal}", jsonl(row(name="好")) + odd if wk.key == "staff" else odd))
    return tables


@pytest.mark.parametrize(
    ("key", "field", "accepted"),
    [
        ("staff", "name", {'"\\u7532"', '"\\""'}),
        ("staff", "active", {"true"}),
        ("education_session", "hours", {"1.0", "-0", "1E1", "null"}),
    ],
)
def test_the_fast_path_gives_the_strict_rows_or_steps_aside(key, field, accepted):
    wk = KINDS[key]
    assert wk.numbers_exact_in_orjson == (key == "staff")  # education_session's hours: json's scanner
    taken: set[str] = set()
    for name, table in _odd_tables(wk, field):
        fast = codec._decode_unchecked(wk, table, lambda o: o == SCHOOL_CODE)
        strict = _strict_or_none(wk, table)
        assert fast is None or fast == strict, name
        if strict is None:
            with pytest.raises(PackageRejected):
                _decode(wk, table)
        else:
            assert fast is not None, name  # what both read alike goes the fast way
            taken.add(name.split("=", 1)[1])
            assert _decode(wk, table) == strict, name
    assert taken == accepted


def test_a_huge_integer_is_never_read_as_a_float():
    """orjson reads 10**30 as 1e30: a row with it is refused by both ways (a whole number field,
    the row's version) or, in a kind with a decimal field, read by json's own scanner."""
    wk = KINDS["staff"]
    table = jsonl(row(name="好")).replace(b'"row_version": 1', b'"row_version": 1000000000000000000000000000000')
    assert b"1000000000000000000000000000000" in table
    assert codec._decode_unchecked(wk, table, lambda o: o == SCHOOL_CODE) is None
    assert _strict_or_none(wk, table) is None


@pytest.mark.parametrize("bad", [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe4\xb8"])
def test_invalid_utf8_in_a_row_is_refused_by_both_ways(bad):
    """orjson checks the UTF-8 of every line it parses (json's scanner never saw bytes): a table
    with an invalid, overlong, surrogate or cut sequence in a name steps aside and is refused."""
    wk = KINDS["staff"]
    table = jsonl(row(name="好"), row(name="坏")).replace("坏".encode(), bad)
    assert codec._decode_unchecked(wk, table, lambda o: o == SCHOOL_CODE) is None
    with pytest.raises(PackageRejected) as refused:
        _decode(wk, table)
    assert refused.value.code == "bad_row"
