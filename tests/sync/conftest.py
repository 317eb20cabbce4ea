"""A school and its township, each a real installation in a tmp folder, trusting each other."""

from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from safetydesk.models.org import SchoolClass, StaffMember, Student
from safetydesk.paths import DataPaths
from safetydesk.services.installation import SCHOOL, TOWNSHIP, InitRequest
from safetydesk.services.storage import Storage, open_storage
from safetydesk.sync import identity
from safetydesk.sync.export import ExportResult, export_package
from safetydesk.sync.importer import ImportResult, import_package
from tests import support

SCHOOL_CODE = "4105220001"
TOWNSHIP_CODE = "410522T01"


dump = partial(support.dump, skip_attempts=True)  # a rejection may add an import_attempt row


def _init(root: Path, req: InitRequest) -> Storage:
    return open_storage(support.install(root, req))


@dataclass
class Pair:
    root: Path
    school: Storage
    township: Storage
    seq_files: int = 0

    def export(self, storage: Storage | None = None, to: str | None = None) -> ExportResult:
        storage = storage or self.school
        self.seq_files += 1
        out = self.root / f"p{self.seq_files:03d}.sdpkg"
        return export_package(storage, to, out, "tester")

    def down(self) -> ExportResult:
        return self.export(self.township, SCHOOL_CODE)

    def imp(self, path: Path, storage: Storage | None = None, *, dry_run: bool = False) -> ImportResult:
        return import_package(storage or self.township, path, "tester", dry_run=dry_run)

    def close(self) -> None:
        self.school.close()
        self.township.close()


def make_pair(root: Path) -> Pair:
    root.mkdir(parents=True, exist_ok=True)
    school = _init(
        root / "school",
        InitRequest(
            role=SCHOOL,
            code=SCHOOL_CODE,
            name="第一小学",
            township_code=TOWNSHIP_CODE,
            township_name="城关镇",
        ),
    )
    township = _init(root / "township", InitRequest(role=TOWNSHIP, code=TOWNSHIP_CODE, name="城关镇中心校"))
    for a, b in ((school, township), (township, school)):
        ident, keys = identity.own_identity(a.paths, a.sessions)
        f = root / f"{ident.org_code}.identity.json"
        f.write_bytes(identity.identity_bytes(ident, keys))
        identity.trust_peer(b.sessions, f, ident.fingerprint, "tester")
    return Pair(root, school, township)


@pytest.fixture(scope="session")
def _pair_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pair-template") / "pair"
    make_pair(root).close()
    return root


@pytest.fixture
def pair(tmp_path: Path, _pair_template: Path):
    """A fresh copy of a school and township that already trust each other."""

    root = tmp_path / "pair"
    support.copy_installations(_pair_template, root)
    p = Pair(root, open_storage(DataPaths(root / "school")), open_storage(DataPaths(root / "township")))
    yield p
    p.close()


def now() -> datetime:
    return datetime.now(UTC)


def add_staff(storage: Storage, name: str = "张老师", **values: Any) -> str:
    uid = str(uuid_mod.uuid4())
    with storage.sessions.begin() as s:
        s.add(StaffMember(uuid=uid, owner=values.pop("owner", SCHOOL_CODE), name=name, **values))
    return uid


def add_class_and_students(storage: Storage, n: int = 3) -> tuple[str, list[str]]:
    teacher = add_staff(storage, "李老师", position="班主任", phone="13800000000")
    cid = str(uuid_mod.uuid4())
    sids = []
    with storage.sessions.begin() as s:
        s.add(
            SchoolClass(
                uuid=cid,
                owner=SCHOOL_CODE,
                name="三年级（2）班",
                grade="三年级",
                school_year="2026-2027",
                head_teacher_uuid=teacher,
                student_count=n,
            )
        )
        for i in range(n):
            sid = str(uuid_mod.uuid4())
            sids.append(sid)
            s.add(
                Student(
                    uuid=sid,
                    owner=SCHOOL_CODE,
                    name=f"学生{i}",
                    student_no=f"S{i:04d}",
                    gender="female" if i % 2 else "male",
                    birth_date=date(2017, 1 + i % 12, 1 + i % 28),
                    class_uuid=cid,
                    guardian_name="" if i == 0 else "家长",
                    guardian_phone=None,
                )
            )
    return cid, sids


def change(storage: Storage, model: type, uid: str, **values: Any) -> None:
    """An edit by the owner: new values, row_version + 1, a later updated_at."""
    with storage.sessions.begin() as s:
        row = s.get(model, uid)
        for k, v in values.items():
            setattr(row, k, v)
        row.row_version += 1
        row.updated_at = now()


def delete(storage: Storage, model: type, uid: str) -> None:
    change(storage, model, uid, deleted_at=now())


def rows_of(storage: Storage, model: type) -> dict[str, dict[str, Any]]:
    cols = [c.name for c in model.__table__.columns]
    with storage.sessions() as s:
        return {r.uuid: {c: getattr(r, c) for c in cols} for r in s.query(model)}
