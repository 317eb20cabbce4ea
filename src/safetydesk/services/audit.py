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
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

import safetydesk.models.access  # noqa: F401  (the audit_log, key_wrap, break_glass_grant tables)
from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ, _
from safetydesk.models.access import AuditEntry
from safetydesk.services import events
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
    """Add one entry inside `session`'s transaction (it commits or rolls back with the change)."""
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    at = clock.now()
    text_changes = _canonical(changes or {})
    digest = entry_hash(
        prev, at, actor.username, actor.role, actor.org_code, action, kind, record_uuid, detail, text_changes
    )
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


# --- verification ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    bad_id: int | None = None
    message: str = ""


def verify(sessions: sessionmaker[Session]) -> VerifyResult:
    """Walk the chain; the first entry edited, or following a missing one, is named."""
    prev, last_id, n = GENESIS, 0, 0
    with sessions() as s:
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
            prev, last_id = row.hash, row.id
    return VerifyResult(True, n, None, _("The audit log is intact: {n} entries.", n=n))


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
    """Write the filtered entries to an .xlsx file (write-only mode); the export itself is logged."""
    from openpyxl import Workbook

    rows = entries(sessions, q, limit=10**9)
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
                r.role,
                r.action,
                r.kind,
                r.record_uuid or "",
                r.detail,
                ", ".join(sorted(r.changes)),
            ]
        )
    wb.save(out)
    log(sessions, actor, "export", "audit_log", None, str(out))
    return len(rows)
