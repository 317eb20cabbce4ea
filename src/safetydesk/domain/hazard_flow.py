"""The hazard workflow (domain.md §1): which moves a hazard allows from its state, what each move
needs, and which hazards are overdue or due soon.

登记 → 定级 → 下达整改（五定）→ 整改中 → 申请验收 → 验收通过 → 销号; branches: overdue → 督办
(a flag, the state stays), beyond the school's means → reported to the township (stays open).

Pure functions over a hazard's values (a mapping attr -> value): `apply_move` returns the values
to store or raises WorkflowError saying, in the UI language, what is missing. No database here;
services/hazards.py loads, applies and saves. Any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from safetydesk.domain import clock
from safetydesk.errors import WorkflowError
from safetydesk.i18n import N_, _

REGISTERED = "registered"
GRADED = "graded"
ASSIGNED = "assigned"
RECTIFYING = "rectifying"
VERIFICATION_REQUESTED = "verification_requested"
VERIFIED = "verified"
CLOSED = "closed"

STATES = (REGISTERED, GRADED, ASSIGNED, RECTIFYING, VERIFICATION_REQUESTED, VERIFIED, CLOSED)
OPEN_STATES = frozenset(STATES) - {CLOSED}
# Rectification not finished yet: these can pass their deadline.
UNFINISHED_STATES = frozenset({REGISTERED, GRADED, ASSIGNED, RECTIFYING})

DUE_SOON_DAYS = 3

# The 五定 plan: 定责任、定措施、定资金、定时限、定预案.
FIVE_FIXED = (
    ("responsible_uuid", N_("Person responsible for rectification")),
    ("measures", N_("Rectification measures")),
    ("funds_source", N_("Source of funds")),
    ("deadline", N_("Deadline")),
    ("interim_controls", N_("Interim protective or emergency measures")),
)


@dataclass(frozen=True)
class Move:
    code: str
    label: str  # N_()-marked, for buttons
    sources: frozenset[str]
    target: str | None  # None: the state stays (a flag)


MOVES: dict[str, Move] = {
    m.code: m
    for m in (
        Move("grade", N_("Grade the hazard"), frozenset({REGISTERED, GRADED}), GRADED),
        Move("assign", N_("Assign rectification (五定)"), frozenset({GRADED, ASSIGNED}), ASSIGNED),
        Move("start", N_("Start rectification"), frozenset({ASSIGNED}), RECTIFYING),
        Move(
            "request_verification",
            N_("Request verification"),
            frozenset({RECTIFYING}),
            VERIFICATION_REQUESTED,
        ),
        Move("reject", N_("Send back for rework"), frozenset({VERIFICATION_REQUESTED}), RECTIFYING),
        Move("verify", N_("Verify"), frozenset({VERIFICATION_REQUESTED}), VERIFIED),
        Move("close", N_("Strike off (销号)"), frozenset({VERIFIED}), CLOSED),
        Move("report_township", N_("Report to the township"), OPEN_STATES, None),
        Move("supervise", N_("Mark as supervised (督办)"), frozenset(UNFINISHED_STATES), None),
    )
}


def state_label(state: str) -> str:
    labels = {
        REGISTERED: N_("Logged"),
        GRADED: N_("Graded"),
        ASSIGNED: N_("Rectification ordered"),
        RECTIFYING: N_("Being rectified"),
        VERIFICATION_REQUESTED: N_("Verification requested"),
        VERIFIED: N_("Verification passed"),
        CLOSED: N_("Struck off"),
    }
    return _(labels.get(state, state))


def is_overdue(values: Mapping[str, Any], today: date | None = None) -> bool:
    """Past its deadline with the rectification not finished."""
    today = today or clock.today()
    deadline = values.get("deadline")
    return bool(values.get("status") in UNFINISHED_STATES and deadline and deadline < today)


def is_due_soon(values: Mapping[str, Any], today: date | None = None, days: int = DUE_SOON_DAYS) -> bool:
    today = today or clock.today()
    deadline = values.get("deadline")
    return bool(
        values.get("status") in UNFINISHED_STATES
        and deadline
        and today <= deadline <= today + timedelta(days=days)
    )


def _blocked(values: Mapping[str, Any], move: Move, today: date) -> str | None:
    """Why `move` is not possible from the hazard's state (None: it is)."""
    status = values.get("status") or REGISTERED
    if status not in move.sources:
        return _(
            "“{move}” is not possible while the hazard is “{state}”.",
            move=_(move.label),
            state=state_label(status),
        )
    if move.code == "report_township" and values.get("escalated_to_township"):
        return _("This hazard has already been reported to the township.")
    if move.code == "supervise":
        if values.get("supervised_on"):
            return _("This hazard is already marked as supervised.")
        if not is_overdue(values, today):
            return _("Only a hazard past its rectification deadline is put under supervision (督办).")
    return None


def allowed_moves(values: Mapping[str, Any], today: date | None = None) -> list[str]:
    """The codes of the moves possible now, in workflow order (for enabling buttons)."""
    today = today or clock.today()
    return [code for code, move in MOVES.items() if _blocked(values, move, today) is None]


def missing_five_fixed(values: Mapping[str, Any]) -> list[str]:
    """Labels (translated) of the 五定 parts a hazard still lacks."""
    return [_(label) for attr, label in FIVE_FIXED if values.get(attr) in (None, "")]


def _missing(what: list[str], action: str) -> WorkflowError:
    return WorkflowError(_("Cannot {action}: missing {missing}.", action=action, missing="、".join(what)))


def apply_move(
    values: Mapping[str, Any], code: str, params: Mapping[str, Any] | None = None, today: date | None = None
) -> dict[str, Any]:
    """The hazard's values after `code` with `params`; raises WorkflowError if not allowed.

    params by move: grade {grade, risk_colour}; assign {responsible_uuid, measures, deadline,
    funds_amount, funds_source, interim_controls, warning_set}; start {rectified_by_uuid};
    request_verification {done_on, result}; verify {verifier_uuid, verified_on};
    close {closed_on}; report_township {escalated_on}; supervise {supervised_on}.
    """
    today = today or clock.today()
    move = MOVES.get(code)
    if move is None:
        raise WorkflowError(_("Unknown workflow step “{code}”.", code=code))
    blocked = _blocked(values, move, today)
    if blocked:
        raise WorkflowError(blocked)
    p = dict(params or {})
    out = dict(values)
    found = values.get("found_on")

    def take(*attrs: str) -> None:
        for a in attrs:
            if a in p:
                out[a] = p[a]

    if code == "grade":
        take("grade", "risk_colour")
        if out.get("grade") not in ("general", "major"):
            raise _missing([_("Hazard grade")], _("grade the hazard"))
        if out["grade"] == "major" and not out.get("escalated_to_township"):
            # A major hazard is reported to the township at once (domain.md §1).
            out["escalated_to_township"] = True
            out["escalated_on"] = max(today, found) if found else today
    elif code == "assign":
        take(
            "responsible_uuid",
            "measures",
            "deadline",
            "funds_amount",
            "funds_source",
            "interim_controls",
            "warning_set",
        )
        if out.get("grade") == "major":
            missing = missing_five_fixed(out)
        else:  # a general hazard needs a person, measures and a deadline
            missing = [
                _(label) for attr, label in FIVE_FIXED[:2] + FIVE_FIXED[3:4] if out.get(attr) in (None, "")
            ]
        if missing:
            raise _missing(missing, _("assign the rectification"))
        if found and out["deadline"] < found:
            raise WorkflowError(_("The deadline cannot be before the date the hazard was found."))
    elif code == "start":
        take("rectified_by_uuid")
        out["rectified_by_uuid"] = out.get("rectified_by_uuid") or out.get("responsible_uuid")
        if not out["rectified_by_uuid"]:
            raise _missing([_("Rectified by")], _("start the rectification"))
    elif code == "request_verification":
        take("done_on", "result")
        out["done_on"] = out.get("done_on") or today
        if not (out.get("result") or "").strip():
            raise _missing([_("Rectification result")], _("request verification"))
        if found and out["done_on"] < found:
            raise WorkflowError(_("Rectification cannot be finished before the hazard was found."))
        if out["done_on"] > today:
            raise WorkflowError(_("The date rectified cannot be in the future."))
    elif code == "reject":
        out["done_on"] = None
    elif code == "verify":
        take("verifier_uuid", "verified_on")
        out["verified_on"] = out.get("verified_on") or today
        if not out.get("verifier_uuid"):
            raise _missing([_("Verified by")], _("verify the rectification"))
        if out["verifier_uuid"] == out.get("rectified_by_uuid"):
            raise WorkflowError(
                _("The verifier must be someone other than the person who rectified the hazard.")
            )
        if out.get("done_on") and out["verified_on"] < out["done_on"]:
            raise WorkflowError(_("Verification cannot be before the rectification was finished."))
    elif code == "close":
        take("closed_on")
        out["closed_on"] = out.get("closed_on") or today
        missing = []
        if out.get("grade") == "major":
            missing += missing_five_fixed(out)
        if not out.get("verifier_uuid") or not out.get("verified_on"):
            missing.append(_("a verification record (verifier and date)"))
        if missing:
            raise _missing(missing, _("strike off this hazard"))
        if out["closed_on"] < out["verified_on"]:
            raise WorkflowError(_("The hazard cannot be struck off before it was verified."))
    elif code == "report_township":
        take("escalated_on")
        out["escalated_to_township"] = True
        out["escalated_on"] = out.get("escalated_on") or today
        if found and out["escalated_on"] < found:
            raise WorkflowError(_("The hazard cannot be reported before it was found."))
    elif code == "supervise":
        take("supervised_on")
        out["supervised_on"] = out.get("supervised_on") or today
    if move.target:
        out["status"] = move.target
    return out


def move_reason(code: str, names: Mapping[str, str]) -> str:
    """The history line of a move (who did what); `names` maps staff uuids to names."""
    move = MOVES[code]
    if code == "verify" and names.get("verifier"):
        return _("Verified by {name}", name=names["verifier"])
    if code == "start" and names.get("rectifier"):
        return _("Rectification started by {name}", name=names["rectifier"])
    if code == "assign" and names.get("responsible"):
        return _("Rectification assigned to {name}", name=names["responsible"])
    return _(move.label)
