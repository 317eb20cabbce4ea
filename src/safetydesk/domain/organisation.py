"""Kinds of organisation and school (domain.md §0), and who an installation is."""

from __future__ import annotations

from dataclasses import dataclass

from safetydesk.i18n import N_, _

SCHOOL, TOWNSHIP, COUNTY = "school", "township", "county"
# Hubs hold other organisations' data: a township its schools', a county its townships' schools'.
HUBS = (TOWNSHIP, COUNTY)
SCHOOL_TYPES = ("primary", "middle", "nine_year", "kindergarten", "teaching_point")


@dataclass(frozen=True)
class InstallationInfo:
    """The installation's identity: what the window title, status bar and sign-in show.

    Plain data, so the window can show it before the database layer is loaded."""

    role: str
    org_code: str
    org_name: str
    township_code: str | None
    township_name: str | None
    is_demo: bool
    school_type: str | None = None
    # a township's county bureau (县教育局安全股), to which it sends its upward packages
    county_code: str | None = None
    county_name: str | None = None

    @property
    def is_school(self) -> bool:
        return self.role == SCHOOL

    @property
    def is_county(self) -> bool:
        return self.role == COUNTY


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


ORGANISATION_TITLES = {SCHOOL: N_("School"), TOWNSHIP: N_("Township centre"), COUNTY: N_("County bureau")}


def organisation_title(role: str) -> str:
    """What an installation of `role` is, in the UI language (the window's identity line, the
    trust and identity dialogs); anything unknown reads as a township centre, as before."""
    return _(ORGANISATION_TITLES.get(role, ORGANISATION_TITLES[TOWNSHIP]))
