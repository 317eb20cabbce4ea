"""Two workstations of one township importing at once (issue 16.5): each package is imported
exactly once and no row is lost. PostgreSQL: two data folders bound to one database by
`safetydesk connect`, two real processes, real packages. (A hub on SQLite has one workstation;
two processes writing one SQLite file at once can still meet "database is locked" outside the
import's own transaction, e.g. at the audit entry written after it, so this runs on PostgreSQL
only: `--hub-engine postgresql`, as CI does.)"""

from __future__ import annotations

import multiprocessing
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from safetydesk.models.org import StaffMember
from safetydesk.models.sync_state import ImportedPackage
from safetydesk.paths import DataPaths
from safetydesk.services import accounts, hub_join
from safetydesk.services.storage import open_storage
from safetydesk.sync import identity
from safetydesk.sync.export import export_package
from tests import support
from tests.township import concurrent_worker

SCHOOLS = (("4105220001", "第一小学"), ("4105220002", "第二小学"))
STAFF_PER_PACKAGE = 7


def _trust(a: object, b: object, root: Path) -> None:
    ident, keys = identity.own_identity(a.paths, a.sessions)  # type: ignore[attr-defined]
    f = root / f"{ident.org_code}.identity.json"
    f.write_bytes(identity.identity_bytes(ident, keys))
    identity.trust_peer(b.sessions, f, ident.fingerprint, "tester")  # type: ignore[attr-defined]


def _packages(root: Path, township: object, code: str, name: str) -> list[Path]:
    """Two packages from one school, each bringing STAFF_PER_PACKAGE new staff rows."""
    school = open_storage(support.make_installation(root / code, "school", code=code, name=name))
    try:
        _trust(school, township, root)
        _trust(township, school, root)
        out = []
        for n in (1, 2):
            with school.sessions.begin() as s:
                for i in range(STAFF_PER_PACKAGE):
                    s.add(StaffMember(uuid=str(uuid.uuid4()), owner=code, name=f"教师{n}-{i}"))
            path = root / f"{code}-{n}.sdpkg"
            export_package(school, None, path, "tester")
            out.append(path)
        return out
    finally:
        school.close()


@pytest.mark.skipif(support.hub_engine() != "postgresql", reason="needs --hub-engine postgresql")
def test_two_workstations_import_at_once(tmp_path: Path) -> None:
    township_paths = support.make_installation(tmp_path / "township", "township")
    township = open_storage(township_paths)
    try:
        accounts.login(township.sessions, support.TOWNSHIP["code"], "admin", support.PASSWORD)
        a, b = (_packages(tmp_path, township, code, name) for code, name in SCHOOLS)
    finally:
        township.close()
    url = township_paths.database_url_file
    second = township_paths.root
    if url.exists():  # PostgreSQL: a second workstation with its own data folder
        second = tmp_path / "workstation-2"
        hub_join.join(DataPaths(second), url.read_text(encoding="utf-8").strip())

    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    orders = [(township_paths.root, [a[0], b[0], a[1], b[1]]), (second, [b[0], a[0], b[1], a[1]])]
    procs = [ctx.Process(target=concurrent_worker.import_all,
                         args=(n, str(root), [str(p) for p in files], start, results))
             for n, (root, files) in enumerate(orders)]
    for p in procs:
        p.start()
    start.set()
    reports = dict(results.get(timeout=300) for _ in procs)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0

    statuses: dict[str, list[str]] = {}
    for out in reports.values():
        assert [f for f, *_ in out if f == "crash"] == [], out
        for f, status, _code in out:
            statuses.setdefault(f, []).append(status)
    assert len(statuses) == 4
    for f, got in statuses.items():  # each package once; the other workstation saw it was done
        assert sorted(got) == ["duplicate", "imported"], (f, got)

    township = open_storage(township_paths)
    try:
        with township.sessions() as s:
            seqs = sorted(s.execute(select(ImportedPackage.sender_code, ImportedPackage.seq)).all())
            assert seqs == sorted((code, n) for code, _ in SCHOOLS for n in (1, 2))
            for code, _ in SCHOOLS:
                staff = s.scalar(select(func.count()).select_from(StaffMember).where(StaffMember.owner == code))
                assert staff == 2 * STAFF_PER_PACKAGE
    finally:
        township.close()
