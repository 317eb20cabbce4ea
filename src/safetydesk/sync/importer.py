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

import gc
import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from safetydesk.errors import PackageRejected
from safetydesk.i18n import _, format_date
from safetydesk.models.local import Installation, Setting
from safetydesk.models.sync_state import ImportAttempt, ImportedPackage, TrustedPeer
from safetydesk.services import attachments, field_crypto, school_facilities
from safetydesk.services.installation import SCHOOL
from safetydesk.services.storage import Storage
from safetydesk.sync import (
    authority,
    codec,
    import_lock,
    package,
    privacy,
    streams,
    upsert,
    upward,
    withdraw,
)
from safetydesk.sync import county_rules as county_rules_wire
from safetydesk.sync import school_facilities as facilities_wire
from safetydesk.sync.identity import peer_keys
from safetydesk.sync.keys import KeyPair, ensure_keys
from safetydesk.sync.upsert import KindCounts

log = logging.getLogger(__name__)


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
    summaries: dict[str, int | str] = field(default_factory=dict)  # total, or "<3" (privacy.SUPPRESSED)
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
    peer_role: str
    rows: dict[str, list[dict[str, Any]]]
    summaries: dict[str, dict[str, Any]]
    withdrawals: dict[str, list[tuple[str, int]]]
    attachments: dict[str, bytes]
    my_key_id: str  # this installation's key: receipts for our stream name it
    county_report: list[dict[str, Any]] | None = None  # a township's report (sync/upward.py)
    # The county's rule set carried (verified; None: absent or the set already followed), and a
    # school's word on the set it follows (version, sha256).
    county_rules: county_rules_wire.Incoming | None = None
    followed: tuple[int, str] | None = None
    # At a school: a set of its county signed with a key other than the set it follows (declined)
    declined_rules: county_rules_wire.Incoming | None = None
    facilities: dict[str, bool] | None = None  # a school's facility settings (sync/school_facilities.py)


class _Abort(Exception):
    """Leave the transaction without committing (dry run, or a duplicate found under the lock)."""


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
        if streams.already_imported(s, m, mhash, file=file):
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
    withdrawals: dict[str, list[tuple[str, int]]] = {}
    attachments: dict[str, bytes] = {}
    from_school = peer_role == SCHOOL
    county_report: list[dict[str, Any]] | None = None
    incoming_rules, followed, declined = _county_members(storage, members, peer_code, peer_role, me, file)
    facilities = members.pop(facilities_wire.MEMBER, None)
    if facilities is not None and peer_role != SCHOOL:  # only a school reports its own facilities
        raise package.reject("bad_payload", file=file, detail=facilities_wire.MEMBER)
    facility_values = None if facilities is None else facilities_wire.read(facilities, file=file)
    for name in list(members):
        content = members.pop(name)  # a table's bytes go once its rows are decoded
        folder, _sep, base = name.partition("/")
        if (folder == "county") != (m.kind == package.TOWNSHIP_REPORT):
            # a township's report carries its schools' rows for the county and nothing else
            raise package.reject("bad_payload", file=file, detail=name)
        if folder == "county":
            county_report = upward.check_report(
                content, inner["files"][name]["rows"], sender=peer_code, file=file
            )
            continue
        if folder == "attachments":
            attachments[base] = content
            continue
        key = base.rsplit(".", 1)[0]
        wk = kinds.get(key)
        if wk is None:
            raise package.reject("bad_payload", file=file, detail=f"unknown record kind {key}")
        if folder in ("summaries", "withdrawals") and not from_school:
            raise package.reject("bad_payload", file=file, detail=name)
        if folder == "summaries":
            summaries[key] = privacy.check_summary(content, wk, file=file)
            continue
        if folder == "withdrawals":
            withdrawals[key] = privacy.check_withdrawals(content, wk, file=file)
            continue
        authority.check_kind(wk, peer_code, peer_role, file=file)
        if from_school and privacy.travel(wk) == privacy.Travel.COUNTS and content:
            raise package.reject(
                "not_referred", file=file, line=1, kind=key, detail=_("these records leave the school as counts only")
            )
        decoded = codec.decode_table(
            wk, content, file=file, sender=peer_code, schema_revision=m.schema_revision
        )
        if len(decoded) != inner["files"][name]["rows"]:
            raise package.reject("bad_payload", file=file, detail=f"{name} row count")
        authority.check_rows(
            wk,
            decoded,
            kinds,
            sender=peer_code,
            sender_role=peer_role,
            me_code=me.org_code,
            me_role=me.role,
            file=file,
        )
        rows[key] = decoded
    if from_school:
        privacy.check_school_package(rows, withdrawals, kinds, file=file)
    referenced = {r["sha256"] for r in rows.get(codec.ATTACHMENT_KEY, [])}
    if set(attachments) - referenced:
        raise package.reject("bad_payload", file=file, detail="attachment without a record")
    return _Verified(
        m, mhash, peer_code, peer_role, rows, summaries, withdrawals, attachments, keys.public.key_id,
        county_report, incoming_rules, followed, declined, facility_values,
    )


def _county_members(
    storage: Storage, members: dict[str, bytes], peer_code: str, peer_role: str, me: Installation, file: str
) -> tuple[county_rules_wire.Incoming | None, tuple[int, str] | None, county_rules_wire.Incoming | None]:
    """The county's rule set (verified: signature, whose, version), a school's report of the set
    it follows, and a set a school declines (its county's, with another key: sync/county_rules.py);
    all taken out of `members`. Checked again inside the write transaction."""
    from safetydesk.services import county_key, county_rules

    envelope = members.pop(county_rules_wire.MEMBER, None)
    report = members.pop(county_rules_wire.FOLLOWED, None)
    followed = None
    if report is not None:
        if peer_role != SCHOOL:
            raise package.reject("bad_payload", file=file, detail=county_rules_wire.FOLLOWED)
        followed = county_rules_wire.read_followed(report, file=file)
    if envelope is None:
        return None, followed, None
    if peer_role == SCHOOL:
        raise package.reject("bad_payload", file=file, detail=county_rules_wire.MEMBER)
    incoming = county_rules_wire.read_envelope(envelope, file=file)
    with storage.sessions() as s:
        peer = s.get(TrustedPeer, peer_code)
        assert peer is not None
        held = county_rules.held_in(s)
        confirmed = county_key.confirmed_key_in(s, held) if me.role == SCHOOL else None
        adoptable = county_rules_wire.check_source(
            incoming,
            peer_code=peer_code,
            peer_role=peer_role,
            peer_sign_key=peer_keys(peer).sign,
            me_role=me.role,
            my_county=getattr(me, "county_code", None),
            held=held,
            file=file,
            confirmed_key=confirmed,
        )
        if not adoptable:
            return None, followed, incoming
        return (incoming if county_rules_wire.is_new(incoming, held, file=file) else None), followed, None


# --- step 8: apply ------------------------------------------------------------------------------


def _apply_rows(
    s: Session, v: _Verified, kinds: dict[str, codec.WireKind], file_name: str, result: ImportResult
) -> set[str] | None:
    """Rows, then withdrawals and what must stay at the school. Returns the attachment files
    that may have lost their record when this township deleted copies (None: nothing deleted)."""
    for key in (k for k in kinds if k in v.rows):
        wk, rows, skipped = kinds[key], v.rows[key], 0
        if privacy.travel(wk) == privacy.Travel.REFERRED:
            rows, skipped = withdraw.not_withdrawn(s, wk, rows)
        # sealed at rest in this transaction (the public key only: no password needed)
        rows = field_crypto.seal_rows(s, wk, rows)
        counts, changed = upsert.apply_kind(s, wk, rows, file_name) if rows else (KindCounts(), [])
        counts.unchanged += skipped
        result.counts[key] = counts
        if key != codec.ATTACHMENT_KEY:
            upsert.reindex(s, key, changed)
    if v.peer_role != SCHOOL:
        return None
    loose: set[str] = set()
    deleted = 0
    for key, withdrawn in v.withdrawals.items():
        n, shas = withdraw.apply(s, kinds[key], withdrawn, v.peer_code, file=file_name)
        result.counts.setdefault(key, KindCounts()).deleted += n
        deleted, loose = deleted + n, loose | shas
    purged, shas = withdraw.purge(s, kinds, v.peer_code)
    if purged:
        result.warnings.append(
            _(
                "{n} records that now stay at the school (student details, home visits, guardian "
                "contacts, withdrawn referrals) were removed from this installation.",
                n=purged,
            )
        )
    if not (deleted or purged):
        return None
    withdraw.compact(s)
    return loose | shas


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
    m, my_key_id = v.manifest, v.my_key_id
    engine = import_lock.engine(storage)  # SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock
    loose: set[str] | None = None
    try:
        with Session(engine) as s, s.begin():
            import_lock.take(s)  # the write lock for the whole import
            if streams.already_imported(s, m, v.manifest_sha256, file=file_name):
                result.status = "duplicate"
                raise _Abort
            kinds = codec.wire_kinds(s)
            upsert.check_references(s, v.rows, kinds, file_name)
            loose = _apply_rows(s, v, kinds, file_name, result)
            if v.county_report is not None:
                result.counts[upward.COUNT_KEY] = upward.store(s, v.county_report, m, file=file_name)
            for key, summary in v.summaries.items():
                setting_key = f"sync.summary.{m.sender_code}.{key}"
                value = {"signed_at": m.created_at, "seq": m.seq, **summary}
                row = s.get(Setting, setting_key)
                if row is None:
                    s.add(Setting(key=setting_key, value=value))
                elif int(row.value.get("seq", 0)) < m.seq:
                    row.value = value
                result.summaries[key] = summary["total"]
            _apply_county_rules(s, v, me, by, file_name, result)
            if v.facilities is not None:
                school_facilities.keep(s, v.peer_code, v.facilities, seq=m.seq, sender_key=m.sender_key_id)
            result.warnings += streams.apply_receipts(s, m, me.org_code, my_key_id)
            alarms = streams.keep_anchor(s, m, me.org_code) + streams.check_echo(s, m, me.org_code, my_key_id)
            result.warnings += alarms
            result.alarm = result.alarm or bool(alarms)
            if m.seq > 1:
                previous = streams.previous_hash(s, m)
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
                    sender_key_id=m.sender_key_id,
                    seq=m.seq,
                    package_id=m.package_id,
                    manifest_sha256=v.manifest_sha256,
                    signed_at=datetime.fromisoformat(m.created_at),
                    imported_by=by,
                    counts={k: asdict(c) for k, c in result.counts.items()},
                )
            )
            s.flush()
            seqs = streams.imported_seqs(s, m.sender_code, m.sender_key_id)
            result.gaps = [n for n in range(1, max(seqs)) if n not in seqs]
            s.add(
                ImportAttempt(
                    by=by,
                    file_name=file_name[-300:],
                    file_sha256=file_sha,
                    sender_code=m.sender_code,
                    seq=m.seq,
                    status="imported",
                    # what the result said besides the counts (county rules followed or declined,
                    # receipts, a restored sender): the import log keeps it after the dialog closes
                    message=" ".join(result.warnings)[:1000] or None,
                    alarm=result.alarm,
                )
            )
            if dry_run:
                raise _Abort
            if v.attachments:
                attachments.store_received(
                    storage.paths, storage.sessions, v.attachments, v.rows.get(codec.ATTACHMENT_KEY, [])
                )
        if loose is not None:  # committed, and copies were deleted: files and old pages go too
            withdraw.remove_files(storage.paths.database, storage.paths.attachments, loose)
            withdraw.truncate_wal(storage.paths.database)
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


def _apply_county_rules(
    s: Session, v: _Verified, me: Installation, by: str, file_name: str, result: ImportResult
) -> None:
    from safetydesk.services import county_rules
    from safetydesk.services.changes import Actor

    if v.followed is not None:
        county_rules.keep_followed(s, v.peer_code, *v.followed, seq=v.manifest.seq,
                                   sender_key=v.manifest.sender_key_id)
    if v.declined_rules is not None:
        _decline_county_rules(s, v.declined_rules, me, by, result)
    if v.county_rules is None:
        return
    # Checked again under the write lock: another import may have applied a set since step 7.
    if not county_rules_wire.is_new(v.county_rules, county_rules.held_in(s), file=file_name):
        return
    rs = v.county_rules.rule_set
    county_rules.apply_in(s, Actor(by, me.org_code, "import"), v.county_rules)
    result.warnings.append(
        _(
            "Now following version {version} of the county rules of {county} (published {date}).",
            version=rs.version,
            county=rs.county_name,
            date=format_date(rs.published_on),
        )
    )


def _decline_county_rules(
    s: Session, declined: county_rules_wire.Incoming, me: Installation, by: str, result: ImportResult
) -> None:
    """A school keeps its county's set when its township forwards one signed with another key
    (sync/county_rules.py): said in the result, kept in the audit trail."""
    from safetydesk.services import audit, county_key, county_rules
    from safetydesk.services.changes import Actor

    held = county_rules.held_in(s)
    rs = declined.rule_set
    county_key.keep_declined(s, declined)
    result.warnings.append(
        _(
            "The county rules of {county} in this package (version {version}) are signed with another "
            "key than the rules this school follows, as after the county bureau reinstalled its "
            "software. They were not adopted; this school keeps following version {held}. The rest of "
            "the package was imported. To follow them, ask the county bureau for its identity file and "
            "confirm its new key on the Settings page (Confirm the county bureau's new key…), typing "
            "the digits the bureau reads out by phone.",
            county=rs.county_name,
            version=rs.version,
            held=held.version if held else "",
        )
    )
    audit.append(
        s,
        Actor(by, me.org_code, "import"),
        "county_rules_declined",
        detail=_("County rules of {county}, version {version}", county=rs.county_code, version=rs.version),
        changes={"county": rs.county_code, "version": rs.version, "sha256": declined.sha256,
                 "sign_key_sha256": hashlib.sha256(declined.sign_key).hexdigest()},
    )


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
        # The import log is best effort: a failed write must not replace the result, whose alarm
        # (a replay conflict) the caller still shows. The lost row goes to the application log.
        log.exception(
            "could not record the import attempt of %s: status %s, code %s, alarm %s",
            result.file, result.status, result.code, result.alarm,
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during one import: decoding a 100,000-row table allocates
    millions of containers, which set off collections that each walk every object alive, the rows
    already built included. The more the process holds, the more it costs: decoding 100,000 rows
    next to 200,000 other rows took 3.0-3.3 s with collections and 1.6-1.9 s without; in the
    bench's short-lived process the whole import gains about 5% (docs/scale.md). Decoded rows hold
    no cycles, so reference counting frees them as before; cycles made meanwhile (by SQLAlchemy,
    by other threads) are collected at the first collection after the import. Process-wide, like
    gc itself; runs on whichever thread imports (the DB thread in the app)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        # A big package builds hundreds of thousands of rows' objects (see _gc_paused).
        with _gc_paused():
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
