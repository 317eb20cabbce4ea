"""Packages (and the attachments an import stores) are readable by their owner only, where the
OS has file modes (issue 13, point 9). The umask of a shared PC must not decide it."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from safetydesk.models.org import Attachment

from .conftest import SCHOOL_CODE, add_class_and_students, add_staff

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_an_exported_package_is_private(pair, open_umask):
    add_staff(pair.school)
    assert _mode(pair.export().path) == 0o600
    assert _mode(pair.down().path) == 0o600


def test_attachments_stored_by_an_import_are_private(pair, open_umask):
    _cid, _sids = add_class_and_students(pair.school, 1)
    photo = "隐患照片".encode() * 100
    sha = hashlib.sha256(photo).hexdigest()
    pair.school.paths.attachments.mkdir(parents=True, exist_ok=True)
    (pair.school.paths.attachments / sha).write_bytes(photo)
    hazard = _hazard(pair)
    with pair.school.sessions.begin() as s:
        s.add(
            Attachment(
                owner=SCHOOL_CODE,
                sha256=sha,
                filename="照片.jpg",
                size=len(photo),
                record_kind="hazard",
                record_uuid=hazard,
            )
        )
    assert pair.imp(pair.export().path).status == "imported"
    assert _mode(pair.township.paths.attachments / sha) == 0o600


def _hazard(pair) -> str:
    from datetime import date

    from safetydesk.domain.registry import get_kind
    from safetydesk.services import records
    from safetydesk.services.changes import Actor

    kind = get_kind("hazard")
    values = {
        "found_on": date(2026, 9, 1),
        "category": kind.field("category").choices[0].code,
        "location": "操场",
        "description": "篮球架松动",
        "grade": "general",
        "status": kind.field("status").choices[0].code,
    }
    return records.save(pair.school.sessions, Actor("officer", SCHOOL_CODE), "hazard", values).uuid
