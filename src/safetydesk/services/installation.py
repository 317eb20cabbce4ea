"""Create an installation (`init`, the setup wizard) and read who it is."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain.organisation import COUNTY, SCHOOL, SCHOOL_TYPES, TOWNSHIP, InstallationInfo
from safetydesk.errors import AlreadyInitialised, NotInitialised, ValidationError
from safetydesk.i18n import _
from safetydesk.models.local import Installation, UserAccount
from safetydesk.models.org import Organisation
from safetydesk.paths import DataPaths
from safetydesk.services.passwords import weakness
from safetydesk.services.storage import Storage, create_storage

if TYPE_CHECKING:
    from safetydesk.services.changes import Actor

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,31}")  # always fullmatch: `$` accepts a final newline
SYSTEM_USER = "system"
ADMIN_USER = "admin"


@dataclass(frozen=True)
class InitRequest:
    role: str
    code: str
    name: str
    township_code: str | None = None
    township_name: str | None = None
    admin_password: str | None = None
    school_type: str = "primary"
    is_demo: bool = False
    county_code: str | None = None  # a township's county bureau (optional; can be set later)
    county_name: str | None = None
    # A hub (township or county) may keep its data in PostgreSQL: an empty database's
    # postgresql://USER@HOST/DB (issue 16.5). Schools always use SQLite.
    database_url: str | None = None


def validate_init(req: InitRequest) -> None:
    errors: dict[str, str] = {}
    if req.role not in (SCHOOL, TOWNSHIP, COUNTY):
        errors["role"] = _("Choose school, township or county.")
    if not CODE_RE.fullmatch(req.code or ""):
        errors["code"] = _("The code must be 2–32 letters, digits or '-', e.g. 4105220001.")
    if not (req.name or "").strip() or len(req.name) > 100:
        errors["name"] = _("Enter the organisation's name (at most 100 characters).")
    if req.role == SCHOOL:
        if not CODE_RE.fullmatch(req.township_code or ""):
            errors["township_code"] = _("Enter the township centre's code, e.g. 410522T01.")
        elif req.township_code == req.code:
            errors["township_code"] = _("The township's code must differ from the school's.")
        if req.school_type not in SCHOOL_TYPES:
            errors["school_type"] = _("Choose the kind of school.")
    if req.role == TOWNSHIP and req.county_code:
        county_error = _county_error(req.code, req.county_code, req.county_name)
        if county_error:
            errors["county_code"] = county_error
    weak = weakness(req.admin_password, ADMIN_USER) if req.admin_password is not None else None
    if weak:
        errors["admin_password"] = weak
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)


def _county_error(own_code: str, county_code: str, county_name: str | None) -> str | None:
    if not CODE_RE.fullmatch(county_code):
        return _("Enter the county bureau's code, e.g. 410522.")
    if county_code == own_code:
        return _("The county's code must differ from the township's.")
    if county_name is not None and len(county_name) > 100:
        return _("Enter the organisation's name (at most 100 characters).")
    return None


def initialise(paths: DataPaths, req: InitRequest) -> Storage:
    """Create the database and the installation's identity; on failure leave the folder as it was."""
    validate_init(req)
    if paths.is_initialised():
        raise AlreadyInitialised(_("{path} already holds a SafetyDesk installation; nothing was "
                                   "changed. Use another --data-dir for a new one.",
                                   path=str(paths.root)))
    if req.database_url is not None and req.role == SCHOOL:
        raise ValidationError({"database": _("A school keeps its data in its own file; only a "
                                             "township or county can use PostgreSQL.")})
    storage = create_storage(paths, req.database_url)
    try:
        with storage.sessions.begin() as s:
            s.add(Installation(id=1, role=req.role, org_code=req.code, org_name=req.name.strip(),
                               township_code=req.township_code if req.role == SCHOOL else None,
                               township_name=(req.township_name or None) if req.role == SCHOOL else None,
                               county_code=(req.county_code or None) if req.role == TOWNSHIP else None,
                               county_name=((req.county_name or "").strip() or None)
                               if req.role == TOWNSHIP and req.county_code else None,
                               is_demo=req.is_demo))
            s.add(Organisation(owner=req.code, code=req.code, name=req.name.strip(), org_type=req.role,
                               school_type=req.school_type if req.role == SCHOOL else None,
                               parent_code=req.township_code if req.role == SCHOOL else None,
                               created_by=SYSTEM_USER, updated_by=SYSTEM_USER))
            if req.role == SCHOOL and req.township_code:
                s.add(Organisation(owner=req.township_code, code=req.township_code,
                                   name=req.township_name or req.township_code, org_type=TOWNSHIP,
                                   created_by=SYSTEM_USER, updated_by=SYSTEM_USER))
            if req.admin_password is not None:
                from safetydesk.services.accounts import hash_password  # argon2id

                s.add(UserAccount(username=ADMIN_USER, display_name=_("Administrator"),
                                  role="admin", password_hash=hash_password(req.admin_password)))
        from safetydesk.sync.keys import ensure_keys

        ensure_keys(paths)  # the signing and encryption keys of this installation (sync.md)
        if req.database_url is not None:  # other workstations fetch them (services.hub_join)
            from safetydesk.services import hub_join

            hub_join.publish_key_files(storage)
    except Exception:
        storage.close()
        paths.database_url_file.unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(paths.keys, ignore_errors=True)
        raise
    return storage


def installation_info(sessions: sessionmaker[Session]) -> InstallationInfo:
    with sessions() as s:
        row = s.get(Installation, 1)
        if row is None:
            raise NotInitialised(_("This database has no installation identity. Run 'safetydesk init'."))
        school_type = s.scalar(select(Organisation.school_type).where(Organisation.code == row.org_code))
        return InstallationInfo(row.role, row.org_code, row.org_name, row.township_code,
                                row.township_name, row.is_demo, school_type, row.county_code,
                                row.county_name)


def name_county(sessions: sessionmaker[Session], actor: Actor, code: str, name: str | None) -> InstallationInfo:
    """set_county for a person (the command line's `identity --county-code`, the identity
    dialog), written to the audit log as `county_set`. The caller has checked that `actor` is an
    administrator."""
    from safetydesk.services import audit

    info = set_county(sessions, code, name)
    audit.log(sessions, actor, "county_set", detail=f"{info.county_code} {info.county_name or ''}")
    return info


def set_county(sessions: sessionmaker[Session], code: str, name: str | None) -> InstallationInfo:
    """At a township: name the county bureau it reports to (after `init`, or when it changes).

    Only the code and name are stored; the county is trusted as a school trusts its township,
    with its identity file and the fingerprint digits read over the phone. A county trusted
    under an earlier code stays trusted but no longer receives the upward package."""
    with sessions.begin() as s:
        row = s.get(Installation, 1)
        if row is None:
            raise NotInitialised(_("This database has no installation identity. Run 'safetydesk init'."))
        if row.role != TOWNSHIP:
            raise ValidationError(_("Only a township centre reports to a county bureau."),
                                  {"county_code": _("Only a township centre reports to a county bureau.")})
        error = _county_error(row.org_code, code or "", name)
        if error:
            raise ValidationError(error, {"county_code": error})
        row.county_code = code
        row.county_name = (name or "").strip() or (row.county_name if row.county_code == code else None)
    return installation_info(sessions)
