"""The school as a dimension: which schools an installation knows, their names and types, and
which school a row belongs to.

At a township the schools are its trusted peers (a person confirmed each one's fingerprint; the
name and type come from the school's own signed identity file), so this is the one place that
turns a school code into a name. At a school the only school is itself. Either way the
installation's own code names the installation (a township's own rows carry its code).

A row belongs to the school that owns it; a township row addressed to one school (a notice, its
items, a review: kinds with a `school_code` field) belongs to that school. Runs on any thread;
each call opens and closes its own session and returns plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain.registry import RecordKind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.local import Installation
from safetydesk.models.org import Organisation
from safetydesk.models.sync_state import TrustedPeer
from safetydesk.services.installation import SCHOOL, TOWNSHIP

TARGET_FIELD = "school_code"  # a township row addressed to one school names it here (sync/export.py)
DEFAULT_TYPE = "primary"  # a school whose type is not known is counted as a primary school


@dataclass(frozen=True)
class SchoolRef:
    code: str
    name: str
    school_type: str | None  # primary, middle, kindergarten...; None: not known (older identity)


def _installation(s: Session) -> Installation:
    inst = s.get(Installation, 1)
    if inst is None:
        raise SafetyDeskError(_("This database has no installation identity. Run 'safetydesk init'."))
    return inst


def _own_type(s: Session, code: str) -> str | None:
    return s.scalar(select(Organisation.school_type).where(Organisation.code == code))


def schools_in(s: Session) -> list[SchoolRef]:
    """The schools this installation holds data for, by code: a township's trusted schools (not
    revoked), or a school itself. Inside the caller's session."""
    inst = _installation(s)
    if inst.role == SCHOOL:
        return [SchoolRef(inst.org_code, inst.org_name, _own_type(s, inst.org_code))]
    peers = s.scalars(
        select(TrustedPeer)
        .where(TrustedPeer.role == SCHOOL, TrustedPeer.revoked_at.is_(None))
        .order_by(TrustedPeer.org_code)
    )
    return [SchoolRef(p.org_code, p.org_name, p.school_type) for p in peers]


def schools(sessions: sessionmaker[Session]) -> list[SchoolRef]:
    """See `schools_in`."""
    with sessions() as s:
        return schools_in(s)


def names_in(s: Session) -> dict[str, str]:
    """Code -> name of every organisation this installation knows: itself, every peer it ever
    trusted (a revoked school's old rows still need their name), and a school's township."""
    inst = _installation(s)
    out = {p.org_code: p.org_name for p in s.scalars(select(TrustedPeer))}
    if inst.role == SCHOOL and inst.township_code:
        out.setdefault(inst.township_code, inst.township_name or inst.township_code)
    out[inst.org_code] = inst.org_name
    return out


def school_names(sessions: sessionmaker[Session]) -> dict[str, str]:
    """The one "school code -> name" function (see `names_in`)."""
    with sessions() as s:
        return names_in(s)


def school_name(sessions: sessionmaker[Session], code: str) -> str:
    """The name of `code`, or the code itself when nobody here knows it."""
    return school_names(sessions).get(code, code)


def resolve(sessions: sessionmaker[Session], code: str) -> SchoolRef:
    """The school `code` names, or SafetyDeskError saying which codes this installation knows.

    At a township: one of its trusted schools. At a school: only itself."""
    with sessions() as s:
        inst = _installation(s)
        for ref in schools_in(s):
            if ref.code == code:
                return ref
        if inst.role == SCHOOL:
            raise SafetyDeskError(
                _(
                    "This is the installation of school {code}; it holds no records of {other}.",
                    code=inst.org_code,
                    other=code,
                )
            )
        raise SafetyDeskError(
            _(
                "{code} is not a trusted school of this township centre; 'safetydesk trust' enrols a "
                "school.",
                code=code,
            )
        )


def type_of(ref: SchoolRef) -> str:
    return ref.school_type or DEFAULT_TYPE


def is_township(sessions: sessionmaker[Session]) -> bool:
    with sessions() as s:
        return _installation(s).role == TOWNSHIP


# --- rows and schools --------------------------------------------------------------------------


def addressed(kind: RecordKind) -> bool:
    """True for kinds whose rows name the school they are addressed to (township rows)."""
    return kind.has_field(TARGET_FIELD)


def row_school(kind: RecordKind, owner: str, values: Mapping[str, Any]) -> str:
    """The school a row belongs to: the school it is addressed to, else its owner."""
    if addressed(kind):
        target = values.get(TARGET_FIELD)
        if target:
            return str(target)
    return owner


def school_condition(kind: RecordKind, code: str) -> ColumnElement[bool]:
    """SQL: rows of `kind` that belong to school `code` (owned by it, or addressed to it)."""
    model: Any = kind.model
    if addressed(kind):
        target = getattr(model, TARGET_FIELD)
        return or_(target == code, ((target.is_(None)) | (target == "")) & (model.owner == code))
    return model.owner == code
