"""Typed read and write of the settings the registry declares (domain/settings.py).

The store is the `setting` table: one row per key holding {"v": <JSON value>}; no row means the
default. Reads return the declared type (an unusable stored value gives the default). Writes are
checked by the declarations first, allowed to administrators (and the roles a setting names),
applied in one transaction and written to the hash-chained audit log, one entry per changed key.
Nothing else in the program reads or writes these keys. (The sync importer keeps its per-school
summaries of protected records in the same table under `sync.summary.*`; they are not settings.)
Runs on the DB thread or in a command; returns plain data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import settings as setting_vars
from safetydesk.domain.compliance import ComplianceRules
from safetydesk.domain.semester import SemesterCalendar
from safetydesk.errors import PermissionDenied, ValidationError
from safetydesk.i18n import _
from safetydesk.models.local import Setting
from safetydesk.services import audit
from safetydesk.services.changes import Actor

WRAPPER = "v"  # the one JSON shape of a stored value: {"v": value}


@dataclass(frozen=True)
class SettingInfo:
    """One setting as `safetydesk settings` and the Settings page show it (label translated)."""

    key: str
    value: Any
    default: Any
    scope: str
    label: str
    help: str
    group: str

    # Set by the county (the version of its rules this installation follows) and so locked
    # here; None for this installation's own choices, or before any county rules arrived.
    county_version: int | None = None

    @property
    def is_default(self) -> bool:
        return self.value == self.default


def _unwrap(row: Setting | None) -> Any:
    if row is None or not isinstance(row.value, dict):
        return None
    return row.value.get(WRAPPER)


def get_in(session: Session, key: str) -> Any:
    """The value of `key` read inside an open session (a per-record check, a transaction)."""
    return setting_vars.get_var(key).read(_unwrap(session.get(Setting, key)))


def keep_report(s: Session, key: str, value: Mapping[str, Any], *, seq: int, sender_key: str) -> None:
    """Keep in the undeclared row `key` what a sender's newest package reported (the set of
    county rules a school follows, its facilities): a package of the same sender key replaces it
    when its number is not lower (packages arrive in any order); one of another key always does,
    since a reinstalled sender, trusted again under a new key, numbers its packages from 1."""
    row = s.get(Setting, key)
    stored = row.value if row is not None and isinstance(row.value, dict) else {}
    newer = stored.get("sender_key") != sender_key or int(stored.get("seq", 0)) <= seq
    if row is None:
        s.add(Setting(key=key, value={**value, "seq": seq, "sender_key": sender_key}))
    elif newer:
        row.value = {**value, "seq": seq, "sender_key": sender_key}


def get(sessions: sessionmaker[Session], key: str) -> Any:
    with sessions() as s:
        return get_in(s, key)


def all_values(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """Every declared setting's value, read in one query."""
    with sessions() as s:
        declared = setting_vars.all_vars()
        query = select(Setting).where(Setting.key.in_([v.key for v in declared]))
        stored = {row.key: _unwrap(row) for row in s.scalars(query)}
    return {v.key: v.read(stored.get(v.key)) for v in declared}


def listing(sessions: sessionmaker[Session]) -> list[SettingInfo]:
    from safetydesk.services.county_rules import lock_message, version_in

    values = all_values(sessions)
    with sessions() as s:
        version = version_in(s)
        locked = {v.key for v in setting_vars.all_vars() if version is not None and lock_message(s, v.key)}
    return [
        SettingInfo(
            v.key,
            values[v.key],
            v.default,
            v.scope.value,
            _(v.label),
            _(v.help) if v.help else "",
            _(v.group),
            version if v.key in locked else None,
        )
        for v in setting_vars.all_vars()
    ]


def may_write(actor: Actor, key: str) -> bool:
    from safetydesk.services.accounts import ADMIN_ROLES  # argon2 loads only when asked

    return actor.role in ADMIN_ROLES or actor.role in setting_vars.get_var(key).also_writable_by


def check(changes: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The cleaned values of `changes` (key -> what was typed), or one ValidationError carrying
    every field's message. A value of parts may name only some parts; the rest stay as they are."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in changes.items():
        var = setting_vars.get_var(key)
        try:
            cleaned[key] = var.clean(raw, current.get(key))
        except ValidationError as exc:
            errors.update(exc.field_errors or {key: exc.user_message})
    if errors:
        raise ValidationError(" ".join(dict.fromkeys(errors.values())), errors)
    return cleaned


def check_not_locked(sessions: sessionmaker[Session], keys: list[str]) -> None:
    """PermissionDenied when one of `keys` is a county rule the county's published set fixes here
    (services/county_rules.lock_message); `write` checks the same inside its transaction."""
    from safetydesk.services.county_rules import lock_message

    with sessions() as s:
        for key in keys:
            locked = lock_message(s, key)
            if locked:
                raise PermissionDenied(locked)


def write(sessions: sessionmaker[Session], actor: Actor, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check and store `changes` in one transaction; returns every setting's value afterwards.

    Refused as a whole (nothing written) when a value is bad or the actor may not change one of
    them. Keys whose value does not change are not written and not logged."""
    for key in changes:
        setting_vars.get_var(key)  # an unknown key is refused before anything else
        if not may_write(actor, key):
            raise PermissionDenied(
                _("Only an administrator can change the setting {label}.", label=_(setting_vars.get_var(key).label))
            )
    with sessions.begin() as s:
        from safetydesk.services.county_rules import lock_message

        for key in changes:
            locked = lock_message(s, key)
            if locked:
                raise PermissionDenied(locked)
        current = {key: get_in(s, key) for key in changes}
        cleaned = check(changes, current)
        for key, value in cleaned.items():
            if value == current[key]:
                continue
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value={WRAPPER: value}))
            else:
                row.value = {WRAPPER: value}
            audit.append(
                s,
                actor,
                "setting",
                detail=f"{key}={_json(value)}",
                changes={key: {"old": current[key], "new": value}},
            )
    return all_values(sessions)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sql_is_true(key: str) -> ColumnElement[bool]:
    """An SQL condition true when the boolean setting `key` is on (for row filters built in SQL)."""
    default = 1 if setting_vars.get_var(key).default else 0
    stored = select(func.json_extract(Setting.value, f"$.{WRAPPER}")).where(Setting.key == key)
    return func.coalesce(stored.scalar_subquery(), default) == 1


# --- typed views for the rules that read several settings ---------------------------------------


def semester_calendar(sessions: sessionmaker[Session]) -> SemesterCalendar:
    return SemesterCalendar.from_setting(get(sessions, setting_vars.SEMESTER_CALENDAR.key))


def compliance_rules(sessions: sessionmaker[Session]) -> ComplianceRules:
    return ComplianceRules.from_settings(all_values(sessions))
