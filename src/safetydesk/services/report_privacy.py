"""Names and phone numbers on paper: masked by default, shown only to those allowed, audited.

Every printed form and Excel ledger masks personal data unless the request asks for names
(`safetydesk report --show-names`, or the print dialog's equivalent: `ReportRequest(mask_names=
False)`): students' and guardians' names become 张*明 on the records of minors, and every phone
number becomes 138****5678, in its own column and inside running text. Staff names stay: they
sign the forms. A relationship ("母亲") is not a name and stays.

Showing names is allowed to a signed-in person whom the access policy lets read every report's
kinds (for protected kinds: counsellors, the principal, administrators); each such print or
export leaves an audit entry of its own ("show_names"). Runs on whatever thread renders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from safetydesk.domain.fields import FieldKind
from safetydesk.domain.masking import mask_name, mask_names_in_text, mask_phone, mask_phones_in_text
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.services.workspace import Workspace

SHOW_NAMES_ACTION = "show_names"

# Fields holding a person's name besides references to students (all masked on minors' records).
NAME_ATTRS: dict[str, tuple[str, ...]] = {
    "student": ("name", "guardian_name"),
    "special_group_student": ("guardian",),
    "guardian_contact": ("guardian",),
    "guardian_condition": ("reported_by",),
    "home_visit": ("family_member_met",),
}
# Ordinary kinds that still hold minors' personal details (names masked as on protected kinds).
PERSONAL_KINDS = frozenset({"student", "home_visit", "guardian_contact"})


def names_masked(kind: RecordKind) -> bool:
    """Whether the names on this kind's records are masked by default."""
    return kind.sensitive or kind.key in PERSONAL_KINDS


def name_attrs(kind: RecordKind) -> tuple[str, ...]:
    if not names_masked(kind):
        return ()
    students = tuple(f.attr for f in kind.fields if f.kind is FieldKind.STUDENT)
    return students + NAME_ATTRS.get(kind.key, ())


def phone_attrs(kind: RecordKind) -> tuple[str, ...]:
    return tuple(f.attr for f in kind.fields if f.attr.endswith("phone") and f.kind is FieldKind.TEXT)


def mask_row(kind: RecordKind, shown: MutableMapping[str, Any], extra_names: Iterable[str] = ()) -> None:
    """Mask a display row in place: its name and phone fields, and inside its other text the
    names it holds (and `extra_names`) and every phone number."""
    names = [str(shown[a]) for a in name_attrs(kind) if isinstance(shown.get(a), str) and shown[a]]
    names += [n for n in extra_names if n]
    for attr in name_attrs(kind):
        if isinstance(shown.get(attr), str):
            shown[attr] = mask_name(shown[attr])
    for attr in phone_attrs(kind):
        if isinstance(shown.get(attr), str):
            shown[attr] = mask_phone(shown[attr])
    for attr, value in shown.items():
        if attr.startswith("_"):
            continue  # the row's own bookkeeping (its uuid, raw values), never printed
        if isinstance(value, str) and value and attr not in name_attrs(kind):
            text = mask_phones_in_text(value)
            shown[attr] = mask_names_in_text(text, names) if names and names_masked(kind) else text


def mask_text(text: str, names: Iterable[str] = ()) -> str:
    """Running text of a report (a free-text cell of a computed column), masked the same way."""
    return mask_names_in_text(mask_phones_in_text(text), names)


def check_show_names(ws: Workspace, kinds: Iterable[str]) -> None:
    """Raise unless the acting person may print names on reports of these kinds (the policy's
    read right; nobody in particular never may)."""
    from safetydesk.services import access_policy, policy

    if ws.actor.username == access_policy.ANONYMOUS:
        raise access_policy.needs_credentials()
    for key in kinds:
        policy.current().check(ws.actor, get_kind(key), "read")


def may_show_names(ws: Workspace, kinds: Iterable[str]) -> bool:
    """For the print dialog: offer "show names" only to those allowed."""
    from safetydesk.errors import SafetyDeskError

    try:
        check_show_names(ws, kinds)
    except SafetyDeskError:
        return False
    return True


def log_shown(ws: Workspace, report: str, kinds: Iterable[str], out: object) -> None:
    """The audit entry of a print or export that showed names."""
    from safetydesk.services import audit

    keys = list(kinds)
    audit.log(ws.sessions, ws.actor, SHOW_NAMES_ACTION, keys[0] if len(keys) == 1 else "", None,
              f"{report} {out}")


def masked_values(kind: RecordKind, values: Mapping[str, Any], mask: bool) -> dict[str, Any]:
    """A copy of display values, masked when `mask`."""
    out = dict(values)
    if mask:
        mask_row(kind, out)
    return out
