"""The registry of record kinds: declared once, read by forms, tables, search, Excel, PDF and sync.

Kinds register at import time (see safetydesk.kinds); a duplicate key is refused at once.
`model` is the kind's ORM class, held opaquely here so the domain layer imports no database code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from safetydesk.domain.fields import TEXT_KINDS, Field, FieldKind

# A kind-specific check: values -> {attr: message}; messages already translated.
Validator = Callable[[Mapping[str, Any]], dict[str, str]]


@dataclass(frozen=True)
class RecordKind:
    key: str  # stable wire key; never renamed
    title: str  # N_()-marked, plural noun for lists ("Hazards")
    mechanism: int  # 1..12, or 0 for shared records
    model: type
    fields: tuple[Field, ...]
    title_field: str = ""  # the field that names a record in messages and pickers
    date_field: str | None = None  # for period and semester filters
    status_field: str | None = None
    class_field: str | None = None
    sensitive: bool = False  # restricted roles only; counts-only in packages by default
    owner_role: str = "school"  # school | township: who creates these records
    unique_together: tuple[str, ...] = ()  # values that may not repeat among live records
    validate: Validator | None = None
    default_sort: str | None = None  # attr; newest first by the date field otherwise
    hooks: Mapping[str, Callable[..., Any]] = field(default_factory=dict)  # e.g. "warnings": values -> {attr: text}
    # Records with a human serial ("YH-2026-0007", domain/serials.py): the prefix; the kind then
    # declares the `serial` field, which the owner fills when the record is created.
    serial_prefix: str = ""

    def field(self, attr: str) -> Field:
        for f in self.fields:
            if f.attr == attr:
                return f
        raise KeyError(f"{self.key}.{attr}")

    def has_field(self, attr: str) -> bool:
        return any(f.attr == attr for f in self.fields)

    @property
    def table_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.in_table)

    @property
    def exported_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.exported)

    @property
    def search_fields(self) -> tuple[Field, ...]:
        """Text a search looks in. Sensitive kinds are never indexed (see services.search) and
        are searched row by row, so all their text counts; elsewhere sensitive fields never do."""
        if self.sensitive:
            return tuple(f for f in self.fields if f.kind in TEXT_KINDS)
        return tuple(f for f in self.fields if f.searchable)

    @property
    def filter_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.filter)

    def references(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind in (FieldKind.STAFF, FieldKind.CLASS,
                                                          FieldKind.STUDENT, FieldKind.RECORD))


_KINDS: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> RecordKind:
    if kind.key in _KINDS:
        raise ValueError(f"record kind {kind.key!r} registered twice")
    attrs = [f.attr for f in kind.fields]
    if len(attrs) != len(set(attrs)):
        raise ValueError(f"record kind {kind.key!r} declares a field twice")
    for attr in (kind.title_field, kind.date_field, kind.status_field, kind.class_field,
                 *kind.unique_together):
        if attr and attr not in attrs:
            raise ValueError(f"record kind {kind.key!r} names unknown field {attr!r}")
    if kind.serial_prefix:
        if "serial" not in attrs:
            raise ValueError(f"record kind {kind.key!r} has a serial prefix but no serial field")
        taken = {k.serial_prefix: k.key for k in _KINDS.values() if k.serial_prefix}
        if kind.serial_prefix in taken:
            raise ValueError(f"record kinds {taken[kind.serial_prefix]!r} and {kind.key!r} share the "
                             f"serial prefix {kind.serial_prefix!r}")
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> RecordKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise KeyError(key) from None


def all_kinds() -> tuple[RecordKind, ...]:
    """Every kind, ordered by mechanism then registration order."""
    return tuple(sorted(_KINDS.values(), key=lambda k: (k.mechanism or 99, )))


def kinds_of(mechanism: int) -> tuple[RecordKind, ...]:
    return tuple(k for k in all_kinds() if k.mechanism == mechanism)
