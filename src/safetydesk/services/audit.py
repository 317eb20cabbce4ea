"""The audit trail: an append-only, hash-chained log of who did what, when.

Every create, change, delete and restore of a record (from services.events, in the same
transaction as the change), every read of a sensitive record, exports, prints, logins, account
changes, backups and break-glass access. Each entry's hash covers its content and the previous
entry's hash; SQLite triggers refuse UPDATE and DELETE, and `verify` finds an entry edited or
removed around them. Sensitive values never enter the log in clear (records.py already writes
"***" for them): the log says which fields changed.

Runs on any thread; `append` joins the caller's session (transaction).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, sessionmaker

import safetydesk.models.access  # noqa: F401  (the audit_log, key_wrap, break_glass_grant tables)
from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ, _
from safetydesk.models.access import AuditEntry
from safetydesk.models.database_url import DATABASE_KEY_OPTION
from safetydesk.models.local import Setting
from safetydesk.models.serialise import AUDIT_CHAIN, serialise
from safetydesk.models.sync_state import AuditAnchor
from safetydesk.services import audit_head, events
from safetydesk.services.changes import Actor

GENESIS = "0" * 64


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def entry_hash(
    prev: str,
    at: datetime,
    username: str,
    role: str,
    org_code: str,
    action: str,
    kind: str,
    record_uuid: str | None,
    detail: str,
    changes: str,
) -> str:
    body = _canonical(
        [prev, _stamp(at), username, role, org_code, action, kind, record_uuid or "", detail, changes]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session,
    actor: Actor,
    action: str,
    kind: str = "",
    record_uuid: str | None = None,
    detail: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """Add one entry inside `session`'s transaction (it commits or rolls back with the change).
    Workstations sharing a PostgreSQL database append one after the other, so each entry follows
    the last committed one (models.serialise)."""
    serialise(session, AUDIT_CHAIN)
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    at = clock.now()
    text_changes = _canonical(changes or {})
    digest = entry_hash(
        prev, at, actor.username, actor.role, actor.org_code, action, kind, record_uuid, detail, text_changes
    )
    session.info[_HEAD_PENDING] = True  # the signed head moves forward after the commit
    session.add(
        AuditEntry(
            at=at,
            username=actor.username,
            role=actor.role,
            org_code=actor.org_code,
            action=action,
            kind=kind,
            record_uuid=record_uuid,
            detail=detail,
            changes=text_changes,
            prev_hash=prev,
            hash=digest,
        )
    )
    session.flush()


def log(
    sessions: sessionmaker[Session],
    actor: Actor,
    action: str,
    kind: str = "",
    record_uuid: str | None = None,
    detail: str = "",
) -> None:
    """Record an action that changes no record (export, print, backup...) in its own transaction."""
    with sessions.begin() as s:
        append(s, actor, action, kind, record_uuid, detail)


def _on_record_event(session: Session, event: events.RecordEvent) -> None:
    append(session, event.actor, event.action, event.kind, event.uuid, event.detail, event.changes)


events.subscribe(_on_record_event)

_HEAD_PENDING = "safetydesk.audit_head_pending"


def _database_of(bind: Any) -> Path | None:
    """The SQLite file behind a session or sessionmaker's engine (None in memory)."""
    engine = getattr(bind, "engine", bind)
    options = engine.get_execution_options() if hasattr(engine, "get_execution_options") else {}
    name = options.get(DATABASE_KEY_OPTION) or getattr(getattr(engine, "url", None), "database", None)
    return Path(name) if name and name != ":memory:" else None


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_HEAD_PENDING, False):
        database = _database_of(session.get_bind())
        if database is not None:
            audit_head.update(database)


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_HEAD_PENDING, None)


# --- verification ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    bad_id: int | None = None
    message: str = ""


def verify(sessions: sessionmaker[Session], root: Path | None = None) -> VerifyResult:
    """Walk the chain; the first entry edited, or following a missing one, is named. Then hold it
    against the signed head kept outside the database (a cut or a rewritten-and-rehashed chain)
    and against the anchors other organisations echoed back from our packages."""
    prev, last_id, n = GENESIS, 0, 0
    hashes: dict[int, str] = {}
    if root is None:
        database = _database_of(sessions.kw.get("bind"))
        root = database.parent if database is not None else None
    head = None
    if root is not None:
        try:
            head = audit_head.read(root)
        except audit_head.HeadDamaged:
            return VerifyResult(
                False,
                0,
                None,
                _(
                    "The audit log's signed head ({path}) was changed or damaged: the log cannot be "
                    "shown to be whole. Tell the county office.",
                    path=str(audit_head.head_file(root)),
                ),
            )
    wanted = set(head.anchors) if head is not None else set()
    with sessions() as s:
        echoes = list(s.scalars(select(AuditAnchor).where(AuditAnchor.chain_owner == _org_code(s))))
        wanted |= {e.entry for e in echoes}
        marker = s.get(Setting, audit_head.marker_key(root) if root else audit_head.MARKER) is not None
        for row in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
            n += 1
            if row.id != last_id + 1:
                return VerifyResult(
                    False,
                    n,
                    row.id,
                    _(
                        "Audit entry {id}: the entry before it ({missing}) is missing.",
                        id=row.id,
                        missing=last_id + 1,
                    ),
                )
            expected = entry_hash(
                row.prev_hash,
                row.at,
                row.username,
                row.role,
                row.org_code,
                row.action,
                row.kind,
                row.record_uuid,
                row.detail,
                row.changes,
            )
            if row.prev_hash != prev:
                return VerifyResult(
                    False,
                    n,
                    row.id,
                    _(
                        "Audit entry {id} does not follow the entry before it: an entry was edited "
                        "or removed.",
                        id=row.id,
                    ),
                )
            if expected != row.hash:
                return VerifyResult(False, n, row.id, _("Audit entry {id} was edited.", id=row.id))
            if row.id in wanted:
                hashes[row.id] = row.hash
            prev, last_id = row.hash, row.id
    problem = _against_head(head, marker and root is not None, hashes, last_id, n)
    if problem is None:
        problem = _against_echoes(echoes, hashes, last_id, n)
    return problem or VerifyResult(True, n, None, _("The audit log is intact: {n} entries.", n=n))


def _org_code(s: Session) -> str:
    from safetydesk.models.local import Installation

    me = s.get(Installation, 1)
    return me.org_code if me is not None else ""


def _cut(first: int, last: int, n: int, whose: str) -> VerifyResult:
    return VerifyResult(
        False,
        n,
        first,
        _(
            "Audit entries {first}–{last} are missing: {whose} records the log up to entry {last}. "
            "The log was cut. Tell the county office.",
            first=first,
            last=last,
            whose=whose,
        ),
    )


def _against_head(
    head: audit_head.Head | None, expected: bool, hashes: dict[int, str], last_id: int, n: int
) -> VerifyResult | None:
    if head is None:
        if expected and n:
            return VerifyResult(
                False,
                n,
                None,
                _(
                    "The audit log's signed head is missing: the log may have been cut. "
                    "Tell the county office."
                ),
            )
        return None
    whose = _("the signed head")
    if head.entry > last_id:
        return _cut(last_id + 1, head.entry, n, whose)
    good = 0
    for entry, digest in sorted(head.anchors.items()):
        if hashes.get(entry) != digest:
            if entry == good + 1:
                message = _(
                    "Audit entry {id} was rewritten: it no longer matches the signed head.", id=entry
                )
                return VerifyResult(False, n, entry, message)
            message = _(
                "An audit entry between {first} and {id} was rewritten: entry {id} no longer matches "
                "the signed head.",
                first=good + 1,
                id=entry,
            )
            return VerifyResult(False, n, good + 1, message)
        good = entry
    return None


def _against_echoes(echoes: list[AuditAnchor], hashes: dict[int, str], last_id: int, n: int) -> VerifyResult | None:
    for echo in echoes:
        whose = _("{code}, from this installation's packages", code=echo.holder)
        if echo.entry > last_id:
            return _cut(last_id + 1, echo.entry, n, whose)
        if hashes.get(echo.entry) != echo.hash:
            return VerifyResult(
                False,
                n,
                echo.entry,
                _(
                    "{code} holds audit entry {id} of this installation with another hash: the log "
                    "here was cut or rewritten after package {seq} was sent. Tell the county office.",
                    code=echo.holder,
                    id=echo.entry,
                    seq=echo.seq,
                ),
            )
    return None


# --- reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    role: str
    action: str
    kind: str
    record_uuid: str | None
    detail: str
    changes: dict[str, Any]


@dataclass
class AuditQuery:
    username: str = ""
    action: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _filtered(q: AuditQuery) -> Select[Any]:
    stmt = select(AuditEntry)
    if q.username:
        stmt = stmt.where(AuditEntry.username == q.username)
    if q.action:
        stmt = stmt.where(AuditEntry.action == q.action)
    if q.kind:
        stmt = stmt.where(AuditEntry.kind == q.kind)
    if q.date_from:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(q.date_from, datetime.min.time(), LOCAL_TZ))
    if q.date_to:
        stmt = stmt.where(AuditEntry.at <= datetime.combine(q.date_to, datetime.max.time(), LOCAL_TZ))
    return stmt


def entries(
    sessions: sessionmaker[Session], q: AuditQuery | None = None, limit: int = 10_000
) -> list[AuditRow]:
    """Newest first."""
    stmt = _filtered(q or AuditQuery()).order_by(AuditEntry.id.desc()).limit(limit)
    with sessions() as s:
        return [
            AuditRow(
                r.id,
                r.at,
                r.username,
                r.role,
                r.action,
                r.kind,
                r.record_uuid,
                r.detail,
                json.loads(r.changes or "{}"),
            )
            for r in s.scalars(stmt)
        ]


def count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def iter_all(sessions: sessionmaker[Session]) -> Iterator[AuditRow]:
    yield from reversed(entries(sessions, AuditQuery(), limit=10**9))


def export_excel(sessions: sessionmaker[Session], actor: Actor, q: AuditQuery, out: Any) -> int:
    """Write the filtered entries to an .xlsx file (write-only mode) in the words the audit page
    shows (services.audit_words: no action codes, attribute names or uuids); the export itself is
    logged."""
    from openpyxl import Workbook

    from safetydesk.domain.roles import role_title
    from safetydesk.services import audit_words as words

    rows = entries(sessions, q, limit=10**9)
    names = record_names(sessions, rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Audit log"))
    ws.append(
        [
            _("No."),
            _("Time"),
            _("User"),
            _("Role"),
            _("Action"),
            _("Record kind"),
            _("Record"),
            _("Detail"),
            _("Changed fields"),
        ]
    )
    for r in rows:
        ws.append(
            [
                r.id,
                r.at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                r.username,
                role_title(r.role),
                words.action_label(r.action),
                words.kind_title(r.kind) if r.kind else "",
                names.get(r.record_uuid or "", r.record_uuid or ""),
                words.detail_text(r.action, r.detail, r.changes),
                words.changed_fields(r.kind, r.changes),
            ]
        )
    wb.save(out)
    log(sessions, actor, "export", "audit_log", None, str(out))
    return len(rows)


def record_names(sessions: sessionmaker[Session], rows: list[AuditRow]) -> dict[str, str]:
    """uuid -> serial and title ("YH-2026-0003 灭火器压力不足") of every record the entries name,
    names masked, so the audit list never shows a bare uuid. Database thread."""
    from safetydesk.domain.registry import get_kind
    from safetydesk.services.record_labels import record_labels

    by_kind: dict[str, set[str]] = {}
    for r in rows:
        if r.kind and r.record_uuid:
            by_kind.setdefault(r.kind, set()).add(r.record_uuid)
    out: dict[str, str] = {}
    with sessions() as s:
        for kind, ids in by_kind.items():
            try:
                get_kind(kind)
            except KeyError:
                continue
            out.update(record_labels(s, kind, ids))
    return out
