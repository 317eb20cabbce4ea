"""Receipts and streams (issue 13, point 7; sync.md "Streams and receipts", "Who may write what").

A receipt acknowledges only numbers really sent (the sent list and the manifest hash), every
sequence number stays within the format's bounds, a reinstalled and re-trusted school starts a
new stream epoch instead of being refused as a replay, and a failed export uses up no number.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safetydesk.errors import SafetyDeskError
from safetydesk.models.org import StaffMember
from safetydesk.models.sync_state import OutgoingStream, SentPackage
from safetydesk.services.installation import SCHOOL, InitRequest
from safetydesk.services.storage import open_storage
from safetydesk.sync import identity
from safetydesk.sync.export import export_package
from safetydesk.sync.keys import ensure_keys
from tests import support

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE, add_staff, rows_of
from .craft import craft

MAX_SEQ = 2**31 - 1


def _receipt(pair, seq: int, sha: str):
    """A township receipt for the school's stream naming package `seq` with manifest hash `sha`."""
    key = ensure_keys(pair.school.paths).public.key_id

    def hook(m):
        m["receipts"] = [
            {
                "stream_sender": SCHOOL_CODE,
                "stream_key": key,
                "contiguous_seq": seq,
                "contiguous_sha256": sha,
                "imported": [{"seq": seq, "manifest_sha256": sha, "imported_at": "2026-09-02T08:00:00+00:00"}],
                "audit": None,
            }
        ]
        return m

    return hook


def _stream(storage, code: str = TOWNSHIP_CODE) -> OutgoingStream:
    with storage.sessions() as s:
        stream = s.get(OutgoingStream, code)
        s.expunge(stream)
        return stream


def test_a_receipt_for_a_number_never_sent_does_not_break_the_stream(pair):
    """The review's attack: one receipt naming number 2**31-1 pushed the school's next number out
    of the format's range, and every later package was refused for good."""
    add_staff(pair.school, "甲")
    first = pair.export()
    receipt = craft(pair, down=True, manifest=_receipt(pair, MAX_SEQ, "0" * 64))
    path = pair.root / "receipt.sdpkg"
    path.write_bytes(receipt)
    assert pair.imp(path, pair.school).status == "imported"
    stream = _stream(pair.school)
    assert stream.next_seq == 2 and stream.acknowledged_seq == 0
    assert pair.imp(first.path).status == "imported"
    add_staff(pair.school, "乙")
    second = pair.export()
    assert second.seq == 2
    r = pair.imp(second.path)
    assert r.status == "imported", r.message


def test_a_receipt_with_another_manifest_hash_confirms_nothing(pair):
    add_staff(pair.school, "甲")
    first = pair.export()
    path = pair.root / "receipt.sdpkg"
    path.write_bytes(craft(pair, down=True, manifest=_receipt(pair, 1, "f" * 64)))
    assert pair.imp(path, pair.school).status == "imported"
    assert _stream(pair.school).acknowledged_seq == 0
    with pair.school.sessions() as s:
        assert s.get(SentPackage, first.package_id).receipt_imported_at is None
    # The real hash confirms it.
    path.write_bytes(craft(pair, seq=2, down=True, manifest=_receipt(pair, 1, first.manifest_sha256)))
    assert pair.imp(path, pair.school).status == "imported"
    assert _stream(pair.school).acknowledged_seq == 1


def test_sequence_numbers_beyond_the_format_are_refused_when_read(pair):
    def too_big(m):
        _receipt(pair, MAX_SEQ + 1, "0" * 64)(m)
        return m

    path = pair.root / "big.sdpkg"
    path.write_bytes(craft(pair, down=True, manifest=too_big))
    r = pair.imp(path, pair.school)
    assert r.status == "rejected" and r.code == "bad_manifest"


def test_a_failed_export_uses_up_no_number(pair, tmp_path):
    add_staff(pair.school, "写不进去")
    with pytest.raises(SafetyDeskError):
        export_package(pair.school, None, tmp_path / "no-such-stick" / "p.sdpkg", "tester")
    assert _stream(pair.school).next_seq == 1
    result = pair.export()
    assert result.seq == 1
    r = pair.imp(result.path)
    assert r.status == "imported" and r.gaps == []


def _reinstall_school(pair, tmp_path: Path):
    """The documented recovery after a lost PC: a new installation of the same school, new keys;
    both sides trust each other again after reading the new digits."""
    pair.school.close()
    shutil.rmtree(pair.school.paths.root)
    req = InitRequest(role=SCHOOL, code=SCHOOL_CODE, name="第一小学", township_code=TOWNSHIP_CODE)
    pair.school = open_storage(support.install(pair.root / "school", req))
    for a, b in ((pair.school, pair.township), (pair.township, pair.school)):
        ident, keys = identity.own_identity(a.paths, a.sessions)
        f = tmp_path / f"{ident.org_code}.identity.json"
        f.write_bytes(identity.identity_bytes(ident, keys))
        identity.trust_peer(b.sessions, f, ident.fingerprint, "tester")


def test_a_reinstalled_and_retrusted_school_starts_a_new_stream_epoch(pair, tmp_path):
    for name in ("甲", "乙"):
        add_staff(pair.school, name)
        assert pair.imp(pair.export().path).status == "imported"
    _reinstall_school(pair, tmp_path)
    uid = add_staff(pair.school, "重装后")
    fresh = pair.export()
    assert fresh.seq == 1
    r = pair.imp(fresh.path)
    assert r.status == "imported", (r.code, r.message)
    assert r.gaps == []
    assert uid in rows_of(pair.township, StaffMember)


def test_the_township_starts_a_new_epoch_down_to_the_reinstalled_school(pair, tmp_path):
    for _ in range(2):
        assert pair.imp(pair.down().path, pair.school).status == "imported"
    _reinstall_school(pair, tmp_path)
    down = pair.down()
    assert down.seq == 1
    r = pair.imp(down.path, pair.school)
    assert r.status == "imported", (r.code, r.message)
    assert r.gaps == []


def test_an_old_key_package_after_the_retrust_is_refused(pair, tmp_path):
    add_staff(pair.school, "旧钥匙")
    old = pair.export()
    _reinstall_school(pair, tmp_path)
    r = pair.imp(old.path)
    assert r.status == "rejected" and r.code in ("unknown_sender", "bad_signature")
