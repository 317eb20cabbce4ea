"""A county's rule set signed with a real Ed25519 key, and ways to put it at a township.

`follow` makes a township follow a set the way its importer does when the county's package
arrives (services.county_rules.apply_in on a verified envelope); the full county → township leg
through a real county package is tests/county_rules/test_chain.py. `plant` writes an envelope as a
hostile or broken township would hold it, unchecked, so that its next real package carries it."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from safetydesk.domain import county_rules as domain
from safetydesk.models.local import Setting
from safetydesk.services import county_rules
from safetydesk.services.changes import Actor
from safetydesk.services.storage import Storage
from safetydesk.sync import county_rules as wire
from safetydesk.sync.keys import KeyPair, PublicKeys

COUNTY_CODE = "410522"
COUNTY_NAME = "安阳县教育局"


def county_keys() -> KeyPair:
    sign, enc = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    public = PublicKeys(
        sign.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        enc.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
    )
    return KeyPair(sign, enc, public)


def rule_set(version: int = 1, code: str = COUNTY_CODE, **rules: Any) -> domain.RuleSet:
    values = {v.key: v.default for v in domain.county_rule_vars()}
    values.update(rules)
    template = domain.RuleTemplate(
        "drowning-2026", "县防溺水专项检查表", "drowning", "weekly", version,
        f"重点水域：警示牌完好（第{version}版）\n家长告知书：回执已收回",
    )
    return domain.RuleSet(code, COUNTY_NAME, version, date(2026, 11, 15), values, (template,))


def follow(storage: Storage, rs: domain.RuleSet, keys: KeyPair) -> None:
    incoming = wire.read_envelope(wire.sign(rs, keys), file="test")
    with storage.sessions.begin() as s:
        county_rules.apply_in(s, Actor("tester", "410522T01", "admin"), incoming)


def plant(storage: Storage, envelope: bytes, version: int, key: bytes, code: str = COUNTY_CODE) -> None:
    """Hold `envelope` as it is (no check): what a tampered or hostile township would forward."""
    env = json.loads(envelope)
    value = {
        "envelope": base64.b64encode(envelope).decode("ascii"),
        "county_code": code,
        "version": version,
        "sha256": hashlib.sha256(env["document"].encode("utf-8")).hexdigest(),
        "sign_key": base64.b64encode(key).decode("ascii"),
        "received_at": "2026-11-15T00:00:00+00:00",
    }
    with storage.sessions.begin() as s:
        row = s.get(Setting, county_rules.HELD_KEY)
        if row is None:
            s.add(Setting(key=county_rules.HELD_KEY, value=value))
        else:
            row.value = value


def signed_raw(document: dict[str, Any], keys: KeyPair) -> bytes:
    """An envelope over any document (a county signing values SafetyDesk would refuse)."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return json.dumps(
        {
            "format": wire.ENVELOPE_FORMAT,
            "document": text,
            "signature": base64.b64encode(keys.sign_private.sign(text.encode("utf-8"))).decode("ascii"),
            "county_sign_key": base64.b64encode(keys.public.sign).decode("ascii"),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")
