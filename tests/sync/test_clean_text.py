"""Text checks on the import's fast path (issue 16.8): a table is searched once for invalid and
forbidden characters, and only a table where one could be hidden checks every value on its own.
Whichever path a table takes, a bad character anywhere is refused with its line."""

from __future__ import annotations

import json
import re

import pytest

from safetydesk.i18n import _

from .craft import craft, jsonl, row
from .test_hostile import rejected


def _with_sync_text(r: dict, text: str) -> dict:
    return {**r, "created_by": text}


@pytest.mark.parametrize(
    "build",
    [
        lambda: jsonl(row(name="好"), row(name="好"), row(name="王\u202e老师")),  # raw mark in a field
        lambda: jsonl(row(name="好"), row(name="好"), _with_sync_text(row(name="好"), "a\u2067b")),  # in created_by
        # the same hidden in \u escapes (the per-value path)
        lambda: b"".join(json.dumps(r).encode() + b"\n" for r in (row(name="好"), row(name="好"), row(name="x\u200fy"))),
        lambda: jsonl(row(name="好"), row(name="好")) + jsonl(row(name="好")).replace("好".encode(), b"\\ud800"),
    ],
)
def test_a_bad_character_on_line_3_is_refused_on_either_path(pair, build):
    r = rejected(pair, craft(pair, tables={"staff": build()}), "bad_row")
    assert re.search(r"record 3 |第 3 条", r.message), r.message
    problems = (_("the text holds a NUL or text-direction control character"), _("the text has invalid characters"))
    assert any(p in r.message for p in problems), r.message


def test_clean_chinese_text_is_imported(pair):
    path = pair.root / "ok.sdpkg"
    path.write_bytes(craft(pair, tables={"staff": jsonl(row(name="王老师"), row(name="李老师", position="班主任"))}))
    r = pair.imp(path)
    assert r.status == "imported" and r.counts["staff"].created == 2
