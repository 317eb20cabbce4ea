"""Export: every row this installation owns that changed since the recipient's last receipt.

Watermark. Each SentPackage stores, per wire kind, `[W, n]`: W is the highest `updated_at`
among our rows when the package was made and n the number of our rows then (rows are never
hard-deleted). The next export starts from the package the recipient last acknowledged
(OutgoingStream.acknowledged_seq) and sends, per kind, the rows with `updated_at > W - OVERLAP`.
Unacknowledged packages are always covered again, so one lost USB stick heals with the next
package; overlapping rows are harmless because import keeps the higher row_version.
updated_at comes from the PC clock, so two clock-independent checks back it up: (1) the highest
RecordHistory.id (a local change counter: services.records logs every create, edit, delete and
restore there) is stored too, and every row with a history entry above it is sent whatever its
updated_at; (2) the whole kind is sent again when the clock now reads earlier than W, or when the
number of rows with `created_at <= W` is not n (rows created while the clock was set back).
What remains uncovered: a change that bypasses services.records (and so RecordHistory) made while
the clock was set back by more than OVERLAP.

A township's rows go to every school, except rows of kinds with a `school_code` field, which go
only to the school they name.

Privacy (sync.md "Privacy by default"): rows of sensitive kinds travel only when their
`referred_to_township` field is true; otherwise the package carries counts by status and choice
fields in summaries/<kind>.json.

The sequence number is stored (committed) before the file is written, so a number is never
reused; the file is written atomically (temp + rename). Runs on the DB thread.
"""

from __future__ import annotations

import hashlib
import uuid as uuid_mod
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safetydesk import __version__
from safetydesk.domain import clock
from safetydesk.domain.fields import FieldKind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.history import RecordHistory
from safetydesk.models.sync_state import ImportedPackage, OutgoingStream, SentPackage, TrustedPeer
from safetydesk.services import attachments, field_crypto
from safetydesk.services.installation import SCHOOL, installation_info
from safetydesk.services.storage import Storage
from safetydesk.sync import codec, package, strict_json
from safetydesk.sync.identity import peer_keys
from safetydesk.sync.keys import ensure_keys

REFERRAL_FIELD = "referred_to_township"
# A township's record addressed to one school (a rectification notice...) names it here; it goes
# only to that school. Rows with no school named go to every school.
TARGET_FIELD = "school_code"
RECEIPT_RECENT = 50
OVERLAP = timedelta(hours=1)
HISTORY_MARK = "_record_history_id"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    recipient_code: str
    seq: int
    package_id: str
    manifest_sha256: str
    counts: dict[str, int]  # rows per kind
    summaries: dict[str, int] = field(default_factory=dict)  # sensitive kinds: rows counted only
    attachments: int = 0
    full_kinds: tuple[str, ...] = ()  # kinds sent whole because the watermark did not hold
    size: int = 0


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.astimezone(UTC).isoformat()


def _created_up_to(s: Session, wk: codec.WireKind, owner: str, upto: datetime | None) -> int:
    t = wk.table
    query = select(func.count()).select_from(t).where(t.c.owner == owner)
    if upto is not None:
        query = query.where(t.c.created_at <= upto)
    return int(s.scalar(query) or 0)


def _summary(rows: list[dict[str, Any]], wk: codec.WireKind) -> dict[str, Any]:
    live = [r for r in rows if r["deleted_at"] is None]
    by: dict[str, dict[str, int]] = {}
    for f in wk.fields:
        if f.kind == FieldKind.CHOICE or f.attr == wk.status_field:
            by[f.attr] = dict(Counter(str(r[f.attr]) if r[f.attr] is not None else "" for r in live))
    return {"kind": wk.key, "total": len(live), "by": by}


def _receipt(s: Session, peer_code: str) -> list[dict[str, Any]]:
    rows = s.execute(
        select(ImportedPackage.seq, ImportedPackage.manifest_sha256, ImportedPackage.imported_at)
        .where(ImportedPackage.sender_code == peer_code)
        .order_by(ImportedPackage.seq)
    ).all()
    if not rows:
        return []
    contiguous = 0
    for seq, *_rest in rows:
        if seq != contiguous + 1:
            break
        contiguous = seq
    recent = rows[-RECEIPT_RECENT:]
    return [
        {
            "stream_sender": peer_code,
            "contiguous_seq": contiguous,
            "imported": [{"seq": seq, "manifest_sha256": h, "imported_at": _iso(t)} for seq, h, t in recent],
        }
    ]


def export_package(
    storage: Storage, recipient_code: str | None, out_path: str | Path, by: str
) -> ExportResult:
    """Write the next package for `recipient_code` (a school: None means its township)."""
    info = installation_info(storage.sessions)
    if info.role == SCHOOL:
        recipient_code = recipient_code or info.township_code
        if recipient_code != info.township_code:
            raise SafetyDeskError(
                _(
                    "A school sends packages only to its township centre {code}.",
                    code=info.township_code or "",
                )
            )
        kind = package.SCHOOL_REPORT
    else:
        if not recipient_code:
            raise SafetyDeskError(_("Name the school to export to with --to SCHOOLCODE."))
        kind = package.TOWNSHIP_DISPATCH
    keys = ensure_keys(storage.paths)
    me = info.org_code
    with storage.sessions() as s:
        peer = s.get(TrustedPeer, recipient_code)
        if peer is None or peer.revoked_at is not None:
            raise SafetyDeskError(
                _(
                    "{code} is not trusted yet. Import its identity file and confirm the fingerprint "
                    "with 'safetydesk trust' first.",
                    code=recipient_code,
                )
            )
        recipient_keys = peer_keys(peer)

    # 1. Reserve the sequence number (committed before anything is written).
    with storage.sessions.begin() as s:
        stream = s.get(OutgoingStream, recipient_code)
        if stream is None:
            stream = OutgoingStream(recipient_code=recipient_code, next_seq=1, acknowledged_seq=0)
            s.add(stream)
            s.flush()
        seq = stream.next_seq
        stream.next_seq = seq + 1
        prev = stream.last_manifest_sha256
        acked = stream.acknowledged_seq

    # 2. Read everything in one snapshot.
    files: dict[str, bytes] = {}
    rows_in: dict[str, int] = {}
    counts: dict[str, int] = {}
    summaries: dict[str, int] = {}
    watermarks: dict[str, list[Any]] = {}
    full_kinds: list[str] = []
    attachment_rows: list[Mapping[str, Any]] = []
    with storage.sessions.begin() as s:
        base: dict[str, Any] = {}
        if acked:
            sent = s.scalar(
                select(SentPackage).where(
                    SentPackage.recipient_code == recipient_code, SentPackage.seq == acked
                )
            )
            base = dict((sent.row_counts or {}).get("watermarks", {})) if sent else {}
        kinds = codec.wire_kinds(s)
        now = clock.now()
        history_base = base.get(HISTORY_MARK)
        watermarks[HISTORY_MARK] = s.scalar(select(func.max(RecordHistory.id))) or 0
        sensitive_keys = {k for k, wk in kinds.items() if wk.sensitive}
        referred: set[str] = set()
        for key, wk in kinds.items():
            t = wk.table
            top = s.scalar(select(func.max(t.c.updated_at)).where(t.c.owner == me))
            if top is not None:
                watermarks[key] = [_iso(top), _created_up_to(s, wk, me, None)]
            query = select(t).where(t.c.owner == me)
            if info.role != SCHOOL and TARGET_FIELD in t.c:
                target = t.c[TARGET_FIELD]
                query = query.where((target == recipient_code) | (target.is_(None)) | (target == ""))
            mark = base.get(key)
            if mark and not wk.sensitive:
                upto = datetime.fromisoformat(mark[0])
                if now >= upto and _created_up_to(s, wk, me, upto) == mark[1]:
                    since = t.c.updated_at > upto - OVERLAP
                    if history_base is not None:
                        since = since | t.c.uuid.in_(
                            select(RecordHistory.record_uuid).where(
                                RecordHistory.kind == key, RecordHistory.id > history_base
                            )
                        )
                    query = query.where(since)
                else:
                    full_kinds.append(key)
            # Rows stream from the cursor straight into JSON lines; only kinds filtered below are
            # held as a list (100,000 row dicts were most of the export's peak memory).
            rows: Iterable[Mapping[str, Any]] = s.execute(query.order_by(t.c.uuid)).mappings()
            # sealed values leave opened (the package itself is encrypted to the recipient)
            rows = field_crypto.opened_rows(storage.sessions, wk, rows)
            if wk.sensitive or key == codec.ATTACHMENT_KEY:
                rows = [dict(r) for r in rows]
            if wk.sensitive:
                summary = _summary(rows, wk)
                files[f"summaries/{key}.json"] = strict_json.dumps_canonical(summary)
                summaries[key] = summary["total"]
                has_flag = any(f.attr == REFERRAL_FIELD for f in wk.fields)
                rows = [r for r in rows if has_flag and r.get(REFERRAL_FIELD)]
                referred.update(r["uuid"] for r in rows)
            if key == codec.ATTACHMENT_KEY:
                rows = [
                    r for r in rows if r["record_kind"] not in sensitive_keys or r["record_uuid"] in referred
                ]
                attachment_rows = [r for r in rows if r["deleted_at"] is None]
            data, n = codec.encode_table(wk, rows)
            if n:
                files[f"tables/{key}.jsonl"] = data
                rows_in[f"tables/{key}.jsonl"] = n
                counts[key] = n
        receipts = _receipt(s, recipient_code)
    for sha, data in sorted(attachments.package_files(storage.paths, attachment_rows).items()):
        files[f"attachments/{sha}"] = data

    # 3. Build, sign, write.
    package_id = str(uuid_mod.uuid4())
    identity = {
        "package_id": package_id,
        "kind": kind,
        "sender": {"code": me, "key_id": keys.public.key_id},
        "recipient": {"code": recipient_code, "key_id": recipient_keys.key_id},
        "seq": seq,
        "schema_revision": codec.SCHEMA_REVISION,
    }
    inner = {"manifest.json": package.inner_manifest(identity, files, rows_in), **files}
    info_bytes = package.hpke_info(
        package_id, kind, keys.public.key_id, recipient_keys.key_id, seq, codec.SCHEMA_REVISION
    )
    payload = package.encrypt_payload(package.inner_zip(inner), recipient_keys.enc_key(), info_bytes)
    manifest = package.Manifest(
        package_id=package_id,
        kind=kind,
        sender_code=me,
        sender_key_id=keys.public.key_id,
        recipient_code=recipient_code,
        recipient_key_id=recipient_keys.key_id,
        seq=seq,
        prev_manifest_sha256=prev,
        receipts=tuple(
            package.Receipt(
                r["stream_sender"],
                r["contiguous_seq"],
                tuple((i["seq"], i["manifest_sha256"], i["imported_at"]) for i in r["imported"]),
            )
            for r in receipts
        ),
        created_at=_iso(clock.now().replace(microsecond=0)) or "",
        schema_revision=codec.SCHEMA_REVISION,
        min_schema_revision=codec.MIN_READABLE_REVISION,
        app_version=__version__,
        payload_size=len(payload),
        payload_sha256=hashlib.sha256(payload).hexdigest(),
    )
    mbytes = package.manifest_bytes(manifest)
    signature = keys.sign_private.sign(mbytes)
    data = package.outer_bytes(mbytes, signature, payload)
    out = Path(out_path)
    if out.is_dir():
        out = out / package.package_file_name(me, recipient_code, seq)
    try:
        package.write_atomically(out, data)
    except OSError as exc:
        # The number stays used (never reused); the next package covers these rows again.
        raise SafetyDeskError(
            _(
                "The package could not be written to {path} ({error}). Free some space on the USB "
                "stick (or choose another place) and export again.",
                path=str(out),
                error=exc.strerror or str(exc),
            )
        ) from exc
    mhash = hashlib.sha256(mbytes).hexdigest()

    # 4. Remember what was sent (the watermark for the next export once this one is acknowledged).
    with storage.sessions.begin() as s:
        s.add(
            SentPackage(
                package_id=package_id,
                recipient_code=recipient_code,
                seq=seq,
                created_at=datetime.fromisoformat(manifest.created_at),
                manifest_sha256=mhash,
                row_counts={"rows": counts, "summaries": summaries, "watermarks": watermarks, "by": by},
            )
        )
        stream = s.get(OutgoingStream, recipient_code)
        if stream is not None:
            stream.last_manifest_sha256 = mhash
    return ExportResult(
        out,
        recipient_code,
        seq,
        package_id,
        mhash,
        counts,
        summaries,
        sum(1 for n in files if n.startswith("attachments/")),
        tuple(full_kinds),
        len(data),
    )
