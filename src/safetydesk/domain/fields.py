"""Field metadata: what a record kind's form, table, search, Excel and sync codec read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    STAFF = "staff"  # reference to a staff member (uuid)
    CLASS = "class"  # reference to a class (uuid)
    STUDENT = "student"  # reference to a student (uuid)
    RECORD = "record"  # reference to a record of another kind (uuid); Field.ref_kind names it


# Display rows of a ledger covering all of a township's schools carry the row's school name under
# this key (services/records.display_rows); the ledger prints it as its 学校 column.
SCHOOL_ATTR = "_school"

REFERENCE_KINDS = frozenset({FieldKind.STAFF, FieldKind.CLASS, FieldKind.STUDENT, FieldKind.RECORD})
TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONG_TEXT})

DEFAULT_MAX_LENGTH = {FieldKind.TEXT: 200, FieldKind.LONG_TEXT: 20_000}

# What a phone field accepts: digits, + - ( ) and spaces, and between several numbers / 、 , ;
# or 转 (extension). No letters: "O" for 0 or "l" for 1 is a number nobody can dial. The same
# pattern serves the form's input check (Qt) and the service's validation (Python).
PHONE_PATTERN = "[0-9+()（）/、,，;；转 \\-]*"


@dataclass(frozen=True)
class Choice:
    """A choice with a stable code (stored and sent on the wire) and a label marked with N_()."""

    code: str
    label: str
    colour: str | None = None


@dataclass(frozen=True)
class Field:
    attr: str
    label: str
    kind: FieldKind
    required: bool = False
    choices: tuple[Choice, ...] = ()
    in_table: bool = True
    exported: bool = True
    sensitive: bool = False
    width: int = 14  # column width in characters (Excel, table hint)
    max_length: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    filter: bool = False  # offered as a filter on the list page
    ref_kind: str | None = None  # for FieldKind.RECORD
    help: str = ""
    default: object = None
    editable: bool = True  # False: shown read-only in forms; only a workflow service sets it
    short_label: str = ""  # N_()-marked; for narrow printed columns (the label otherwise)
    phone: bool = False  # TEXT holding telephone numbers: PHONE_PATTERN only
    carries_date: bool = False  # a printed TEXT cell whose lines hold an ISO date: never split one

    @property
    def column_label(self) -> str:
        """The msgid a narrow column of a printed ledger shows."""
        return self.short_label or self.label

    @property
    def searchable(self) -> bool:
        return self.kind in TEXT_KINDS and not self.sensitive

    @property
    def text_limit(self) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.kind)

    def choice(self, code: str | None) -> Choice | None:
        for c in self.choices:
            if c.code == code:
                return c
        return None


def choices(*pairs: tuple[str, str] | tuple[str, str, str]) -> tuple[Choice, ...]:
    """Shorthand: choices(("general", N_("General")), ("major", N_("Major"), "#d32f2f"))."""
    return tuple(Choice(*p) for p in pairs)
