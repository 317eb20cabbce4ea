"""The package file: format, limits, safe reading and atomic writing (sync.md, "The package").

Outer file: a zip of exactly three STORED members, written byte-for-byte canonically by this
module (fixed order, fixed header fields, fixed date) so a reader can require the exact bytes it
would have written: a bit flipped anywhere in the zip structure is a rejection, not a shrug.

    manifest.json   strict UTF-8 JSON (see `Manifest`)
    manifest.sig    64-byte Ed25519 signature over the exact manifest bytes
    payload         HPKE (X25519 / HKDF-SHA256 / AES-256-GCM) to the recipient; the HPKE info
                    binds package id, kind, sender key, recipient key, seq and schema revision

Inside the payload: a deflated zip with manifest.json (repeating the outer identity and listing
each file's sha256/size/rows), tables/<kind>.jsonl, summaries/<kind>.json (counts, small cells
suppressed), withdrawals/<kind>.json (referrals withdrawn) and attachments/<sha256>. Every zipfile/zlib/struct/EOF error becomes a PackageRejected with a code.
CPU and file work only: any thread.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

from safetydesk import file_modes
from safetydesk.domain.validation import has_forbidden_chars
from safetydesk.errors import PackageRejected
from safetydesk.i18n import N_, _
from safetydesk.sync import strict_json

FORMAT = "safetydesk-package"
# 2 (issue 13): streams bound to keys (receipts name the stream's key and the hash of the highest
# contiguous package), audit anchors, withdrawals of referrals, counts below SMALL_CELL sent as
# "<3". Packages of format 1 are refused with format_too_old ("update SafetyDesk at the sender").
FORMAT_VERSION = 2
INNER_FORMAT = "safetydesk-payload"
SUITE_NAME = "HPKE-X25519-HKDF-SHA256-AES-256-GCM"
SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
MEMBERS = ("manifest.json", "manifest.sig", "payload")
SIGNATURE_BYTES = 64
FILE_SUFFIX = ".sdpkg"
MAX_SEQ = 2**31 - 1  # sequence numbers (and counts) are 1 .. MAX_SEQ on the wire

# Package kinds and the (sender role, recipient role) they may travel in.
SCHOOL_REPORT = "school_report"
TOWNSHIP_DISPATCH = "township_dispatch"
DIRECTIONS = {SCHOOL_REPORT: ("school", "township"), TOWNSHIP_DISPATCH: ("township", "school")}

# Limits: a real school's package is a few MB; these leave room without letting a file exhaust a
# 4 GB school PC.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_MANIFEST_DEPTH = 6
MAX_INNER_MEMBERS = 20_000
MAX_INNER_TOTAL = 512 * 1024 * 1024
MAX_TABLE_BYTES = 256 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024
MAX_SMALL_MEMBER = 4 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 64 * 1024

# Rows: at most MAX_TABLE_ROWS per table, and no more in a package than its encrypted size allows
# at MIN_PACKED_BYTES_PER_ROW (a real row, with its random UUID and times, never deflates below
# about 20 bytes; 380,000 look-alike rows deflate into 1 MB and took ~500 MB once decoded).
MAX_TABLE_ROWS = 100_000
MIN_PACKED_BYTES_PER_ROW = 16
ROWS_FLOOR = 10_000

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_KIND_RE = r"[a-z][a-z0-9_]{0,39}"
# Every pattern here is used with fullmatch: `$` would accept a trailing newline.
INNER_NAME = re.compile(
    rf"manifest\.json|tables/{_KIND_RE}\.jsonl|summaries/{_KIND_RE}\.json|withdrawals/{_KIND_RE}\.json|"
    r"attachments/[0-9a-f]{64}"
)
HEX64 = re.compile(r"[0-9a-f]{64}")
HEX32 = re.compile(r"[0-9a-f]{32}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,31}")
# Signing times outside these years are absurd (a broken clock or a forgery).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2199

# --- rejections -------------------------------------------------------------------------------

MESSAGES: dict[str, str] = {
    "not_a_package": N_(
        "{file} is not a SafetyDesk package. Check that you chose the right file (it ends in .sdpkg)."
    ),
    "damaged": N_(
        "{file} is damaged ({detail}); the copy on the USB stick may be incomplete. Ask "
        "the sender to export again and copy the file once more."
    ),
    "too_large": N_(
        "{file} is larger than SafetyDesk accepts ({detail}). Nothing was imported. "
        "Ask the sender to check the file."
    ),
    "bad_member": N_(
        "{file} contains an unexpected or unsafe entry ({detail}). It was not made by "
        "SafetyDesk or was changed; nothing was imported. Ask the sender to export again."
    ),
    "bad_signature": N_(
        "{file} was changed after it was signed, or its signature is from another "
        "package. Nothing was imported: ask the sender to export again."
    ),
    "unknown_sender": N_(
        "{file} comes from an organisation this installation does not trust (or "
        "whose key was replaced). Confirm its identity with 'safetydesk trust' "
        "first, then import again."
    ),
    "sender_mismatch": N_(
        "{file} is signed with the key of {trusted} but says it comes from "
        "{claimed}. Nothing was imported; contact the sender."
    ),
    "wrong_recipient": N_(
        "{file} was made for {recipient}, not for this installation ({us}). "
        "Give it to the right office; nothing was imported."
    ),
    "wrong_direction": N_(
        "{file} is a kind of package ({kind}) that this installation does not "
        "accept from {sender}. Nothing was imported."
    ),
    "bad_manifest": N_(
        "{file} has an invalid description ({detail}). Nothing was imported: ask "
        "the sender to export again with an up-to-date SafetyDesk."
    ),
    "format_too_old": N_(
        "{file} was made by an older SafetyDesk (package format {version}) that this installation "
        "no longer accepts. Nothing was imported: ask the sender to update SafetyDesk and export again."
    ),
    "format_too_new": N_(
        "{file} was made by a newer SafetyDesk (package format {version}). Update SafetyDesk on "
        "this computer, then import it again."
    ),
    "schema_too_new": N_(
        "{file} was made by a newer SafetyDesk (data format {revision}). Update "
        "SafetyDesk on this computer, then import it again."
    ),
    "payload_hash": N_(
        "The contents of {file} do not match its signed description: the file was "
        "changed or damaged. Ask the sender to export again."
    ),
    "decrypt_failed": N_(
        "{file} cannot be opened with this installation's key. It was encrypted "
        "for another key, or damaged. Ask the sender to export again."
    ),
    "bad_payload": N_(
        "The contents of {file} are not in the expected form ({detail}). Nothing was "
        "imported: ask the sender to export again."
    ),
    "bad_row": N_(
        "{file}: record {line} of {kind} is invalid ({detail}). Nothing was imported: ask "
        "the sender to correct the record and export again."
    ),
    "owner_mismatch": N_(
        "{file}: record {line} of {kind} belongs to {owner}, which did not send "
        "this package. Nothing was imported; contact the sender."
    ),
    "not_senders_kind": N_(
        "{file}: record {line} of {kind} may be written only by a {role}; {sender} may not send it. "
        "Nothing was imported. Contact the sender: the file was not made by an up-to-date SafetyDesk."
    ),
    "not_referred": N_(
        "{file}: record {line} of {kind} must stay at the school ({detail}). Nothing was imported: "
        "ask the school to update SafetyDesk and export again."
    ),
    "replay_conflict": N_(
        "{file} claims number {seq} from {sender}, but a different package with "
        "that number was already imported. Nothing was imported. This may be a "
        "forgery or a restored old computer: contact the sender and the county office."
    ),
    "database_busy": N_(
        "The database is in use by another SafetyDesk window or task. Nothing was "
        "imported; close the other program and try again."
    ),
    "disk_full": N_("The disk is full. Nothing was imported; free some space and try again."),
}


def kind_title(key: str) -> str:
    """A record kind's title in the UI language ("学生"), or the wire key when unknown."""
    from safetydesk.domain.registry import get_kind

    if key == "attachment":
        return _("Attachments")
    try:
        return _(get_kind(key).title)
    except KeyError:
        return key


def reject(code: str, **values: object) -> PackageRejected:
    """A PackageRejected with its stable code and a translated message."""
    template = MESSAGES[code]
    if isinstance(values.get("kind"), str) and code in ("bad_row", "owner_mismatch", "not_senders_kind", "not_referred"):
        values["kind"] = kind_title(str(values["kind"]))
    values.setdefault("file", "")
    needed = set(re.findall(r"\{(\w+)\}", template))
    for name in needed:
        values.setdefault(name, "")
    return PackageRejected(code, _(template, **{k: values[k] for k in needed}))


# --- the outer zip ----------------------------------------------------------------------------


def _stored_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A canonical zip of STORED members (mode 0644 regular files, date 1980-01-01)."""
    out = bytearray()
    central = bytearray()
    for name, data in members:
        raw_name = name.encode("ascii")
        crc = zlib.crc32(data)
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, _DOS_DATE, crc, len(data), len(data), len(raw_name), 0
        )
        out += raw_name
        out += data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (3 << 8) | 20,
            20,
            0,
            0,
            0,
            _DOS_DATE,
            crc,
            len(data),
            len(data),
            len(raw_name),
            0,
            0,
            0,
            0,
            (stat.S_IFREG | 0o644) << 16,
            offset,
        )
        central += raw_name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd_offset, 0)
    return bytes(out)


def outer_bytes(manifest: bytes, signature: bytes, payload: bytes) -> bytes:
    return _stored_zip(list(zip(MEMBERS, (manifest, signature, payload), strict=True)))


@dataclass(frozen=True)
class OuterPackage:
    manifest_bytes: bytes
    signature: bytes
    payload: bytes

    @property
    def manifest_sha256(self) -> str:
        return hashlib.sha256(self.manifest_bytes).hexdigest()


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))


def safe_unzip(
    data: bytes,
    *,
    file: str,
    allowed: Callable[[str], bool],
    max_members: int,
    member_limit: Callable[[str], int],
    max_total: int,
    stored_only: bool,
) -> dict[str, bytes]:
    """Members of an untrusted zip, after every check sync.md asks for; PackageRejected otherwise."""
    if not data.startswith(b"PK\x03\x04"):
        raise reject("not_a_package", file=file)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, struct.error, EOFError, ValueError, ...
        raise reject("damaged", file=file, detail=type(exc).__name__) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise reject("bad_member", file=file, detail=_("too many entries"))
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if _unsafe_name(name) or info.orig_filename != name:
                raise reject("bad_member", file=file, detail=ascii(name)[:80])
            if name in seen:
                raise reject("bad_member", file=file, detail=_("{name} appears twice", name=name))
            seen.add(name)
            if not allowed(name):
                raise reject("bad_member", file=file, detail=ascii(name)[:80])
            mode_type = stat.S_IFMT(info.external_attr >> 16)
            if mode_type not in (0, stat.S_IFREG) or info.is_dir():
                raise reject("bad_member", file=file, detail=_("{name} is a link or folder", name=name))
            if info.flag_bits & 0x1:
                raise reject("bad_member", file=file, detail=_("{name} is encrypted", name=name))
            if stored_only and info.compress_type != zipfile.ZIP_STORED:
                raise reject("bad_member", file=file, detail=_("{name} is compressed", name=name))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise reject(
                    "bad_member", file=file, detail=_("{name} uses an unknown compression", name=name)
                )
            if info.file_size > member_limit(name):
                raise reject("too_large", file=file, detail=name)
            total += info.file_size
            if total > max_total:
                raise reject("too_large", file=file, detail=_("{n} bytes unpacked", n=total))
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise reject("too_large", file=file, detail=_("{name} is packed too tightly", name=name))
        out: dict[str, bytes] = {}
        for info in infos:
            try:
                with zf.open(info) as fh:
                    # zipfile stops at the declared size and checks the CRC at the end, so a
                    # header that lies about the size fails here instead of inflating further.
                    content = fh.read(info.file_size + 1)
            except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, ...
                raise reject("damaged", file=file, detail=type(exc).__name__) from exc
            if len(content) != info.file_size:
                raise reject("damaged", file=file, detail=_("{name} has the wrong size", name=info.filename))
            out[info.filename] = content
    return out


def read_outer(data: bytes, *, file: str) -> OuterPackage:
    """Step 1: the three members, under limits, from a canonically written zip."""
    if len(data) > MAX_FILE_BYTES:
        raise reject("too_large", file=file, detail=_("{n} bytes", n=len(data)))
    limits = {"manifest.json": MAX_MANIFEST_BYTES, "manifest.sig": SIGNATURE_BYTES, "payload": MAX_FILE_BYTES}
    members = safe_unzip(
        data,
        file=file,
        allowed=lambda n: n in limits,
        max_members=3,
        member_limit=lambda n: limits[n],
        max_total=MAX_FILE_BYTES,
        stored_only=True,
    )
    if set(members) != set(MEMBERS):
        raise reject("bad_member", file=file, detail=_("entries missing"))
    outer = OuterPackage(members["manifest.json"], members["manifest.sig"], members["payload"])
    if outer_bytes(outer.manifest_bytes, outer.signature, outer.payload) != data:
        raise reject("damaged", file=file, detail=_("the archive's structure was altered"))
    if len(outer.signature) != SIGNATURE_BYTES:
        raise reject("bad_signature", file=file)
    return outer


# --- the manifest -----------------------------------------------------------------------------


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


# --- the payload ------------------------------------------------------------------------------


def encrypt_payload(inner_zip: bytes, recipient: X25519PublicKey, info: bytes) -> bytes:
    return SUITE.encrypt(inner_zip, recipient, info=info)


def decrypt_payload(
    outer: OuterPackage, manifest: Manifest, private: X25519PrivateKey, *, file: str
) -> bytes:
    """Step 6 (first half): size and hash against the signed manifest, then HPKE."""
    if (
        len(outer.payload) != manifest.payload_size
        or hashlib.sha256(outer.payload).hexdigest() != manifest.payload_sha256
    ):
        raise reject("payload_hash", file=file)
    try:
        return SUITE.decrypt(outer.payload, private, info=manifest.hpke_info())
    except (InvalidTag, ValueError) as exc:
        raise reject("decrypt_failed", file=file) from exc


def inner_zip(files: Mapping[str, bytes]) -> bytes:
    """Deflated inner zip; members in the given order, fixed dates, regular-file mode."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = (
                zipfile.ZIP_STORED if name.startswith("attachments/") else zipfile.ZIP_DEFLATED
            )
            zf.writestr(info, data)
    return buf.getvalue()


def _inner_limit(name: str) -> int:
    if name.startswith("tables/"):
        return MAX_TABLE_BYTES
    if name.startswith("attachments/"):
        return MAX_ATTACHMENT_BYTES
    return MAX_SMALL_MEMBER


def read_inner(data: bytes, manifest: Manifest, *, file: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Step 6 (second half): the inner zip under limits, its manifest checked against the outer one
    and against every member's size and hash."""
    try:
        members = safe_unzip(
            data,
            file=file,
            allowed=INNER_NAME.fullmatch,
            max_members=MAX_INNER_MEMBERS,
            member_limit=_inner_limit,
            max_total=MAX_INNER_TOTAL,
            stored_only=False,
        )
    except PackageRejected as exc:
        if exc.code == "not_a_package":
            raise reject("bad_payload", file=file, detail="zip") from exc
        raise
    raw = members.pop("manifest.json", None)
    if raw is None:
        raise reject("bad_payload", file=file, detail="manifest.json")
    try:
        inner = strict_json.loads(raw, max_bytes=MAX_SMALL_MEMBER, max_depth=4)
        body = _obj(
            inner, {"format", "package_id", "kind", "sender", "recipient", "seq", "schema_revision", "files"}
        )
        expected = {
            "format": INNER_FORMAT,
            "package_id": manifest.package_id,
            "kind": manifest.kind,
            "seq": manifest.seq,
            "schema_revision": manifest.schema_revision,
            "sender": {"code": manifest.sender_code, "key_id": manifest.sender_key_id},
            "recipient": {"code": manifest.recipient_code, "key_id": manifest.recipient_key_id},
        }
        # Compared as canonical JSON, so `true` never equals 1 and 1.0 never equals 1.
        if strict_json.dumps_canonical({k: body[k] for k in expected}) != strict_json.dumps_canonical(expected):
            raise _Bad("identity differs from the outer manifest")
        listed = body["files"]
        if not isinstance(listed, dict) or set(listed) != set(members):
            raise _Bad("file list")
        rows_in_package = 0
        for name, entry in listed.items():
            e = _obj(entry, {"sha256", "size", "rows"})
            content = members[name]
            if _int(e["size"]) != len(content) or e["sha256"] != hashlib.sha256(content).hexdigest():
                raise _Bad(f"{name} hash")
            rows = _int(e["rows"])
            if name.startswith("attachments/") and name.split("/", 1)[1] != e["sha256"]:
                raise _Bad(f"{name} hash")
            if name.startswith("tables/"):
                if rows > MAX_TABLE_ROWS:
                    raise reject("too_large", file=file, detail=_("{name}: {n} records", name=name, n=rows))
                if content.count(b"\n") != rows:
                    raise _Bad(f"{name} row count")
                rows_in_package += rows
        allowed_rows = max(ROWS_FLOOR, manifest.payload_size // MIN_PACKED_BYTES_PER_ROW)
        if rows_in_package > allowed_rows:
            raise reject(
                "too_large",
                file=file,
                detail=_("{n} records in a package of {size} bytes", n=rows_in_package, size=manifest.payload_size),
            )
    except strict_json.StrictJsonError as exc:
        raise reject("bad_payload", file=file, detail=exc.reason) from exc
    except _Bad as exc:
        raise reject("bad_payload", file=file, detail=str(exc)) from exc
    return body, members


def inner_manifest(
    manifest_fields: Mapping[str, Any], files: Mapping[str, bytes], rows: Mapping[str, int]
) -> bytes:
    body = dict(manifest_fields)
    body["format"] = INNER_FORMAT
    body["files"] = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "rows": rows.get(name, 0)}
        for name, data in files.items()
    }
    return strict_json.dumps_canonical(body)


# --- writing ----------------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename, fsync the folder: all or nothing on disk.

    The file is created readable by its owner only (file_modes), whatever the umask: a package
    or a stored attachment is nobody else's business on a shared PC."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)  # left by a crash of an earlier process with the same id
    try:
        with os.fdopen(file_modes.create_private(tmp), "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def package_file_name(sender_code: str, recipient_code: str, seq: int) -> str:
    return f"{sender_code}_to_{recipient_code}_{seq:06d}{FILE_SUFFIX}"
