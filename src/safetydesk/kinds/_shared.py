"""Pieces several record-kind modules share: choice lists, column recipes, date-order checks.

Underscore-named, so kinds/__init__.py does not treat it as a kind module.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import mapped_column

from safetydesk.domain.fields import choices
from safetydesk.i18n import N_

# --- choice lists used by more than one kind -----------------------------------------------------

RISK_LEVELS = choices(
    ("high", N_("High"), "#d32f2f"),
    ("medium", N_("Medium"), "#f57c00"),
    ("low", N_("Low"), "#1976d2"),
)

CHECK_TYPES = choices(
    ("routine", N_("Routine patrol")),
    ("special", N_("Special inspection")),
    ("joint", N_("Joint check")),
    ("superior", N_("Inspection by the authorities")),
)

HAZARD_CATEGORIES = choices(
    ("school_building", N_("School buildings")),
    ("fire", N_("Fire safety")),
    ("electricity", N_("Electricity")),
    ("food", N_("Food")),
    ("traffic", N_("Traffic / school bus")),
    ("lab_chemicals", N_("Laboratory chemicals")),
    ("drowning", N_("Drowning prevention")),
    ("surroundings", N_("School surroundings")),
    ("security", N_("Campus security")),
    ("sports_equipment", N_("Sports equipment")),
    ("psych_bullying", N_("Psychology / bullying")),
    ("other", N_("Other")),
)

SUPERVISION_METHODS = choices(
    ("joint", N_("Joint inspection")),
    ("patrol", N_("Patrol inspection")),
    ("spot", N_("Spot check")),
    ("mutual", N_("Mutual inspection")),
)


# --- column recipes ------------------------------------------------------------------------------


# `sealed=True`: the column of a sensitive kind holds a value sealed to the data key
# (services.field_crypto), so the database cannot check it as a foreign key.


def _ref(table: str, sealed: bool) -> tuple[Any, ...]:
    return () if sealed else (ForeignKey(f"{table}.uuid"),)


def staff_ref(*, nullable: bool = True, sealed: bool = False) -> Any:
    return mapped_column(String(36), *_ref("staff_member", sealed), nullable=nullable, default=None)


def class_ref(*, nullable: bool = True, sealed: bool = False) -> Any:
    return mapped_column(
        String(36), *_ref("school_class", sealed), nullable=nullable, default=None, index=True
    )


def student_ref(*, nullable: bool = True, sealed: bool = False) -> Any:
    return mapped_column(String(36), *_ref("student", sealed), nullable=nullable, default=None, index=True)


def record_ref(table: str, *, nullable: bool = True) -> Any:
    return mapped_column(String(36), ForeignKey(f"{table}.uuid"), nullable=nullable, default=None, index=True)


def serial_column() -> Any:
    """The human serial (domain/serials.py); indexed, so the next number is one index lookup."""
    return mapped_column(String(24), default=None, index=True)


# --- validation ----------------------------------------------------------------------------------


def order_error(
    values: Mapping[str, Any], earlier: str, later: str, message: str, *, strict: bool = False
) -> dict[str, str]:
    """{later: message} when both values are set and `later` comes before `earlier`.

    With strict=True the two may not be equal either (an end time must follow its start).
    """
    first, second = values.get(earlier), values.get(later)
    if first is None or second is None:
        return {}
    if type(first) is not type(second):  # a date against a datetime: compare the days
        first = first.date() if isinstance(first, datetime) else first
        second = second.date() if isinstance(second, datetime) else second
    if second < first or (strict and second == first):
        return {later: message}
    return {}
