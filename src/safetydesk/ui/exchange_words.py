"""What the data-exchange actions and lists are called at each role: a school trusts and sends
to its township, a township to its schools and its county bureau, a county to its townships.
Kept free of Qt and services so the menu can name its actions without loading the dialogs.
"""

from __future__ import annotations

from safetydesk.i18n import _


def trust_title(role: str) -> str:
    """Whom this installation trusts: a school its township, a township its schools and its
    county bureau, a county its townships."""
    if role == "school":
        return _("Trust the township centre")
    if role == "county":
        return _("Trust a township centre")
    return _("Trust a school or the county bureau")


def trust_action(role: str) -> str:
    """The menu entry and button that open the trust dialog, as hints name it."""
    return trust_title(role) + "…"


def export_title(role: str) -> str:
    """Whom this installation's packages go to (the export dialog's title)."""
    if role == "school":
        return _("Export package for the township")
    if role == "county":
        return _("Export package for a township")
    return _("Export package for a school or the county bureau")


def export_action(role: str) -> str:
    return export_title(role) + "…"
