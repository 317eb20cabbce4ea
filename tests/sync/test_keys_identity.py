"""Keys, fingerprints, identity files and the trust step, as two offices would use them."""

from __future__ import annotations

import json
import re
import stat

import pytest
from sqlalchemy import select

from safetydesk.models.sync_state import TrustedPeer
from safetydesk.sync import identity, keys, strict_json
from safetydesk.sync.identity import TrustRefused

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE


def test_keys_are_created_once_encrypted_and_private(pair):
    paths = pair.school.paths
    first = keys.ensure_keys(paths)
    again = keys.ensure_keys(paths)
    assert first.public == again.public
    for name in (keys.SIGN_PRIVATE, keys.ENC_PRIVATE, keys.KEK_FILE):
        f = paths.keys / name
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in (paths.keys / keys.SIGN_PRIVATE).read_bytes()
    assert len(first.public.key_id) == 32


def test_fingerprint_is_six_groups_of_five_digits_and_the_same_on_both_sides(pair):
    ident, _k = identity.own_identity(pair.school.paths, pair.school.sessions)
    assert re.fullmatch(r"\d{5}( \d{5}){5}", ident.fingerprint)
    with pair.township.sessions() as s:
        peer = s.get(TrustedPeer, SCHOOL_CODE)
        assert peer.fingerprint == ident.fingerprint
        assert peer.key_id == ident.key_id
    # Different keys, different digits.
    other, _k = identity.own_identity(pair.township.paths, pair.township.sessions)
    assert other.fingerprint != ident.fingerprint


def test_wrong_fingerprint_trusts_nothing(pair, tmp_path):
    ident, k = identity.own_identity(pair.school.paths, pair.school.sessions)
    f = tmp_path / "id.json"
    f.write_bytes(identity.identity_bytes(ident, k))
    with pair.township.sessions.begin() as s:
        s.delete(s.get(TrustedPeer, SCHOOL_CODE))
    digits = ident.fingerprint.replace(" ", "")
    wrong = ("1" if digits[0] != "1" else "2") + digits[1:]
    with pytest.raises(TrustRefused) as err:
        identity.trust_peer(pair.township.sessions, f, wrong, "officer")
    assert err.value.code == "fingerprint_mismatch" and err.value.exit_code == 1
    with pair.township.sessions() as s:
        assert s.scalars(select(TrustedPeer)).all() == []
    # Spaces do not matter; the right digits do.
    identity.trust_peer(pair.township.sessions, f, digits, "officer")


def test_tampered_identity_file_is_refused(pair, tmp_path):
    ident, k = identity.own_identity(pair.school.paths, pair.school.sessions)
    body = json.loads(identity.identity_bytes(ident, k))
    body["org_name"] = "假学校"
    f = tmp_path / "id.json"
    f.write_bytes(json.dumps(body, ensure_ascii=False).encode())
    with pytest.raises(TrustRefused) as err:
        identity.trust_peer(pair.township.sessions, f, ident.fingerprint, "officer")
    assert err.value.code == "bad_identity"


def test_a_school_trusts_only_its_own_township(pair, tmp_path):
    ident, k = identity.own_identity(pair.township.paths, pair.township.sessions)
    f = tmp_path / "t.json"
    f.write_bytes(identity.identity_bytes(ident, k))
    with pair.school.sessions.begin() as s:
        from safetydesk.models.local import Installation

        s.get(Installation, 1).township_code = "410522T99"
    with pytest.raises(TrustRefused) as err:
        identity.trust_peer(pair.school.sessions, f, ident.fingerprint, "officer")
    assert err.value.code == "wrong_peer"
    assert TOWNSHIP_CODE in err.value.user_message


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b'{"a":1,"a":2}', "duplicate key"),
        (b'{"a":NaN}', "NaN is not allowed"),
        (b'{"a":Infinity}', "Infinity is not allowed"),
        (b'{"a":1e999}', "number out of range"),
        (b"\xef\xbb\xbf{}", "byte order mark"),
        (b'{"a":"\xff"}', "invalid UTF-8"),
        (b"[" * 50 + b"]" * 50, "nested too deeply"),
        (b"[" * 100000 + b"]" * 100000, "too large"),
        (b'{"a":' + b"1" * 5000 + b"}", "not JSON"),
    ],
)
def test_strict_json_refuses_ambiguous_input(raw, reason):
    with pytest.raises(strict_json.StrictJsonError) as err:
        strict_json.loads(raw)
    assert err.value.reason == reason


def test_strict_json_deep_recursion_is_a_rejection():
    with pytest.raises(strict_json.StrictJsonError):
        strict_json.loads(b"[" * 60000 + b"]" * 60000, max_bytes=10**6)
