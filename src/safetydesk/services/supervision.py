"""The supervision loop (mechanism 11) at both ends: issue a notice with its items (township),
answer it item by item (school), accept or send back the answer (township), escalate an overdue
notice with a 督办单 (township); and read where every notice stands.

Each use-case writes in ONE transaction through records.create_in (history, record events and
the search index as any save), and only rows this installation owns: the school's answer points
at the township's notice and items, the township's review points at the school's reply; nobody
edits the other side's rows. What travels is routed by the rows' `school_code`
(services/schools.py, sync/export.py). Where a notice stands comes from domain/supervision.py,
the same rules `status` counts with, so both ends see the same state once packages have gone
both ways. The clock is domain/clock.py (deadlines, overdue, today's date).

Runs on the DB thread or in a command; returns plain dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import safetydesk.kinds  # noqa: F401  (every kind registered)
from safetydesk.domain import clock
from safetydesk.domain import supervision as rules
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.domain.validation import clean
from safetydesk.errors import SafetyDeskError, ValidationError, WorkflowError
from safetydesk.i18n import _
from safetydesk.models.local import Installation
from safetydesk.services import policy, records, schools
from safetydesk.services.changes import Actor, Changes
from safetydesk.services.installation import SCHOOL, TOWNSHIP
from safetydesk.services.supervision_views import (
    AnswerView,
    HazardSupervision,
    ItemView,
    NoticeView,
    ReplyView,
    ReviewView,
    SchoolNotices,
    load_views,
)

__all__ = [  # the views live in supervision_views; callers find everything here
    "AnswerDraft", "AnswerView", "HazardSupervision", "ItemDraft", "ItemView", "NoticeDraft", "NoticeView",
    "ReplyView", "ReviewView", "SchoolNotices", "counts_by_school", "escalate", "hazard_supervision",
    "issue_notice", "notice", "notice_of_reply", "notices", "reply", "review",
]

NOTICE = "rectification_notice"
ITEM = "rectification_item"
REPLY = "rectification_reply"
ANSWER = "rectification_answer"
REVIEW = "rectification_review"
SUPERVISION_ORDER = "supervision_order"
ESCALATION_DAYS = 7  # a 督办单's default deadline, from the day it is issued
CHANGED = Changes.of(NOTICE, ITEM, REPLY, ANSWER, REVIEW)


# --- what callers pass ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemDraft:
    """One item of a notice: 问题 / 依据 / 整改要求, optionally the school's hazard it is about."""

    problem: str
    basis: str = ""
    requirement: str = ""
    hazard_uuid: str | None = None


@dataclass(frozen=True)
class NoticeDraft:
    school_code: str
    doc_number: str
    deadline: date
    issued_by: str
    items: tuple[ItemDraft, ...]
    notice_type: str = "rectification"  # or "supervision_order" (督办单)
    issued_on: date | None = None  # default today
    inspected_on: date | None = None
    team: str = ""
    method: str | None = None
    reply_method: str = ""
    signed_by: str = ""


@dataclass(frozen=True)
class AnswerDraft:
    """The school's answer to one item: measures taken, completion, the day it was done."""

    item_uuid: str
    measures: str
    completion: str = "done"  # done | in_progress | planned
    done_on: date | None = None


# --- helpers --------------------------------------------------------------------------------------


def _installation(s: Session) -> Installation:
    inst = s.get(Installation, 1)
    if inst is None:
        raise SafetyDeskError(_("This database has no installation identity. Run 'safetydesk init'."))
    return inst


def _only_at(s: Session, role: str) -> Installation:
    inst = _installation(s)
    if inst.role != role:
        raise WorkflowError(
            _("Only a township centre issues, reviews and escalates notices.")
            if role == TOWNSHIP
            else _("Only the school a notice is addressed to answers it.")
        )
    return inst


def _create(s: Session, actor: Actor, kind: RecordKind, values: dict[str, Any], reason: str | None = None) -> str:
    policy.current().check(actor, kind, "create")
    return records.create_in(s, actor, kind, clean(kind, values), clock.now(), reason=reason)


def _live_row(s: Session, kind_key: str, uuid: str) -> Any:
    row = s.get(get_kind(kind_key).model, uuid)
    if row is None or row.deleted_at is not None:
        raise SafetyDeskError(
            _("No {kind} record has the ID {id}.", kind=_(get_kind(kind_key).title), id=uuid)
        )
    return row


def _text(value: Any) -> str:
    return str(value or "").strip()


# --- reading --------------------------------------------------------------------------------------


def notices(
    sessions: sessionmaker[Session],
    school: str | None = None,
    as_of: date | None = None,
    states: Iterable[str] | None = None,
) -> list[NoticeView]:
    """The notices issued up to `as_of` (default today), newest first: at a township those it
    issued (to `school`, or to every school), at a school those addressed to it."""
    as_of = as_of or clock.today()
    wanted = set(states) if states is not None else None
    model = get_kind(NOTICE).model
    with sessions() as s:
        inst = _installation(s)
        stmt = select(model).where(model.deleted_at.is_(None), model.issued_on <= as_of)
        if inst.role == SCHOOL:
            if school and school != inst.org_code:
                schools.resolve(sessions, school)  # says this school holds no other school's records
            stmt = stmt.where(model.school_code == inst.org_code)
        elif school:
            schools.resolve(sessions, school)
            stmt = stmt.where(model.school_code == school)
        rows = list(s.scalars(stmt.order_by(model.issued_on.desc(), model.created_at.desc())))
        views = load_views(s, rows, as_of)
    return [v for v in views if wanted is None or v.state in wanted]


def notice(sessions: sessionmaker[Session], uuid: str, as_of: date | None = None) -> NoticeView:
    """One notice with its items, replies and reviews."""
    with sessions() as s:
        row = _live_row(s, NOTICE, uuid)
        return load_views(s, [row], as_of or clock.today())[0]


def notice_of_reply(sessions: sessionmaker[Session], reply_uuid: str) -> str:
    """The uuid of the notice a school's report answers."""
    with sessions() as s:
        return str(_live_row(s, REPLY, reply_uuid).notice_uuid)


def counts_by_school(sessions: sessionmaker[Session], as_of: date | None = None) -> list[SchoolNotices]:
    """Per school (a township: every trusted school; a school: itself), how many notices are open,
    overdue, answered, sent back, accepted and escalated: the numbers `status` reports."""
    from safetydesk.services import status

    return [
        SchoolNotices(st.code, st.name, st.notices) for st in status.statuses(sessions, as_of)
    ]


def hazard_supervision(
    sessions: sessionmaker[Session], hazard_uuid: str, as_of: date | None = None
) -> list[HazardSupervision]:
    """The township notices whose items name this hazard: "under supervision by notice X, deadline
    D" for the hazard page, newest first. The school's hazard record itself is never edited."""
    as_of = as_of or clock.today()
    item_m, notice_m = get_kind(ITEM).model, get_kind(NOTICE).model
    with sessions() as s:
        pairs = s.execute(
            select(item_m.notice_uuid, item_m.number, item_m.problem).where(
                item_m.hazard_uuid == hazard_uuid, item_m.deleted_at.is_(None)
            )
        ).all()
        rows = list(
            s.scalars(
                select(notice_m).where(
                    notice_m.uuid.in_([p[0] for p in pairs]),
                    notice_m.deleted_at.is_(None),
                    notice_m.issued_on <= as_of,
                )
            )
        )
        views = {v.uuid: v for v in load_views(s, rows, as_of)}
    out = [
        HazardSupervision(v.uuid, v.doc_number, v.notice_type, v.deadline, v.state, v.overdue, number, problem)
        for notice_uuid, number, problem in pairs
        if (v := views.get(notice_uuid)) is not None
    ]
    return sorted(out, key=lambda h: (h.deadline, h.doc_number), reverse=True)


# --- the township ---------------------------------------------------------------------------------


def _check_hazards(s: Session, school_code: str, items: Sequence[ItemDraft]) -> None:
    hazard_m = get_kind("hazard").model
    for number, item in enumerate(items, 1):
        if not item.hazard_uuid:
            continue
        row = s.get(hazard_m, item.hazard_uuid)
        if row is None or row.deleted_at is not None or row.owner != school_code:
            raise ValidationError(
                _(
                    "Item {n}: the hazard {id} is not a hazard of school {school} held here; import "
                    "the school's latest package first.",
                    n=number,
                    id=item.hazard_uuid,
                    school=school_code,
                ),
                {"hazard_uuid": _("Choose a hazard of the school the notice is addressed to.")},
            )


def _add_items(s: Session, actor: Actor, notice_uuid: str, school_code: str, items: Sequence[ItemDraft]) -> None:
    kind = get_kind(ITEM)
    for number, item in enumerate(items, 1):
        _create(s, actor, kind, {
            "notice_uuid": notice_uuid, "school_code": school_code, "number": number,
            "problem": item.problem, "basis": item.basis or None, "requirement": item.requirement or None,
            "hazard_uuid": item.hazard_uuid or None,
        })  # fmt: skip


def issue_notice(sessions: sessionmaker[Session], actor: Actor, draft: NoticeDraft) -> str:
    """A township issues a 整改通知书 (or 督办单) with its items to one of its schools; returns the
    notice's uuid. Refused (nothing written) at a school, to an unknown school, without items, or
    with an item naming a hazard that is not that school's."""
    if not draft.items:
        raise ValidationError(_("A notice needs at least one item (problem, basis, requirement)."))
    if any(not _text(i.problem) for i in draft.items):
        raise ValidationError(_("Every item needs the problem found."), {"problem": _("Problem is required.")})
    school = schools.resolve(sessions, draft.school_code)
    with sessions.begin() as s:
        _only_at(s, TOWNSHIP)
        _check_hazards(s, school.code, draft.items)
        uuid = _create(s, actor, get_kind(NOTICE), {
            "doc_number": draft.doc_number, "notice_type": draft.notice_type, "school_code": school.code,
            "school_name": school.name, "inspected_on": draft.inspected_on, "team": draft.team or None,
            "method": draft.method, "deadline": draft.deadline, "reply_method": draft.reply_method or None,
            "issued_by": draft.issued_by, "issued_on": draft.issued_on or clock.today(),
            "signed_by": draft.signed_by or None,
        })  # fmt: skip
        _add_items(s, actor, uuid, school.code, draft.items)
    return uuid


def review(
    sessions: sessionmaker[Session],
    actor: Actor,
    reply_uuid: str,
    *,
    accept: bool,
    reason: str = "",
    reviewed_on: date | None = None,
    reviewed_by: str = "",
) -> str:
    """The township records its review of a school's reply: accepted, or sent back with a reason
    (the school then answers again). Only the newest reply of a notice, once."""
    reviewed_on = reviewed_on or clock.today()
    if not accept and not _text(reason):
        raise ValidationError(
            _("Say why the report is sent back, so the school knows what to do."),
            {"reason": _("Say why the report is sent back, so the school knows what to do.")},
        )
    with sessions.begin() as s:
        inst = _only_at(s, TOWNSHIP)
        reply = _live_row(s, REPLY, reply_uuid)
        notice_row = _live_row(s, NOTICE, reply.notice_uuid)
        if notice_row.owner != inst.org_code:
            raise WorkflowError(_("This report answers another township's notice; only it reviews it."))
        view = load_views(s, [notice_row], max(reviewed_on, reply.replied_on))[0]
        latest = view.latest_reply
        if latest is None or latest.uuid != reply_uuid:
            raise WorkflowError(
                _("The school has answered this notice again since; review its newest report instead.")
            )
        if latest.review is not None:
            raise WorkflowError(
                _("This report was already reviewed ({decision}) on {date}.",
                  decision=rules.state_label(rules.ACCEPTED if latest.review.decision == "accepted"
                                             else rules.SENT_BACK),
                  date=latest.review.reviewed_on.isoformat())
            )  # fmt: skip
        if view.state == rules.ESCALATED:
            raise WorkflowError(_("This notice was escalated; review the answer to its supervision order."))
        return _create(s, actor, get_kind(REVIEW), {
            "reply_uuid": reply_uuid, "notice_uuid": notice_row.uuid, "school_code": notice_row.school_code,
            "decision": rules.DECISION_ACCEPTED if accept else rules.DECISION_SENT_BACK,
            "reason": _text(reason) or None, "reviewed_on": reviewed_on, "reviewed_by": reviewed_by or None,
        })  # fmt: skip


def escalate(
    sessions: sessionmaker[Session],
    actor: Actor,
    notice_uuid: str,
    *,
    deadline: date | None = None,
    doc_number: str = "",
    issued_by: str = "",
) -> str:
    """逐级督办: a 督办单 naming an overdue notice, repeating its items (and the hazards they name),
    with a new deadline (default a week from today); returns the 督办单's uuid."""
    today = clock.today()
    with sessions.begin() as s:
        inst = _only_at(s, TOWNSHIP)
        row = _live_row(s, NOTICE, notice_uuid)
        if row.owner != inst.org_code:
            raise WorkflowError(_("Only the township that issued a notice escalates it."))
        view = load_views(s, [row], today)[0]
        if view.state == rules.ESCALATED:
            raise WorkflowError(_("This notice is already escalated by a supervision order."))
        if not view.overdue:
            raise WorkflowError(
                _("Only an overdue notice (not answered, or sent back, after its deadline {date}) is "
                  "escalated.", date=row.deadline.isoformat())
            )  # fmt: skip
        uuid = _create(s, actor, get_kind(NOTICE), {
            "doc_number": doc_number or _("{number} (supervision order)", number=row.doc_number),
            "notice_type": SUPERVISION_ORDER, "school_code": row.school_code, "school_name": row.school_name,
            "inspected_on": row.inspected_on, "team": row.team, "method": row.method,
            "deadline": deadline or today + timedelta(days=ESCALATION_DAYS), "reply_method": row.reply_method,
            "issued_by": issued_by or row.issued_by, "issued_on": today, "signed_by": None,
            "escalates_uuid": row.uuid,  # workflow-owned (editable=False): set only here
        }, reason=_("Escalates the overdue notice {number}", number=row.doc_number))  # fmt: skip
        _add_items(s, actor, uuid, row.school_code, [
            ItemDraft(i.problem, i.basis, i.requirement, i.hazard_uuid) for i in view.items
        ])  # fmt: skip
    return uuid


# --- the school -----------------------------------------------------------------------------------


def _overall(answers: Sequence[AnswerDraft]) -> str:
    done = [a.completion == "done" for a in answers]
    if all(done):
        return "all_done"
    return "partly_done" if any(done) else "in_progress"


def reply(
    sessions: sessionmaker[Session],
    actor: Actor,
    notice_uuid: str,
    answers: Sequence[AnswerDraft],
    *,
    replied_on: date | None = None,
    remarks: str = "",
    replied_by_uuid: str | None = None,
) -> str:
    """The school's 整改报告: one answer per item of the notice (measures, completion, date done).
    Refused while an earlier report awaits the township's review, and once a report is accepted."""
    replied_on = replied_on or clock.today()
    with sessions.begin() as s:
        inst = _only_at(s, SCHOOL)
        row = _live_row(s, NOTICE, notice_uuid)
        if row.school_code != inst.org_code:
            raise WorkflowError(_("This notice is addressed to {school}, not to this school.", school=row.school_code))
        view = load_views(s, [row], max(replied_on, clock.today()))[0]
        if view.state == rules.ANSWERED:
            raise WorkflowError(_("The report already sent awaits the township's review; answer again only if "
                                  "it is sent back."))  # fmt: skip
        if view.state == rules.ACCEPTED:
            raise WorkflowError(_("The township has accepted the report on this notice; nothing is left to answer."))
        if view.state == rules.ESCALATED:
            raise WorkflowError(_("This notice was escalated: answer its supervision order instead."))
        if replied_on < row.issued_on:
            raise ValidationError(_("A report cannot be dated before the notice was issued."),
                                  {"replied_on": _("A report cannot be dated before the notice was issued.")})
        items = {i.uuid: i for i in view.items}
        given = [a.item_uuid for a in answers]
        if len(set(given)) != len(given) or set(given) - set(items):
            raise ValidationError(_("Answer each item of this notice once."))
        missing = [items[u].number for u in items if u not in given]
        if missing:
            raise ValidationError(
                _("Answer every item of the notice; items {numbers} have no answer.",
                  numbers="、".join(str(n) for n in sorted(missing)))
            )  # fmt: skip
        uuid = _create(s, actor, get_kind(REPLY), {
            "notice_uuid": notice_uuid, "items_measures": remarks or None, "completion": _overall(answers),
            "replied_on": replied_on, "replied_by_uuid": replied_by_uuid,
        })  # fmt: skip
        kind = get_kind(ANSWER)
        for a in sorted(answers, key=lambda a: items[a.item_uuid].number):
            _create(s, actor, kind, {"reply_uuid": uuid, "item_uuid": a.item_uuid, "measures": a.measures,
                                     "completion": a.completion, "done_on": a.done_on})  # fmt: skip
    return uuid
