"""The county's published rules: one numbered, dated set of county-rule values and checklist
templates (issue 16 point 3: 县教育局 sets the rules, they travel county → township → school).

Why one set and not one row per setting: a school must follow *a version* of the county's rules
("第 3 版, 2026-12-01"), and a township's console must be able to say which schools still follow an
older one. A single document with one version number gives exactly that, and one signature over
it proves the whole set is the county's: a township forwarding it can neither change one value
nor mix two versions.

What a set holds:
- the values of every setting whose scope is COUNTY_RULE (domain/settings.py), each checked by
  its own declaration (limits, parts, cross checks), so a value the registry would refuse at the
  keyboard is refused in a package too;
- the county's checklist templates, each with its own version (the school's inspections record
  the version they used; services/checklists.py).

`document_bytes` is the exact text the county signs (canonical JSON); `parse_document` reads it
back strictly and returns a RuleSet or raises RuleSetInvalid naming what is wrong (a Chinese
message for the rejection). Pure: no database, no clock, no keys (sync/county_rules.py signs and
verifies). Any thread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from safetydesk.domain import settings as setting_vars
from safetydesk.errors import ValidationError
from safetydesk.i18n import _

FORMAT = "safetydesk-county-rules"
FORMAT_VERSION = 1
MAX_VERSION = 2**31 - 1
MAX_TEMPLATES = 200
MAX_TEMPLATE_ITEMS_CHARS = 20_000
MAX_NAME = 100
MAX_TEMPLATE_VERSION = 999  # checklist_template.version's limit
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,31}")
_TEMPLATE_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_KEYS = {"format", "format_version", "county", "version", "published_on", "rules", "templates"}
_TEMPLATE_KEYS = {"key", "name", "category", "frequency", "version", "items"}


class RuleSetInvalid(ValueError):
    """The document is not a rule set this program accepts; `reason` is a translated message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RuleTemplate:
    """A checklist template the county publishes (items one per line, "检查项目：检查内容")."""

    key: str  # stable within the county: the school's copy is found by it
    name: str
    category: str | None
    frequency: str | None
    version: int
    items: str

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "category": self.category,
            "frequency": self.frequency,
            "version": self.version,
            "items": self.items,
        }


@dataclass(frozen=True)
class RuleSet:
    county_code: str
    county_name: str
    version: int
    published_on: date
    rules: dict[str, Any]  # setting key -> value (every COUNTY_RULE setting)
    templates: tuple[RuleTemplate, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "county": {"code": self.county_code, "name": self.county_name},
            "version": self.version,
            "published_on": self.published_on.isoformat(),
            "rules": dict(sorted(self.rules.items())),
            "templates": [t.as_json() for t in sorted(self.templates, key=lambda t: t.key)],
        }


def county_rule_vars() -> tuple[setting_vars.SettingVar, ...]:
    """The settings a rule set carries: every declaration whose scope is COUNTY_RULE."""
    return tuple(v for v in setting_vars.all_vars() if v.scope is setting_vars.Scope.COUNTY_RULE)


def is_county_rule(key: str) -> bool:
    try:
        return setting_vars.get_var(key).scope is setting_vars.Scope.COUNTY_RULE
    except ValidationError:
        return False


def document_bytes(rule_set: RuleSet) -> bytes:
    """The canonical text the county signs: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        rule_set.as_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _bad(detail: str) -> RuleSetInvalid:
    return RuleSetInvalid(detail)


def _obj(value: Any, keys: set[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != keys:
        raise _bad(_("the county's rules are not in the expected form ({where})", where=where))
    return value


def _int(value: Any, low: int, high: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(_("the county's rules are not in the expected form ({where})", where=where))
    return value


def _text(value: Any, limit: int, where: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise _bad(_("the county's rules are not in the expected form ({where})", where=where))
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value) or any(
        0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in value
    ):
        raise _bad(_("the county's rules are not in the expected form ({where})", where=where))
    return value


def check_rules(rules: Any) -> dict[str, Any]:
    """Every county rule present, nothing else, each value within its declaration's limits."""
    wanted = {v.key: v for v in county_rule_vars()}
    if not isinstance(rules, dict):
        raise _bad(_("the county's rules are not in the expected form ({where})", where="rules"))
    unknown = sorted(set(rules) - set(wanted))
    if unknown:
        raise _bad(_("{key} is not a county rule of this SafetyDesk", key=", ".join(unknown)))
    out: dict[str, Any] = {}
    for key, var in wanted.items():
        if key not in rules:
            # A county on an older SafetyDesk does not know a newer rule: the default stands.
            out[key] = var.default
            continue
        try:
            cleaned = var.clean(rules[key])
        except ValidationError as exc:
            raise _bad(exc.user_message) from None
        if json.dumps(cleaned, sort_keys=True) != json.dumps(rules[key], sort_keys=True):
            # The county signs cleaned values; anything else was not written by SafetyDesk.
            raise _bad(_("{label}: the value is not in the form the county publishes", label=_(var.label)))
        out[key] = cleaned
    return out


def _template(value: Any, n: int) -> RuleTemplate:
    from safetydesk.domain.registry import get_kind

    where = f"templates[{n}]"
    t = _obj(value, _TEMPLATE_KEYS, where)
    key = t["key"]
    if not isinstance(key, str) or not _TEMPLATE_KEY.fullmatch(key):
        raise _bad(_("the county's rules are not in the expected form ({where})", where=where))
    fields = {f.attr: f for f in get_kind("checklist_template").fields}
    for attr in ("category", "frequency"):
        code = t[attr]
        if code is not None and (not isinstance(code, str) or fields[attr].choice(code) is None):
            place = where + "." + attr
            raise _bad(_("the county's rules are not in the expected form ({where})", where=place))
    return RuleTemplate(
        key=key,
        name=_text(t["name"], MAX_NAME, f"{where}.name"),
        category=t["category"],
        frequency=t["frequency"],
        version=_int(t["version"], 1, MAX_TEMPLATE_VERSION, f"{where}.version"),
        items=_text(t["items"], MAX_TEMPLATE_ITEMS_CHARS, f"{where}.items"),
    )


def from_json(doc: Any) -> RuleSet:
    """A parsed document (a JSON object) as a RuleSet, or RuleSetInvalid."""
    d = _obj(doc, _KEYS, "document")
    if d["format"] != FORMAT or d["format_version"] != FORMAT_VERSION:
        raise _bad(_("the county's rules are in a format this SafetyDesk does not read; update SafetyDesk"))
    county = _obj(d["county"], {"code", "name"}, "county")
    code = county["code"]
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise _bad(_("the county's rules are not in the expected form ({where})", where="county.code"))
    try:
        published = date.fromisoformat(d["published_on"]) if isinstance(d["published_on"], str) else None
    except ValueError:
        published = None
    if published is None or not 2000 <= published.year <= 2199:
        raise _bad(_("the county's rules are not in the expected form ({where})", where="published_on"))
    templates = d["templates"]
    if not isinstance(templates, list) or len(templates) > MAX_TEMPLATES:
        raise _bad(_("the county's rules are not in the expected form ({where})", where="templates"))
    parsed = tuple(_template(t, n) for n, t in enumerate(templates))
    if len({t.key for t in parsed}) != len(parsed):
        raise _bad(_("the county's rules are not in the expected form ({where})", where="templates"))
    return RuleSet(
        county_code=code,
        county_name=_text(county["name"], MAX_NAME, "county.name"),
        version=_int(d["version"], 1, MAX_VERSION, "version"),
        published_on=published,
        rules=check_rules(d["rules"]),
        templates=parsed,
    )


def changed_rules(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """key -> (old, new) for the rules whose value differs."""
    return {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}
