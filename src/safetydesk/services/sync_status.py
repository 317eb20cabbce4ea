"""What the data-exchange page and dialogs show, and the use-cases they run (issue 6, items 1, 5, 6).

Plain dataclasses only: the UI never sees an ORM object. Status comes from the sync bookkeeping
tables (sent packages and the receipts that came back, imported packages, import attempts);
the use-cases wrap safetydesk.sync exactly as the command line calls it (commands/sync.py).
Everything here runs on the DB thread (TaskRunner.db / long); nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.i18n import _
from safetydesk.models.sync_state import ImportAttempt, ImportedPackage, SentPackage, TrustedPeer
from safetydesk.paths import DataPaths
from safetydesk.services.changes import Changes
from safetydesk.services.installation import COUNTY, SCHOOL, TOWNSHIP, installation_info
from safetydesk.services.progress import NoProgress, ProgressSink
from safetydesk.services.storage import Storage
from safetydesk.sync import identity as identity_mod
from safetydesk.sync import streams
from safetydesk.sync.export import ExportResult, export_package
from safetydesk.sync.importer import ImportResult, KindCounts, import_package
from safetydesk.sync.keys import normalise_digits
from safetydesk.sync.package import FILE_SUFFIX, kind_title, package_file_name, write_atomically

__all__ = [
    "FILE_SUFFIX",
    "ExportResult",
    "ImportResult",
    "KindCounts",
    "kind_title",
    "normalise_digits",
]

ATTEMPTS_SHOWN = 100
IDENTITY_SUFFIX = ".identity.json"
DIGIT_GROUPS = 6
GROUP_SIZE = 5


def _utc(dt: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they are stored in UTC."""
    if dt is None:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def digit_groups(fingerprint: str) -> list[str]:
    """'04821 99310 …' as its six groups (typing may have added or lost spaces)."""
    digits = normalise_digits(fingerprint)
    return [digits[i : i + GROUP_SIZE] for i in range(0, len(digits), GROUP_SIZE)]


def differing_groups(expected: str, typed: str) -> list[int]:
    """1-based numbers of the groups where what was typed differs from the fingerprint."""
    want, got = digit_groups(expected), digit_groups(typed)
    return [i + 1 for i in range(len(want)) if i >= len(got) or want[i] != got[i]]


# --- identities and trust -----------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityInfo:
    """An installation as a person sees it before trusting it (or to read out its digits)."""

    role: str
    org_code: str
    org_name: str
    township_code: str | None
    fingerprint: str

    @property
    def groups(self) -> list[str]:
        return digit_groups(self.fingerprint)


@dataclass(frozen=True)
class TrustedPeerInfo:
    org_code: str
    org_name: str
    role: str
    fingerprint: str
    trusted_at: datetime | None
    trusted_by: str
    key_id: str = ""  # the key trusted now: its stream is the current epoch


def own_identity(paths: DataPaths, sessions: sessionmaker[Session]) -> IdentityInfo:
    """This installation's identity; creates its keys on first use (about 0.1 s to unlock)."""
    ident, _keys = identity_mod.own_identity(paths, sessions)
    return IdentityInfo(ident.role, ident.org_code, ident.org_name, ident.township_code, ident.fingerprint)


def identity_file_name(org_code: str) -> str:
    return f"{org_code}{IDENTITY_SUFFIX}"


def write_identity_file(paths: DataPaths, sessions: sessionmaker[Session], out: str | Path) -> Path:
    """Write this installation's self-signed identity file (what `safetydesk identity --out` writes)."""
    ident, keys = identity_mod.own_identity(paths, sessions)
    target = Path(out)
    write_atomically(target, identity_mod.identity_bytes(ident, keys))
    return target


def read_identity_file(path: str | Path) -> IdentityInfo:
    """The other side's identity file, checked (self-signature, fields); raises TrustRefused."""
    ident = identity_mod.read_identity_file(path)
    return IdentityInfo(ident.role, ident.org_code, ident.org_name, ident.township_code, ident.fingerprint)


@dataclass(frozen=True)
class TrustCandidate:
    """An identity file about to be trusted, and the trust it would replace (same organisation,
    another key: a reinstalled or lost computer), so the person sees both fingerprints."""

    identity: IdentityInfo
    replaces: TrustedPeerInfo | None


def inspect_identity_file(sessions: sessionmaker[Session], path: str | Path) -> TrustCandidate:
    """Read the other side's identity file and look up what is trusted for it now. DB thread."""
    ident = read_identity_file(path)
    current = next(
        (p for p in trusted_peers(sessions) if p.org_code == ident.org_code and p.fingerprint != ident.fingerprint),
        None,
    )
    return TrustCandidate(ident, current)


def trust(
    sessions: sessionmaker[Session], identity_file: str | Path, digits: str, by: str
) -> identity_mod.TrustResult:
    """Trust the identity file's organisation; the core refuses unless the digits match."""
    return identity_mod.trust_peer(sessions, identity_file, digits, by)


def trusted_peers(sessions: sessionmaker[Session], role: str | None = None) -> list[TrustedPeerInfo]:
    with sessions() as s:
        query = select(TrustedPeer).where(TrustedPeer.revoked_at.is_(None)).order_by(TrustedPeer.org_code)
        if role:
            query = query.where(TrustedPeer.role == role)
        return [
            TrustedPeerInfo(
                p.org_code, p.org_name, p.role, p.fingerprint, _utc(p.trusted_at), p.trusted_by, p.key_id
            )
            for p in s.scalars(query)
        ]


# --- export and import --------------------------------------------------------------------------


def suggested_file_name(sessions: sessionmaker[Session], recipient_code: str | None) -> str:
    """The package's name as sync.md spells it, with the number the next export will take."""
    info = installation_info(sessions)
    recipient = recipient_code or info.township_code or ""
    with sessions() as s:
        peer = s.get(TrustedPeer, recipient)
        seq = streams.next_seq(s, recipient, peer.key_id if peer is not None else "")
    return package_file_name(info.org_code, recipient, seq)


def export(
    storage: Storage,
    recipient_code: str | None,
    out: str | Path,
    by: str,
    progress: ProgressSink | None = None,
) -> ExportResult:
    """Write the next package (a school: recipient None = its township). DB thread."""
    (progress or NoProgress()).report(0, 0, _("Collecting the changed records…"))
    return export_package(storage, recipient_code, out, by)


@dataclass
class ImportBatch:
    results: list[ImportResult]
    not_done: list[str] = field(default_factory=list)  # files left when the person cancelled
    dry_run: bool = False
    # per file: numbers of OUR packages whose delivery that file's receipt confirmed just now
    confirmed: dict[str, list[int]] = field(default_factory=dict)

    @property
    def changes(self) -> Changes:
        """The record kinds some imported package changed (nothing for a dry run)."""
        if self.dry_run:
            return Changes()
        kinds = {
            kind
            for r in self.results
            if r.status == "imported"
            for kind, c in r.counts.items()
            if c.created or c.updated or c.deleted
        }
        return Changes(frozenset(kinds))

    @property
    def rejected(self) -> int:
        return sum(1 for r in self.results if r.status == "rejected")


def _delivered(sessions: sessionmaker[Session]) -> set[tuple[str, str, int]]:
    with sessions() as s:
        rows = s.execute(
            select(SentPackage.recipient_code, SentPackage.recipient_key_id, SentPackage.seq).where(
                SentPackage.receipt_imported_at.is_not(None)
            )
        )
        return {(code, key, seq) for code, key, seq in rows}


def import_files(
    storage: Storage,
    files: list[str],
    by: str,
    *,
    dry_run: bool = False,
    progress: ProgressSink | None = None,
) -> ImportBatch:
    """Import each file in its own transaction, in the order given; stop between files on cancel.

    A cancelled batch keeps what was imported before the cancel (each file is all or nothing).
    """
    progress = progress or NoProgress()
    batch = ImportBatch([], dry_run=dry_run)
    total = len(files)
    for i, f in enumerate(files):
        if progress.cancelled:
            batch.not_done = list(files[i:])
            break
        progress.report(
            i, total, _("Checking {file} ({n} of {total})…", file=Path(f).name, n=i + 1, total=total)
        )
        before = _delivered(storage.sessions)
        result = import_package(storage, f, by, dry_run=dry_run)
        batch.results.append(result)
        if result.status == "imported" and not dry_run:
            batch.confirmed[f] = sorted(seq for _code, _key, seq in _delivered(storage.sessions) - before)
    progress.report(total, total, "")
    return batch


# --- status for the data-exchange page ----------------------------------------------------------


@dataclass(frozen=True)
class SentInfo:
    recipient_code: str
    seq: int
    created_at: datetime | None
    rows: int
    counts_only: int
    delivered_at: datetime | None  # the import time the recipient's receipt reports
    recipient_key_id: str = ""  # the stream's epoch (the recipient's key when it was sent)


@dataclass(frozen=True)
class ReceivedInfo:
    sender_code: str
    seq: int
    signed_at: datetime | None
    imported_at: datetime | None
    rows: int


@dataclass(frozen=True)
class SchoolStream:
    """What the township has received from one trusted school."""

    org_code: str
    org_name: str
    last_seq: int | None
    last_signed_at: datetime | None
    last_imported_at: datetime | None
    received: int
    missing: list[int]
    alarms: int
    last_sent_seq: int | None  # the township's last package down to this school
    last_sent_delivered_at: datetime | None


@dataclass(frozen=True)
class AttemptInfo:
    at: datetime | None
    file_name: str
    sender_code: str | None
    seq: int | None
    status: str  # imported | duplicate | rejected
    code: str | None
    message: str | None
    alarm: bool


@dataclass
class SyncStatus:
    role: str
    org_code: str
    org_name: str
    township_code: str | None
    peers: list[TrustedPeerInfo]
    sent: list[SentInfo]
    received: list[ReceivedInfo]
    schools: list[SchoolStream]
    attempts: list[AttemptInfo]

    @property
    def alarms(self) -> list[AttemptInfo]:
        return [a for a in self.attempts if a.alarm]

    @property
    def township_trusted(self) -> bool:
        return any(p.role == TOWNSHIP and p.org_code == self.township_code for p in self.peers)


def _rows_in(counts: dict[str, object] | None) -> int:
    total = 0
    for value in (counts or {}).values():
        if isinstance(value, dict):
            total += sum(
                int(v) for k, v in value.items() if k in ("created", "updated", "unchanged", "deleted")
            )
        elif isinstance(value, int):
            total += value
    return total


def _missing(seqs: set[int]) -> list[int]:
    return [n for n in range(1, max(seqs)) if n not in seqs] if seqs else []


def load_status(sessions: sessionmaker[Session]) -> SyncStatus:
    """Everything the data-exchange page shows, read in one session. DB thread."""
    info = installation_info(sessions)
    peers = trusted_peers(sessions)
    with sessions() as s:
        sent = [
            SentInfo(
                p.recipient_code,
                p.seq,
                _utc(p.created_at),
                _rows_in((p.row_counts or {}).get("rows")),
                _rows_in((p.row_counts or {}).get("summaries")),
                _utc(p.receipt_imported_at),
                p.recipient_key_id,
            )
            for p in s.scalars(
                select(SentPackage).order_by(
                    SentPackage.recipient_code, SentPackage.created_at.desc(), SentPackage.seq.desc()
                )
            )
        ]
        imported = list(
            s.scalars(select(ImportedPackage).order_by(ImportedPackage.sender_code, ImportedPackage.seq))
        )
        received = [
            ReceivedInfo(p.sender_code, p.seq, _utc(p.signed_at), _utc(p.imported_at), _rows_in(p.counts))
            for p in reversed(imported)
        ]
        attempts = [
            AttemptInfo(
                _utc(a.at), a.file_name, a.sender_code, a.seq, a.status, a.code, a.message, bool(a.alarm)
            )
            for a in s.scalars(select(ImportAttempt).order_by(ImportAttempt.id.desc()).limit(ATTEMPTS_SHOWN))
        ]
        alarm_counts: dict[str, int] = {}
        for code in s.scalars(select(ImportAttempt.sender_code).where(ImportAttempt.alarm.is_(True))):
            if code:
                alarm_counts[code] = alarm_counts.get(code, 0) + 1
    schools: list[SchoolStream] = []  # the streams from below: a township's schools, a county's townships
    below = {TOWNSHIP: SCHOOL, COUNTY: TOWNSHIP}.get(info.role)
    if below is not None:
        for peer in (p for p in peers if p.role == below):
            # The school's current key: an earlier installation's packages are another epoch.
            mine = [p for p in imported if p.sender_code == peer.org_code and p.sender_key_id == peer.key_id]
            last = mine[-1] if mine else None
            down = next(
                (x for x in sent if x.recipient_code == peer.org_code and x.recipient_key_id == peer.key_id), None
            )
            schools.append(
                SchoolStream(
                    peer.org_code,
                    peer.org_name,
                    last.seq if last else None,
                    _utc(last.signed_at) if last else None,
                    _utc(last.imported_at) if last else None,
                    len(mine),
                    _missing({p.seq for p in mine}),
                    alarm_counts.get(peer.org_code, 0),
                    down.seq if down else None,
                    down.delivered_at if down else None,
                )
            )
    return SyncStatus(
        info.role, info.org_code, info.org_name, info.township_code, peers, sent, received, schools, attempts
    )
