"""People and access: a demo school whose administrator signed in (protection set up), a
counsellor and a class teacher of one class; the role policy installed for the test only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from safetydesk.paths import DataPaths
from safetydesk.services import accounts, field_crypto, policy
from tests.support import PASSWORD, make_installation


@dataclass
class School:
    paths: DataPaths
    workspace: object
    admin: object
    recovery_code: str
    teacher_class: str
    other_class: str


@pytest.fixture(autouse=True)
def _role_policy() -> Iterator[None]:
    from safetydesk.services import access_policy

    access_policy.install()
    yield
    policy.set_policy(policy.AllowAll())
    field_crypto.forget()


@pytest.fixture
def school(demo_paths: DataPaths) -> Iterator[School]:
    from safetydesk.models.org import SchoolClass
    from safetydesk.services import access_policy, accounts
    from safetydesk.services.workspace import open_workspace

    ws = open_workspace(demo_paths)
    result = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD)
    assert result.recovery_code, "the first administrator login sets up protection"
    with ws.sessions() as s:
        classes = s.execute(
            select(SchoolClass.uuid, SchoolClass.head_teacher_uuid).order_by(SchoolClass.name)
        ).all()
    (mine, head), (other, _h) = classes[0], classes[1]
    accounts.add_account(
        ws.sessions, result.actor, "wang", "class_teacher", "teacher-pw", "王老师", staff_uuid=head
    )
    accounts.add_account(ws.sessions, result.actor, "li", "counsellor", "counsel-pw", "李老师")
    access_policy.set_class_teachers_allowed(ws.sessions, result.actor, True)
    yield School(demo_paths, ws, result.actor, result.recovery_code, mine, other)
    ws.close()


@pytest.fixture
def linked(tmp_path: Path, demo_paths: DataPaths):
    """The demo school and its township, trusting each other; both protected (an administrator
    signed in once), nobody signed in now."""
    from safetydesk.services.installation import installation_info
    from safetydesk.services.storage import open_storage
    from safetydesk.sync import identity

    town = make_installation(tmp_path / "township", "township")
    school_st, town_st = open_storage(demo_paths), open_storage(town)
    try:
        for me, other in ((school_st, town_st), (town_st, school_st)):
            ident, pair = identity.own_identity(me.paths, me.sessions)
            f = tmp_path / f"{ident.org_code}.json"
            f.write_bytes(identity.identity_bytes(ident, pair))
            identity.trust_peer(other.sessions, f, ident.fingerprint, "tester")
        for st in (school_st, town_st):
            accounts.login(st.sessions, installation_info(st.sessions).org_code, "admin", PASSWORD)
    finally:
        school_st.close()
        town_st.close()
        field_crypto.forget()
    return demo_paths, town
