"""JSON that means exactly one thing: no duplicate keys, no NaN/Infinity, no BOM, valid UTF-8,
bounded size and nesting depth.

Python's json keeps the last of duplicate keys and accepts NaN; a signed manifest must not be
readable two ways. Pure functions; any thread.
"""

from __future__ import annotations

import json
import math
from typing import Any

DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 16


class StrictJsonError(ValueError):
    """The bytes are not strict JSON; `reason` is a short English word for logs and tests."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise StrictJsonError("duplicate key")
    return d


def _constant(name: str) -> Any:
    raise StrictJsonError(f"{name} is not allowed")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise StrictJsonError("number out of range")
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)

# The same parser without the duplicate-key hook, every object built in C: `scan_unchecked(text,
# pos)` -> (value, end). For a caller that proves there is no duplicate key another way (comparing
# the keys it got with key_tokens) and goes back to loads_text on any doubt; a 100,000-line table
# spent a third of its decoding in the hook and the decoder's Python wrappers.
scan_unchecked = json.JSONDecoder(parse_constant=_constant, parse_float=_float).scan_once


def key_tokens(data: bytes) -> int | None:
    """At least the number of object keys in the UTF-8 JSON `data`, exactly that number when no
    string holds an escaped quote before a colon; None when whitespace before a colon could hide a
    key from the count. Every key ends with a quote, then optional whitespace, then a colon; inside
    a string a quote is always escaped, so `":` there only over-counts, and a parser that kept the
    last of two equal keys would have built fewer keys than this. (Raw tabs and carriage returns
    are never inside a JSON string: one byte search each.)"""
    if b"\t" in data or b"\r" in data or b'" ' in data:
        return None
    return data.count(b'":')


def _depth(value: Any, limit: int) -> None:
    # Recursion only into containers, and never deeper than `limit` + 1 frames: called once per
    # row of a 100,000-row table, where the old explicit stack of (child, depth) tuples was a
    # sixth of the import's decoding time.
    if isinstance(value, dict):
        children: Any = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return
    if limit < 1:
        raise StrictJsonError("nested too deeply")
    for child in children:
        if isinstance(child, dict | list):
            _depth(child, limit - 1)


def loads_text(text: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> Any:
    """Parse one JSON document from text already checked for size and encoding."""
    try:
        value = _DECODER.decode(text)
    except StrictJsonError:
        raise
    except RecursionError as exc:
        raise StrictJsonError("nested too deeply") from exc
    except (ValueError, TypeError, OverflowError) as exc:  # JSONDecodeError, int digit limit
        raise StrictJsonError("not JSON") from exc
    # Nesting is never deeper than the number of brackets that open: a row line holds two braces,
    # so the walk below (a fifth of decoding a 100,000-row table) is needed only for lines that
    # could be too deep. Brackets inside strings only over-count, never under-count.
    if text.count("{") + text.count("[") > max_depth:
        _depth(value, max_depth)
    return value


def loads(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH) -> Any:
    """Parse UTF-8 bytes strictly; StrictJsonError says why not."""
    if len(data) > max_bytes:
        raise StrictJsonError("too large")
    if data.startswith(b"\xef\xbb\xbf"):
        raise StrictJsonError("byte order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StrictJsonError("invalid UTF-8") from exc
    return loads_text(text, max_depth=max_depth)


def dumps_canonical(value: Any) -> bytes:
    """One byte sequence per value: sorted keys, no spaces, UTF-8, NaN refused."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
