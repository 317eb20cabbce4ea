"""The roles an account can have, and which of them administer the installation.

Declared here rather than in services.accounts so that the command line's parser (and anything
else that only needs the names) can offer them without loading the password and database code.
"""

from __future__ import annotations

from safetydesk.i18n import N_, _

SCHOOL_ROLES = ("admin", "safety_officer", "counsellor", "principal", "class_teacher", "viewer")
TOWNSHIP_ROLES = ("township_admin", "supervisor", "township_viewer")
ROLES = SCHOOL_ROLES + TOWNSHIP_ROLES
ADMIN_ROLES = frozenset({"admin", "township_admin"})
ROLE_TITLES = {
    "admin": N_("Administrator"),
    "safety_officer": N_("Safety officer"),
    "counsellor": N_("Counsellor"),
    "principal": N_("Principal"),
    "class_teacher": N_("Class teacher"),
    "viewer": N_("Viewer"),
    "township_admin": N_("Township administrator"),
    "supervisor": N_("Supervisor"),
    "township_viewer": N_("Township viewer"),
}


def role_title(role: str) -> str:
    """An account role in words (an unknown role as it is)."""
    return _(ROLE_TITLES[role]) if role in ROLE_TITLES else role


# Who hears of a broken audit chain and of break-glass access (at sign-in, on the audit page).
PRINCIPAL_ROLES = frozenset({"principal", "admin"})
