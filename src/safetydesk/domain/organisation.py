"""Kinds of organisation and school (domain.md §0)."""

from __future__ import annotations

from safetydesk.i18n import N_, _

SCHOOL, TOWNSHIP = "school", "township"
SCHOOL_TYPES = ("primary", "middle", "nine_year", "kindergarten", "teaching_point")

SCHOOL_TYPE_LABELS = {
    "primary": N_("Primary school"),
    "middle": N_("Middle school"),
    "nine_year": N_("Nine-year school"),
    "kindergarten": N_("Kindergarten"),
    "teaching_point": N_("Teaching point"),
}


def school_type_label(code: str | None) -> str:
    """The kind of school in the UI language; an unknown or missing kind is shown as it is."""
    label = SCHOOL_TYPE_LABELS.get(code or "")
    return _(label) if label else (code or "")
