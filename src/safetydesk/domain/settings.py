"""The settings registry: every setting declared once (Electrum's ConfigVar, Picard's options).

A `SettingVar` names its key (the `setting` table's primary key: stable, never renamed), its type,
default, limits, an N_()-marked label, help and group, and its scope: "installation" (a choice of
this installation) or "county_rule" (a rule the county sets; domain.md marks these U). Values are
JSON: an int, a bool, or an object of named parts. `clean` turns what a person typed or a command
was given into the value to store, or raises ValidationError whose field errors are keyed by
`key` or `key.part`, so a form can put each message beside its field. Declaring a key twice fails
at import time.

Pure: no database, no clock. services/settings.py reads and writes the values through these
declarations; the Settings page and `safetydesk settings` are generated from them. Any thread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from safetydesk.domain.semester import DEFAULT_CALENDAR
from safetydesk.errors import ValidationError
from safetydesk.i18n import N_, _


class Scope(StrEnum):
    INSTALLATION = "installation"
    COUNTY_RULE = "county_rule"


SCOPE_LABELS = {Scope.INSTALLATION: N_("This installation"), Scope.COUNTY_RULE: N_("County rule")}


class SettingType(StrEnum):
    INT = "int"
    BOOL = "bool"
    INT_PARTS = "int_parts"  # {part: int}
    TEXT_PARTS = "text_parts"  # {part: str}
    MONTH_DAYS = "month_days"  # {part: [month, day]}


@dataclass(frozen=True)
class Part:
    key: str
    label: str  # N_()-marked


# A check across the parts of one value: value -> {part or "": translated message}.
CrossCheck = Callable[[Mapping[str, Any]], dict[str, str]]


@dataclass(frozen=True)
class SettingVar:
    key: str
    type: SettingType
    default: Any  # a JSON value of the declared type
    label: str  # N_()-marked
    help: str  # N_()-marked; "" for none
    scope: Scope
    group: str  # N_()-marked title of the group the Settings page shows it in
    minimum: int = 0
    maximum: int = 0
    max_length: int = 100  # TEXT_PARTS
    unit: str = ""  # N_()-marked suffix of numbers (" hours")
    parts: tuple[Part, ...] = ()
    cross_check: CrossCheck | None = None
    # Roles besides administrators allowed to change it (services/settings.py checks).
    also_writable_by: frozenset[str] = field(default_factory=frozenset)

    @property
    def part_keys(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.parts)

    def part_label(self, part: str) -> str:
        return _(next(p.label for p in self.parts if p.key == part))

    def field_key(self, part: str | None = None) -> str:
        """The key of a field error: `key` for the whole value, `key.part` for one part."""
        return f"{self.key}.{part}" if part else self.key

    def clean(self, value: Any, base: Mapping[str, Any] | None = None) -> Any:
        """The value to store, or ValidationError. A value of parts may name only some parts; the
        others are taken from `base` (the current value) or the default."""
        errors: dict[str, str] = {}
        label = _(self.label)
        if self.type is SettingType.INT:
            number = _whole_number(value)
            if number is None or not self.minimum <= number <= self.maximum:
                errors[self.key] = _(
                    "{label}: enter a whole number from {minimum} to {maximum}.",
                    label=label,
                    minimum=self.minimum,
                    maximum=self.maximum,
                )
            cleaned: Any = number
        elif self.type is SettingType.BOOL:
            cleaned = _truth(value)
            if cleaned is None:
                errors[self.key] = _("{label}: enter true or false.", label=label)
        else:
            cleaned = self._clean_parts(value, base, errors)
        if not errors and self.cross_check is not None:
            for part, message in self.cross_check(cleaned).items():
                errors[self.field_key(part)] = message
        if errors:
            raise ValidationError(" ".join(dict.fromkeys(errors.values())), errors)
        return cleaned

    def _clean_parts(self, value: Any, base: Mapping[str, Any] | None, errors: dict[str, str]) -> Any:
        label = _(self.label)
        if isinstance(value, str):
            value = parse_value(value)
        if not isinstance(value, Mapping):
            errors[self.key] = _(
                "{label}: give the parts as a JSON object, for example {example}.",
                label=label,
                example=json.dumps(self.default, ensure_ascii=False),
            )
            return None
        unknown = [k for k in value if k not in self.part_keys]
        if unknown:
            errors[self.key] = _(
                "{label}: there is no part {part}; the parts are {parts}.",
                label=label,
                part=", ".join(map(str, unknown)),
                parts=", ".join(self.part_keys),
            )
            return None
        merged = {**self.default, **(base or {}), **value}
        out: dict[str, Any] = {}
        for part in self.part_keys:
            out[part] = self._clean_part(part, merged.get(part), errors)
        return out

    def _clean_part(self, part: str, raw: Any, errors: dict[str, str]) -> Any:
        label = f"{_(self.label)}（{self.part_label(part)}）"
        where = self.field_key(part)
        if self.type is SettingType.INT_PARTS:
            number = _whole_number(raw)
            if number is None or not self.minimum <= number <= self.maximum:
                errors[where] = _(
                    "{label}: enter a whole number from {minimum} to {maximum}.",
                    label=label,
                    minimum=self.minimum,
                    maximum=self.maximum,
                )
            return number
        if self.type is SettingType.TEXT_PARTS:
            text = "" if raw is None else raw
            if not isinstance(text, str | int) or isinstance(text, bool):
                errors[where] = _("{label}: enter text.", label=label)
                return None
            text = str(text).strip()
            if len(text) > self.max_length:
                errors[where] = _("{label}: at most {n} characters.", label=label, n=self.max_length)
            return text
        month_day = _month_day(raw)
        if month_day is None:
            errors[where] = _("{label}: write the date as month and day, for example 9-1.", label=label)
            return None
        month, day = month_day
        try:
            if (month, day) == (2, 29):
                raise ValueError
            date(_CHECK_YEAR, month, day)
        except ValueError:
            errors[where] = _(
                "{label}: {month}/{day} is not a date in every year.",
                label=self.part_label(part),
                month=month,
                day=day,
            )
        return [month, day]

    def read(self, stored: Any) -> Any:
        """A stored value as the declared type; a missing or unusable one gives the default."""
        if stored is None:
            return self.default
        if self.parts and isinstance(stored, Mapping):  # a part no longer declared is dropped
            stored = {k: v for k, v in stored.items() if k in self.part_keys}
        try:
            return self.clean(stored)
        except ValidationError:
            return self.default

    def display(self, value: Any) -> str:
        """The value as a person reads it (Chinese first: 9月1日, 是/否)."""
        if self.type is SettingType.BOOL:
            return _("Yes") if value else _("No")
        if self.type is SettingType.INT:
            return f"{value}{_(self.unit) if self.unit else ''}"
        if not isinstance(value, Mapping):
            return str(value)
        shown = []
        for part in self.part_keys:
            v = value.get(part)
            if self.type is SettingType.MONTH_DAYS and isinstance(v, list | tuple) and len(v) == 2:
                text = _("{month}/{day}", month=v[0], day=v[1])
            else:
                text = f"{v}{_(self.unit) if self.unit and v is not None else ''}"
            shown.append(f"{self.part_label(part)} {text}")
        return "，".join(shown)


_CHECK_YEAR = 2027  # not a leap year: a 29 February bound would break three years in four
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value.strip())
    return None


_TRUE = frozenset({"true", "yes", "on", "1", "是"})
_FALSE = frozenset({"false", "no", "off", "0", "否"})


def _truth(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


def _month_day(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        month, day = (_whole_number(v) for v in value)
        return (month, day) if month is not None and day is not None else None
    if isinstance(value, str):
        m = _MONTH_DAY.match(value)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def parse_value(text: str) -> Any:
    """What a command line gives: JSON when it parses as JSON, otherwise the plain string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


# --- the registry ---------------------------------------------------------------------------------

_VARS: dict[str, SettingVar] = {}


def declare(var: SettingVar) -> SettingVar:
    """Add one declaration; a key declared twice is a programming error, refused at import."""
    if var.key in _VARS:
        raise ValueError(f"setting {var.key!r} is declared twice")
    if var.type in (SettingType.INT_PARTS, SettingType.TEXT_PARTS, SettingType.MONTH_DAYS) and not var.parts:
        raise ValueError(f"setting {var.key!r} needs its parts")
    var.clean(var.default)  # a default that breaks its own rules is a programming error too
    _VARS[var.key] = var
    return var


def get_var(key: str) -> SettingVar:
    """The declaration of `key`; ValidationError (for the user) when there is none."""
    try:
        return _VARS[key]
    except KeyError:
        raise ValidationError(
            _("There is no setting {key}. The settings are: {keys}.", key=key, keys=", ".join(_VARS))
        ) from None


def all_vars() -> tuple[SettingVar, ...]:
    """Every declaration, in the order the Settings page shows them."""
    return tuple(_VARS.values())


def defaults() -> dict[str, Any]:
    return {k: v.default for k, v in _VARS.items()}


# --- the declarations -----------------------------------------------------------------------------

def _calendar_order(value: Mapping[str, Any]) -> dict[str, str]:
    """The four bounds must make a school year: autumn ends (next year) before spring starts,
    spring ends before autumn starts."""
    bounds = [date(_CHECK_YEAR, *value[p]) for p in ("autumn_end", "spring_start", "spring_end", "autumn_start")]
    if bounds == sorted(bounds) and len(set(bounds)) == 4:
        return {}
    return {
        "autumn_start": _(
            "The dates must follow the school year: the autumn semester ends in January or "
            "February of the next year, before the spring semester starts; the spring semester "
            "ends before the autumn semester starts."
        )
    }


COUNTY_RULES = N_("County rules")

SEMESTER_CALENDAR = declare(
    SettingVar(
        key="semester_calendar",
        type=SettingType.MONTH_DAYS,
        default=DEFAULT_CALENDAR.to_setting(),
        label=N_("Semester calendar"),
        help=N_(
            "Every list's semester filter uses these dates. The autumn semester ends in the following year."
        ),
        scope=Scope.COUNTY_RULE,
        group=N_("Semester calendar"),
        parts=(
            Part("autumn_start", N_("Autumn semester starts")),
            Part("autumn_end", N_("Autumn semester ends")),
            Part("spring_start", N_("Spring semester starts")),
            Part("spring_end", N_("Spring semester ends")),
        ),
        cross_check=_calendar_order,
    )
)

EDUCATION_HOURS = declare(
    SettingVar(
        key="education_hours",
        type=SettingType.INT_PARTS,
        default={"primary": 14, "middle": 12, "high": 8},
        label=N_("Safety education hours per school year"),
        help=N_(
            "Class hours of safety education each school must give in a school year. Teaching points "
            "and nine-year schools count as primary schools; kindergartens have no hours."
        ),
        scope=Scope.COUNTY_RULE,
        group=COUNTY_RULES,
        minimum=0,
        maximum=200,
        unit=N_(" hours"),
        parts=(
            Part("primary", N_("Primary school")),
            Part("middle", N_("Middle school")),
            Part("high", N_("High school")),
        ),
    )
)

PARENT_MEETINGS = declare(
    SettingVar(
        key="parent_meetings_required",
        type=SettingType.INT,
        default=2,
        label=N_("Parent meetings required per semester"),
        help=N_("The county notice asks for at least two parent meetings each semester."),
        scope=Scope.COUNTY_RULE,
        group=COUNTY_RULES,
        minimum=0,
        maximum=20,
    )
)

DRILL_MONTHS_SCHOOL = declare(
    SettingVar(
        key="drill_months_school",
        type=SettingType.INT,
        default=1,
        label=N_("Drills in schools: one every N months"),
        help=N_("Primary and secondary schools hold an evacuation drill every month (2014 guideline)."),
        scope=Scope.COUNTY_RULE,
        group=COUNTY_RULES,
        minimum=1,
        maximum=6,
        unit=N_(" months"),
    )
)

DRILL_MONTHS_KINDERGARTEN = declare(
    SettingVar(
        key="drill_months_kindergarten",
        type=SettingType.INT,
        default=3,
        label=N_("Drills in kindergartens: one every N months"),
        help=N_("Kindergartens hold an evacuation drill every quarter (2014 guideline)."),
        scope=Scope.COUNTY_RULE,
        group=COUNTY_RULES,
        minimum=1,
        maximum=6,
        unit=N_(" months"),
    )
)

MEDIA_CONTACT = declare(
    SettingVar(
        key="incidents.media_contact",
        type=SettingType.TEXT_PARTS,
        default={"name": "", "phone": ""},
        label=N_("Designated media contact"),
        help=N_("The person who receives journalists and answers public opinion for the school."),
        scope=Scope.INSTALLATION,
        group=N_("Incidents"),
        max_length=50,
        parts=(Part("name", N_("Name")), Part("phone", N_("Phone"))),
    )
)

CLASS_TEACHER_SENSITIVE = declare(
    SettingVar(
        key="access.class_teacher_sensitive",
        type=SettingType.BOOL,
        default=False,
        label=N_("Class teachers may open the protected records of their own class"),
        help=N_(
            "Psychological cases, special conditions and bullying cases of the students of their own "
            "class; every read is logged."
        ),
        scope=Scope.INSTALLATION,
        group=N_("Protected records"),
        also_writable_by=frozenset({"principal"}),
    )
)

BACKUP_KEEP = declare(
    SettingVar(
        key="backup.keep",
        type=SettingType.INT,
        default=10,
        label=N_("Automatic backups to keep"),
        help=N_("A backup is made on closing and once a day; older automatic backups are deleted."),
        scope=Scope.INSTALLATION,
        group=N_("Backups"),
        minimum=1,
        maximum=365,
    )
)


# The settings of the rules that remind, the drowning campaign and the school's facilities are
# declared in their own module; importing it here registers them whenever the registry is loaded.
from safetydesk.domain import reminder_settings as _reminder_settings  # noqa: E402,F401
