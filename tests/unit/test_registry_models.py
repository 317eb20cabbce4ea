"""The registry and the ORM models describe the same records, so neither can drift from the other.

A column added to a model without a field (or a field without a column) fails
`test_model_columns_and_fields_agree`, naming the kind and the attribute; a field whose kind does
not match its column's type fails `test_column_types_match_field_kinds`.
"""

from __future__ import annotations

import pytest
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    inspect,
)

import safetydesk.kinds  # noqa: F401  (registers every kind)
from safetydesk.domain.fields import FieldKind
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.models.base import SYNC_COLUMNS, UTCDateTime

CATALOGUE = {
    1: {"responsibility_assignment", "responsibility_letter", "six_check"},
    2: {"education_session", "drowning_letter"},
    3: {"checklist_template", "inspection", "hazard", "major_hazard_report", "risk_point", "school_bus",
        "bus_driver", "bus_escort", "bus_route", "bus_departure_check", "meal_accompany", "food_sample",
        "canteen_staff_health", "food_supplier", "security_guard", "guard_duty", "visitor_log",
        "security_system_test", "closed_campus_check", "water_area", "water_patrol"},
    4: {"special_group_student", "psych_case", "psych_followup"},
    5: {"parent_meeting", "home_visit", "parent_open_day", "parent_lecture"},
    6: {"dispute_case", "bullying_survey", "bullying_case"},
    7: {"guardian_condition", "guardian_contact"},
    8: {"emergency_plan", "drill"},
    9: {"incident", "incident_report", "incident_response_step"},
    10: {"opinion_event"},
    11: {"supervision_inspection", "rectification_notice", "rectification_reply", "township_meeting"},
    12: {"accountability_record", "four_not_check", "assessment_score", "assessment_sheet"},
}
SENSITIVE = {"special_group_student", "psych_case", "psych_followup", "bullying_case", "guardian_condition"}
TOWNSHIP_OWNED = {"supervision_inspection", "rectification_notice", "township_meeting", "assessment_sheet"}

KINDS = all_kinds()
IDS = [k.key for k in KINDS]

# Which SQL types may hold which field kind.
COLUMN_TYPES = {
    FieldKind.TEXT: (String,),
    FieldKind.LONG_TEXT: (Text,),
    FieldKind.INT: (Integer,),
    FieldKind.DECIMAL: (Float, Numeric),
    FieldKind.DATE: (Date,),
    FieldKind.DATETIME: (DateTime,),
    FieldKind.BOOL: (Boolean,),
    FieldKind.CHOICE: (String,),
    FieldKind.MULTI_CHOICE: (String, Text),
    FieldKind.STAFF: (String,),
    FieldKind.CLASS: (String,),
    FieldKind.STUDENT: (String,),
    FieldKind.RECORD: (String,),
}


def _columns(kind) -> dict[str, object]:
    return {c.key: c for c in inspect(kind.model).columns}


def test_every_catalogue_kind_is_registered_under_its_mechanism() -> None:
    for mechanism, keys in CATALOGUE.items():
        for key in keys:
            assert get_kind(key).mechanism == mechanism, key


def test_sensitive_and_township_kinds_are_flagged() -> None:
    for key in SENSITIVE:
        kind = get_kind(key)
        assert kind.sensitive, key
        # never in the shared search index: searched row by row (see test_records)
    for key in TOWNSHIP_OWNED:
        assert get_kind(key).owner_role == "township"


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_model_columns_and_fields_agree(kind) -> None:
    columns = set(_columns(kind)) - set(SYNC_COLUMNS)
    fields = {f.attr for f in kind.fields}
    assert columns - fields == set(), f"{kind.key}: columns without a field"
    assert fields - columns == set(), f"{kind.key}: fields without a column"
    assert set(SYNC_COLUMNS) <= set(_columns(kind)), f"{kind.key}: not a SyncedRecord"


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_column_types_match_field_kinds(kind) -> None:
    columns = _columns(kind)
    for f in kind.fields:
        column = columns[f.attr]
        sql_type = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        assert isinstance(sql_type, COLUMN_TYPES[f.kind]), (kind.key, f.attr, column.type)
        if f.kind is FieldKind.TEXT and f.max_length:
            assert sql_type.length >= f.max_length, (kind.key, f.attr)
        # A sensitive field of an ordinary kind never travels, so a hub keeps such rows without it.
        travels = kind.sensitive or not f.sensitive
        if f.required and f.kind is not FieldKind.BOOL and travels:
            assert not column.nullable, f"{kind.key}.{f.attr} is required but nullable"
        if f.kind is FieldKind.BOOL:
            assert not column.nullable, f"{kind.key}.{f.attr}: a BOOL column is never NULL"


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_choices_and_references_are_well_formed(kind) -> None:
    keys = {k.key for k in KINDS}
    for f in kind.fields:
        codes = [c.code for c in f.choices]
        assert len(codes) == len(set(codes)), f"{kind.key}.{f.attr}: duplicate choice code"
        if f.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
            assert codes, f"{kind.key}.{f.attr}: a choice field without choices"
            for code in codes:
                assert code.isascii() and code == code.lower() and " " not in code, code
            if f.default is not None:
                assert f.default in codes
        if f.kind is FieldKind.RECORD:
            assert f.ref_kind in keys, f"{kind.key}.{f.attr} names unknown kind {f.ref_kind!r}"
            fks = list(_columns(kind)[f.attr].foreign_keys)
            assert fks and fks[0].column.table is get_kind(f.ref_kind).model.__table__
        else:
            assert f.ref_kind is None


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_kind_settings_point_at_fields_of_the_right_kind(kind) -> None:
    if kind.date_field:
        assert kind.field(kind.date_field).kind in (FieldKind.DATE, FieldKind.DATETIME)
    if kind.status_field:
        status = kind.field(kind.status_field)
        assert status.kind is FieldKind.CHOICE and status.filter
    if kind.class_field:
        assert kind.field(kind.class_field).kind is FieldKind.CLASS
    for f in kind.fields:
        if f.kind is FieldKind.LONG_TEXT:
            assert not f.in_table, f"{kind.key}.{f.attr}: long texts stay out of the table"


def test_instants_are_stored_as_aware_utc() -> None:
    for kind in KINDS:
        for f in kind.fields:
            if f.kind is FieldKind.DATETIME:
                assert isinstance(_columns(kind)[f.attr].type, UTCDateTime), (kind.key, f.attr)
