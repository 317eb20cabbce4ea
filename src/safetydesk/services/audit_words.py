"""The words an audit entry is shown and exported with: an action code as the 操作日志 names it,
a record kind by its title, changed fields by their form labels (a role: domain.roles.role_title).
No Qt: the audit page and the Excel export (services.audit.export_excel) say the same."""

from __future__ import annotations

from typing import Any

from safetydesk.domain import settings as setting_vars
from safetydesk.domain.registry import get_kind
from safetydesk.errors import ValidationError
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
    "county_key_confirmed": N_("County bureau's new key confirmed"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return _(label) if label else code


# What an entry's "kind" names when it is not a record kind (the audit log's own export).
OTHER_KINDS = {"audit_log": N_("Audit log")}


def kind_title(key: str) -> str:
    try:
        return _(get_kind(key).title)
    except KeyError:
        return _(OTHER_KINDS[key]) if key in OTHER_KINDS else key


def _setting(key: str) -> setting_vars.SettingVar | None:
    try:
        return setting_vars.get_var(key)
    except ValidationError:  # a setting no longer declared: its key is all there is
        return None


def changed_fields(kind: str | None, changes: dict[str, Any] | None) -> str:
    """The changed fields by their labels, as the form names them; a setting by its label on the
    settings page (a setting change has no record kind)."""
    changes = changes or {}
    if not kind:
        return "、".join(_(var.label) if (var := _setting(key)) else key for key in changes)
    try:
        k = get_kind(kind)
    except KeyError:
        return "、".join(sorted(changes))
    return "、".join(_(k.field(a).label) if k.has_field(a) else a for a in changes)


def detail_text(action: str, detail: str | None, changes: dict[str, Any] | None) -> str:
    """An entry's detail as the 操作日志 shows it. The stored detail of a setting change names the
    setting by its key and its value as JSON (`facilities.school_bus=true`; it is part of the
    hash chain, so it stays); shown, it reads as the settings page says it: 有校车：否 → 是."""
    if action == "setting" and changes and len(changes) == 1:
        key, change = next(iter(changes.items()))
        var = _setting(key)
        if var is not None and isinstance(change, dict) and change.keys() >= {"old", "new"}:
            return _(
                "{setting}: {old} → {new}",
                setting=_(var.label),
                old=var.display(var.read(change["old"])),
                new=var.display(var.read(change["new"])),
            )
    return detail or ""
