"""The county rule set an installation follows: publish at the county, apply where it arrives.

Where it lives: the `setting` table, like the importer's per-school summaries (not a declared
setting, so no migration): `county.rules` holds the set this installation follows (its envelope,
byte for byte, so a township forwards exactly what the county signed), and at a township
`county.followed.<SCHOOL>` holds the version each school reported following.

Applying (at a township from its county, at a school from its township), inside the importer's
one transaction: the value of every COUNTY_RULE setting is replaced by the county's (one audit
entry per changed value, naming the county and the version), the county's checklist templates
are created, updated or withdrawn as checklist_template records owned by the county's code (so
the school follows them read-only: services.records refuses an edit of another organisation's
row, and the school's exports never carry them), and the set is stored as the one followed.

Why county rules are locked once a set is followed: they are the county's (县教育局 sets them for
every school of the county, and a township's console compares schools by them); a local change
would make a school's status disagree with its township's. services/settings.write refuses them
with a message naming the county and version; the county itself changes them with `settings set`
and publishes a new version with `rules publish`.

Runs on the DB thread, in a command, or inside the importer's transaction; returns plain data.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid as uuid_mod
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain import county_rules as domain
from safetydesk.domain import settings as setting_vars
from safetydesk.errors import PermissionDenied, SafetyDeskError
from safetydesk.i18n import _, format_date
from safetydesk.models.local import Setting
from safetydesk.services import audit
from safetydesk.services.changes import Actor
from safetydesk.sync import county_rules as wire

HELD_KEY = "county.rules"
FOLLOWED_PREFIX = "county.followed."
TEMPLATE_KIND = "checklist_template"
_NAMESPACE = uuid_mod.UUID("6f1c7a52-3b1e-4c55-9d0e-5a1f2e9c0b17")


@dataclass(frozen=True)
class Following:
    """The set an installation follows, as the dashboard, Settings page and `rules` show it."""

    county_code: str
    county_name: str
    version: int
    published_on: date
    sha256: str
    received_at: str  # ISO UTC: when it was applied (or published, at the county)
    rules: dict[str, Any]
    templates: tuple[domain.RuleTemplate, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "county": {"code": self.county_code, "name": self.county_name},
            "version": self.version,
            "published_on": self.published_on.isoformat(),
            "sha256": self.sha256,
            "received_at": self.received_at,
            "rules": self.rules,
            "templates": [{"key": t.key, "name": t.name, "version": t.version} for t in self.templates],
        }


def template_uuid(county_code: str, key: str) -> str:
    """The county template's uuid, the same at every township and school of the county."""
    return str(uuid_mod.uuid5(_NAMESPACE, f"{county_code}/{key}"))


def row_value(s: Session, key: str) -> dict[str, Any] | None:
    """A `setting` row kept by the county rules' machinery (not a declared setting), or None."""
    row = s.get(Setting, key)
    return row.value if row is not None and isinstance(row.value, dict) else None


def put_row(s: Session, key: str, value: dict[str, Any]) -> None:
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value


def _stored(s: Session) -> dict[str, Any] | None:
    return row_value(s, HELD_KEY)


def envelope_in(s: Session) -> bytes | None:
    """The envelope this installation follows, to forward unchanged."""
    stored = _stored(s)
    return None if stored is None else base64.b64decode(stored["envelope"])


def held_in(s: Session) -> wire.Held | None:
    stored = _stored(s)
    if stored is None:
        return None
    return wire.Held(
        stored["county_code"], int(stored["version"]), stored["sha256"], base64.b64decode(stored["sign_key"])
    )


def following_in(s: Session) -> Following | None:
    stored = _stored(s)
    if stored is None:
        return None
    incoming = wire.read_envelope(base64.b64decode(stored["envelope"]), file=HELD_KEY)
    rs = incoming.rule_set
    return Following(
        rs.county_code, rs.county_name, rs.version, rs.published_on, incoming.sha256,
        str(stored.get("received_at", "")), rs.rules, rs.templates,
    )


def following(sessions: sessionmaker[Session]) -> Following | None:
    with sessions() as s:
        return following_in(s)


def version_in(s: Session) -> int | None:
    stored = _stored(s)
    return None if stored is None else int(stored["version"])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _store(s: Session, incoming: wire.Incoming) -> None:
    value = {
        "envelope": base64.b64encode(incoming.envelope).decode("ascii"),
        "county_code": incoming.rule_set.county_code,
        "version": incoming.rule_set.version,
        "sha256": incoming.sha256,
        "sign_key": base64.b64encode(incoming.sign_key).decode("ascii"),
        "received_at": clock.now().isoformat(timespec="seconds"),
    }
    put_row(s, HELD_KEY, value)
    from safetydesk.services import county_key

    county_key.forget(s)  # a set declined or a key confirmed waits no more


def _apply_values(s: Session, actor: Actor, rs: domain.RuleSet) -> int:
    from safetydesk.services import settings

    changed = 0
    for key, value in rs.rules.items():
        old = settings.get_in(s, key)
        if old == value:
            continue
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value={settings.WRAPPER: value}))
        else:
            row.value = {settings.WRAPPER: value}
        audit.append(
            s,
            actor,
            "setting",
            detail=f"{key}={_json(value)} ({rs.county_code} v{rs.version})",
            changes={key: {"old": old, "new": value}, "county_rules": {"county": rs.county_code,
                                                                          "version": rs.version}},
        )
        changed += 1
    return changed


def _apply_templates(s: Session, rs: domain.RuleSet) -> list[str]:
    """The county's templates as read-only checklist_template records owned by the county."""
    from safetydesk.domain.registry import get_kind

    model = get_kind(TEMPLATE_KIND).model
    now = clock.now()
    touched: list[str] = []
    wanted = {template_uuid(rs.county_code, t.key): t for t in rs.templates}
    existing = {
        r.uuid: r for r in s.scalars(select(model).where(model.owner == rs.county_code))
    }
    for uuid, t in wanted.items():
        row = existing.get(uuid)
        values = {"name": t.name, "category": t.category, "frequency": t.frequency, "version": t.version,
                  "items": t.items}
        if row is None:
            s.add(model(uuid=uuid, owner=rs.county_code, row_version=1, created_at=now, updated_at=now,
                        created_by=rs.county_code, updated_by=rs.county_code, **values))
        elif row.deleted_at is not None or any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.deleted_at = None
            row.row_version += 1
            row.updated_at = now
        else:
            continue
        touched.append(uuid)
    for uuid, row in existing.items():
        if uuid not in wanted and row.deleted_at is None:
            row.deleted_at = now
            row.row_version += 1
            row.updated_at = now
            touched.append(uuid)
    return touched


def apply_in(s: Session, actor: Actor, incoming: wire.Incoming) -> dict[str, int]:
    """Follow `incoming` (already verified, and newer than the set held): values, templates, the
    set itself; audited. Inside the caller's transaction."""
    rs = incoming.rule_set
    values = _apply_values(s, actor, rs)
    s.flush()
    touched = _apply_templates(s, rs)
    s.flush()
    if touched:
        from safetydesk.sync import upsert

        upsert.reindex(s, TEMPLATE_KIND, touched)
    _store(s, incoming)
    audit.append(
        s,
        actor,
        "county_rules",
        detail=_("County rules of {county}, version {version}", county=rs.county_code, version=rs.version),
        changes={"county": rs.county_code, "version": rs.version, "sha256": incoming.sha256,
                 "values_changed": values, "templates_changed": len(touched)},
    )
    return {"values": values, "templates": len(touched)}


# --- what schools report following (at a township) ------------------------------------------------


def keep_followed(s: Session, school: str, version: int, sha256: str, *, seq: int, sender_key: str) -> None:
    """Store the set a school's package says it follows (the newest package's word wins)."""
    from safetydesk.services import settings

    settings.keep_report(s, f"{FOLLOWED_PREFIX}{school}", {"version": version, "sha256": sha256}, seq=seq,
                         sender_key=sender_key)


def followed_sets(s: Session, schools: list[str]) -> dict[str, tuple[int, str] | None]:
    """The set (version, sha256) each school last reported following (None: none reported yet)."""
    keys = [f"{FOLLOWED_PREFIX}{c}" for c in schools]
    found = {r.key: r.value for r in s.scalars(select(Setting).where(Setting.key.in_(keys)))}
    out: dict[str, tuple[int, str] | None] = {}
    for code in schools:
        v = found.get(f"{FOLLOWED_PREFIX}{code}")
        out[code] = (int(v["version"]), str(v.get("sha256", ""))) if isinstance(v, dict) and "version" in v else None
    return out


@dataclass(frozen=True)
class Behind:
    """A school that does not follow the township's version of the county rules (yet)."""

    code: str
    name: str
    version: int | None  # the version its packages reported; None: none reported yet


def schools_behind(sessions: sessionmaker[Session]) -> list[Behind]:
    """At a township: the trusted schools whose packages report another set of the county rules
    than the one the township follows (or none), in code order. Empty before any set. Compared by
    the set's hash, not its number: a county's new key starts its numbers again."""
    from safetydesk.services import schools

    with sessions() as s:
        held = held_in(s)
        if held is None:
            return []
        refs = schools.schools_in(s)
        reported = followed_sets(s, [r.code for r in refs])
    behind = []
    for r in sorted(refs, key=lambda r: r.code):
        got = reported[r.code]
        if got is None or got[1] != held.sha256:
            behind.append(Behind(r.code, r.name, None if got is None else got[0]))
    return behind


def console_line(sessions: sessionmaker[Session]) -> str:
    """The township console's line: the version followed here, and the schools still behind."""
    found = following(sessions)
    if found is None:
        return _("County rules: none received yet; the default values apply.")
    line = _(
        "County rules: version {version} of {county}, published {date}",
        version=found.version,
        county=found.county_name,
        date=format_date(found.published_on),
    )
    behind = schools_behind(sessions)
    if not behind:
        return line + _("; every school follows it.")
    names = "、".join(
        _("{name} (version {version})", name=b.name, version=b.version)
        if b.version is not None
        else _("{name} (not reported)", name=b.name)
        for b in behind
    )
    return line + _("; still on an older version: {schools}", schools=names)


# --- publishing (at the county) ---------------------------------------------------------------------


def _county_templates(s: Session, county_code: str) -> tuple[domain.RuleTemplate, ...]:
    """The county's own live checklist templates; the key is the record's uuid (stable)."""
    from safetydesk.domain.registry import get_kind

    model = get_kind(TEMPLATE_KIND).model
    rows = s.scalars(select(model).where(model.owner == county_code, model.deleted_at.is_(None)))
    return tuple(
        domain.RuleTemplate(r.uuid, r.name, r.category, r.frequency, int(r.version or 1), r.items or "")
        for r in rows
    )


def publish(storage: Any, actor: Actor) -> Following:
    """At a county: sign the current county-rule values and the county's templates as the next
    version, and follow it (townships receive it with the next `export --to TOWNSHIPCODE`).
    Publishing what is already published changes nothing and returns the current version."""
    from safetydesk.services import settings
    from safetydesk.services.installation import installation_info
    from safetydesk.sync.keys import ensure_keys

    info = installation_info(storage.sessions)
    if info.role != wire.COUNTY:
        raise SafetyDeskError(
            _(
                "Only a county education bureau's installation publishes county rules; this "
                "installation follows the rules its county publishes."
            )
        )
    from safetydesk.services.accounts import ADMIN_ROLES

    if actor.role not in ADMIN_ROLES:
        raise PermissionDenied(_("Only an administrator can publish the county rules."))
    keys = ensure_keys(storage.paths)
    values = settings.all_values(storage.sessions)
    rules = {v.key: values[v.key] for v in domain.county_rule_vars()}
    with storage.sessions.begin() as s:
        templates = tuple(sorted(_county_templates(s, info.org_code), key=lambda t: t.key))
        held = held_in(s)
        current = following_in(s)
        if current is not None and current.rules == rules and current.templates == templates:
            return current
        rule_set = domain.RuleSet(
            info.org_code, info.org_name, (held.version if held else 0) + 1, clock.today(), rules, templates
        )
        try:  # what every township and school will check, checked here first
            domain.from_json(json.loads(domain.document_bytes(rule_set)))
        except domain.RuleSetInvalid as exc:
            raise SafetyDeskError(
                _("The county rules cannot be published: {reason}.", reason=exc.reason)
            ) from None
        envelope = wire.sign(rule_set, keys)
        incoming = wire.Incoming(
            rule_set, envelope, hashlib.sha256(domain.document_bytes(rule_set)).hexdigest(), keys.public.sign
        )
        _store(s, incoming)
        audit.append(
            s,
            actor,
            "county_rules",
            detail=_("County rules of {county}, version {version}", county=info.org_code, version=rule_set.version),
            changes={"published": rule_set.version, "sha256": incoming.sha256},
        )
        s.flush()
        out = following_in(s)
    assert out is not None
    return out


def county_note(sessions: sessionmaker[Session]) -> str:
    """At a county, the Settings page's line above its publish button: what was published last."""
    found = following(sessions)
    if found is None:
        return _(
            "This is the county education bureau: change the county rules here, then publish them; "
            "townships receive them with the next package sent to them. Nothing has been published yet."
        )
    return _(
        "This is the county education bureau: change the county rules here, then publish them; "
        "townships receive them with the next package sent to them. Published so far: version "
        "{version}, {date}.",
        version=found.version,
        date=format_date(found.published_on),
    )


def lock_message(s: Session, key: str) -> str | None:
    """Why `key` cannot be changed here (a county rule while a county's set is followed), or None.
    The county that publishes may change its own rules."""
    if not domain.is_county_rule(key):
        return None
    stored = _stored(s)
    if stored is None:
        return None
    from safetydesk.models.local import Installation

    me = s.get(Installation, 1)
    if me is not None and me.role == wire.COUNTY:
        return None
    var = setting_vars.get_var(key)
    return _(
        "{label} is a county rule: it follows version {version} of the rules of county {county} and "
        "can be changed only by the county education bureau.",
        label=_(var.label),
        version=stored["version"],
        county=stored["county_code"],
    )
