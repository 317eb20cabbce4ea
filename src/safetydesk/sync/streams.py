"""Streams and receipts (sync.md "Streams and receipts", "Who may write what").

A stream runs from one sender key to one recipient, so it is keyed by organisation code AND key:
when a school is reinstalled and trusted again with a new key, both directions start a new epoch
at number 1 (the re-trust announces it) instead of the school's first package looking like a
replay. Sequence numbers stay within 1..package.MAX_SEQ. A receipt counts only for numbers in the
sent list of the current epoch whose manifest hash matches; anything else is ignored and said.
A number is reserved (committed) before the file is written, and given back when the export
fails before the file exists, so a failed export uses up no number.

Runs inside the caller's session, on the DB thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.access import AuditEntry
from safetydesk.models.serialise import STREAMS, serialise
from safetydesk.models.sync_state import AuditAnchor, ImportedPackage, OutgoingStream, SentPackage
from safetydesk.sync import package

RECEIPT_RECENT = 50


def _iso(dt: datetime | None) -> str:
    if dt is None:
        return ""
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


# --- the sending side -----------------------------------------------------------------------------


@dataclass
class Reservation:
    seq: int
    prev_manifest_sha256: str | None
    acknowledged_seq: int
    issued: bool = False  # set once the package file exists: from then on the number is used


def reserve(sessions: sessionmaker[Session], recipient_code: str, recipient_key_id: str) -> Reservation:
    """Take the next number of the stream to this recipient key (committed at once)."""
    with sessions.begin() as s:
        serialise(s, STREAMS)  # two workstations of a PostgreSQL hub never take the same number
        stream = s.get(OutgoingStream, recipient_code)
        if stream is None:
            stream = OutgoingStream(
                recipient_code=recipient_code, recipient_key_id=recipient_key_id, next_seq=1, acknowledged_seq=0
            )
            s.add(stream)
        elif stream.recipient_key_id != recipient_key_id:
            # Trusted again with a new key (a reinstalled PC): a new epoch, from number 1, with
            # everything sent again (nothing of the new installation is acknowledged yet).
            stream.recipient_key_id = recipient_key_id
            stream.next_seq, stream.acknowledged_seq = 1, 0
            stream.acknowledged_at, stream.last_manifest_sha256 = None, None
        seq = stream.next_seq
        if not 1 <= seq <= package.MAX_SEQ:
            raise SafetyDeskError(
                _(
                    "The numbering of packages to {code} is used up. Trust {code} again after a new "
                    "identity file (a new key starts new numbering).",
                    code=recipient_code,
                )
            )
        stream.next_seq = seq + 1
        return Reservation(seq, stream.last_manifest_sha256, stream.acknowledged_seq)


def release(sessions: sessionmaker[Session], recipient_code: str, recipient_key_id: str, seq: int) -> None:
    """Give a reserved number back: the export failed before its file existed, so the number was
    never issued and using it again cannot look like a replay."""
    with sessions.begin() as s:
        stream = s.get(OutgoingStream, recipient_code)
        if stream is not None and stream.recipient_key_id == recipient_key_id and stream.next_seq == seq + 1:
            stream.next_seq = seq


def acknowledged_package(
    s: Session, recipient_code: str, recipient_key_id: str, seq: int
) -> SentPackage | None:
    return s.scalar(
        select(SentPackage).where(
            SentPackage.recipient_code == recipient_code,
            SentPackage.recipient_key_id == recipient_key_id,
            SentPackage.seq == seq,
        )
    )


def next_seq(s: Session, recipient_code: str, recipient_key_id: str) -> int:
    """The number the next export to this recipient key will take."""
    stream = s.get(OutgoingStream, recipient_code)
    if stream is None or stream.recipient_key_id != recipient_key_id:
        return 1
    return stream.next_seq


def remember_sent(
    s: Session,
    *,
    package_id: str,
    recipient_code: str,
    recipient_key_id: str,
    seq: int,
    created_at: datetime,
    manifest_sha256: str,
    row_counts: dict[str, Any],
) -> None:
    s.add(
        SentPackage(
            package_id=package_id,
            recipient_code=recipient_code,
            recipient_key_id=recipient_key_id,
            seq=seq,
            created_at=created_at,
            manifest_sha256=manifest_sha256,
            row_counts=row_counts,
        )
    )
    stream = s.get(OutgoingStream, recipient_code)
    if stream is not None and stream.recipient_key_id == recipient_key_id:
        stream.last_manifest_sha256 = manifest_sha256


def own_anchor(s: Session) -> tuple[int, str] | None:
    """(number, hash) of this installation's last audit entry: it travels in every package."""
    row = s.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return None if row is None else (row.id, row.hash)


def previous_anchor(s: Session, recipient_code: str, recipient_key_id: str) -> tuple[int, str | None] | None:
    """The entry our last package to this recipient key anchored, with its hash in our log now."""
    last = s.scalar(
        select(SentPackage)
        .where(SentPackage.recipient_code == recipient_code, SentPackage.recipient_key_id == recipient_key_id)
        .order_by(SentPackage.seq.desc())
        .limit(1)
    )
    sent = (last.row_counts or {}).get("audit") if last is not None else None
    if not sent:
        return None
    return int(sent[0]), s.scalar(select(AuditEntry.hash).where(AuditEntry.id == int(sent[0])))


def held_anchor(s: Session, chain_owner: str, holder: str, key_id: str) -> tuple[int, str] | None:
    row = s.get(AuditAnchor, (chain_owner, holder))
    return None if row is None or row.key_id != key_id else (row.entry, row.hash)


def receipts_for(
    s: Session, peer_code: str, peer_key_id: str, me_code: str = ""
) -> tuple[package.Receipt, ...]:
    """Our receipt for the peer's stream of its current key: the highest contiguous number (with
    its manifest hash), the most recent imports, and the anchor of its audit log we hold."""
    rows = s.execute(
        select(ImportedPackage.seq, ImportedPackage.manifest_sha256, ImportedPackage.imported_at)
        .where(ImportedPackage.sender_code == peer_code, ImportedPackage.sender_key_id == peer_key_id)
        .order_by(ImportedPackage.seq)
    ).all()
    if not rows:
        return ()
    contiguous, chash = 0, None
    for seq, mhash, _at in rows:
        if seq != contiguous + 1:
            break
        contiguous, chash = seq, mhash
    recent = tuple((seq, h, _iso(t)) for seq, h, t in rows[-RECEIPT_RECENT:])
    anchor = held_anchor(s, peer_code, me_code, peer_key_id)
    return (package.Receipt(peer_code, peer_key_id, contiguous, chash, recent, anchor),)


# --- the receiving side ---------------------------------------------------------------------------


def already_imported(s: Session, m: package.Manifest, mhash: str, *, file: str) -> bool:
    """True when this exact package was imported already; a different package with the same
    number in the same epoch (or a reused package id) is a replay conflict."""
    same_seq = s.scalar(
        select(ImportedPackage).where(
            ImportedPackage.sender_code == m.sender_code,
            ImportedPackage.sender_key_id == m.sender_key_id,
            ImportedPackage.seq == m.seq,
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


def imported_seqs(s: Session, sender_code: str, sender_key_id: str) -> set[int]:
    return set(
        s.scalars(
            select(ImportedPackage.seq).where(
                ImportedPackage.sender_code == sender_code, ImportedPackage.sender_key_id == sender_key_id
            )
        )
    )


def previous_hash(s: Session, m: package.Manifest) -> str | None:
    return s.scalar(
        select(ImportedPackage.manifest_sha256).where(
            ImportedPackage.sender_code == m.sender_code,
            ImportedPackage.sender_key_id == m.sender_key_id,
            ImportedPackage.seq == m.seq - 1,
        )
    )


def apply_receipts(s: Session, m: package.Manifest, me_code: str, my_key_id: str) -> list[str]:
    """Mark our packages the peer confirms; returns warnings for what could not be confirmed."""
    warnings: list[str] = []
    for receipt in m.receipts:
        if receipt.stream_sender != me_code or receipt.stream_key != my_key_id:
            continue  # about another installation, or an earlier key of ours
        stream = s.get(OutgoingStream, m.sender_code)
        if stream is None or stream.recipient_key_id != m.sender_key_id:
            continue  # our stream to this key has not started (a new epoch comes with our next export)
        sent = {
            p.seq: p
            for p in s.scalars(
                select(SentPackage).where(
                    SentPackage.recipient_code == m.sender_code,
                    SentPackage.recipient_key_id == m.sender_key_id,
                )
            )
        }
        unknown: list[int] = []
        c = receipt.contiguous_seq
        if c:
            mine = sent.get(c)
            if mine is not None and mine.manifest_sha256 == receipt.contiguous_sha256:
                if c > stream.acknowledged_seq:
                    stream.acknowledged_seq = c
                    stream.acknowledged_at = datetime.fromisoformat(m.created_at)
            else:
                unknown.append(c)
        for seq, mhash, at in receipt.imported:
            mine = sent.get(seq)
            if mine is None or mine.manifest_sha256 != mhash:
                unknown.append(seq)
            elif mine.receipt_imported_at is None:
                mine.receipt_imported_at = datetime.fromisoformat(at)
        if unknown:
            warnings.append(
                _(
                    "The receipt from {sender} names packages {numbers} that this installation did not "
                    "send (or sent with other contents); they were not counted as delivered. If this "
                    "computer was restored from a backup, tell {sender}.",
                    sender=m.sender_code,
                    numbers=", ".join(map(str, sorted(set(unknown))[:20])),
                )
            )
    return warnings


# --- audit anchors (issue 13, point 4) ------------------------------------------------------------


def keep_anchor(s: Session, m: package.Manifest, me_code: str) -> list[str]:
    """Keep the sender's audit anchor. Within one key, a later package must not carry a shorter
    log, nor the same entry with another hash: either is said (and the import raises an alarm),
    and the anchor held stays the earlier one, as evidence echoed back to the sender."""
    if m.audit is None:
        return []
    entry, digest = m.audit
    held = s.get(AuditAnchor, (m.sender_code, me_code))
    if held is None or held.key_id != m.sender_key_id:
        if held is not None:
            s.delete(held)
            s.flush()
        s.add(
            AuditAnchor(
                chain_owner=m.sender_code, holder=me_code, key_id=m.sender_key_id, entry=entry, hash=digest, seq=m.seq
            )
        )
        return []
    shorter = (m.seq > held.seq and entry < held.entry) or (m.seq < held.seq and entry > held.entry)
    changed = m.audit_previous is not None and m.audit_previous[0] == held.entry and m.audit_previous[1] != held.hash
    if shorter or changed or (entry == held.entry and digest != held.hash):
        return [
            _(
                "The audit log of {sender} in package {seq} does not continue the one in its package "
                "{held}: entries were removed or rewritten there (or its computer was restored from a "
                "backup). Ask {sender} to run 'safetydesk audit verify', and tell the county office.",
                sender=m.sender_code,
                seq=m.seq,
                held=held.seq,
            )
        ]
    if m.seq > held.seq:
        held.entry, held.hash, held.seq = entry, digest, m.seq
        held.at = datetime.now(UTC)
    return []


def check_echo(s: Session, m: package.Manifest, me_code: str, my_key_id: str) -> list[str]:
    """The anchor of OUR audit log the sender holds (echoed in its receipt): our log must still
    have that entry with that hash. Kept for `audit verify` either way."""
    for receipt in m.receipts:
        if receipt.stream_sender != me_code or receipt.stream_key != my_key_id or receipt.audit is None:
            continue
        entry, digest = receipt.audit
        held = s.get(AuditAnchor, (me_code, m.sender_code))
        if held is None:
            held = AuditAnchor(chain_owner=me_code, holder=m.sender_code, key_id=my_key_id, entry=entry, hash=digest)
            s.add(held)
        elif held.entry <= entry or held.hash == s.scalar(select(AuditEntry.hash).where(AuditEntry.id == held.entry)):
            held.key_id, held.entry, held.hash = my_key_id, entry, digest
        held.seq, held.at = m.seq, datetime.now(UTC)
        mine = s.scalar(select(AuditEntry.hash).where(AuditEntry.id == entry))
        if mine != digest:
            return [
                _(
                    "{sender} holds entry {id} of this installation's audit log with another hash: "
                    "the log here was cut or rewritten since it was sent. Run 'safetydesk audit "
                    "verify' and tell the county office.",
                    sender=m.sender_code,
                    id=entry,
                )
            ]
    return []
