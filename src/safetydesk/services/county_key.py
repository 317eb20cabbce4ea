"""A school confirms its county bureau's new signing key, so that it follows the county's rules
again after the county reinstalled its software (sync/county_rules.py).

Why a person confirms it: a school pins the key of the first county rule set it follows and never
adopts another on its township's word alone (a hostile township could otherwise rewrite a
school's rules). When its township forwards a set of the same county signed with another key,
the importer declines it and keeps it here (`county.rules.declined`). The school's administrator
then opens the county's identity file and types the 30 digits the county bureau reads out by
phone, as for trust (sync.md "Keys and trust"). The key is kept (`county.rules.confirmed_key`):
the declined set, when it is signed with that key, is followed at once, and so is the next set
of that key a township package carries. Following a set clears both.

Stored in the `setting` table like the set followed (services/county_rules.py): no migration.
Runs on the DB thread or in a command.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain.organisation import COUNTY, SCHOOL
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.local import Installation, Setting
from safetydesk.services import audit, county_rules
from safetydesk.services.changes import Actor
from safetydesk.sync import county_rules as wire
from safetydesk.sync.identity import TrustRefused, check_digits, read_identity_file

DECLINED_KEY = "county.rules.declined"
CONFIRMED_KEY = "county.rules.confirmed_key"


@dataclass(frozen=True)
class Declined:
    """The newest county rule set this school declined: its county's, signed with another key."""

    county_code: str
    county_name: str
    version: int
    sign_key: bytes
    envelope: bytes
    declined_at: str  # ISO, local time of the import


@dataclass(frozen=True)
class Confirmed:
    """What `confirm` did: the county and its new key; the version followed at once, if any."""

    county_code: str
    county_name: str
    fingerprint: str
    changed: bool  # False: it is already the key of the rules followed here
    followed_version: int | None

    def text(self) -> str:
        """What the command and the Settings page say."""
        if not self.changed:
            return _(
                "This is already the key of the county rules this school follows ({code} {name}); "
                "nothing changed.",
                code=self.county_code,
                name=self.county_name,
            )
        text = _(
            "Confirmed the new key of {code} {name} (fingerprint {digits}).",
            code=self.county_code,
            name=self.county_name,
            digits=self.fingerprint,
        )
        if self.followed_version is not None:
            return text + " " + _("Now following version {version} of its county rules.", version=self.followed_version)
        return text + " " + _("Its rules are followed from the next township package that carries them.")

    def as_json(self) -> dict[str, Any]:
        return {
            "county": {"code": self.county_code, "name": self.county_name},
            "fingerprint": self.fingerprint,
            "changed": self.changed,
            "followed_version": self.followed_version,
        }


def keep_declined(s: Session, incoming: wire.Incoming) -> None:
    """Remember a declined set (the importer, in its transaction); a newer one replaces it."""
    held = county_rules.row_value(s, DECLINED_KEY)
    if held is not None and int(held["version"]) > incoming.rule_set.version:
        return
    rs = incoming.rule_set
    county_rules.put_row(
        s,
        DECLINED_KEY,
        {
            "county_code": rs.county_code,
            "county_name": rs.county_name,
            "version": rs.version,
            "sign_key": base64.b64encode(incoming.sign_key).decode("ascii"),
            "envelope": base64.b64encode(incoming.envelope).decode("ascii"),
            "declined_at": clock.now().isoformat(timespec="seconds"),
        },
    )


def declined_in(s: Session) -> Declined | None:
    v = county_rules.row_value(s, DECLINED_KEY)
    if v is None:
        return None
    return Declined(
        v["county_code"], v["county_name"], int(v["version"]), base64.b64decode(v["sign_key"]),
        base64.b64decode(v["envelope"]), str(v.get("declined_at", "")),
    )


def declined(sessions: sessionmaker[Session]) -> Declined | None:
    with sessions() as s:
        return declined_in(s)


def confirmed_key_in(s: Session, held: wire.Held | None) -> bytes | None:
    """The county key this school's administrator confirmed, for the county it follows (`held`)."""
    v = county_rules.row_value(s, CONFIRMED_KEY)
    if v is None or held is None or v["county_code"] != held.county_code:
        return None
    return base64.b64decode(v["sign_key"])


def forget(s: Session) -> None:
    """A set is followed now (services/county_rules._store): nothing waits any more."""
    for key in (DECLINED_KEY, CONFIRMED_KEY):
        row = s.get(Setting, key)
        if row is not None:
            s.delete(row)


def confirm(sessions: sessionmaker[Session], actor: Actor, identity_file: str | Path, digits: str) -> Confirmed:
    """Confirm the county's key from its identity file and the digits typed; follow the declined
    set at once when it is signed with that key. Refused (TrustRefused, nothing written) when the
    digits differ, at a township or county, before any county rules arrived, or for another county."""
    ident = read_identity_file(identity_file)
    check_digits(ident, digits)
    with sessions.begin() as s:
        me = s.get(Installation, 1)
        if me is None or me.role != SCHOOL:
            raise SafetyDeskError(
                _(
                    "Only a school confirms its county bureau's key this way; a township centre trusts "
                    "its county bureau again with its identity file (File → Trust…)."
                )
            )
        held = county_rules.held_in(s)
        if held is None:
            raise TrustRefused(
                "no_county_rules",
                _(
                    "This school follows no county rules yet: it takes its county's first rules from "
                    "its township centre's packages. Nothing was confirmed."
                ),
            )
        if ident.role != COUNTY or ident.org_code != held.county_code:
            raise TrustRefused(
                "wrong_peer",
                _(
                    "This identity file belongs to {code} {name}, not to the county education bureau "
                    "whose rules this school follows ({county}). Nothing was confirmed.",
                    code=ident.org_code,
                    name=ident.org_name,
                    county=held.county_code,
                ),
            )
        key = ident.public.sign
        if key == held.sign_key:
            return Confirmed(ident.org_code, ident.org_name, ident.fingerprint, False, None)
        county_rules.put_row(
            s,
            CONFIRMED_KEY,
            {
                "county_code": ident.org_code,
                "sign_key": base64.b64encode(key).decode("ascii"),
                "fingerprint": ident.fingerprint,
                "confirmed_at": clock.now().isoformat(timespec="seconds"),
                "by": actor.username,
            },
        )
        audit.append(
            s, actor, "county_key_confirmed", detail=f"{ident.org_code} {ident.org_name} {ident.fingerprint}"
        )
        followed = None
        waiting = declined_in(s)
        if waiting is not None and waiting.sign_key == key and waiting.county_code == held.county_code:
            incoming = wire.read_envelope(waiting.envelope, file=DECLINED_KEY)  # verified again
            if wire.is_new(incoming, held, file=DECLINED_KEY):  # a new key: a new series
                county_rules.apply_in(s, actor, incoming)
                followed = incoming.rule_set.version
        return Confirmed(ident.org_code, ident.org_name, ident.fingerprint, True, followed)
