"""Thousands of mutated packages: every outcome is a rejection with a code (or, where the mutation
left a valid package, an import), never another exception and never a hang."""

from __future__ import annotations

import json
import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetydesk.errors import PackageRejected
from safetydesk.models.local import Installation
from safetydesk.sync import importer, package
from safetydesk.sync.keys import ensure_keys

from .conftest import dump
from .craft import craft, jsonl, row

# sync.md asks for ~10,000; the default run keeps the suite quick. SAFETYDESK_SYNC_FUZZ=10000 for all.
MUTATIONS = int(os.environ.get("SAFETYDESK_SYNC_FUZZ", "1500"))


def _mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    op = rng.randrange(6)
    if not b:
        return bytes([rng.randrange(256)])
    pos = rng.randrange(len(b))
    if op == 0:
        b[pos] ^= 1 << rng.randrange(8)
    elif op == 1:
        b[pos] = rng.randrange(256)
    elif op == 2:
        del b[pos : pos + rng.randrange(1, 16)]
    elif op == 3:
        b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
    elif op == 4:
        return bytes(b[:pos])
    else:
        other = rng.randrange(len(b))
        b[pos], b[other] = b[other], b[pos]
    return bytes(b)


def _check(pair, data: bytes, me, keys) -> None:
    result = importer.ImportResult(file="f", status="imported")
    try:
        importer._verify(pair.township, data, "f", keys, me, result)
    except PackageRejected as exc:
        assert exc.code in package.MESSAGES, exc.code
        assert exc.user_message


def test_mutations_at_every_layer(pair):
    keys = ensure_keys(pair.township.paths)
    with pair.township.sessions() as s:
        me = s.get(Installation, 1)
        s.expunge(me)
    rows = [row(name="王老师", phone="13800000000", active=True), row(name="李", position="校长")]
    table = jsonl(*rows)
    rng = random.Random(20261128)
    base = craft(pair, tables={"staff": table})
    for i in range(MUTATIONS):
        layer = i % 4
        if layer == 0:  # the file itself
            data = _mutate(rng, base)
        elif layer == 1:  # a manifest signed by the real key after the mutation
            data = craft(pair, tables={"staff": table}, manifest_raw=lambda b: _mutate(rng, b))
        elif layer == 2:  # the inner zip, encrypted after the mutation
            data = craft(pair, tables={"staff": table}, inner=lambda m: _mutate(rng, package.inner_zip(m)))
        else:  # the rows themselves, listed correctly in the inner manifest
            data = craft(pair, tables={"staff": _mutate(rng, table)})
        _check(pair, data, me, keys)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    change=st.dictionaries(
        st.sampled_from(["name", "phone", "active", "gender", "position", "x"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(max_size=80),
            st.lists(st.integers(), max_size=3),
        ),
        max_size=4,
    )
)
def test_property_rows_with_any_values_import_or_are_refused_cleanly(pair, change):
    r0 = row(name="基准")
    r0["data"].update(change)
    path = pair.root / "h.sdpkg"
    seq = pair.seq_files = pair.seq_files + 1
    path.write_bytes(craft(pair, seq=seq, tables={"staff": json.dumps(r0).encode() + b"\n"}))
    before = dump(pair.township.paths.database)
    r = pair.imp(path)
    if r.status == "rejected":
        assert r.code == "bad_row", r.code
        assert dump(pair.township.paths.database) == before
    else:
        assert r.status == "imported" and r.counts["staff"].created == 1
