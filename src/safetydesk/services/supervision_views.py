"""What the supervision service returns: a notice with its items, the school's reports and their
answers, the township's reviews, and where the notice stands (domain/supervision.py), read in a
few queries for any number of notices. Split from services/supervision.py (the use-cases), which
re-exports these names. Plain frozen dataclasses; runs inside the caller's session, any thread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetydesk.domain import supervision as rules
from safetydesk.domain.registry import get_kind
from safetydesk.domain.supervision import NoticeCounts, NoticeFacts, ReplyFacts, ReviewFacts
from safetydesk.services import schools

NOTICE = "rectification_notice"
ITEM = "rectification_item"
REPLY = "rectification_reply"
ANSWER = "rectification_answer"
REVIEW = "rectification_review"


# --- what callers get -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    uuid: str
    number: int
    problem: str
    basis: str
    requirement: str
    hazard_uuid: str | None
    hazard_label: str  # the hazard's location and description, when the item points at one


@dataclass(frozen=True)
class AnswerView:
    item_uuid: str
    measures: str
    completion: str
    done_on: date | None


@dataclass(frozen=True)
class ReviewView:
    uuid: str
    decision: str  # accepted | sent_back
    reason: str
    reviewed_on: date
    reviewed_by: str


@dataclass(frozen=True)
class ReplyView:
    uuid: str
    replied_on: date
    completion: str
    remarks: str
    answers: tuple[AnswerView, ...]
    review: ReviewView | None  # the township's latest review of this reply


@dataclass(frozen=True)
class NoticeView:
    uuid: str
    doc_number: str
    notice_type: str
    school_code: str
    school_name: str
    issued_on: date
    deadline: date
    issued_by: str
    state: str  # domain/supervision.py: open | answered | sent_back | accepted | escalated
    overdue: bool
    escalates_uuid: str | None  # a 督办单: the notice it escalates
    escalated_by: str | None  # the 督办单 that escalated this notice
    items: tuple[ItemView, ...]
    replies: tuple[ReplyView, ...]  # oldest first

    @property
    def latest_reply(self) -> ReplyView | None:
        return self.replies[-1] if self.replies else None


@dataclass(frozen=True)
class SchoolNotices:
    code: str
    name: str
    counts: NoticeCounts


@dataclass(frozen=True)
class HazardSupervision:
    """A school hazard placed under 督办 by a township notice's item (for the hazard page)."""

    notice_uuid: str
    doc_number: str
    notice_type: str
    deadline: date
    state: str
    overdue: bool
    item_number: int
    problem: str


def load_views(s: Session, notice_rows: Sequence[Any], as_of: date) -> list[NoticeView]:
    """Views of `notice_rows` with their items, replies, answers and reviews (a few queries)."""
    if not notice_rows:
        return []
    ids = [n.uuid for n in notice_rows]
    item_m, reply_m, answer_m, review_m, notice_m = (
        get_kind(k).model for k in (ITEM, REPLY, ANSWER, REVIEW, NOTICE)
    )
    hazard_m = get_kind("hazard").model
    items: dict[str, list[Any]] = defaultdict(list)
    for row in s.scalars(
        select(item_m).where(item_m.notice_uuid.in_(ids), item_m.deleted_at.is_(None)).order_by(item_m.number)
    ):
        items[row.notice_uuid].append(row)
    hazard_ids = {i.hazard_uuid for rows in items.values() for i in rows if i.hazard_uuid}
    hazards = {
        u: "：".join(p for p in (loc or "", desc or "") if p)
        for u, loc, desc in s.execute(
            select(hazard_m.uuid, hazard_m.location, hazard_m.description).where(hazard_m.uuid.in_(hazard_ids))
        )
    } if hazard_ids else {}  # fmt: skip
    owners = {n.uuid: n.school_code for n in notice_rows}
    reply_rows = [
        r
        for r in s.scalars(select(reply_m).where(reply_m.notice_uuid.in_(ids), reply_m.deleted_at.is_(None)))
        if r.owner == owners[r.notice_uuid]  # only the addressed school answers
    ]
    reply_ids = [r.uuid for r in reply_rows]
    answers: dict[str, list[AnswerView]] = defaultdict(list)
    reviews: dict[str, list[Any]] = defaultdict(list)
    if reply_ids:
        for a in s.scalars(
            select(answer_m).where(answer_m.reply_uuid.in_(reply_ids), answer_m.deleted_at.is_(None))
        ):
            answers[a.reply_uuid].append(AnswerView(a.item_uuid, a.measures, a.completion, a.done_on))
        for r in s.scalars(
            select(review_m).where(review_m.reply_uuid.in_(reply_ids), review_m.deleted_at.is_(None))
        ):
            reviews[r.reply_uuid].append(r)
    escalations = {
        e.escalates_uuid: e
        for e in sorted(
            s.scalars(
                select(notice_m).where(notice_m.escalates_uuid.in_(ids), notice_m.deleted_at.is_(None))
            ),
            key=lambda e: (e.issued_on, e.created_at),
            reverse=True,
        )
    }
    names = schools.names_in(s)
    by_notice: dict[str, list[Any]] = defaultdict(list)
    for r in reply_rows:
        by_notice[r.notice_uuid].append(r)
    out = []
    for n in notice_rows:
        reply_views, reply_facts = [], []
        for r in sorted(by_notice[n.uuid], key=lambda r: (r.replied_on, r.created_at)):
            if r.replied_on > as_of:
                continue
            done = [v for v in reviews[r.uuid] if v.reviewed_on <= as_of]
            latest = max(done, key=lambda v: (v.reviewed_on, v.created_at)) if done else None
            order = {i.uuid: i.number for i in items[n.uuid]}
            reply_views.append(ReplyView(
                r.uuid, r.replied_on, r.completion, r.items_measures or "",
                tuple(sorted(answers[r.uuid], key=lambda a: order.get(a.item_uuid, 0))),
                None if latest is None else ReviewView(
                    latest.uuid, latest.decision, latest.reason or "", latest.reviewed_on, latest.reviewed_by or ""
                ),
            ))  # fmt: skip
            reply_facts.append(ReplyFacts(
                r.replied_on, r.created_at,
                tuple(ReviewFacts(v.reviewed_on, v.created_at, v.decision) for v in reviews[r.uuid]),
            ))  # fmt: skip
        escalation = escalations.get(n.uuid)
        escalated_on = escalation.issued_on if escalation is not None else None
        facts = NoticeFacts(n.issued_on, n.deadline, tuple(reply_facts), escalated_on)
        state = rules.state(facts, as_of) or rules.OPEN
        out.append(NoticeView(
            n.uuid, n.doc_number, n.notice_type, n.school_code, names.get(n.school_code, n.school_name),
            n.issued_on, n.deadline, n.issued_by, state, rules.is_overdue(facts, as_of), n.escalates_uuid,
            escalation.uuid if escalation is not None and escalated_on and escalated_on <= as_of else None,
            tuple(ItemView(i.uuid, i.number, i.problem, i.basis or "", i.requirement or "", i.hazard_uuid,
                           hazards.get(i.hazard_uuid or "", "")) for i in items[n.uuid]),
            tuple(reply_views),
        ))  # fmt: skip
    return out


