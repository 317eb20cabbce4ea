"""The county's rule set on the wire: signed by the county, forwarded unchanged by the township.

Scheme (why it is sound without the school trusting the county directly):
- The county signs the rule set's canonical document (domain/county_rules.document_bytes) with its
  Ed25519 signing key, the same key its packages and identity file are signed with. The envelope
  (`county/rules.json` inside a package's encrypted payload) holds the document text, the
  signature and the county's public signing key.
- At a township the envelope arrives inside the county's own package. The key in the envelope
  must be the key of the trusted county that sent the package (confirmed by typed fingerprint,
  sync.md "Keys and trust") and the document must name that county's code: otherwise the whole
  package is refused (`rules_untrusted_county`).
- The township forwards the envelope byte for byte in its packages to its schools. A school trusts
  its township, not the county; the township's signature over its package vouches for the
  county's key carried in the envelope (the school cannot check the county any better than the
  township did). The county's own signature still matters: the township cannot change one value,
  swap a template or mix versions, because the school verifies the document against the county's
  key. The school pins the county (code and key) of the first set it follows; a set from another
  county code is refused with the whole package (`rules_untrusted_county`).
- A county's new key (a reinstall: backups hold the database, not the keys). At a township the
  re-trust of the county (typed fingerprint, sync.md "Keys and trust") announces it, as for a
  stream: the first set signed with the new key starts a new series of versions, whatever its
  number. At a school nothing announces it yet: a set of the pinned county signed with another
  key is declined, and the rest of the township's package is imported (its rows are the
  township's own, vouched for by its signature), with a warning; the school keeps following the
  pinned set, and its township's console lists it as not following the township's set, until
  the school's administrator confirms the county's new key (its identity file and the digits read
  out by phone, services/county_key.py): the declined set is then followed at once, and so are
  the new key's later sets.
- Versions only go up. Same version and same document: nothing to do (every township package
  carries the set again; import is idempotent). Same version, other document: `rules_conflict`
  (a forgery or a county restored from an old backup). Lower version: `rules_outdated` (a replay
  or an old package imported late); the whole package is refused, and nothing is lost, because
  the township's next package carries every row the school has not acknowledged again (sync.md
  "Streams and receipts").
- Values are checked by the settings registry's declarations (limits, parts): a value outside a
  setting's limits refuses the package (`rules_invalid`).

Upward, a school's package carries `county/followed.json` ({"version", "sha256"}: the set it
follows), so the township's status of that school (county_rules_version, county_rules_sha256)
equals the school's own.

CPU only here (verification, no writes): any thread. services/county_rules.py stores and applies.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from safetydesk.domain import county_rules as domain
from safetydesk.domain.organisation import COUNTY, SCHOOL, TOWNSHIP
from safetydesk.sync import package, strict_json
from safetydesk.sync.keys import KeyPair

MEMBER = "county/rules.json"
FOLLOWED = "county/followed.json"
ENVELOPE_FORMAT = "safetydesk-county-rules-signed"
MAX_ENVELOPE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Incoming:
    """A verified envelope: the rule set, its exact bytes to forward, and the county's key."""

    rule_set: domain.RuleSet
    envelope: bytes
    sha256: str  # of the signed document
    sign_key: bytes  # raw Ed25519 public key of the county


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def sign(rule_set: domain.RuleSet, keys: KeyPair) -> bytes:
    """The envelope the county publishes (and every level forwards unchanged)."""
    document = domain.document_bytes(rule_set)
    return strict_json.dumps_canonical(
        {
            "format": ENVELOPE_FORMAT,
            "document": document.decode("utf-8"),
            "signature": _b64(keys.sign_private.sign(document)),
            "county_sign_key": _b64(keys.public.sign),
        }
    )


def _raw_b64(value: Any, size: int) -> bytes | None:
    if not isinstance(value, str) or len(value) > 200:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == size else None


def read_envelope(data: bytes, *, file: str) -> Incoming:
    """Parse and verify an envelope (the county's signature over the document), or reject."""
    try:
        env = strict_json.loads(data, max_bytes=MAX_ENVELOPE_BYTES, max_depth=3)
    except strict_json.StrictJsonError as exc:
        raise package.reject("rules_invalid", file=file, detail=exc.reason) from exc
    if not isinstance(env, dict) or set(env) != {"format", "document", "signature", "county_sign_key"}:
        raise package.reject("rules_invalid", file=file, detail="envelope")
    if env["format"] != ENVELOPE_FORMAT or not isinstance(env["document"], str):
        raise package.reject("rules_invalid", file=file, detail="envelope")
    signature = _raw_b64(env["signature"], 64)
    key = _raw_b64(env["county_sign_key"], 32)
    if signature is None or key is None:
        raise package.reject("rules_bad_signature", file=file)
    document = env["document"].encode("utf-8")
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, document)
    except (InvalidSignature, ValueError) as exc:
        raise package.reject("rules_bad_signature", file=file) from exc
    try:
        parsed = strict_json.loads(document, max_bytes=MAX_ENVELOPE_BYTES, max_depth=5)
        rule_set = domain.from_json(parsed)
    except strict_json.StrictJsonError as exc:
        raise package.reject("rules_invalid", file=file, detail=exc.reason) from exc
    except domain.RuleSetInvalid as exc:
        raise package.reject("rules_invalid", file=file, detail=exc.reason) from exc
    if domain.document_bytes(rule_set) != document:
        raise package.reject("rules_invalid", file=file, detail="not canonical")
    return Incoming(rule_set, data, hashlib.sha256(document).hexdigest(), key)


@dataclass(frozen=True)
class Held:
    """The set this installation follows, as services/county_rules stores it."""

    county_code: str
    version: int
    sha256: str
    sign_key: bytes


def check_source(
    incoming: Incoming,
    *,
    peer_code: str,
    peer_role: str,
    peer_sign_key: bytes,
    me_role: str,
    my_county: str | None,
    held: Held | None,
    file: str,
    confirmed_key: bytes | None = None,
) -> bool:
    """Whose rules these are: the county that sent them (at a township), or the county this
    school already follows (at a school). Raises `rules_untrusted_county` otherwise. False: a set
    of the county a school follows, signed with another key than the set it follows and than the
    key its administrator confirmed (`confirmed_key`, services/county_key.py): declined, see the
    module's docstring."""
    rs = incoming.rule_set
    if peer_role == COUNTY:
        ok = me_role == TOWNSHIP and rs.county_code == peer_code and incoming.sign_key == peer_sign_key
        if ok and my_county and my_county != peer_code:
            ok = False
    elif peer_role == TOWNSHIP and me_role == SCHOOL:
        ok = held is None or held.county_code == rs.county_code
        if ok and held is not None and held.sign_key != incoming.sign_key:
            return incoming.sign_key == confirmed_key
    else:
        raise package.reject("bad_payload", file=file, detail=MEMBER)
    if not ok:
        raise package.reject("rules_untrusted_county", file=file, county=rs.county_code)
    return True


def is_new(incoming: Incoming, held: Held | None, *, file: str) -> bool:
    """True when the set is newer than the one held, or the first of a new key's series (only
    reached for a key check_source accepted); False when it is that very set. Raises
    rules_outdated (older) or rules_conflict (same number, other content)."""
    if held is None or incoming.sign_key != held.sign_key or incoming.rule_set.version > held.version:
        return True
    if incoming.rule_set.version == held.version:
        if incoming.sha256 == held.sha256:
            return False
        raise package.reject("rules_conflict", file=file, version=held.version)
    raise package.reject(
        "rules_outdated", file=file, version=incoming.rule_set.version, held=held.version
    )


def followed_bytes(held: Held) -> bytes:
    return strict_json.dumps_canonical({"version": held.version, "sha256": held.sha256})


def read_followed(data: bytes, *, file: str) -> tuple[int, str]:
    """A school's report of the set it follows: (version, sha256)."""
    try:
        body = strict_json.loads(data, max_bytes=1024, max_depth=2)
    except strict_json.StrictJsonError as exc:
        raise package.reject("bad_payload", file=file, detail=FOLLOWED) from exc
    ok = (
        isinstance(body, dict)
        and set(body) == {"version", "sha256"}
        and isinstance(body["version"], int)
        and not isinstance(body["version"], bool)
        and 1 <= body["version"] <= domain.MAX_VERSION
        and isinstance(body["sha256"], str)
        and package.HEX64.fullmatch(body["sha256"]) is not None
    )
    if not ok:
        raise package.reject("bad_payload", file=file, detail=FOLLOWED)
    return body["version"], body["sha256"]

