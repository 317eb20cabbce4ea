"""Identity files and trust: how a school and its township (and a township and its county bureau)
learn each other's keys.

An identity file is small JSON (organisation, role, public keys, app version, created time),
self-signed with the organisation's Ed25519 key over its canonical bytes. The self-signature
only proves the file is whole; trust comes from a person confirming the fingerprint digits over
the phone, which `trust_peer` insists on. Runs on the DB thread (trust_peer) or any thread.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk import __version__
from safetydesk.domain import clock
from safetydesk.domain.organisation import SCHOOL_TYPES
from safetydesk.domain.validation import has_forbidden_chars
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.local import Installation
from safetydesk.models.org import Organisation
from safetydesk.models.sync_state import TrustedPeer
from safetydesk.paths import DataPaths
from safetydesk.services.installation import CODE_RE, COUNTY, SCHOOL, TOWNSHIP
from safetydesk.sync import strict_json
from safetydesk.sync.keys import KeyPair, PublicKeys, decode_public_key, ensure_keys, normalise_digits

IDENTITY_FORMAT = "safetydesk-identity"
IDENTITY_VERSION = 1
MAX_IDENTITY_BYTES = 16 * 1024
_FIELDS = {
    "format",
    "version",
    "role",
    "org_code",
    "org_name",
    "township_code",
    "sign_public_key",
    "enc_public_key",
    "key_id",
    "app_version",
    "created",
    "signature",
}
# Optional fields: an identity file without them (from an older version) is still accepted.
_OPTIONAL = {"school_type"}


class TrustRefused(SafetyDeskError):
    """An identity file was not trusted; `code` is stable (bad_identity, fingerprint_mismatch...)."""

    def __init__(self, code: str, user_message: str) -> None:
        super().__init__(user_message)
        self.code = code


@dataclass(frozen=True)
class Identity:
    role: str
    org_code: str
    org_name: str
    township_code: str | None
    public: PublicKeys
    app_version: str
    created: str
    school_type: str | None = None  # a school's kind (kindergarten rules differ); None: not stated

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint

    @property
    def key_id(self) -> str:
        return self.public.key_id


def _unsigned_body(identity: Identity) -> dict[str, Any]:
    body: dict[str, Any] = {
        "format": IDENTITY_FORMAT,
        "version": IDENTITY_VERSION,
        "role": identity.role,
        "org_code": identity.org_code,
        "org_name": identity.org_name,
        "township_code": identity.township_code,
        "sign_public_key": identity.public.sign_b64,
        "enc_public_key": identity.public.enc_b64,
        "key_id": identity.public.key_id,
        "app_version": identity.app_version,
        "created": identity.created,
    }
    if identity.school_type:
        body["school_type"] = identity.school_type
    return body


def own_identity(paths: DataPaths, sessions: sessionmaker[Session]) -> tuple[Identity, KeyPair]:
    """This installation's identity (keys are created on first use)."""
    keys = ensure_keys(paths)
    with sessions() as s:
        inst = s.get(Installation, 1)
        if inst is None:
            raise SafetyDeskError(_("This database has no installation identity. Run 'safetydesk init'."))
        ident = Identity(
            inst.role,
            inst.org_code,
            inst.org_name,
            inst.township_code,
            keys.public,
            __version__,
            clock.now().isoformat(timespec="seconds"),
            s.scalar(select(Organisation.school_type).where(Organisation.code == inst.org_code))
            if inst.role == SCHOOL
            else None,
        )
    return ident, keys


def identity_bytes(identity: Identity, keys: KeyPair) -> bytes:
    body = _unsigned_body(identity)
    signature = keys.sign_private.sign(strict_json.dumps_canonical(body))
    body["signature"] = base64.b64encode(signature).decode("ascii")
    return strict_json.dumps_canonical(body) + b"\n"


def _bad(detail: str) -> TrustRefused:
    return TrustRefused(
        "bad_identity",
        _(
            "This is not a valid SafetyDesk identity file ({detail}). "
            "Ask the other side to write it again with "
            "'safetydesk identity --out'.",
            detail=detail,
        ),
    )


def parse_identity(data: bytes) -> Identity:
    """Strict JSON, exact fields, a self-signature that verifies; TrustRefused otherwise."""
    try:
        body = strict_json.loads(data.rstrip(b"\n"), max_bytes=MAX_IDENTITY_BYTES, max_depth=2)
    except strict_json.StrictJsonError as exc:
        raise _bad(exc.reason) from exc
    if not isinstance(body, dict) or not _FIELDS <= set(body) <= _FIELDS | _OPTIONAL:
        raise _bad("fields")
    if body["format"] != IDENTITY_FORMAT or body["version"] != IDENTITY_VERSION:
        raise _bad("format")
    for name in (
        "role",
        "org_code",
        "org_name",
        "app_version",
        "created",
        "signature",
        "sign_public_key",
        "enc_public_key",
        "key_id",
    ):
        if not isinstance(body[name], str):
            raise _bad(name)
    if body["role"] not in (SCHOOL, TOWNSHIP, COUNTY) or not CODE_RE.fullmatch(body["org_code"]):
        raise _bad("role or code")
    tc = body["township_code"]
    if tc is not None and (not isinstance(tc, str) or not CODE_RE.fullmatch(tc)):
        raise _bad("township_code")
    if not 0 < len(body["org_name"]) <= 100:
        raise _bad("org_name")
    if any(has_forbidden_chars(body[k]) for k in ("org_name", "app_version", "created")):
        raise _bad("control characters")
    school_type = body.get("school_type")
    if school_type is not None and (body["role"] != SCHOOL or school_type not in SCHOOL_TYPES):
        raise _bad("school_type")
    try:
        public = PublicKeys(
            decode_public_key(body["sign_public_key"]), decode_public_key(body["enc_public_key"])
        )
        signature = base64.b64decode(body.pop("signature").encode("ascii"), validate=True)
        public.sign_key().verify(signature, strict_json.dumps_canonical(body))
    except (ValueError, binascii.Error, UnicodeEncodeError, InvalidSignature) as exc:
        raise _bad("signature") from exc
    if body["key_id"] != public.key_id:
        raise _bad("key_id")
    return Identity(
        body["role"], body["org_code"], body["org_name"], tc, public, body["app_version"], body["created"],
        school_type,
    )


def read_identity_file(path: str | Path) -> Identity:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_IDENTITY_BYTES + 1)
    except OSError as exc:
        raise TrustRefused(
            "bad_identity",
            _(
                "The identity file {path} cannot be read: {error}",
                path=str(path),
                error=exc.strerror or str(exc),
            ),
        ) from exc
    return parse_identity(data)


def check_digits(ident: Identity, typed: str) -> None:
    """TrustRefused (fingerprint_mismatch) unless the typed digits are the file's fingerprint."""
    if normalise_digits(typed) != normalise_digits(ident.fingerprint):
        raise TrustRefused(
            "fingerprint_mismatch",
            _(
                "The digits you entered do not match this identity file's fingerprint. Nothing was "
                "trusted. Read the 30 digits again with the other side by phone; if they still differ, "
                "the file may have been changed on its way."
            ),
        )


@dataclass(frozen=True)
class TrustResult:
    org_code: str
    org_name: str
    role: str
    fingerprint: str
    key_id: str
    replaced_key: bool
    trusted_at: datetime


def trust_peer(
    sessions: sessionmaker[Session], identity_file: str | Path, fingerprint_digits: str, by: str
) -> TrustResult:
    """Trust the organisation in `identity_file` once a person has confirmed its digits.

    A school trusts only its own township; a township enrolls schools (whose identity names this
    township, when it names one) and trusts only its own county bureau (the code set with `init
    township --county-code` or `identity --county-code`); a county enrols townships. Trusting an organisation again with a new key (lost or stolen
    computer) replaces its key: packages signed with the old key are refused from then on.
    """
    ident = read_identity_file(identity_file)
    check_digits(ident, fingerprint_digits)
    with sessions.begin() as s:
        inst = s.get(Installation, 1)
        if inst is None:
            raise SafetyDeskError(_("This database has no installation identity. Run 'safetydesk init'."))
        if ident.org_code == inst.org_code:
            raise TrustRefused(
                "wrong_peer",
                _("This is this installation's own identity file. Import the other side's file instead."),
            )
        if inst.role == SCHOOL:
            if ident.role != TOWNSHIP or ident.org_code != inst.township_code:
                raise TrustRefused(
                    "wrong_peer",
                    _(
                        "This identity file belongs to {code} {name}, not to this school's township "
                        "centre {township}. Nothing was trusted.",
                        code=ident.org_code,
                        name=ident.org_name,
                        township=inst.township_code or "",
                    ),
                )
        elif inst.role == COUNTY:
            if ident.role != TOWNSHIP:
                raise TrustRefused(
                    "wrong_peer",
                    _(
                        "This identity file belongs to {code} {name}, which is not a township centre. "
                        "A county bureau trusts township centres only. Nothing was trusted.",
                        code=ident.org_code,
                        name=ident.org_name,
                    ),
                )
        elif ident.role == COUNTY:
            if ident.org_code != inst.county_code:
                raise TrustRefused(
                    "wrong_peer",
                    _(
                        "This identity file belongs to the county bureau {code} {name}, not to this "
                        "township centre's county {county}. Set the county first with 'safetydesk "
                        "identity --county-code CODE'. Nothing was trusted.",
                        code=ident.org_code,
                        name=ident.org_name,
                        county=inst.county_code or _("(not set)"),
                    ),
                )
        else:
            if ident.role != SCHOOL or (ident.township_code not in (None, inst.org_code)):
                raise TrustRefused(
                    "wrong_peer",
                    _(
                        "This identity file belongs to {code} {name}, which is not a school of this "
                        "township centre. Nothing was trusted.",
                        code=ident.org_code,
                        name=ident.org_name,
                    ),
                )
        other = s.scalar(
            select(TrustedPeer).where(
                TrustedPeer.key_id == ident.key_id, TrustedPeer.org_code != ident.org_code
            )
        )
        if other is not None:
            raise TrustRefused(
                "wrong_peer",
                _("This key already belongs to {code}. Nothing was trusted.", code=other.org_code),
            )
        now = clock.now()
        peer = s.get(TrustedPeer, ident.org_code)
        replaced = peer is not None and peer.key_id != ident.key_id
        if peer is None:
            peer = TrustedPeer(org_code=ident.org_code)
            s.add(peer)
        peer.org_name = ident.org_name
        peer.role = ident.role
        # an older identity file states no type: a type known from before stays
        peer.school_type = ident.school_type or (peer.school_type if ident.role == SCHOOL else None)
        peer.key_id = ident.key_id
        peer.sign_public_key = ident.public.sign_b64
        peer.enc_public_key = ident.public.enc_b64
        peer.fingerprint = ident.fingerprint
        peer.trusted_at = now
        peer.trusted_by = by
        peer.revoked_at = None
    return TrustResult(
        ident.org_code, ident.org_name, ident.role, ident.fingerprint, ident.key_id, replaced, now
    )


def peer_keys(peer: TrustedPeer) -> PublicKeys:
    return PublicKeys(decode_public_key(peer.sign_public_key), decode_public_key(peer.enc_public_key))
