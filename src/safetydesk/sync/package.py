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
suppressed), withdrawals/<kind>.json (referrals withdrawn) and attachments/<sha256>. Every
zipfile/zlib/struct/EOF error becomes a PackageRejected with a code. The format's names and
limits live in sync.wire, the manifest in sync.manifest, the rejection codes in sync.rejections;
this module re-exports them, so `package.X` keeps working for every caller. CPU and file work
only: any thread.
"""

from __future__ import annotations

import hashlib
import io
import os
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

from safetydesk import file_modes
from safetydesk.errors import PackageRejected
from safetydesk.i18n import _
from safetydesk.sync import strict_json
from safetydesk.sync.manifest import (
    Manifest,
    Receipt,
    _Bad,
    _int,
    _obj,
    hpke_info,
    manifest_bytes,
    parse_manifest,
)
from safetydesk.sync.rejections import MESSAGES, kind_title, reject
from safetydesk.sync.wire import (
    CODE_RE,
    COUNTY_DISPATCH,
    DIRECTIONS,
    FILE_SUFFIX,
    FORMAT,
    FORMAT_VERSION,
    HEX32,
    HEX64,
    INNER_FORMAT,
    INNER_NAME,
    MAX_ATTACHMENT_BYTES,
    MAX_FILE_BYTES,
    MAX_INNER_MEMBERS,
    MAX_INNER_TOTAL,
    MAX_MANIFEST_BYTES,
    MAX_RATIO,
    MAX_SEQ,
    MAX_SMALL_MEMBER,
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    MEMBERS,
    MIN_PACKED_BYTES_PER_ROW,
    RATIO_FLOOR,
    ROWS_FLOOR,
    SCHOOL_REPORT,
    SIGNATURE_BYTES,
    SUITE,
    SUITE_NAME,
    TOWNSHIP_DISPATCH,
    TOWNSHIP_REPORT,
    UUID_RE,
)

__all__ = [
    "CODE_RE",
    "COUNTY_DISPATCH",
    "DIRECTIONS",
    "FILE_SUFFIX",
    "FORMAT",
    "FORMAT_VERSION",
    "HEX32",
    "HEX64",
    "INNER_FORMAT",
    "INNER_NAME",
    "MAX_FILE_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_SEQ",
    "MAX_SMALL_MEMBER",
    "MAX_TABLE_ROWS",
    "MEMBERS",
    "MESSAGES",
    "SCHOOL_REPORT",
    "SUITE_NAME",
    "TOWNSHIP_DISPATCH",
    "TOWNSHIP_REPORT",
    "UUID_RE",
    "Manifest",
    "OuterPackage",
    "Receipt",
    "decrypt_payload",
    "encrypt_payload",
    "hpke_info",
    "inner_manifest",
    "inner_zip",
    "kind_title",
    "manifest_bytes",
    "package_file_name",
    "parse_manifest",
    "read_inner",
    "read_outer",
    "reject",
    "safe_unzip",
    "write_atomically",
]

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01


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
    if name.startswith(("tables/", "county/")):
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
    sync_dir(path.parent)


def sync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); folders cannot be opened for fsync on Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
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
