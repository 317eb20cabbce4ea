"""The role policy: who may list, read, create, change and delete which record kinds.

Sensitive kinds (RecordKind.sensitive: psychological cases, special conditions, bullying cases...)
are visible only to counsellors, principals and administrators; to a class teacher for the
students of their own class when the school allows it (the setting `access.class_teacher_sensitive`,
read through services.settings);
and to anyone holding a break-glass grant for one record (a written reason, logged, expiring,
shown to the principal). Viewers only read. Install with `install()` (services.policy.set_policy).

`check` needs the record's session for per-record decisions (it uses the row's own session).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session, object_session, sessionmaker

import safetydesk.models.access  # noqa: F401
from safetydesk.domain import clock
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.domain.settings import CLASS_TEACHER_SENSITIVE
from safetydesk.errors import AuthenticationError, PermissionDenied, ValidationError
from safetydesk.i18n import _
from safetydesk.models.access import BreakGlassGrant
from safetydesk.models.local import UserAccount
from safetydesk.models.org import SchoolClass
from safetydesk.services import audit, field_crypto, policy, settings
from safetydesk.services.changes import Actor

SENSITIVE_ROLES = frozenset({"admin", "counsellor", "principal", "township_admin", "supervisor"})
READ_ONLY_ROLES = frozenset({"viewer", "township_viewer"})
CLASS_TEACHER = "class_teacher"
ANONYMOUS = "-"  # a command run without credentials
CLASS_TEACHER_SETTING = CLASS_TEACHER_SENSITIVE.key
BREAK_GLASS_HOURS = 8
MIN_REASON = 10
READ_ACTIONS = frozenset({"list", "read"})


def _now() -> datetime:
    return clock.now()


def class_teachers_allowed(session: Session) -> bool:
    return bool(settings.get_in(session, CLASS_TEACHER_SETTING))


def class_teachers_setting(sessions: sessionmaker[Session]) -> bool:
    with sessions() as s:
        return class_teachers_allowed(s)


def set_class_teachers_allowed(sessions: sessionmaker[Session], actor: Actor, allowed: bool) -> None:
    """The principal or an administrator; checked and audited by services.settings."""
    if not settings.may_write(actor, CLASS_TEACHER_SETTING):
        raise PermissionDenied(_("Only the principal or an administrator can change this."))
    settings.write(sessions, actor, {CLASS_TEACHER_SETTING: allowed})


def _own_classes(username: str) -> Any:
    return (
        select(SchoolClass.uuid)
        .join(UserAccount, UserAccount.staff_uuid == SchoolClass.head_teacher_uuid)
        .where(UserAccount.username == username, SchoolClass.deleted_at.is_(None))
    )


def _granted(username: str, kind: RecordKind) -> Any:
    return select(BreakGlassGrant.record_uuid).where(
        BreakGlassGrant.username == username,
        BreakGlassGrant.kind == kind.key,
        BreakGlassGrant.expires_at > _now(),
    )


def _denied(kind: RecordKind) -> PermissionDenied:
    return PermissionDenied(
        _(
            "{kind} are protected: only counsellors, the principal and administrators may open them "
            "(a class teacher only for their own class, where the school allows it). In an emergency "
            "use break-glass access with a written reason.",
            kind=_(kind.title),
        )
    )


def needs_credentials() -> AuthenticationError:
    return AuthenticationError(
        _(
            "This touches protected records: give the credentials of an account allowed to see them "
            "with --user NAME --password-file FILE (or SAFETYDESK_USER and SAFETYDESK_PASSWORD_FILE)."
        )
    )


class RolePolicy:
    def can(self, actor: Actor, kind: RecordKind, action: str, record: Any = None) -> bool:
        try:
            self.check(actor, kind, action, record)
        except (PermissionDenied, AuthenticationError):
            return False
        return True

    def check(self, actor: Actor, kind: RecordKind, action: str, record: Any = None) -> None:
        if kind.sensitive and actor.username == ANONYMOUS:
            raise needs_credentials()
        if actor.role in READ_ONLY_ROLES and action not in READ_ACTIONS:
            raise PermissionDenied(_("Your account may only read records."))
        if not kind.sensitive or actor.role in SENSITIVE_ROLES:
            return
        if action == "list":
            return  # row_filter limits the rows
        if actor.role == CLASS_TEACHER:
            session = object_session(record) if record is not None else None
            if session is not None and class_teachers_allowed(session):
                class_uuid = getattr(record, kind.class_field, None) if kind.class_field else None
                if class_uuid and session.scalar(
                    _own_classes(actor.username).where(SchoolClass.uuid == class_uuid).limit(1)
                ):
                    return
        if action == "read" and record is not None:
            session = object_session(record)
            if session is not None and session.scalar(
                select(BreakGlassGrant.id)
                .where(
                    BreakGlassGrant.username == actor.username,
                    BreakGlassGrant.kind == kind.key,
                    BreakGlassGrant.record_uuid == record.uuid,
                    BreakGlassGrant.expires_at > _now(),
                )
                .limit(1)
            ):
                return
        raise _denied(kind)

    def row_filter(self, actor: Actor, kind: RecordKind) -> ColumnElement[bool] | None:
        if not kind.sensitive or actor.role in SENSITIVE_ROLES:
            return None
        model = kind.model
        allowed: list[ColumnElement[bool]] = [model.uuid.in_(_granted(actor.username, kind))]
        if actor.role == CLASS_TEACHER and kind.class_field:
            setting_on = settings.sql_is_true(CLASS_TEACHER_SETTING)
            class_col = field_crypto.plain_sql(kind, kind.class_field)  # sealed: opened in SQL
            allowed.append(and_(setting_on, class_col.in_(_own_classes(actor.username))))
        return or_(*allowed) if allowed else false()


def install() -> None:
    policy.set_policy(RolePolicy())


# --- break-glass ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    id: int
    username: str
    kind: str
    record_uuid: str
    reason: str
    granted_at: datetime
    expires_at: datetime
    seen_by_principal: bool


def break_glass(
    sessions: sessionmaker[Session], actor: Actor, kind_key: str, record_uuid: str, reason: str
) -> Grant:
    """Open one protected record in an emergency: needs a written reason; logged; expires after
    a working day; listed for the principal until they acknowledge it."""
    kind = get_kind(kind_key)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        msg = _("Write the reason (at least {n} characters): it is shown to the principal.", n=MIN_REASON)
        raise ValidationError(msg, {"reason": msg})
    if actor.username == ANONYMOUS:
        raise needs_credentials()
    now = _now()
    with sessions.begin() as s:
        if s.get(kind.model, record_uuid) is None:
            raise ValidationError(_("That record no longer exists. Refresh the list."))
        row = BreakGlassGrant(
            username=actor.username,
            kind=kind.key,
            record_uuid=record_uuid,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(hours=BREAK_GLASS_HOURS),
        )
        s.add(row)
        s.flush()
        audit.append(s, actor, "break_glass", kind.key, record_uuid, reason)
        return _grant(row)


def _grant(r: BreakGlassGrant) -> Grant:
    return Grant(
        r.id, r.username, r.kind, r.record_uuid, r.reason, r.granted_at, r.expires_at, r.seen_by_principal
    )


def grants(sessions: sessionmaker[Session], unseen_only: bool = False) -> list[Grant]:
    with sessions() as s:
        stmt = select(BreakGlassGrant).order_by(BreakGlassGrant.id.desc())
        if unseen_only:
            stmt = stmt.where(BreakGlassGrant.seen_by_principal.is_(False))
        return [_grant(r) for r in s.scalars(stmt)]


def acknowledge(sessions: sessionmaker[Session], actor: Actor, grant_id: int) -> None:
    if actor.role not in ("principal", "admin"):
        raise PermissionDenied(_("Only the principal can acknowledge break-glass access."))
    with sessions.begin() as s:
        row = s.get(BreakGlassGrant, grant_id)
        if row is not None and not row.seen_by_principal:
            row.seen_by_principal = True
            audit.append(s, actor, "break_glass_seen", row.kind, row.record_uuid, str(grant_id))


def protected_records_of_student(
    sessions: sessionmaker[Session], kind_key: str, student_uuid: str
) -> list[str]:
    """Live records of a sensitive kind about one student (what break-glass would open)."""
    kind = get_kind(kind_key)
    if not kind.has_field("student_uuid"):
        return []
    model = kind.model
    with sessions() as s:
        return list(
            s.scalars(
                select(model.uuid).where(
                    field_crypto.plain_sql(kind, "student_uuid") == student_uuid, model.deleted_at.is_(None)
                )
            )
        )


def break_glass_for_student(
    sessions: sessionmaker[Session], actor: Actor, kind_key: str, student_uuid: str, reason: str
) -> list[Grant]:
    """Break-glass for every record of `kind_key` about one student (the dialog's unit)."""
    uuids = protected_records_of_student(sessions, kind_key, student_uuid)
    if not uuids:
        raise ValidationError(_("There is no such record about this student."))
    return [break_glass(sessions, actor, kind_key, u, reason) for u in uuids]
