"""The hazard workflow (domain.md §1): which moves a hazard allows from its state, what each move
needs, and which hazards are overdue or due soon.

登记 → 定级 → 下达整改（五定）→ 整改中 → 申请验收 → 验收通过 → 销号; branches: overdue → 督办
(a flag, the state stays), beyond the school's means → reported to the township (stays open).

Pure functions over a hazard's values (a mapping attr -> value): `apply_move` returns the values
to store or raises WorkflowError saying, in the UI language, what is missing. No database here;
services/hazards.py loads, applies and saves. Any thread.

The states and their labels are declared here once (`STATUS_CHOICES`, which the hazard kind's
status field uses as its choices); each move names the hazard fields it asks for
(`Move.fields`, attrs of the kind), and every field label in a message comes from the kind's
registered field (`field_label`), so the step dialogs, the form, the ledger and these messages
cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain.fields import choices
from safetydesk.domain.registry import get_kind
from safetydesk.errors import WorkflowError
from safetydesk.i18n import N_, _

KIND = "hazard"

REGISTERED = "registered"
GRADED = "graded"
ASSIGNED = "assigned"
RECTIFYING = "rectifying"
VERIFICATION_REQUESTED = "verification_requested"
VERIFIED = "verified"
CLOSED = "closed"

STATUS_CHOICES = choices(
    (REGISTERED, N_("Logged")),
    (GRADED, N_("Graded")),
    (ASSIGNED, N_("Rectification ordered")),
    (RECTIFYING, N_("Being rectified")),
    (VERIFICATION_REQUESTED, N_("Verification requested")),
    (VERIFIED, N_("Verification passed")),
    (CLOSED, N_("Struck off")),
)
STATES = tuple(c.code for c in STATUS_CHOICES)
OPEN_STATES = frozenset(STATES) - {CLOSED}
# Rectification not finished yet: these can pass their deadline.
UNFINISHED_STATES = frozenset({REGISTERED, GRADED, ASSIGNED, RECTIFYING})

DUE_SOON_DAYS = 3

# The 五定 plan (定责任、定措施、定资金、定时限、定预案), as the hazard fields that hold it; a
# general hazard needs only a person, measures and a deadline.
FIVE_FIXED = ("responsible_uuid", "measures", "funds_source", "deadline", "interim_controls")
GENERAL_PLAN = ("responsible_uuid", "measures", "deadline")


@dataclass(frozen=True)
class Move:
    code: str
    label: str  # N_()-marked, for buttons
    sources: frozenset[str]
    target: str | None  # None: the state stays (a flag)
    fields: tuple[str, ...] = ()  # the hazard fields the step asks for (attrs of the kind)


MOVES: dict[str, Move] = {
    m.code: m
    for m in (
        Move("grade", N_("Grade the hazard"), frozenset({REGISTERED, GRADED}), GRADED, ("grade", "risk_colour")),
        Move(
            "assign",
            N_("Assign rectification (五定)"),
            frozenset({GRADED, ASSIGNED}),
            ASSIGNED,
            ("responsible_uuid", "measures", "funds_amount", "funds_source", "deadline", "interim_controls",
             "warning_set"),
        ),
        Move("start", N_("Start rectification"), frozenset({ASSIGNED}), RECTIFYING, ("rectified_by_uuid",)),
        Move(
            "request_verification",
            N_("Request verification"),
            frozenset({RECTIFYING}),
            VERIFICATION_REQUESTED,
            ("done_on", "result"),
        ),
        Move("reject", N_("Send back for rework"), frozenset({VERIFICATION_REQUESTED}), RECTIFYING),
        Move("verify", N_("Verify"), frozenset({VERIFICATION_REQUESTED}), VERIFIED, ("verifier_uuid", "verified_on")),
        Move("close", N_("Strike off (销号)"), frozenset({VERIFIED}), CLOSED, ("closed_on",)),
        Move("report_township", N_("Report to the township"), OPEN_STATES, None, ("escalated_on",)),
        Move("supervise", N_("Mark as supervised (督办)"), frozenset(UNFINISHED_STATES), None, ("supervised_on",)),
    )
}


def field_label(attr: str) -> str:
    """The hazard field's label (translated) as the registry declares it."""
    return _(get_kind(KIND).field(attr).label)


def state_label(state: str) -> str:
    for c in STATUS_CHOICES:
        if c.code == state:
            return _(c.label)
    return state


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


def missing_five_fixed(values: Mapping[str, Any], attrs: tuple[str, ...] = FIVE_FIXED) -> list[str]:
    """Labels (translated) of the 五定 parts (or of `attrs`) a hazard still lacks."""
    return [field_label(attr) for attr in attrs if values.get(attr) in (None, "")]


def required_fields(code: str, values: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields a move cannot do without (its dialog marks them * and checks them first);
    `apply_move` refuses the same gaps."""
    if code == "grade":
        return ("grade",)
    if code == "assign":
        return FIVE_FIXED if values.get("grade") == "major" else GENERAL_PLAN
    if code == "request_verification":
        return ("result",)
    if code == "verify":
        return ("verifier_uuid",)
    return ()


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

    for a in move.fields:  # a step changes only the fields it asks for
        if a in p:
            out[a] = p[a]

    if code == "grade":
        if out.get("grade") not in ("general", "major"):
            raise _missing([field_label("grade")], _("grade the hazard"))
        if out["grade"] == "major" and not out.get("escalated_to_township"):
            # A major hazard is reported to the township at once (domain.md §1).
            out["escalated_to_township"] = True
            out["escalated_on"] = max(today, found) if found else today
    elif code == "assign":
        missing = missing_five_fixed(out, FIVE_FIXED if out.get("grade") == "major" else GENERAL_PLAN)
        if missing:
            raise _missing(missing, _("assign the rectification"))
        if found and out["deadline"] < found:
            raise WorkflowError(_("The deadline cannot be before the date the hazard was found."))
    elif code == "start":
        out["rectified_by_uuid"] = out.get("rectified_by_uuid") or out.get("responsible_uuid")
        if not out["rectified_by_uuid"]:
            raise _missing([field_label("rectified_by_uuid")], _("start the rectification"))
    elif code == "request_verification":
        out["done_on"] = out.get("done_on") or today
        if not (out.get("result") or "").strip():
            raise _missing([field_label("result")], _("request verification"))
        if found and out["done_on"] < found:
            raise WorkflowError(_("Rectification cannot be finished before the hazard was found."))
        if out["done_on"] > today:
            raise WorkflowError(_("The date rectified cannot be in the future."))
    elif code == "reject":
        out["done_on"] = None
    elif code == "verify":
        out["verified_on"] = out.get("verified_on") or today
        if not out.get("verifier_uuid"):
            raise _missing([field_label("verifier_uuid")], _("verify the rectification"))
        if out["verifier_uuid"] == out.get("rectified_by_uuid"):
            raise WorkflowError(
                _("The verifier must be someone other than the person who rectified the hazard.")
            )
        if out.get("done_on") and out["verified_on"] < out["done_on"]:
            raise WorkflowError(_("Verification cannot be before the rectification was finished."))
    elif code == "close":
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
        out["escalated_to_township"] = True
        out["escalated_on"] = out.get("escalated_on") or today
        if found and out["escalated_on"] < found:
            raise WorkflowError(_("The hazard cannot be reported before it was found."))
    elif code == "supervise":
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
