"""The supervision loop's rules (mechanism 11): where a township notice (整改通知书 / 督办单) stands.

A notice goes down to a school; the school answers it with a 整改报告 (a reply); the township
reviews the reply, accepting it or sending it back with a reason; the school answers again. A
notice past its deadline and not answered (or sent back) is overdue, and the township may
escalate it (逐级督办) with a 督办单 that names it; the escalated notice is then followed through
its 督办单, which is a notice with a state of its own.

Each notice is in exactly one state on a given day:
- open: no reply yet;
- answered: the newest reply awaits the township's review;
- sent_back: the township sent the newest reply back; the school must answer again;
- accepted: the township accepted the newest reply;
- escalated: a 督办单 names it (its own replies no longer decide anything).
Overdue is open or sent back past the deadline. Only what is dated on or before the day counts;
replies and reviews of the same day are ordered by when they were recorded (created_at, which
travels with the row, so both ends order them alike).

Pure: the caller passes plain facts and the day. Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from safetydesk.i18n import N_, _

OPEN = "open"
ANSWERED = "answered"
SENT_BACK = "sent_back"
ACCEPTED = "accepted"
ESCALATED = "escalated"
STATES = (OPEN, ANSWERED, SENT_BACK, ACCEPTED, ESCALATED)
AWAITING_SCHOOL = frozenset({OPEN, SENT_BACK})  # the school has to act: these can be overdue

DECISION_ACCEPTED = "accepted"
DECISION_SENT_BACK = "sent_back"

STATE_LABELS = {
    OPEN: N_("Not answered"),
    ANSWERED: N_("Answered, awaiting review"),
    SENT_BACK: N_("Sent back"),
    ACCEPTED: N_("Accepted"),
    ESCALATED: N_("Escalated (督办)"),
}


def state_label(state: str) -> str:
    return _(STATE_LABELS[state])


@dataclass(frozen=True)
class ReviewFacts:
    reviewed_on: date
    recorded_at: datetime
    decision: str  # accepted | sent_back


@dataclass(frozen=True)
class ReplyFacts:
    replied_on: date
    recorded_at: datetime
    reviews: tuple[ReviewFacts, ...] = ()


@dataclass(frozen=True)
class NoticeFacts:
    issued_on: date
    deadline: date
    replies: tuple[ReplyFacts, ...] = ()
    escalated_on: date | None = None  # issue date of the first 督办单 naming this notice


@dataclass(frozen=True)
class NoticeCounts:
    open: int = 0
    overdue: int = 0
    answered: int = 0
    sent_back: int = 0
    accepted: int = 0
    escalated: int = 0

    @property
    def total(self) -> int:
        return self.open + self.answered + self.sent_back + self.accepted + self.escalated


def _latest_reply(n: NoticeFacts, as_of: date) -> ReplyFacts | None:
    replies = [r for r in n.replies if r.replied_on <= as_of]
    return max(replies, key=lambda r: (r.replied_on, r.recorded_at)) if replies else None


def _decision(reply: ReplyFacts, as_of: date) -> str | None:
    reviews = [r for r in reply.reviews if r.reviewed_on <= as_of]
    return max(reviews, key=lambda r: (r.reviewed_on, r.recorded_at)).decision if reviews else None


def state(n: NoticeFacts, as_of: date) -> str | None:
    """The notice's state on `as_of`, or None when it was not issued yet."""
    if n.issued_on > as_of:
        return None
    if n.escalated_on is not None and n.escalated_on <= as_of:
        return ESCALATED
    reply = _latest_reply(n, as_of)
    if reply is None:
        return OPEN
    decision = _decision(reply, as_of)
    if decision == DECISION_ACCEPTED:
        return ACCEPTED
    if decision == DECISION_SENT_BACK:
        return SENT_BACK
    return ANSWERED


def is_overdue(n: NoticeFacts, as_of: date) -> bool:
    """Open or sent back, and the deadline has passed (the day of the deadline still counts)."""
    return state(n, as_of) in AWAITING_SCHOOL and n.deadline < as_of


def counts(facts: Iterable[NoticeFacts], as_of: date) -> NoticeCounts:
    found = {s: 0 for s in STATES}
    overdue = 0
    for n in facts:
        st = state(n, as_of)
        if st is None:
            continue
        found[st] += 1
        overdue += st in AWAITING_SCHOOL and n.deadline < as_of
    return NoticeCounts(
        open=found[OPEN],
        overdue=overdue,
        answered=found[ANSWERED],
        sent_back=found[SENT_BACK],
        accepted=found[ACCEPTED],
        escalated=found[ESCALATED],
    )
