"""Generic use-cases for any record kind: list (paged, sorted, filtered, searched), get, save,
delete with undo (tombstones), history, and display values (ledgers build their rows in
services.ledgers).

Runs on whatever thread calls it; each call opens and closes its own session and returns plain
dataclasses, never live ORM objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock, semester
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.masking import mask_name
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.domain.serials import SERIAL_ATTR
from safetydesk.domain.validation import clean
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.i18n import LOCAL_TZ, _
from safetydesk.models.history import RecordHistory
from safetydesk.models.org import SchoolClass, StaffMember, Student
from safetydesk.services import events, field_crypto, policy, schools, search, serials
from safetydesk.services.changes import Actor, Changes

REFERENCE_MODELS = {FieldKind.STAFF: StaffMember, FieldKind.CLASS: SchoolClass,
                    FieldKind.STUDENT: Student}


@dataclass(frozen=True)
class RecordData:
    kind: str
    uuid: str
    values: dict[str, Any]
    owner: str
    row_version: int
    updated_at: datetime
    updated_by: str
    deleted: bool = False


@dataclass
class ListQuery:
    kind: str
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)  # attr -> exact value
    date_from: date | None = None
    date_to: date | None = None
    semester: str | None = None  # "2026-autumn"; narrows date_from/date_to
    sort: str | None = None
    descending: bool = False
    include_deleted: bool = False
    school: str | None = None  # one school's rows: owned by it, or (township rows) addressed to it

    def copy(self) -> ListQuery:
        """An independent copy, to hand to another thread while the UI goes on changing this one."""
        return replace(self, filters=dict(self.filters))


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    by: str
    action: str
    changes: dict[str, Any]
    reason: str | None


@dataclass(frozen=True)
class SaveResult:
    uuid: str
    changes: Changes


def _date_bounds(kind: RecordKind, q: ListQuery, cal: semester.SemesterCalendar) -> tuple[date | None, date | None]:
    start, end = q.date_from, q.date_to
    if q.semester:
        sem = semester.semester(q.semester, cal)
        start = max(start, sem.start) if start else sem.start
        end = min(end, sem.end) if end else sem.end
    return start, end


def _statement(kind: RecordKind, q: ListQuery, cal: semester.SemesterCalendar,
               actor: Actor | None = None) -> Select[Any]:
    model = kind.model
    stmt = select(model)
    if actor is not None:
        policy.current().check(actor, kind, "list")
        limit = policy.current().row_filter(actor, kind)
        if limit is not None:
            stmt = stmt.where(limit)
    if not q.include_deleted:
        stmt = stmt.where(model.deleted_at.is_(None))
    for attr, value in q.filters.items():
        if value is None or value == "":
            continue
        stmt = stmt.where(field_crypto.plain_sql(kind, attr) == value)  # sealed columns opened
    start, end = _date_bounds(kind, q, cal)
    if (start or end) and kind.date_field:
        col = getattr(model, kind.date_field)
        date_kind = kind.field(kind.date_field).kind
        if date_kind is FieldKind.DATETIME:
            from datetime import time

            if start:
                stmt = stmt.where(col >= datetime.combine(start, time.min, LOCAL_TZ))
            if end:
                stmt = stmt.where(col <= datetime.combine(end, time.max, LOCAL_TZ))
        else:
            if start:
                stmt = stmt.where(col >= start)
            if end:
                stmt = stmt.where(col <= end)
    if q.search.strip():
        stmt = stmt.where(search.matching(kind, q.search))
    if q.school:
        stmt = stmt.where(schools.school_condition(kind, q.school))
    return stmt


def _order(kind: RecordKind, q: ListQuery, stmt: Select[Any]) -> Select[Any]:
    model = kind.model
    sort = q.sort or kind.default_sort or kind.date_field
    descending = q.descending if q.sort else (q.sort is None and sort == kind.date_field)
    if sort:
        col = field_crypto.plain_sql(kind, sort)
        stmt = stmt.order_by(col.desc() if descending else col.asc())
    return stmt.order_by(model.created_at.desc(), model.uuid)


def calendar(sessions: sessionmaker[Session], q: ListQuery | None = None) -> semester.SemesterCalendar:
    """The semester calendar setting; read only when the query filters by semester."""
    if q is not None and not q.semester:
        return semester.DEFAULT_CALENDAR
    from safetydesk.services import settings

    return settings.semester_calendar(sessions)


def count(sessions: sessionmaker[Session], q: ListQuery, actor: Actor | None = None) -> int:
    """How many rows the query finds (limited to what `actor` may see, when given)."""
    kind = get_kind(q.kind)
    with sessions() as s:
        stmt = _statement(kind, q, calendar(sessions, q), actor).with_only_columns(func.count()).order_by(None)
        return int(s.scalar(stmt) or 0)


def _row_data(kind: RecordKind, row: Any) -> RecordData:
    return RecordData(kind.key, row.uuid, {f.attr: getattr(row, f.attr) for f in kind.fields},
                      row.owner, row.row_version, row.updated_at, row.updated_by,
                      row.deleted_at is not None)


def fetch_page(sessions: sessionmaker[Session], q: ListQuery, offset: int, limit: int,
               actor: Actor | None = None) -> list[RecordData]:
    kind = get_kind(q.kind)
    with sessions() as s:
        stmt = _order(kind, q, _statement(kind, q, calendar(sessions, q), actor)).offset(offset).limit(limit)
        return [_row_data(kind, r) for r in s.scalars(stmt)]


def get(sessions: sessionmaker[Session], kind_key: str, uuid: str,
        actor: Actor | None = None) -> RecordData:
    """One record. With an actor, the policy decides and a sensitive read leaves an event."""
    with sessions.begin() as s:
        return get_in(s, get_kind(kind_key), uuid, actor)


def get_in(s: Session, kind: RecordKind, uuid: str, actor: Actor | None = None) -> RecordData:
    """`get` inside the caller's transaction (a use-case that reads, checks and writes at once)."""
    row = s.get(kind.model, uuid)
    if row is None:
        raise SafetyDeskError(_("That record no longer exists. Refresh the list."))
    if actor is not None:
        policy.current().check(actor, kind, "read", row)
        if kind.sensitive:
            events.emit(s, events.RecordEvent("read", kind.key, uuid, actor))
    return _row_data(kind, row)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _check_unique(s: Session, kind: RecordKind, values: Mapping[str, Any], uuid: str | None) -> None:
    if not kind.unique_together:
        return
    model = kind.model
    cond = [getattr(model, a) == values[a] if values[a] is not None else getattr(model, a).is_(None)
            for a in kind.unique_together]
    stmt = select(model.uuid).where(and_(*cond), model.deleted_at.is_(None))
    if uuid:
        stmt = stmt.where(model.uuid != uuid)
    if s.scalar(stmt.limit(1)):
        msg = _("A record with the same {fields} already exists.",
                fields="、".join(_(kind.field(a).label) for a in kind.unique_together))
        raise ValidationError(msg, {kind.unique_together[0]: msg})


def _check_references(s: Session, kind: RecordKind, values: Mapping[str, Any]) -> None:
    errors = {}
    for f in kind.references():
        value = values.get(f.attr)
        if not value:
            continue
        model = REFERENCE_MODELS.get(f.kind) or (get_kind(f.ref_kind).model if f.ref_kind else None)
        if model is not None and s.get(model, value) is None:
            errors[f.attr] = _("{label}: the chosen entry no longer exists.", label=_(f.label))
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)


def _history_value(kind: RecordKind, f: Field, value: Any) -> Any:
    # Sensitive text never lands in history in clear: only the fact that it changed.
    return "***" if (kind.sensitive or f.sensitive) and value not in (None, "") else _jsonable(value)


def _keep_locked(s: Session, kind: RecordKind, values: Mapping[str, Any],
                 uuid: str | None) -> dict[str, Any]:
    """Fields a workflow owns (editable=False) keep their stored value (or default) in a form save."""
    locked = [f for f in kind.fields if not f.editable]
    if not locked:
        return dict(values)
    out = dict(values)
    row = s.get(kind.model, uuid) if uuid is not None else None
    for f in locked:
        out[f.attr] = getattr(row, f.attr) if row is not None else f.default
    return out


def create_in(s: Session, actor: Actor, kind: RecordKind, cleaned: Mapping[str, Any], now: datetime, *,
              uuid: str | None = None, reason: str | None = None, event_detail: str = "") -> str:
    """Insert validated values as a new record inside the caller's transaction, with its
    history entry, record event and search entry (the one create path: forms and imports).
    A kind with a serial prefix gets its next serial here, at its owner (services.serials)."""
    extra = {"uuid": uuid} if uuid else {}
    if kind.serial_prefix and not cleaned.get(SERIAL_ATTR):
        cleaned = {**cleaned, SERIAL_ATTR: serials.next_for(s, kind, actor.org_code, now)}
    row = kind.model(owner=actor.org_code, created_by=actor.username, updated_by=actor.username,
                     created_at=now, updated_at=now, **extra, **cleaned)
    s.add(row)
    s.flush()
    diff = {a: [None, _history_value(kind, kind.field(a), v)] for a, v in cleaned.items()
            if v not in (None, "", False)}
    s.add(RecordHistory(kind=kind.key, record_uuid=row.uuid, action="create", at=now,
                        by=actor.username, changes=diff, reason=reason))
    events.emit(s, events.RecordEvent("create", kind.key, row.uuid, actor, diff,
                                      event_detail or reason or ""))
    search.reindex(s, kind, row.uuid, cleaned)
    return row.uuid


def save(sessions: sessionmaker[Session], actor: Actor, kind_key: str, values: Mapping[str, Any],
         uuid: str | None = None, *, reason: str | None = None, workflow: bool = False,
         action: str | None = None) -> SaveResult:
    """Create (uuid None) or update a record after validating every field, in one transaction.

    Fields marked editable=False are set only when `workflow` is true (a workflow service that
    checked the move); a plain form save keeps their stored values. `action` names the history
    entry of an update (default "update"; workflows use "move").
    """
    kind = get_kind(kind_key)
    with sessions.begin() as s:
        return save_in(s, actor, kind, values, uuid, reason=reason, workflow=workflow, action=action)


def save_in(s: Session, actor: Actor, kind: RecordKind, values: Mapping[str, Any],
            uuid: str | None = None, *, reason: str | None = None, workflow: bool = False,
            action: str | None = None) -> SaveResult:
    """`save` inside the caller's transaction, so a use-case of several steps (save and attach,
    move and photo, inspection and hazards) commits all of them or nothing."""
    if not workflow:
        values = _keep_locked(s, kind, values, uuid)
    from safetydesk.services import settings  # (as calendar() above)

    cleaned = clean(kind, values, lambda key: settings.get_in(s, key))  # county rules of a kind's checks
    now = clock.now()
    if uuid is None:
        policy.current().check(actor, kind, "create")
    _check_unique(s, kind, cleaned, uuid)
    _check_references(s, kind, cleaned)
    if uuid is None:
        return SaveResult(create_in(s, actor, kind, cleaned, now, reason=reason), Changes.of(kind.key))
    row = s.get(kind.model, uuid)
    if row is None or row.deleted_at is not None:
        raise SafetyDeskError(_("That record was deleted meanwhile; nothing was saved."))
    if row.owner != actor.org_code:
        raise SafetyDeskError(_("This record belongs to {owner}; only they can change it.",
                                owner=row.owner))
    policy.current().check(actor, kind, "update", row)
    diff = {}
    for a, v in cleaned.items():
        if a == SERIAL_ATTR and row.serial:
            continue  # a serial never changes once given
        old = getattr(row, a)
        if old != v:
            f = kind.field(a)
            diff[a] = [_history_value(kind, f, old), _history_value(kind, f, v)]
            setattr(row, a, v)
    if not diff:
        return SaveResult(uuid, Changes())
    row.row_version += 1
    row.updated_at = now
    row.updated_by = actor.username
    action = action or "update"
    s.add(RecordHistory(kind=kind.key, record_uuid=row.uuid, action=action, at=now,
                        by=actor.username, changes=diff, reason=reason))
    events.emit(s, events.RecordEvent(action, kind.key, row.uuid, actor, diff, reason or ""))
    search.reindex(s, kind, row.uuid, cleaned)
    return SaveResult(row.uuid, Changes.of(kind.key))


def _set_deleted(sessions: sessionmaker[Session], actor: Actor, kind_key: str, uuid: str,
                 deleted: bool) -> Changes:
    kind = get_kind(kind_key)
    now = clock.now()
    with sessions.begin() as s:
        row = s.get(kind.model, uuid)
        if row is None:
            raise SafetyDeskError(_("That record no longer exists. Refresh the list."))
        if row.owner != actor.org_code:
            raise SafetyDeskError(_("This record belongs to {owner}; only they can change it.",
                                    owner=row.owner))
        policy.current().check(actor, kind, "delete", row)
        if (row.deleted_at is not None) == deleted:
            return Changes()
        row.deleted_at = now if deleted else None
        row.row_version += 1
        row.updated_at = now
        row.updated_by = actor.username
        action = "delete" if deleted else "restore"
        s.add(RecordHistory(kind=kind.key, record_uuid=uuid, action=action, at=now,
                            by=actor.username, changes={}))
        events.emit(s, events.RecordEvent(action, kind.key, uuid, actor))
        values = None if deleted else {f.attr: getattr(row, f.attr) for f in kind.fields}
        search.reindex(s, kind, uuid, values)
    return Changes.of(kind.key)


def delete(sessions: sessionmaker[Session], actor: Actor, kind_key: str, uuid: str) -> Changes:
    """Tombstone a record (it travels as a deletion; `restore` undoes it)."""
    return _set_deleted(sessions, actor, kind_key, uuid, True)


def restore(sessions: sessionmaker[Session], actor: Actor, kind_key: str, uuid: str) -> Changes:
    return _set_deleted(sessions, actor, kind_key, uuid, False)


def history(sessions: sessionmaker[Session], kind_key: str, uuid: str) -> list[HistoryEntry]:
    with sessions() as s:
        rows = s.scalars(select(RecordHistory).where(RecordHistory.kind == kind_key,
                                                     RecordHistory.record_uuid == uuid)
                         .order_by(RecordHistory.at, RecordHistory.id))
        return [HistoryEntry(r.at, r.by, r.action, dict(r.changes or {}), r.reason) for r in rows]


def history_labels(sessions: sessionmaker[Session], kind: RecordKind,
                   entries: list[HistoryEntry]) -> dict[str, str]:
    """uuid -> name for every reference a change in `entries` names, before or after, so the
    history says 王老师 → 李老师 and not two uuids (students' names masked)."""
    refs = {f.attr: f for f in kind.references()}
    values: list[dict[str, Any]] = []
    for e in entries:
        for attr, pair in e.changes.items():
            if attr in refs:
                values += [{attr: v} for v in (pair if isinstance(pair, list) else [pair])
                           if isinstance(v, str) and v]
    labels = _reference_names(sessions, kind, values) if values else {}
    students = {v[a] for v in values for a, f in refs.items() if f.kind is FieldKind.STUDENT and a in v}
    return {u: mask_name(n) if u in students else n for u, n in labels.items()}


# --- references and display -------------------------------------------------------------------

def reference_options(sessions: sessionmaker[Session], f: Field, text: str = "",
                      limit: int = 200) -> list[tuple[str, str]]:
    """(uuid, label) pairs for a picker, filtered by a substring of the label."""
    model = REFERENCE_MODELS.get(f.kind)
    kind = None
    if model is None and f.ref_kind:
        kind = get_kind(f.ref_kind)
        model = kind.model
    if model is None:
        return []
    label_attr = kind.title_field if kind else "name"
    col = field_crypto.plain_sql(kind, label_attr) if kind else getattr(model, label_attr)
    with sessions() as s:
        stmt = select(model.uuid, col).where(model.deleted_at.is_(None))
        if text:
            stmt = stmt.where(func.instr(col, text) > 0)
        return [(u, str(n or "")) for u, n in s.execute(stmt.order_by(col).limit(limit))]


def reference_labels(sessions: sessionmaker[Session], kind: RecordKind,
                     rows: list[RecordData], *, mask_names: bool = True) -> dict[str, str]:
    """uuid -> name for every reference in `rows` (one query per referenced table). A reference
    to another record reads as its serial and title (services.record_labels), never its uuid."""
    return _reference_names(sessions, kind, [r.values for r in rows], mask_names=mask_names)


def _reference_names(sessions: sessionmaker[Session], kind: RecordKind, values: list[Mapping[str, Any]],
                     *, mask_names: bool = True) -> dict[str, str]:
    from safetydesk.services.record_labels import record_labels

    wanted: dict[Any, set[str]] = {}
    linked: dict[str, set[str]] = {}
    for f in kind.references():
        ids = {v[f.attr] for v in values if v.get(f.attr)}
        if not ids:
            continue
        if f.kind in REFERENCE_MODELS:
            wanted.setdefault(REFERENCE_MODELS[f.kind], set()).update(ids)
        elif f.ref_kind:
            linked.setdefault(f.ref_kind, set()).update(ids)
    out: dict[str, str] = {}
    with sessions() as s:
        for model, ids in wanted.items():
            for chunk in [list(ids)[i:i + 500] for i in range(0, len(ids), 500)]:
                for u, n in s.execute(select(model.uuid, model.name).where(model.uuid.in_(chunk))):
                    out[u] = str(n or "")
        for ref_kind, ids in linked.items():
            out.update(record_labels(s, ref_kind, ids, mask_names=mask_names))
    return out


def display_value(f: Field, value: Any, labels: Mapping[str, str]) -> Any:
    """A value as a ledger shows it: choice labels translated, references named; dates stay dates."""
    if value is None:
        return None
    if f.kind is FieldKind.CHOICE:
        c = f.choice(value)
        return _(c.label) if c else value
    if f.kind is FieldKind.MULTI_CHOICE:
        return "、".join(_(c.label) if (c := f.choice(v)) else v for v in str(value).split(",") if v)
    if f.kind in REFERENCE_MODELS or f.kind is FieldKind.RECORD:
        return labels.get(value, "")
    return value

