"""Import a package: verify everything first, then apply all of it in one transaction, or nothing.

The steps are sync.md's nine, in order:
 1. read the file under limits (package.read_outer)
 2. find the signer among trusted keys and verify over the raw manifest bytes
 3. parse the manifest strictly; sender, recipient and direction
 4. stream check: duplicate (no-op), replay conflict (alarm), gaps (reported)
 5. schema revision
 6. payload size/hash, HPKE, inner zip and inner manifest
 7. every row validated (codec) without writing
 8. BEGIN IMMEDIATE; owner and reference checks against the database; apply rows whose
    row_version is higher (a deletion bumps it, so stale updates never resurrect a
    tombstone); receipts; import log; COMMIT
 9. a ledger-style result: per kind created/updated/unchanged/deleted, gaps, warnings

A rejection leaves the database as it was except for one ImportAttempt row. Runs on the DB thread
(one import at a time); the CPU work of steps 1-7 could run anywhere.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy import Engine, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from safetydesk.domain.fields import FieldKind
from safetydesk.errors import PackageRejected
from safetydesk.i18n import _
from safetydesk.models import db as dbmod
from safetydesk.models.local import Installation, Setting
from safetydesk.models.sync_state import (
    ImportAttempt,
    ImportedPackage,
    OutgoingStream,
    SentPackage,
    TrustedPeer,
)
from safetydesk.services import attachments, field_crypto
from safetydesk.services.storage import Storage
from safetydesk.sync import codec, package, strict_json
from safetydesk.sync.identity import peer_keys
from safetydesk.sync.keys import KeyPair, ensure_keys

REFERRAL_FIELD = "referred_to_township"
TARGET_FIELD = "school_code"
_REF_KINDS = {FieldKind.STAFF: "staff", FieldKind.CLASS: "class", FieldKind.STUDENT: "student"}
CHUNK = 500


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class ImportResult:
    file: str
    status: str  # imported | duplicate | rejected
    code: str | None = None
    message: str | None = None
    sender: str | None = None
    seq: int | None = None
    package_id: str | None = None
    signed_at: str | None = None
    counts: dict[str, KindCounts] = field(default_factory=dict)
    summaries: dict[str, int] = field(default_factory=dict)
    gaps: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    alarm: bool = False

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["counts"] = {k: asdict(v) for k, v in self.counts.items()}
        return out


@dataclass
class _Verified:
    """Everything steps 1-7 established, ready to apply."""

    manifest: package.Manifest
    manifest_sha256: str
    peer_code: str
    rows: dict[str, list[dict[str, Any]]]
    summaries: dict[str, dict[str, Any]]
    attachments: dict[str, bytes]


class _Abort(Exception):
    """Leave the transaction without committing (dry run, or a duplicate found under the lock)."""


def _immediate_engine(database: Path) -> Engine:
    """An engine on the same file whose transactions start with BEGIN IMMEDIATE (write lock taken
    at once, so a second writer waits on the busy timeout instead of failing half-way)."""
    return dbmod.make_engine(database, begin="BEGIN IMMEDIATE")


# --- steps 1-7: verification, no writes -------------------------------------------------------


def _find_signer(s: Session, outer: package.OuterPackage, file: str) -> TrustedPeer:
    peers = s.scalars(select(TrustedPeer)).all()
    for peer in peers:
        try:
            peer_keys(peer).sign_key().verify(outer.signature, outer.manifest_bytes)
        except (InvalidSignature, ValueError):
            continue
        if peer.revoked_at is not None:
            raise package.reject("unknown_sender", file=file)
        return peer
    # No trusted key verifies: a known sender's key id means the manifest or signature was changed.
    try:
        claimed = package.parse_manifest(outer.manifest_bytes, file=file)
    except PackageRejected as exc:
        raise package.reject("bad_signature", file=file) from exc
    if any(p.key_id == claimed.sender_key_id and p.revoked_at is None for p in peers):
        raise package.reject("bad_signature", file=file)
    raise package.reject("unknown_sender", file=file)


def _verify(
    storage: Storage, data: bytes, file: str, keys: KeyPair, me: Installation, result: ImportResult
) -> _Verified | None:
    outer = package.read_outer(data, file=file)  # 1
    with storage.sessions() as s:
        peer = _find_signer(s, outer, file)  # 2
        peer_code, peer_role, peer_key = peer.org_code, peer.role, peer.key_id
    m = package.parse_manifest(outer.manifest_bytes, file=file)  # 3
    result.sender, result.seq, result.package_id, result.signed_at = (
        m.sender_code,
        m.seq,
        m.package_id,
        m.created_at,
    )
    if m.sender_key_id != peer_key or m.sender_code != peer_code:
        raise package.reject("sender_mismatch", file=file, trusted=peer_code, claimed=m.sender_code)
    if m.recipient_code != me.org_code or m.recipient_key_id != keys.public.key_id:
        raise package.reject("wrong_recipient", file=file, recipient=m.recipient_code, us=me.org_code)
    if package.DIRECTIONS[m.kind] != (peer_role, me.role):
        raise package.reject("wrong_direction", file=file, kind=m.kind, sender=peer_code)
    mhash = outer.manifest_sha256
    with storage.sessions() as s:  # 4 (checked again inside the write transaction)
        if _stream_check(s, m, mhash, file):
            return None
    if m.min_schema_revision > codec.SCHEMA_REVISION or m.schema_revision > codec.SCHEMA_REVISION:  # 5
        raise package.reject("schema_too_new", file=file, revision=m.schema_revision)
    if m.schema_revision < codec.MIN_READABLE_REVISION:
        raise package.reject("bad_manifest", file=file, detail="schema revision too old")
    inner_bytes = package.decrypt_payload(outer, m, keys.enc_private, file=file)  # 6
    inner, members = package.read_inner(inner_bytes, m, file=file)
    with storage.sessions() as s:  # 7
        kinds = codec.wire_kinds(s)
    rows: dict[str, list[dict[str, Any]]] = {}
    summaries: dict[str, dict[str, Any]] = {}
    attachments: dict[str, bytes] = {}
    for name in list(members):
        content = members.pop(name)  # a table's bytes go once its rows are decoded
        folder, _sep, base = name.partition("/")
        if folder == "attachments":
            attachments[base] = content
            continue
        key = base.rsplit(".", 1)[0]
        wk = kinds.get(key)
        if wk is None:
            raise package.reject("bad_payload", file=file, detail=f"unknown record kind {key}")
        if folder == "summaries":
            summaries[key] = _check_summary(content, wk, file)
            continue
        decoded = codec.decode_table(
            wk, content, file=file, sender=peer_code, schema_revision=m.schema_revision
        )
        if len(decoded) != inner["files"][name]["rows"]:
            raise package.reject("bad_payload", file=file, detail=f"{name} row count")
        if me.role == "school" and any(f.attr == TARGET_FIELD for f in wk.fields):
            for line, row in enumerate(decoded, start=1):
                if row.get(TARGET_FIELD) not in (None, "", me.org_code):
                    raise package.reject(
                        "bad_row", file=file, line=line, kind=key, detail=_("addressed to another school")
                    )
        if wk.sensitive:
            for line, row in enumerate(decoded, start=1):
                if not row.get(REFERRAL_FIELD):
                    raise package.reject(
                        "bad_row",
                        file=file,
                        line=line,
                        kind=key,
                        detail=_("sensitive record not marked for referral"),
                    )
        rows[key] = decoded
    referenced = {r["sha256"] for r in rows.get(codec.ATTACHMENT_KEY, [])}
    if set(attachments) - referenced:
        raise package.reject("bad_payload", file=file, detail="attachment without a record")
    return _Verified(m, mhash, peer_code, rows, summaries, attachments)


def _check_summary(content: bytes, wk: codec.WireKind, file: str) -> dict[str, Any]:
    try:
        body = strict_json.loads(content, max_bytes=package.MAX_SMALL_MEMBER, max_depth=3)
    except strict_json.StrictJsonError as exc:
        raise package.reject("bad_payload", file=file, detail=exc.reason) from exc
    ok = (
        isinstance(body, dict)
        and set(body) == {"kind", "total", "by"}
        and body["kind"] == wk.key
        and type(body["total"]) is int
        and isinstance(body["by"], dict)
        and all(isinstance(v, dict) and all(type(n) is int for n in v.values()) for v in body["by"].values())
    )
    if not ok:
        raise package.reject("bad_payload", file=file, detail=f"summary of {wk.key}")
    return body


def _stream_check(s: Session, m: package.Manifest, mhash: str, file: str) -> bool:
    """True when this exact package was imported already; reject a different one with its number."""
    same_seq = s.scalar(
        select(ImportedPackage).where(
            ImportedPackage.sender_code == m.sender_code, ImportedPackage.seq == m.seq
        )
    )
    if same_seq is not None:
        if same_seq.manifest_sha256 == mhash:
            return True
        raise package.reject("replay_conflict", file=file, seq=m.seq, sender=m.sender_code)
    reused = s.scalar(select(ImportedPackage.seq).where(ImportedPackage.package_id == m.package_id))
    if reused is not None:
        raise package.reject("replay_conflict", file=file, seq=m.seq, sender=m.sender_code)
    return False


# --- step 8: apply ------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _existing(s: Session, wk: codec.WireKind, uuids: list[str]) -> dict[str, Any]:
    t = wk.table
    found: dict[str, Any] = {}
    for chunk in _chunks(uuids):
        for row in s.execute(
            select(t.c.uuid, t.c.owner, t.c.row_version, t.c.deleted_at).where(t.c.uuid.in_(chunk))
        ):
            found[row.uuid] = row
    return found


def _check_references(s: Session, v: _Verified, kinds: dict[str, codec.WireKind], file: str) -> None:
    for key, rows in v.rows.items():
        wk = kinds[key]
        for f in wk.fields:
            target = f.ref_kind if f.kind == FieldKind.RECORD else _REF_KINDS.get(f.kind)
            if target is None or target not in kinds:
                continue
            wanted = {r[f.attr] for r in rows if r[f.attr] is not None}
            wanted -= {r["uuid"] for r in v.rows.get(target, [])}
            if not wanted:
                continue
            present = set(_existing(s, kinds[target], sorted(wanted)))
            missing = wanted - present
            if missing:
                line = next(i for i, r in enumerate(rows, 1) if r[f.attr] in missing)
                raise package.reject(
                    "bad_row",
                    file=file,
                    line=line,
                    kind=key,
                    detail=_(
                        "{field}: refers to a record that is not here",
                        field=_(f.label) if f.label else f.attr,
                    ),
                )


def _executemany(s: Session, stmt: Any, rows: list[dict[str, Any]]) -> None:
    """Run `stmt` once per row in one DB-API executemany, each value converted by its column's
    SQLAlchemy type exactly as Session.execute would. For 100,000 rows Session.execute spent about
    four times sqlite's own time building and converting per-row parameter dicts; here conversion
    is one pass per column. Falls back to Session.execute when SQLAlchemy would add values itself
    (Python-side column defaults)."""
    conn = s.connection()
    dialect = conn.dialect
    compiled = stmt.compile(dialect=dialect, column_keys=list(rows[0]))
    if compiled.insert_prefetch or compiled.update_prefetch or not compiled.positiontup:
        s.execute(stmt, rows)
        return
    names = compiled.positiontup
    processors = [compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    # In chunks, so the converted copy of the rows stays small next to the decoded rows.
    for chunk in _chunks(rows, 10_000):
        columns = []
        for name, process in zip(names, processors, strict=True):
            values = [r[name] for r in chunk]
            columns.append([process(v) for v in values] if process else values)
        conn.exec_driver_sql(compiled.string, list(zip(*columns, strict=True)))


def _apply_kind(
    s: Session, wk: codec.WireKind, rows: list[dict[str, Any]], file: str
) -> tuple[KindCounts, list[str]]:
    counts = KindCounts()
    existing = _existing(s, wk, [r["uuid"] for r in rows])
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for line, row in enumerate(rows, start=1):
        old = existing.get(row["uuid"])
        if old is None:
            inserts.append(row)
            if row["deleted_at"] is None:
                counts.created += 1
            else:
                counts.deleted += 1
            continue
        if old.owner != row["owner"]:
            raise package.reject("owner_mismatch", file=file, line=line, kind=wk.key, owner=old.owner)
        # One writer per row, so row_version orders every state of it: the higher one wins, in
        # any arrival order. A deletion bumps the version, so a stale update (lower version)
        # never brings a tombstoned record back; only the owner's explicit restore (a higher
        # version again) does.
        if row["row_version"] > old.row_version:
            updates.append(row)
            if row["deleted_at"] is not None and old.deleted_at is None:
                counts.deleted += 1
            else:
                counts.updated += 1
        else:
            counts.unchanged += 1
    t = wk.table
    if inserts:
        _executemany(s, insert(t), inserts)
    if updates:
        cols = [c for c in updates[0] if c != "uuid"]
        stmt = update(t).where(t.c.uuid == bindparam("_uuid")).values({c: bindparam(c) for c in cols})
        _executemany(s, stmt, [{**{c: r[c] for c in cols}, "_uuid": r["uuid"]} for r in updates])
    return counts, [r["uuid"] for r in inserts] + [r["uuid"] for r in updates]


def _reindex(s: Session, kind_key: str, uuids: list[str]) -> None:
    """Keep the search index current through the search module, when it exists."""
    try:
        from safetydesk.services import search
    except ImportError:  # pragma: no cover - search not installed yet
        return
    if uuids and hasattr(search, "reindex_rows"):
        search.reindex_rows(s, kind_key, uuids)


def _apply_receipts(s: Session, m: package.Manifest, me: str, result: ImportResult) -> None:
    for receipt in m.receipts:
        if receipt.stream_sender != me:
            continue
        stream = s.get(OutgoingStream, m.sender_code)
        if stream is None:
            continue
        acknowledged = [seq for seq, _h, _t in receipt.imported] + [receipt.contiguous_seq]
        if max(acknowledged) >= stream.next_seq:
            # They hold numbers we have not issued (our database was restored from a backup):
            # skip ahead so a number is never used twice.
            stream.next_seq = max(acknowledged) + 1
            result.warnings.append(
                _(
                    "The recipient already holds packages up to number {n}; numbering continues after it.",
                    n=max(acknowledged),
                )
            )
        if receipt.contiguous_seq > stream.acknowledged_seq:
            stream.acknowledged_seq = receipt.contiguous_seq
            stream.acknowledged_at = datetime.fromisoformat(m.created_at)
        for seq, mhash, at in receipt.imported:
            sent = s.scalar(
                select(SentPackage).where(
                    SentPackage.recipient_code == m.sender_code,
                    SentPackage.seq == seq,
                    SentPackage.manifest_sha256 == mhash,
                )
            )
            if sent is not None and sent.receipt_imported_at is None:
                sent.receipt_imported_at = datetime.fromisoformat(at)


def _apply(
    storage: Storage,
    v: _Verified,
    me: Installation,
    by: str,
    file_name: str,
    file_sha: str,
    result: ImportResult,
    dry_run: bool,
) -> None:
    m = v.manifest
    engine = _immediate_engine(storage.paths.database)
    try:
        with Session(engine) as s, s.begin():
            s.execute(select(1))  # BEGIN IMMEDIATE now: the write lock for the whole import
            s.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            if _stream_check(s, m, v.manifest_sha256, file_name):
                result.status = "duplicate"
                raise _Abort
            kinds = codec.wire_kinds(s)
            _check_references(s, v, kinds, file_name)
            order = [k for k in kinds if k in v.rows]
            for key in order:
                # sealed at rest in this transaction (the public key only: no password needed)
                rows = field_crypto.seal_rows(s, kinds[key], v.rows[key])
                counts, changed = _apply_kind(s, kinds[key], rows, file_name)
                result.counts[key] = counts
                if key != codec.ATTACHMENT_KEY:
                    _reindex(s, key, changed)
            for key, summary in v.summaries.items():
                setting_key = f"sync.summary.{m.sender_code}.{key}"
                value = {"signed_at": m.created_at, "seq": m.seq, **summary}
                row = s.get(Setting, setting_key)
                if row is None:
                    s.add(Setting(key=setting_key, value=value))
                elif int(row.value.get("seq", 0)) < m.seq:
                    row.value = value
                result.summaries[key] = summary["total"]
            _apply_receipts(s, m, me.org_code, result)
            if m.seq > 1:
                previous = s.scalar(
                    select(ImportedPackage.manifest_sha256).where(
                        ImportedPackage.sender_code == m.sender_code, ImportedPackage.seq == m.seq - 1
                    )
                )
                if previous is not None and previous != m.prev_manifest_sha256:
                    result.warnings.append(
                        _(
                            "Package {seq} from {sender} does not follow the package {prev} imported "
                            "here: the sender may have restored an old backup. Check with the sender.",
                            seq=m.seq,
                            sender=m.sender_code,
                            prev=m.seq - 1,
                        )
                    )
            s.add(
                ImportedPackage(
                    sender_code=m.sender_code,
                    seq=m.seq,
                    package_id=m.package_id,
                    manifest_sha256=v.manifest_sha256,
                    signed_at=datetime.fromisoformat(m.created_at),
                    imported_by=by,
                    counts={k: asdict(c) for k, c in result.counts.items()},
                )
            )
            s.flush()
            seqs = set(
                s.scalars(select(ImportedPackage.seq).where(ImportedPackage.sender_code == m.sender_code))
            )
            result.gaps = [n for n in range(1, max(seqs)) if n not in seqs]
            s.add(
                ImportAttempt(
                    by=by,
                    file_name=file_name[-300:],
                    file_sha256=file_sha,
                    sender_code=m.sender_code,
                    seq=m.seq,
                    status="imported",
                )
            )
            if dry_run:
                raise _Abort
            if v.attachments:
                attachments.store_received(
                    storage.paths, storage.sessions, v.attachments, v.rows.get(codec.ATTACHMENT_KEY, [])
                )
    except _Abort:
        pass
    except IntegrityError as exc:
        raise package.reject(
            "bad_row", file=file_name, line=0, kind="", detail=_("a reference or unique value does not fit")
        ) from exc
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "full" in text:
            raise package.reject("disk_full", file=file_name) from exc
        if "locked" in text or "busy" in text:
            raise package.reject("database_busy", file=file_name) from exc
        raise
    finally:
        engine.dispose()


# --- the entry point ----------------------------------------------------------------------------


def _log_attempt(storage: Storage, result: ImportResult, file_sha: str, by: str) -> None:
    try:
        with storage.sessions.begin() as s:
            s.add(
                ImportAttempt(
                    by=by,
                    file_name=result.file[-300:],
                    file_sha256=file_sha,
                    sender_code=(result.sender or None) and result.sender[:32],
                    seq=result.seq,
                    status=result.status,
                    code=result.code,
                    message=(result.message or "")[:1000],
                    alarm=result.alarm,
                )
            )
    except Exception:
        pass


def import_package(storage: Storage, path: str | Path, by: str, *, dry_run: bool = False) -> ImportResult:
    """Import one package file; never raises PackageRejected (the result says rejected)."""
    file_name = str(path)
    shown = os.path.basename(file_name)
    result = ImportResult(file=file_name, status="imported", dry_run=dry_run)
    file_sha = ""
    try:
        try:
            size = os.stat(path).st_size
            if size > package.MAX_FILE_BYTES:
                raise package.reject("too_large", file=shown, detail=f"{size} bytes")
            with open(path, "rb") as fh:
                # Read what stat reported (+1 to notice a file that grew): read(MAX) would
                # allocate the whole limit up front.
                data = fh.read(size + 1)
            if len(data) > package.MAX_FILE_BYTES:
                raise package.reject("too_large", file=shown, detail=f"{len(data)} bytes")
        except OSError as exc:
            raise package.reject("not_a_package", file=shown) from exc
        file_sha = hashlib.sha256(data).hexdigest()
        keys = ensure_keys(storage.paths)
        with storage.sessions() as s:
            me = s.get(Installation, 1)
            assert me is not None
            s.expunge(me)
        verified = _verify(storage, data, shown, keys, me, result)
        if verified is None:
            result.status = "duplicate"
        else:
            _apply(storage, verified, me, by, shown, file_sha, result, dry_run)
        if result.status == "duplicate" and not dry_run:
            _log_attempt(storage, result, file_sha, by)
        return result
    except PackageRejected as exc:
        result.status = "rejected"
        result.code = exc.code
        result.message = exc.user_message
        result.alarm = exc.code == "replay_conflict"
        result.counts = {}
        result.gaps = []
        if not dry_run:
            _log_attempt(storage, result, file_sha, by)
        return result
