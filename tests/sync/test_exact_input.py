"""Exact input rules (issue 13, point 8): every value read from outside is matched whole, typed
exactly and bounded; nothing one school sends can reach another school's entries."""

from __future__ import annotations

import json
import tracemalloc
import uuid as uuid_mod
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select

from safetydesk.domain.registry import get_kind
from safetydesk.models.sync_state import TrustedPeer
from safetydesk.services import records, search
from safetydesk.services.changes import Actor
from safetydesk.sync import identity, keys
from safetydesk.sync.identity import TrustRefused

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE, dump
from .craft import craft, jsonl, row
from .test_hostile import rejected


def _stranger_keys() -> keys.KeyPair:
    sign, enc = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    public = keys.PublicKeys(sign.public_key().public_bytes(*raw), enc.public_key().public_bytes(*raw))
    return keys.KeyPair(sign, enc, public)


@pytest.mark.parametrize("code", [SCHOOL_CODE + "\n", "4105220009\n"])
def test_an_identity_whose_code_ends_in_a_newline_is_not_trusted(pair, tmp_path, code):
    """The review trusted '4105220001\\n' as a second peer beside 4105220001."""
    k = _stranger_keys()
    ident = identity.Identity("school", code, "第一小学", TOWNSHIP_CODE, k.public, "0.1.0", "2026-09-01")
    f = tmp_path / "id.json"
    f.write_bytes(identity.identity_bytes(ident, k))
    with pytest.raises(TrustRefused) as err:
        identity.trust_peer(pair.township.sessions, f, k.public.fingerprint, "officer")
    assert err.value.code == "bad_identity"
    with pair.township.sessions() as s:
        assert [p.org_code for p in s.scalars(select(TrustedPeer))] == [SCHOOL_CODE]


def _findable(storage, kind_key: str, words: str) -> list[str]:
    kind = get_kind(kind_key)
    with storage.sessions() as s:
        return list(s.scalars(select(kind.model.uuid).where(search.matching(kind, words))))


def test_a_township_row_cannot_take_over_a_schools_search_entry(pair):
    """Index entries were keyed by 60 bits of the UUID: a row whose UUID shares them (any kind,
    any owner) replaced the other record's entry, and the school's hazard vanished from search."""
    actor = Actor("officer", SCHOOL_CODE)
    values = {
        "found_on": date(2026, 9, 1),
        "category": get_kind("hazard").field("category").choices[0].code,
        "location": "东侧围墙",
        "description": "东侧围墙出现贯通裂缝",
        "grade": "general",
        "status": get_kind("hazard").field("status").choices[0].code,
    }
    hazard = records.save(pair.school.sessions, actor, "hazard", values).uuid
    assert _findable(pair.school, "hazard", "贯通裂缝") == [hazard]
    twin = hazard[:-1] + ("0" if hazard[-1] != "0" else "1")  # the same first 60 bits
    assert twin != hazard and search_prefix(twin) == search_prefix(hazard)
    notice = row(
        twin,
        owner=TOWNSHIP_CODE,
        doc_number="督〔2026〕1号",
        notice_type="rectification",
        school_code=SCHOOL_CODE,
        school_name="第一小学",
        team="其他问题检查组",
        deadline="2026-10-01",
        issued_by="城关镇中心校",
        issued_on="2026-09-01",
    )
    path = pair.root / "down.sdpkg"
    path.write_bytes(craft(pair, down=True, tables={"rectification_notice": jsonl(notice)}))
    assert pair.imp(path, pair.school).status == "imported"
    assert _findable(pair.school, "hazard", "贯通裂缝") == [hazard]
    assert _findable(pair.school, "rectification_notice", "其他问题") == [twin]


def search_prefix(uuid: str) -> str:
    return uuid.replace("-", "")[:15]


def test_format_version_true_is_not_a_version(pair):
    def boolean(m):
        m["format_version"] = True
        return m

    rejected(pair, craft(pair, manifest=boolean), "bad_manifest")


@pytest.mark.parametrize(
    "bad",
    [
        row(checked_on="0001-01-01"),
        row(checked_on="9999-12-31"),
        {**row(checked_on="2026-09-01"), "created_at": "0001-01-01T00:00:00+00:00"},
        {**row(checked_on="2026-09-01"), "updated_at": "9999-12-31T23:59:59+00:00"},
        {**row(checked_on="2026-09-01"), "deleted": "1000-01-01T00:00:00+00:00"},
    ],
)
def test_absurd_dates_are_refused(pair, bad):
    rejected(pair, craft(pair, tables={"six_check": jsonl(bad)}), "bad_row")


def test_an_absurd_signing_time_is_refused(pair):
    def ancient(m):
        m["created_at"] = "0001-01-01T00:00:00+00:00"
        return m

    rejected(pair, craft(pair, manifest=ancient), "bad_manifest")


@pytest.mark.parametrize(
    "name",
    ["王\x00老师", "abc\u202edef", "\u2066隐藏\u2069", "x\u200fy", "左\u061c右"],
)
def test_nul_and_direction_controls_in_text_are_refused(pair, name):
    rejected(pair, craft(pair, tables={"staff": jsonl(row(name=name))}), "bad_row")


@pytest.mark.parametrize("count", [-5, True, 1.5])
def test_counts_in_summaries_are_whole_non_negative_numbers(pair, count):
    summary = {"kind": "psych_case", "total": 3, "by": {"risk_level": {"high": count}}}
    data = craft(pair, summaries={"psych_case": json.dumps(summary).encode()})
    rejected(pair, data, "bad_payload")


def test_a_negative_total_is_refused(pair):
    summary = {"kind": "psych_case", "total": -1, "by": {}}
    rejected(pair, craft(pair, summaries={"psych_case": json.dumps(summary).encode()}), "bad_payload")


def test_a_small_package_cannot_unpack_into_hundreds_of_thousands_of_rows(pair):
    """380,000 minimal staff rows with sequential UUIDs deflate to under 1 MB; decoded they took
    hundreds of MB. The rows are counted against the package's size before any is decoded."""
    lines = b"".join(
        json.dumps(
            {
                "uuid": str(uuid_mod.UUID(int=i)),
                "owner": SCHOOL_CODE,
                "row_version": 1,
                "created_at": "2026-09-01T00:00:00+00:00",
                "created_by": "",
                "updated_at": "2026-09-01T00:00:00+00:00",
                "updated_by": "",
                "deleted": None,
                "data": {"name": "x"},
            },
            separators=(",", ":"),
        ).encode()
        + b"\n"
        for i in range(380_000)
    )
    data = craft(pair, tables={"staff": lines})
    assert len(data) < 1_100_000
    del lines
    path = pair.root / "rows.sdpkg"
    path.write_bytes(data)
    before = dump(pair.township.paths.database)
    tracemalloc.start()
    try:
        r = pair.imp(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.status == "rejected" and r.code == "too_large", (r.status, r.code)
    assert peak < 200 * 1024 * 1024, peak
    assert dump(pair.township.paths.database) == before
