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

Privacy (sync.md "What each channel carries", docs/sync-privacy.md): each kind travels as
sync/privacy.py says — rows without their sensitive fields; counts only (records about one
child, sensitive kinds); counts plus the cases referred by name, with withdrawals of referrals
sent before (ReferralSent remembers them); the roster as counts per class and grade plus a name
label for each student of a referred case. Counts follow the small-cell rule.

The sequence number is stored (committed) before the file is written, so a number is never
reused, and given back when the export fails before the file exists (sync/streams.py); the file is
written atomically (temp + rename). Runs on the DB thread.
"""

from __future__ import annotations

import hashlib
import uuid as uuid_mod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safetydesk import __version__
from safetydesk.domain import clock
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.history import RecordHistory
from safetydesk.models.sync_state import ReferralSent, TrustedPeer
from safetydesk.services import attachments, field_crypto, school_facilities
from safetydesk.services.installation import COUNTY, SCHOOL, installation_info
from safetydesk.services.storage import Storage
from safetydesk.sync import authority, codec, package, privacy, streams, strict_json
from safetydesk.sync import school_facilities as facilities_wire
from safetydesk.sync.identity import peer_keys
from safetydesk.sync.keys import KeyPair, PublicKeys, ensure_keys

# A township's record addressed to one school names it (authority.TARGET_FIELD); it goes only to
# that school. Rows with no school named go to every school.
TARGET_FIELD = authority.TARGET_FIELD
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
    # kinds sent as counts: the total, or privacy.SUPPRESSED ("<3") when it is 1 or 2
    summaries: dict[str, int | str] = field(default_factory=dict)
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


@dataclass
class _Contents:
    """What one package carries, read in one snapshot."""

    files: dict[str, bytes] = field(default_factory=dict)
    rows_in: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    summaries: dict[str, int | str] = field(default_factory=dict)
    watermarks: dict[str, list[Any]] = field(default_factory=dict)
    full_kinds: list[str] = field(default_factory=list)
    referred: dict[str, set[str]] = field(default_factory=dict)  # kind -> cases sent by name
    receipts: tuple[package.Receipt, ...] = ()
    audit: tuple[int, str] | None = None  # our audit log's head, anchored in the manifest
    audit_previous: tuple[int, str | None] | None = None

    def add_table(self, wk: codec.WireKind, rows: Iterable[Mapping[str, Any]]) -> None:
        data, n = codec.encode_table(wk, rows)
        if n:
            self.files[f"tables/{wk.key}.jsonl"] = data
            self.rows_in[f"tables/{wk.key}.jsonl"] = n
            self.counts[wk.key] = n

    def add_summary(self, wk: codec.WireKind, rows: list[dict[str, Any]], grades: Mapping[str, str]) -> None:
        summary = privacy.protect(privacy.counts(wk, rows, grades))
        self.files[f"summaries/{wk.key}.json"] = strict_json.dumps_canonical(summary)
        self.summaries[wk.key] = summary["total"]


def _changed_since(
    s: Session, wk: codec.WireKind, me: str, base: Mapping[str, Any], now: datetime, c: _Contents
) -> Any:
    """The WHERE clause for rows changed since the acknowledged package (None: every row)."""
    t, mark, history_base = wk.table, base.get(wk.key), base.get(HISTORY_MARK)
    if not mark:
        return None
    upto = datetime.fromisoformat(mark[0])
    if now < upto or _created_up_to(s, wk, me, upto) != mark[1]:
        c.full_kinds.append(wk.key)
        return None
    since = t.c.updated_at > upto - OVERLAP
    if history_base is not None:
        since = since | t.c.uuid.in_(
            select(RecordHistory.record_uuid).where(RecordHistory.kind == wk.key, RecordHistory.id > history_base)
        )
    return since


def _collect(
    storage: Storage,
    role: str,
    me: str,
    recipient_code: str,
    recipient_key_id: str,
    acked: int,
    kind: str = package.SCHOOL_REPORT,
) -> _Contents:
    """Step 2: every kind as privacy.travel says, the roster labels and attachments last.

    Between a township and its county no records travel as rows: upward the township's report
    (sync/upward.py), downward the county's receipts (county rules and templates: issue 16.3)."""
    c = _Contents()
    if kind in (package.TOWNSHIP_REPORT, package.COUNTY_DISPATCH):
        if kind == package.TOWNSHIP_REPORT:
            from safetydesk.sync import upward

            data, n = upward.report_bytes(storage.sessions, me)
            c.files[upward.MEMBER] = data
            c.rows_in[upward.MEMBER] = n
            c.counts[upward.COUNT_KEY] = n
        with storage.sessions.begin() as s:
            if kind == package.COUNTY_DISPATCH:
                _county_rules(s, role, c)  # the county's rule set, signed by the county (16.3)
            c.receipts = streams.receipts_for(s, recipient_code, recipient_key_id, me)
            c.audit = streams.own_anchor(s)
            c.audit_previous = streams.previous_anchor(s, recipient_code, recipient_key_id)
        return c
    with storage.sessions.begin() as s:
        base: dict[str, Any] = {}
        if acked:
            sent = streams.acknowledged_package(s, recipient_code, recipient_key_id, acked)
            base = dict((sent.row_counts or {}).get("watermarks", {})) if sent else {}
        now = clock.now()
        c.watermarks[HISTORY_MARK] = s.scalar(select(func.max(RecordHistory.id))) or 0
        # Only kinds this installation's role writes travel (sync.md "Who may write what").
        kinds = {k: wk for k, wk in codec.wire_kinds(s).items() if authority.may_send(wk, role)}
        grades = _grades(s, me, kinds)
        students: set[str] = set()
        deferred: dict[str, list[dict[str, Any]]] = {}
        for key, wk in kinds.items():
            t = wk.table
            top = s.scalar(select(func.max(t.c.updated_at)).where(t.c.owner == me))
            if top is not None:
                c.watermarks[key] = [_iso(top), _created_up_to(s, wk, me, None)]
            query = select(t).where(t.c.owner == me)
            if role != SCHOOL and TARGET_FIELD in t.c:
                target = t.c[TARGET_FIELD]
                query = query.where((target == recipient_code) | (target.is_(None)) | (target == ""))
            how = privacy.travel(wk)
            if how == privacy.Travel.ROWS:
                since = _changed_since(s, wk, me, base, now, c)
                if since is not None:
                    query = query.where(since)
            # Rows stream from the cursor straight into JSON lines; only kinds filtered below are
            # held as a list (100,000 row dicts were most of the export's peak memory).
            rows: Iterable[Mapping[str, Any]] = s.execute(query.order_by(t.c.uuid)).mappings()
            if how == privacy.Travel.ROWS and key != codec.ATTACHMENT_KEY:
                c.add_table(wk, privacy.strip_sensitive(wk, rows))
                continue
            # counted, referred or attachment rows are read opened (sealed at rest; the package
            # itself is encrypted to the recipient)
            listed = [dict(r) for r in field_crypto.opened_rows(storage.sessions, wk, rows)]
            if key == codec.ATTACHMENT_KEY or how == privacy.Travel.ROSTER:
                deferred[key] = listed
                continue
            c.add_summary(wk, listed, grades)
            if how == privacy.Travel.REFERRED:
                students |= _referred(storage, s, wk, listed, recipient_code, c)
        roster = kinds.get(privacy.ROSTER_KIND)
        if roster is not None and privacy.ROSTER_KIND in deferred:
            everyone = deferred[privacy.ROSTER_KIND]
            c.add_summary(roster, everyone, grades)
            c.add_table(roster, [privacy.label(r, roster) for r in everyone if r["uuid"] in students])
        attached = _attachments(kinds, deferred.get(codec.ATTACHMENT_KEY, []), c)
        _county_rules(s, role, c)
        if role == SCHOOL:  # which daily logs the township should expect (no canteen: no samples)
            c.files[facilities_wire.MEMBER] = facilities_wire.member_bytes(school_facilities.own_values(s))
        c.receipts = streams.receipts_for(s, recipient_code, recipient_key_id, me)
        c.audit = streams.own_anchor(s)
        c.audit_previous = streams.previous_anchor(s, recipient_code, recipient_key_id)
    for sha, data in sorted(attachments.package_files(storage.paths, attached).items()):
        c.files[f"attachments/{sha}"] = data
    return c


def _county_rules(s: Session, role: str, c: _Contents) -> None:
    """Downward, the county's rule set this installation follows, forwarded byte for byte; upward
    from a school, which version it follows (sync/county_rules.py)."""
    from safetydesk.services import county_rules
    from safetydesk.sync import county_rules as rules_wire

    if role == SCHOOL:
        held = county_rules.held_in(s)
        if held is not None:
            c.files[rules_wire.FOLLOWED] = rules_wire.followed_bytes(held)
        return
    envelope = county_rules.envelope_in(s)
    if envelope is not None:
        c.files[rules_wire.MEMBER] = envelope


def _grades(s: Session, me: str, kinds: Mapping[str, codec.WireKind]) -> dict[str, str]:
    """Class uuid -> grade, for counts per grade."""
    classes = kinds.get("class")
    if classes is None or "grade" not in classes.table.c:
        return {}
    t = classes.table
    return {u: g or "" for u, g in s.execute(select(t.c.uuid, t.c.grade).where(t.c.owner == me))}


def _referred(
    storage: Storage,
    s: Session,
    wk: codec.WireKind,
    rows: list[dict[str, Any]],
    recipient_code: str,
    c: _Contents,
) -> set[str]:
    """A referred kind: the live cases marked for referral go by name (readable: the package is
    encrypted to the recipient); cases sent before and no longer referred (or deleted) go as
    withdrawals. Returns the students those cases point at (they go as labels)."""
    referred = [r for r in rows if r.get(privacy.REFERRAL_FIELD) and r["deleted_at"] is None]
    names = {r["uuid"] for r in referred}
    sent_before = set(
        s.scalars(
            select(ReferralSent.uuid).where(
                ReferralSent.recipient_code == recipient_code, ReferralSent.kind == wk.key
            )
        )
    )
    withdrawn = [(r["uuid"], r["row_version"]) for r in rows if r["uuid"] in sent_before - names]
    if withdrawn:
        c.files[f"withdrawals/{wk.key}.json"] = privacy.withdrawals_bytes(wk, withdrawn)
    c.referred[wk.key] = names
    c.add_table(wk, referred)  # read opened by _collect
    return privacy.student_refs(wk, referred)


def _attachments(
    kinds: Mapping[str, codec.WireKind], rows: list[dict[str, Any]], c: _Contents
) -> list[dict[str, Any]]:
    """Attachments of rows that travel: of kinds sent as rows, or of a case sent by name. Returns
    the live ones, whose files go in the package."""
    wk = kinds.get(codec.ATTACHMENT_KEY)
    if wk is None:
        return []
    named = set().union(*c.referred.values()) if c.referred else set()
    keep = [
        r
        for r in rows
        if r["record_kind"] in kinds
        and (privacy.travel(kinds[r["record_kind"]]) == privacy.Travel.ROWS or r["record_uuid"] in named)
    ]
    c.add_table(wk, keep)
    return [r for r in keep if r["deleted_at"] is None]


def export_package(
    storage: Storage, recipient_code: str | None, out_path: str | Path, by: str
) -> ExportResult:
    """Write the next package for `recipient_code` (a school: None means its township).

    A township writes to one of its schools, or to its county bureau (its upward report); a
    county writes to one of its townships."""
    info = installation_info(storage.sessions)
    if info.role == COUNTY:
        if not recipient_code:
            raise SafetyDeskError(_("Name the township centre to export to with --to TOWNSHIPCODE."))
        kind = package.COUNTY_DISPATCH
    elif info.role == SCHOOL:
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
        kind = package.TOWNSHIP_REPORT if recipient_code == info.county_code else package.TOWNSHIP_DISPATCH
    keys = ensure_keys(storage.paths)
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
        if peer.role != package.DIRECTIONS[kind][1]:
            raise SafetyDeskError(
                _(
                    "{code} is a {role}; this installation does not send packages to it. A township "
                    "centre sends to its schools and to its county bureau, a county bureau to its "
                    "township centres.",
                    code=recipient_code,
                    role=authority.role_name(peer.role),
                )
            )
        recipient_keys = peer_keys(peer)

    # 1. Reserve the sequence number (committed before anything is written).
    reserved = streams.reserve(storage.sessions, recipient_code, recipient_keys.key_id)
    try:
        return _export(storage, info, kind, keys, recipient_code, recipient_keys, reserved, out_path, by)
    except BaseException:
        if not reserved.issued:
            streams.release(storage.sessions, recipient_code, recipient_keys.key_id, reserved.seq)
        raise


def _export(
    storage: Storage,
    info: Any,
    kind: str,
    keys: KeyPair,
    recipient_code: str,
    recipient_keys: PublicKeys,
    reserved: streams.Reservation,
    out_path: str | Path,
    by: str,
) -> ExportResult:
    me, seq, prev, acked = info.org_code, reserved.seq, reserved.prev_manifest_sha256, reserved.acknowledged_seq
    # 2. Read everything in one snapshot.
    c = _collect(storage, info.role, me, recipient_code, recipient_keys.key_id, acked, kind)
    files, rows_in, counts, summaries, watermarks = c.files, c.rows_in, c.counts, c.summaries, c.watermarks
    receipts = c.receipts

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
        receipts=receipts,
        created_at=_iso(clock.now().replace(microsecond=0)) or "",
        schema_revision=codec.SCHEMA_REVISION,
        min_schema_revision=codec.MIN_READABLE_REVISION,
        app_version=__version__,
        payload_size=len(payload),
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        audit=c.audit,
        audit_previous=c.audit_previous,
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
        # Nothing was written: the number is given back (export_package), the rows go next time.
        raise SafetyDeskError(
            _(
                "The package could not be written to {path} ({error}). Free some space on the USB "
                "stick (or choose another place) and export again.",
                path=str(out),
                error=exc.strerror or str(exc),
            )
        ) from exc
    reserved.issued = True  # the file exists: the number is used for good
    mhash = hashlib.sha256(mbytes).hexdigest()

    # 4. Remember what was sent (the watermark for the next export once this one is acknowledged).
    with storage.sessions.begin() as s:
        streams.remember_sent(
            s,
            package_id=package_id,
            recipient_code=recipient_code,
            recipient_key_id=recipient_keys.key_id,
            seq=seq,
            created_at=datetime.fromisoformat(manifest.created_at),
            manifest_sha256=mhash,
            row_counts={
                "rows": counts,
                "summaries": summaries,
                "watermarks": watermarks,
                "by": by,
                "audit": list(c.audit) if c.audit else None,
            },
        )
        for kind_key, uuids in c.referred.items():
            known = set(
                s.scalars(
                    select(ReferralSent.uuid).where(
                        ReferralSent.recipient_code == recipient_code, ReferralSent.kind == kind_key
                    )
                )
            )
            s.add_all(ReferralSent(recipient_code=recipient_code, kind=kind_key, uuid=u) for u in uuids - known)
    return ExportResult(
        out,
        recipient_code,
        seq,
        package_id,
        mhash,
        counts,
        summaries,
        sum(1 for n in files if n.startswith("attachments/")),
        tuple(c.full_kinds),
        len(data),
    )
