"""One row decoder per record kind, generated from the kind's fields, for tables already known to
hold clean text (codec.decode_table): it accepts a well-formed row in straight-line code and hands
anything else to codec.decode_row, which stays the reference and says what is wrong.

Why generated: at a hub, importing a 100,000-row package spent a third of its time in decode_row's
loop over the fields, two calls per value. The generated function checks each field inline
(type, length, choice, range: what the field kind's checker would accept unchanged) and builds the
row in one dict display, about 40% less time a row. Only names from the kind registry go into the
source (each checked to be an identifier); values from a package never do. CPU only: any thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from safetydesk.domain.fields import FieldKind
from safetydesk.sync.package import UUID_RE
from safetydesk.sync.values import ROW_KEYS, _RowError, _utc_text

if TYPE_CHECKING:
    from safetydesk.sync.codec import WireKind

RowDecoder = Callable[[Any, set[str]], dict[str, Any]]
_INT_LIMIT = 2**63 - 1
_REFERENCE_KINDS = (FieldKind.STAFF, FieldKind.CLASS, FieldKind.STUDENT, FieldKind.RECORD)


def _accepts(kind: FieldKind, i: int, spec: Any, needed: bool, consts: dict[str, Any]) -> str | None:
    """A Python expression true when field i's checker would return the value `v{i}` unchanged;
    None for kinds whose checker converts the value (dates, times, decimals, multi-choice)."""
    v = f"v{i}"
    f = spec.field
    if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        test = f"{v}.__class__ is str"
        if spec.text_limit is not None:
            test += f" and len({v}) <= {int(spec.text_limit)}"
        if spec.required:  # the checker refuses a blank required text (str.strip and isspace agree)
            test += f" and {v} != '' and not {v}.isspace()"
    elif kind == FieldKind.CHOICE:
        if f.choices:
            consts[f"C{i}"] = frozenset(c.code for c in f.choices if len(c.code) <= 100)
            test = f"{v}.__class__ is str and {v} in C{i}"
        else:
            test = f"{v}.__class__ is str and len({v}) <= 100"
    elif kind == FieldKind.BOOL:
        test = f"{v}.__class__ is bool"
    elif kind == FieldKind.INT:
        consts[f"LO{i}"] = -_INT_LIMIT if f.min_value is None else max(-_INT_LIMIT, f.min_value)
        consts[f"HI{i}"] = _INT_LIMIT if f.max_value is None else min(_INT_LIMIT, f.max_value)
        test = f"{v}.__class__ is int and LO{i} <= {v} <= HI{i}"
    elif kind in _REFERENCE_KINDS:
        test = f"{v}.__class__ is str and UUID({v}) is not None"
    else:
        return None
    return f"({test})" if needed else f"({v} is None or {test})"


def compile_clean(wk: WireKind, reference: Callable[..., dict[str, Any]]) -> RowDecoder:
    """decode(obj, owners) -> the row decode_row would give; `reference(wk, obj, clean=True,
    owners=owners)` decides every row the straight path does not accept (it raises, or returns).
    `owners` are owner codes already found well-formed (the first row of an owner goes the
    reference way, which adds it)."""
    consts: dict[str, Any] = {
        "ROW_KEYS": ROW_KEYS,
        "ATTRS": wk.attrs,
        "UUID": UUID_RE.fullmatch,
        "UTC_TIME": _utc_text,
        "RowError": _RowError,
        "reference": reference,
        "WK": wk,
    }
    lines = [
        "def decode(obj, owners):",
        "    if obj.__class__ is not dict or obj.keys() != ROW_KEYS:",
        "        return reference(WK, obj, clean=True, owners=owners)",
        "    uuid = obj['uuid']; owner = obj['owner']; version = obj['row_version']; data = obj['data']",
        "    created_by = obj['created_by']; updated_by = obj['updated_by']",
        "    if not (uuid.__class__ is str and UUID(uuid) is not None and owner in owners",
        "            and version.__class__ is int and 1 <= version <= 2147483647",
        "            and data.__class__ is dict and data.keys() <= ATTRS",
        "            and created_by.__class__ is str and len(created_by) <= 64",
        "            and updated_by.__class__ is str and len(updated_by) <= 64):",
        "        return reference(WK, obj, clean=True, owners=owners)",
        "    get = data.get",
    ]
    row = [
        "'uuid': uuid",
        "'owner': owner",
        "'row_version': version",
        "'created_at': created",
        "'created_by': created_by",
        "'updated_at': updated",
        "'updated_by': updated_by",
        "'deleted_at': deleted",
    ]
    converted = []
    for i, (attr, default, decode, needed, spec) in enumerate(wk.clean_loop):
        if not attr.isidentifier():  # pragma: no cover - the registry's attributes are identifiers
            raise ValueError(f"field name {attr!r}")
        consts[f"D{i}"] = default
        lines.append(f"    v{i} = get({attr!r}, D{i})")
        test = _accepts(spec.field.kind, i, spec, needed, consts)
        if test is None:  # converted by its checker: called, inside the try below
            consts[f"F{i}"], consts[f"S{i}"] = decode, spec
            converted.append((i, needed))
        else:
            lines += [f"    if not {test}:", "        return reference(WK, obj, clean=True, owners=owners)"]
        row.append(f"{attr!r}: v{i}")
    lines += [
        "    try:",
        "        created = UTC_TIME(obj['created_at'])",
        "        updated = created if obj['updated_at'] == obj['created_at'] else UTC_TIME(obj['updated_at'])",
        "        deleted = None if obj['deleted'] is None else UTC_TIME(obj['deleted'])",
    ]
    for i, needed in converted:
        lines.append(f"        if v{i} is not None:")
        lines.append(f"            v{i} = F{i}(S{i}, v{i})")
        if needed:
            lines += [f"        if v{i} is None:", "            raise RowError"]
    lines += [
        "    except RowError:",
        "        return reference(WK, obj, clean=True, owners=owners)",
        "    return {" + ", ".join(row) + "}",
    ]
    exec(compile("\n".join(lines), f"<row decoder {wk.key}>", "exec"), consts)
    return consts["decode"]
