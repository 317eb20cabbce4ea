"""Hand-made packages for hostile tests: real keys and signatures, contents chosen by the test."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import uuid as uuid_mod
import zipfile
from collections.abc import Callable
from typing import Any

from safetydesk.models.sync_state import TrustedPeer
from safetydesk.sync import codec, package, strict_json
from safetydesk.sync.identity import peer_keys
from safetydesk.sync.keys import KeyPair, ensure_keys

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE, Pair


def row(
    uid: str | None = None,
    *,
    owner: str = SCHOOL_CODE,
    version: int = 1,
    deleted: str | None = None,
    **data: Any,
) -> dict[str, Any]:
    return {
        "uuid": uid or str(uuid_mod.uuid4()),
        "owner": owner,
        "row_version": version,
        "created_at": "2026-09-01T00:00:00+00:00",
        "created_by": "t",
        "updated_at": "2026-09-01T00:00:00+00:00",
        "updated_by": "t",
        "deleted": deleted,
        "data": data,
    }


def jsonl(*rows: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def raw_zip(
    members: list[tuple[str, bytes]],
    *,
    mode: int = stat.S_IFREG | 0o644,
    compress: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = mode << 16
            info.compress_type = compress
            zf.writestr(info, data)
    return buf.getvalue()


def craft(
    pair: Pair,
    *,
    tables: dict[str, bytes] | None = None,
    seq: int = 1,
    manifest: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    manifest_raw: Callable[[bytes], bytes] | None = None,
    inner: Callable[[dict[str, bytes]], bytes] | None = None,
    inner_manifest: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    signer: KeyPair | None = None,
    schema_revision: int = codec.SCHEMA_REVISION,
    kind: str | None = None,
    sender: str | None = None,
    recipient: str | None = None,
    summaries: dict[str, bytes] | None = None,
    members: dict[str, bytes] | None = None,
    down: bool = False,
) -> bytes:
    """A package from the school to the township (or, `down`, from the township to the school),
    built by hand; hooks change any layer. `members` adds inner files by their full name."""
    source = pair.township if down else pair.school
    kind = kind or (package.TOWNSHIP_DISPATCH if down else package.SCHOOL_REPORT)
    sender = sender or (TOWNSHIP_CODE if down else SCHOOL_CODE)
    recipient = recipient or (SCHOOL_CODE if down else TOWNSHIP_CODE)
    signer = signer or ensure_keys(source.paths)
    with source.sessions() as s:
        recipient_keys = peer_keys(s.get(TrustedPeer, SCHOOL_CODE if down else TOWNSHIP_CODE))
    files = {f"tables/{k}.jsonl": v for k, v in (tables or {}).items()}
    files.update({f"summaries/{k}.json": v for k, v in (summaries or {}).items()})
    files.update(members or {})
    pid = str(uuid_mod.uuid4())
    ident = {
        "package_id": pid,
        "kind": kind,
        "sender": {"code": sender, "key_id": signer.public.key_id},
        "recipient": {"code": recipient, "key_id": recipient_keys.key_id},
        "seq": seq,
        "schema_revision": schema_revision,
    }
    rows = {n: v.count(b"\n") for n, v in files.items() if n.startswith("tables/")}
    body = json.loads(package.inner_manifest(ident, files, rows))
    if inner_manifest:
        body = inner_manifest(body)
    inner_files = {"manifest.json": strict_json.dumps_canonical(body), **files}
    inner_bytes = inner(inner_files) if inner else package.inner_zip(inner_files)
    info = package.hpke_info(pid, kind, signer.public.key_id, recipient_keys.key_id, seq, schema_revision)
    payload = package.encrypt_payload(inner_bytes, recipient_keys.enc_key(), info)
    m = package.Manifest(
        pid,
        kind,
        sender,
        signer.public.key_id,
        recipient,
        recipient_keys.key_id,
        seq,
        None,
        (),
        "2026-09-01T08:00:00+00:00",
        schema_revision,
        1,
        "0.1.0",
        len(payload),
        hashlib.sha256(payload).hexdigest(),
    ).to_json()
    if manifest:
        m = manifest(m)
    mbytes = strict_json.dumps_canonical(m)
    if manifest_raw:
        mbytes = manifest_raw(mbytes)
    return package.outer_bytes(mbytes, signer.sign_private.sign(mbytes), payload)
