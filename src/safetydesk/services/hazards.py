"""Hazard workflow use-cases: moves through the allowed steps, and the deadline summary.

Every move goes through records.save_in(workflow=True, action="move"), so history (who, when,
reason), search and record events stay right, and the workflow-owned fields (status, verifier,
closure...) are set only here. A move and its photo (the photo after rectification) are one
use-case and one transaction: a refused move attaches nothing, and a photo that cannot be read
leaves the hazard where it was. A refused move raises WorkflowError before anything is written.
Runs on the database thread (or any thread in the CLI); returns plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock, hazard_flow
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import _
from safetydesk.models.org import StaffMember
from safetydesk.paths import DataPaths
from safetydesk.services import attachments, records
from safetydesk.services.changes import Actor

KIND = "hazard"


@dataclass(frozen=True)
class HazardDue:
    uuid: str
    description: str
    location: str
    deadline: date
    responsible_name: str
    grade: str


@dataclass(frozen=True)
class HazardDeadlines:
    overdue: list[HazardDue]
    due_soon: list[HazardDue]


def _staff_names(s: Session, uuids: set[str | None]) -> dict[str, str]:
    wanted = {u for u in uuids if u}
    if not wanted:
        return {}
    rows = s.execute(select(StaffMember.uuid, StaffMember.name).where(StaffMember.uuid.in_(wanted)))
    return {u: n for u, n in rows}


def allowed_moves(values: Mapping[str, Any], today: date | None = None) -> list[str]:
    return hazard_flow.allowed_moves(values, today)


def move(
    sessions: sessionmaker[Session],
    actor: Actor,
    uuid: str,
    code: str,
    params: Mapping[str, Any] | None = None,
    *,
    reason: str | None = None,
    photo: Path | None = None,
    paths: DataPaths | None = None,
) -> records.SaveResult:
    """Apply one workflow move to a hazard and attach `photo` (after rectification) with it, in
    one transaction; WorkflowError (nothing written) when the move is not allowed."""
    if photo is not None and paths is None:
        raise ValueError("a photo needs the installation's paths")
    kind = get_kind(KIND)
    with sessions.begin() as s:
        current = records.get_in(s, kind, uuid, actor)
        values = hazard_flow.apply_move(current.values, code, params)
        names = _staff_names(
            s, {values.get("verifier_uuid"), values.get("rectified_by_uuid"), values.get("responsible_uuid")}
        )
        text = hazard_flow.move_reason(
            code,
            {
                "verifier": names.get(values.get("verifier_uuid") or "", ""),
                "rectifier": names.get(values.get("rectified_by_uuid") or "", ""),
                "responsible": names.get(values.get("responsible_uuid") or "", ""),
            },
        )
        if reason:
            text = f"{text}: {reason}"
        result = records.save_in(s, actor, kind, values, uuid, reason=text, workflow=True, action="move")
        if photo is None:
            return result
        assert paths is not None
        changes = result.changes | attachments.attach_in(
            s, paths, actor, KIND, uuid, Path(photo), caption=_("Photo after rectification")
        )
        return records.SaveResult(result.uuid, changes)


def deadline_summary(
    sessions: sessionmaker[Session], today: date | None = None, days: int = hazard_flow.DUE_SOON_DAYS
) -> HazardDeadlines:
    """Open hazards past their deadline (earliest first) and those due within `days` days."""
    model = get_kind(KIND).model
    today = today or clock.today()
    stmt = (
        select(model.uuid, model.description, model.location, model.deadline, model.grade, StaffMember.name)
        .outerjoin(StaffMember, StaffMember.uuid == model.responsible_uuid)
        .where(
            model.deleted_at.is_(None),
            model.status.in_(hazard_flow.UNFINISHED_STATES),
            model.deadline.is_not(None),
            model.deadline <= today + timedelta(days=days),
        )
        .order_by(model.deadline, model.uuid)
    )
    overdue: list[HazardDue] = []
    soon: list[HazardDue] = []
    with sessions() as s:
        for uuid, desc, loc, deadline, grade, name in s.execute(stmt):
            due = HazardDue(uuid, desc or "", loc or "", deadline, name or "", grade or "")
            (overdue if deadline < today else soon).append(due)
    return HazardDeadlines(overdue, soon)


def overdue_count(sessions: sessionmaker[Session], today: date | None = None) -> int:
    return len(deadline_summary(sessions, today).overdue)


def staff_options(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    """(uuid, name) of active staff, for the workflow dialogs' pickers."""
    with sessions() as s:
        stmt = select(StaffMember.uuid, StaffMember.name).where(StaffMember.deleted_at.is_(None))
        return [(u, n) for u, n in s.execute(stmt.order_by(StaffMember.name))]


def under_supervision(sessions: sessionmaker[Session], uuid: str) -> list[Any]:
    """"Under supervision by notice X, deadline D": the township notices whose items name this
    hazard, newest first (services.supervision.HazardSupervision). The hazard record itself is
    never edited by the township; this reads the notices it sent."""
    from safetydesk.services import supervision

    return list(supervision.hazard_supervision(sessions, uuid))
