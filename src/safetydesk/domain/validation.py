"""Turn form or import input into typed field values, or say beside which field what is wrong.

Pure: no database. Uniqueness (which needs the database) is checked by services.records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain.fields import PHONE_PATTERN, TEXT_KINDS, Field, FieldKind
from safetydesk.domain.registry import RecordKind
from safetydesk.errors import ValidationError
from safetydesk.i18n import LOCAL_TZ, _

EARLIEST_DATE = date(1950, 1, 1)
_PHONE = re.compile(PHONE_PATTERN)
LATEST_YEARS_AHEAD = 10
# NUL, and the marks that reorder or hide text when it is shown (Trojan Source): never meaningful
# in a school record, and the sync importer refuses them too.
FORBIDDEN_CHARS = "\x00\u061c\u200e\u200f" + "".join(map(chr, range(0x202A, 0x202F))) + "".join(
    map(chr, range(0x2066, 0x206A))
)
FORBIDDEN_TEXT = re.compile("[" + re.escape(FORBIDDEN_CHARS) + "]")


def has_forbidden_chars(text: str) -> bool:
    return FORBIDDEN_TEXT.search(text) is not None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for sep in ("年", "月"):
        text = text.replace(sep, "-")
    text = text.rstrip("日")
    parts = text.split("-")
    if len(parts) != 3:
        raise ValueError(value)
    return date(int(parts[0]), int(parts[1]), int(parts[2]))


def _to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)).astimezone(UTC)
    text = str(value).strip()
    dt = datetime.fromisoformat(text)
    return (dt if dt.tzinfo else dt.replace(tzinfo=LOCAL_TZ)).astimezone(UTC)


def _check_range(f: Field, number: float) -> str | None:
    if f.min_value is not None and number < f.min_value:
        return _("{label} must be at least {n}.", label=_(f.label), n=f.min_value)
    if f.max_value is not None and number > f.max_value:
        return _("{label} must be at most {n}.", label=_(f.label), n=f.max_value)
    return None


def _date_sane(f: Field, d: date) -> str | None:
    latest = clock.today() + timedelta(days=365 * LATEST_YEARS_AHEAD)
    if d < EARLIEST_DATE or d > latest:
        return _("{label}: {value} is too far in the past or future; check the year.",
                 label=_(f.label), value=d.isoformat())
    return None


def coerce_field(f: Field, value: Any) -> Any:
    """One value to its field's Python type; raises ValueError(message) when it cannot be."""
    if _blank(value):
        return False if f.kind is FieldKind.BOOL else None
    k = f.kind
    if k in TEXT_KINDS:
        text = str(value)
        if k is FieldKind.TEXT:
            text = text.strip()
        limit = f.text_limit
        if limit is not None and len(text) > limit:
            raise ValueError(_("{label} is too long ({n} characters; at most {limit}).",
                               label=_(f.label), n=len(text), limit=limit))
        if has_forbidden_chars(text):
            raise ValueError(_("{label} contains an invisible control character (NUL or a "
                               "text-direction mark); retype the text.", label=_(f.label)))
        if f.phone and not _PHONE.fullmatch(text):
            raise ValueError(_("{label}: a phone number has digits only (and - + ( ) or spaces), "
                               "for example 0372-5123456 or 13812345678.", label=_(f.label)))
        return text
    if k is FieldKind.INT:
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise ValueError(_("{label} must be a whole number.", label=_(f.label))) from None
        if isinstance(number, bool):
            raise ValueError(_("{label} must be a whole number.", label=_(f.label)))
        problem = _check_range(f, number)
        if problem:
            raise ValueError(problem)
        return number
    if k is FieldKind.DECIMAL:
        try:
            number = float(Decimal(str(value).strip()))
        except (InvalidOperation, ValueError):
            raise ValueError(_("{label} must be a number.", label=_(f.label))) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(_("{label} must be a number.", label=_(f.label)))
        problem = _check_range(f, number)
        if problem:
            raise ValueError(problem)
        return number
    if k is FieldKind.DATE:
        try:
            d = _to_date(value)
        except (ValueError, TypeError):
            raise ValueError(_("{label}: enter a date like 2026-09-01.", label=_(f.label))) from None
        problem = _date_sane(f, d)
        if problem:
            raise ValueError(problem)
        return d
    if k is FieldKind.DATETIME:
        try:
            dt = _to_datetime(value)
        except (ValueError, TypeError):
            raise ValueError(_("{label}: enter a date and time like 2026-09-01 10:00.",
                               label=_(f.label))) from None
        problem = _date_sane(f, dt.astimezone(LOCAL_TZ).date())
        if problem:
            raise ValueError(problem)
        return dt
    if k is FieldKind.BOOL:
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "y", "是", "√", "x")
        return bool(value)
    if k is FieldKind.CHOICE:
        code = str(value)
        if f.choice(code) is None:
            by_label = [c.code for c in f.choices if _(c.label) == code or c.label == code]
            if not by_label:
                raise ValueError(_("{label}: choose one of the listed options.", label=_(f.label)))
            code = by_label[0]
        return code
    if k is FieldKind.MULTI_CHOICE:
        codes = list(value) if isinstance(value, list | tuple) else str(value).split(",")
        codes = [str(c).strip() for c in codes if str(c).strip()]
        for c in codes:
            if f.choice(c) is None:
                raise ValueError(_("{label}: choose one of the listed options.", label=_(f.label)))
        return ",".join(codes)
    # references: a uuid string (existence is checked by the foreign key / service)
    text = str(value).strip()
    if len(text) != 36:
        raise ValueError(_("{label}: choose an entry from the list.", label=_(f.label)))
    return text


# Reads one county rule by its settings key (services.settings.get_in inside the saving session).
SettingReader = Callable[[str], Any]


def _declared_default(key: str) -> Any:
    from safetydesk.domain.settings import get_var  # the registry, loaded with the kinds

    return get_var(key).default


def clean(kind: RecordKind, values: Mapping[str, Any], setting: SettingReader | None = None) -> dict[str, Any]:
    """Typed values for every field of `kind`, or ValidationError naming each bad field.

    A kind whose checks depend on county rules (hook "county_rules": (values, setting) -> {attr:
    message}, e.g. the food samples' 125 g) reads them through `setting`; without one (a caller
    with no database at hand) the declared defaults apply."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    unknown = set(values) - {f.attr for f in kind.fields}
    if unknown:
        raise ValidationError(_("Unknown fields: {names}", names=", ".join(sorted(unknown))))
    for f in kind.fields:
        raw = values.get(f.attr, f.default)
        try:
            out[f.attr] = coerce_field(f, raw)
        except ValueError as exc:
            errors[f.attr] = str(exc)
            continue
        if f.required and _blank(out[f.attr]) and f.kind is not FieldKind.BOOL:
            errors[f.attr] = _("{label} is required.", label=_(f.label))
    if not errors and kind.validate is not None:
        errors.update(kind.validate(out))
    rule_check = kind.hooks.get("county_rules")
    if not errors and rule_check is not None:
        errors.update(rule_check(out, setting or _declared_default))
    if errors:
        summary = _("Please correct the marked fields: {fields}.",
                    fields="、".join(_(kind.field(a).label) if kind.has_field(a) else a for a in errors))
        raise ValidationError(summary, errors)
    return out
