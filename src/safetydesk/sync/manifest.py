"""manifest.json: what a package says about itself, signed by the sender (sync.md "The package",
step 3 of "Import"). Read strictly: exact fields and types, the format version first, every
string matched whole, numbers within bounds. Any thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from safetydesk.domain.validation import has_forbidden_chars
from safetydesk.sync import strict_json
from safetydesk.sync.rejections import reject
from safetydesk.sync.wire import (
    CODE_RE,
    DIRECTIONS,
    EARLIEST_YEAR,
    FORMAT,
    FORMAT_VERSION,
    HEX32,
    HEX64,
    LATEST_YEAR,
    MAX_FILE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_DEPTH,
    MAX_SEQ,
    SUITE_NAME,
    UUID_RE,
)


@dataclass(frozen=True)
class Receipt:
    """The recipient's acknowledgement of our stream: highest contiguous seq and recent imports.

    The sender accepts it only for numbers in its sent list whose manifest hash matches: hence
    the stream's key (its epoch) and the hash of the contiguous package travel with it."""

    stream_sender: str  # whose packages were imported (the code of the school or township)
    stream_key: str  # the key id of that stream's sender: the epoch acknowledged
    contiguous_seq: int
    contiguous_sha256: str | None  # manifest hash of package `contiguous_seq` (None when 0)
    imported: tuple[tuple[int, str, str], ...]  # (seq, manifest_sha256, imported_at ISO UTC)
    # The anchor of stream_sender's audit log that the receipt's writer holds (entry, hash): the
    # sender checks its own log against it.
    audit: tuple[int, str] | None = None


@dataclass(frozen=True)
class Manifest:
    package_id: str
    kind: str
    sender_code: str
    sender_key_id: str
    recipient_code: str
    recipient_key_id: str
    seq: int
    prev_manifest_sha256: str | None
    receipts: tuple[Receipt, ...]
    created_at: str
    schema_revision: int
    min_schema_revision: int
    app_version: str
    payload_size: int
    payload_sha256: str
    # The sender's audit log when it signed this package: (last entry number, its hash). The
    # recipient keeps it per sender and echoes it back in its receipts.
    audit: tuple[int, str] | None = None
    # The entry the sender's previous package to this recipient anchored, with the hash that
    # entry has NOW (None: the entry is gone): the recipient holding that anchor sees a log that
    # was cut or rewritten since, even when the sender wrote new entries after.
    audit_previous: tuple[int, str | None] | None = None

    def hpke_info(self) -> bytes:
        return hpke_info(
            self.package_id,
            self.kind,
            self.sender_key_id,
            self.recipient_key_id,
            self.seq,
            self.schema_revision,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "package_id": self.package_id,
            "kind": self.kind,
            "sender": {"code": self.sender_code, "key_id": self.sender_key_id},
            "recipient": {"code": self.recipient_code, "key_id": self.recipient_key_id},
            "seq": self.seq,
            "prev_manifest_sha256": self.prev_manifest_sha256,
            "receipts": [
                {
                    "stream_sender": r.stream_sender,
                    "stream_key": r.stream_key,
                    "contiguous_seq": r.contiguous_seq,
                    "contiguous_sha256": r.contiguous_sha256,
                    "imported": [
                        {"seq": s, "manifest_sha256": h, "imported_at": t} for s, h, t in r.imported
                    ],
                    "audit": _anchor_json(r.audit),
                }
                for r in self.receipts
            ],
            "audit": _own_anchor_json(self.audit, self.audit_previous),
            "created_at": self.created_at,
            "schema_revision": self.schema_revision,
            "min_schema_revision": self.min_schema_revision,
            "app_version": self.app_version,
            "payload": {
                "name": "payload",
                "size": self.payload_size,
                "sha256": self.payload_sha256,
                "suite": SUITE_NAME,
            },
        }


def _anchor_json(anchor: tuple[int, str] | None) -> dict[str, Any] | None:
    return None if anchor is None else {"entry": anchor[0], "hash": anchor[1]}


def _own_anchor_json(
    anchor: tuple[int, str] | None, previous: tuple[int, str | None] | None
) -> dict[str, Any] | None:
    if anchor is None:
        return None
    before = None if previous is None else {"entry": previous[0], "hash": previous[1]}
    return {"entry": anchor[0], "hash": anchor[1], "previous": before}


def _anchor(value: Any) -> tuple[int, str] | None:
    if value is None:
        return None
    a = _obj(value, {"entry", "hash"})
    return _int(a["entry"], 1), _str(a["hash"], HEX64)


def _own_anchor(value: Any) -> tuple[tuple[int, str] | None, tuple[int, str | None] | None]:
    if value is None:
        return None, None
    a = _obj(value, {"entry", "hash", "previous"})
    previous = None
    if a["previous"] is not None:
        p = _obj(a["previous"], {"entry", "hash"})
        previous = (_int(p["entry"], 1), None if p["hash"] is None else _str(p["hash"], HEX64))
    return (_int(a["entry"], 1), _str(a["hash"], HEX64)), previous


def hpke_info(
    package_id: str, kind: str, sender_key_id: str, recipient_key_id: str, seq: int, schema_revision: int
) -> bytes:
    return f"SafetyDesk payload v{FORMAT_VERSION}\x00".encode("ascii") + strict_json.dumps_canonical(
        {
            "package_id": package_id,
            "kind": kind,
            "sender_key": sender_key_id,
            "recipient_key": recipient_key_id,
            "seq": seq,
            "schema_revision": schema_revision,
        }
    )


class _Bad(Exception):
    pass


def _obj(value: Any, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != keys:
        raise _Bad("fields")
    return value


def _str(value: Any, pattern: re.Pattern[str] | None = None, max_len: int = 100) -> str:
    if not isinstance(value, str) or len(value) > max_len or (pattern and not pattern.fullmatch(value)):
        raise _Bad("value")
    if has_forbidden_chars(value):
        raise _Bad("control characters")
    return value


def _int(value: Any, lo: int = 0, hi: int = MAX_SEQ) -> int:
    if type(value) is not int or not lo <= value <= hi:
        raise _Bad("number")
    return value


def _time(value: Any) -> str:
    from datetime import datetime

    text = _str(value, max_len=40)
    try:
        dt = datetime.fromisoformat(text)
    except ValueError as exc:
        raise _Bad("time") from exc
    if dt.tzinfo is None or dt.utcoffset().total_seconds() != 0:  # type: ignore[union-attr]
        raise _Bad("time")
    if not EARLIEST_YEAR <= dt.year <= LATEST_YEAR:
        raise _Bad("time")
    return text


def _check_format(body: Any, file: str) -> None:
    """The format and its version, before anything else: an older package is refused with a code
    that tells the sender to update, a newer one tells this installation to update."""
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise reject("bad_manifest", file=file, detail="format")
    version = body.get("format_version")
    if type(version) is not int:
        raise reject("bad_manifest", file=file, detail="format_version")
    if version < FORMAT_VERSION:
        raise reject("format_too_old", file=file, version=version)
    if version > FORMAT_VERSION:
        raise reject("format_too_new", file=file, version=version)


def parse_manifest(data: bytes, *, file: str) -> Manifest:
    """Step 3: strict JSON, exact fields and types; PackageRejected('bad_manifest') otherwise."""
    try:
        body = strict_json.loads(data, max_bytes=MAX_MANIFEST_BYTES, max_depth=MAX_MANIFEST_DEPTH)
    except strict_json.StrictJsonError as exc:
        raise reject("bad_manifest", file=file, detail=exc.reason) from exc
    _check_format(body, file)
    try:
        m = _obj(
            body,
            {
                "format",
                "format_version",
                "package_id",
                "kind",
                "sender",
                "recipient",
                "seq",
                "prev_manifest_sha256",
                "receipts",
                "created_at",
                "schema_revision",
                "min_schema_revision",
                "app_version",
                "payload",
                "audit",
            },
        )

        sender = _obj(m["sender"], {"code", "key_id"})
        recipient = _obj(m["recipient"], {"code", "key_id"})
        payload = _obj(m["payload"], {"name", "size", "sha256", "suite"})
        if payload["name"] != "payload" or payload["suite"] != SUITE_NAME:
            raise _Bad("payload")
        prev = m["prev_manifest_sha256"]
        if not isinstance(m["receipts"], list) or len(m["receipts"]) > 4:
            raise _Bad("receipts")
        receipts = []
        for r in m["receipts"]:
            r = _obj(r, {"stream_sender", "stream_key", "contiguous_seq", "contiguous_sha256", "imported", "audit"})
            if not isinstance(r["imported"], list) or len(r["imported"]) > 200:
                raise _Bad("receipts")
            imported = tuple(
                (_int(i["seq"], 1), _str(i["manifest_sha256"], HEX64), _time(i["imported_at"]))
                for i in (_obj(x, {"seq", "manifest_sha256", "imported_at"}) for x in r["imported"])
            )
            contiguous = _int(r["contiguous_seq"])
            chash = r["contiguous_sha256"]
            if (contiguous == 0) != (chash is None):
                raise _Bad("receipts")
            receipts.append(
                Receipt(
                    _str(r["stream_sender"], CODE_RE),
                    _str(r["stream_key"], HEX32),
                    contiguous,
                    None if chash is None else _str(chash, HEX64),
                    imported,
                    _anchor(r["audit"]),
                )
            )
        if m["kind"] not in DIRECTIONS:
            raise _Bad("kind")
        manifest = Manifest(
            package_id=_str(m["package_id"], UUID_RE),
            kind=m["kind"],
            sender_code=_str(sender["code"], CODE_RE),
            sender_key_id=_str(sender["key_id"], HEX32),
            recipient_code=_str(recipient["code"], CODE_RE),
            recipient_key_id=_str(recipient["key_id"], HEX32),
            seq=_int(m["seq"], 1),
            prev_manifest_sha256=None if prev is None else _str(prev, HEX64),
            receipts=tuple(receipts),
            created_at=_time(m["created_at"]),
            schema_revision=_int(m["schema_revision"], 1),
            min_schema_revision=_int(m["min_schema_revision"], 1),
            app_version=_str(m["app_version"], max_len=40),
            payload_size=_int(payload["size"], 0, MAX_FILE_BYTES),
            payload_sha256=_str(payload["sha256"], HEX64),
            audit=_own_anchor(m["audit"])[0],
            audit_previous=_own_anchor(m["audit"])[1],
        )
    except _Bad as exc:
        raise reject("bad_manifest", file=file, detail=str(exc)) from exc
    if manifest.min_schema_revision > manifest.schema_revision:
        raise reject("bad_manifest", file=file, detail="schema")
    return manifest


def manifest_bytes(manifest: Manifest) -> bytes:
    return strict_json.dumps_canonical(manifest.to_json())
