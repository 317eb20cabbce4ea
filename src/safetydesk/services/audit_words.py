"""The words an audit entry is shown and exported with: an action code as the 操作日志 names it,
a record kind by its title, changed fields by their form labels (a role: domain.roles.role_title).
No Qt: the audit page and the Excel export (services.audit.export_excel) say the same."""

from __future__ import annotations

from typing import Any

from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _

# What an action code reads as in the list and the filter (an unknown code shows as it is).
ACTION_LABELS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "restore": N_("Restored"),
    "read": N_("Viewed"),
    "move": N_("Status changed"),
    "export": N_("Exported"),
    "print": N_("Printed"),
    "break_glass": N_("Break-glass access"),
    "login": N_("Signed in"),
    "login_failed": N_("Failed sign-in"),
    "user_add": N_("User added"),
    "user_change": N_("User changed"),
    "password_change": N_("Password changed"),
    "password_reset": N_("Password reset"),
    "backup": N_("Backup"),
    "setting": N_("Setting changed"),
    "package_export": N_("Package exported"),
    "package_import": N_("Package imported"),
    "trust": N_("Other side trusted"),
    "trust_key_replaced": N_("Other side's key replaced"),
    "break_glass_seen": N_("Break-glass access seen by the principal"),
    "password_recovered": N_("Password recovered with the recovery code"),
    "county_set": N_("County bureau set"),
    "county_rules": N_("County rules followed"),
    "county_rules_declined": N_("County rules declined (another key)"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return _(label) if label else code


def kind_title(key: str) -> str:
    try:
        return _(get_kind(key).title)
    except KeyError:
        return key


def changed_fields(kind: str, changes: dict[str, Any]) -> str:
    """The changed fields by their labels, as the form names them."""
    try:
        k = get_kind(kind)
    except KeyError:
        return "、".join(sorted(changes))
    return "、".join(_(k.field(a).label) if k.has_field(a) else a for a in changes)
