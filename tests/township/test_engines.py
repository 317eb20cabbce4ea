"""What differs per engine behaves the same on both (issue 16.5): Chinese substring search, the
append-only audit log and its chain; and, on PostgreSQL, `init --database` and `connect` from the
command line. Run on SQLite by default and on PostgreSQL with --hub-engine postgresql (CI)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from safetydesk.cli import main
from safetydesk.services import accounts, audit, records
from safetydesk.services.changes import Actor
from safetydesk.services.records import ListQuery
from safetydesk.services.storage import open_storage
from tests import support

TOWNSHIP_CODE = support.TOWNSHIP["code"]
ADMIN = Actor(username="admin", org_code=TOWNSHIP_CODE, role="admin")
on_postgresql = pytest.mark.skipif(support.hub_engine() != "postgresql", reason="needs --hub-engine postgresql")


@pytest.fixture
def township(tmp_path: Path):
    storage = open_storage(support.make_installation(tmp_path / "township", "township"))
    accounts.login(storage.sessions, TOWNSHIP_CODE, "admin", support.PASSWORD)
    yield storage
    storage.close()


def _inspection(storage, findings: str, school: str = "第一小学") -> str:
    return records.save(storage.sessions, ADMIN, "supervision_inspection", {
        "inspected_on": date(2026, 11, 20), "method": "spot", "school_name": school,
        "findings": findings}).uuid  # fmt: skip


def test_search_finds_chinese_substrings_long_and_short(township) -> None:
    first = _inspection(township, "消防通道堆放杂物未清理")
    second = _inspection(township, "晨检记录完成率100%_以上", school="第二中学")

    def found(query: str) -> set[str]:
        q = ListQuery(kind="supervision_inspection", search=query)
        return {r.uuid for r in records.fetch_page(township.sessions, q, 0, 50, ADMIN)}

    assert found("堆放杂物") == {first}  # 3+ characters: the index
    assert found("杂物") == {first}  # 1–2 characters: a scan
    assert found("第二中学") == {second}
    assert found("0%_") == {second}  # LIKE's wildcards are taken literally
    assert found("%") == {second}
    assert found("_以") == {second}
    assert found("没有这段话") == set()
    records.delete(township.sessions, ADMIN, "supervision_inspection", first)
    assert found("堆放杂物") == set()  # a deleted record leaves the index


def test_the_audit_log_is_append_only_and_verifies(township) -> None:
    _inspection(township, "灭火器过期")
    result = audit.verify(township.sessions)
    assert result.ok and result.entries >= 2, result.message
    for statement in ("UPDATE audit_log SET detail = 'changed'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), township.sessions.begin() as s:
            s.execute(text(statement))
    if support.hub_engine() == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), township.sessions.begin() as s:
            s.execute(text("TRUNCATE audit_log"))
    assert audit.verify(township.sessions).entries == result.entries


def _cli(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(root), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@on_postgresql
def test_init_database_and_connect_a_second_workstation(tmp_path: Path, capsys) -> None:
    url = support.new_pg_database()
    pw = tmp_path / "pw"
    pw.write_text(support.PASSWORD, encoding="utf-8")
    first, second, third = (tmp_path / n for n in ("first", "second", "third"))
    code, _out, err = _cli(capsys, first, "init", "township", "--code", TOWNSHIP_CODE, "--name", "示范镇中心校",
                           "--admin-password-file", str(pw), "--database", url)
    assert code == 0, err
    assert not (first / "safetydesk.sqlite3").exists()
    assert (first / "database.url").read_text(encoding="utf-8").strip() == url

    code, out, err = _cli(capsys, second, "connect", url, "--json")
    assert code == 0, err
    assert json.loads(out)["code"] == TOWNSHIP_CODE
    assert sorted(p.name for p in (second / "keys").iterdir()) == [
        "enc_private.pem", "enc_public.b64", "sign_private.pem", "sign_public.b64"]
    # Both workstations are one installation: same identity, one audit chain.
    shown = [_cli(capsys, root, "identity")[1] for root in (first, second)]
    assert shown[0] == shown[1] and TOWNSHIP_CODE in shown[0]
    code, out, err = _cli(capsys, second, "audit", "verify", "--user", "admin", "--password-file", str(pw))
    assert code == 0, err

    # A database already holding an installation is not initialised again; nothing is left behind.
    code, _out, err = _cli(capsys, third, "init", "township", "--code", "410522T09", "--name", "另一镇",
                           "--admin-password-file", str(pw), "--database", url)
    assert code == 1 and "safetydesk connect" in err
    assert not (third / "database.url").exists()
    # Nor connected twice, nor with a password in the address.
    assert _cli(capsys, second, "connect", url)[0] == 1
    code, _out, err = _cli(capsys, tmp_path / "fourth", "connect", url.replace("sd@", "sd:secret@"))
    assert code == 1 and "~/.pgpass" in err
    assert not (tmp_path / "fourth").exists()


@on_postgresql
def test_workstations_writing_at_once_keep_one_audit_chain(township) -> None:
    """Entries appended by several connections at once each follow the last committed one."""
    from concurrent.futures import ThreadPoolExecutor

    from safetydesk.models.database_url import read_url
    from safetydesk.models.db import make_pg_engine, make_sessions

    url = read_url(township.paths.root)
    assert url is not None
    engines = [make_pg_engine(url, township.paths.database) for _ in range(4)]
    try:
        def write(n: int) -> None:
            sessions = make_sessions(engines[n])
            for i in range(15):
                audit.log(sessions, ADMIN, "export", detail=f"workstation {n} entry {i}")

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(write, range(4)))
    finally:
        for e in engines:
            e.dispose()
    result = audit.verify(township.sessions)
    assert result.ok, result.message
    assert result.entries >= 60


def test_a_referred_case_is_sealed_at_rest_at_the_township(township, tmp_path: Path) -> None:
    """Field sealing holds on both engines: the referred case's text is stored sealed at the
    township and opened only for a signed-in reader."""
    from safetydesk.kinds.psych import PsychCase
    from safetydesk.sync import identity
    from safetydesk.sync.export import export_package
    from safetydesk.sync.importer import import_package
    from tests.sync.conftest import SCHOOL_CODE, add_class_and_students

    phrase = "孩子说夜里常听见父母为债务争吵"
    school = open_storage(support.make_installation(tmp_path / "school", "school"))
    try:
        for a, b in ((school, township), (township, school)):
            ident, keys = identity.own_identity(a.paths, a.sessions)
            f = tmp_path / f"{ident.org_code}.identity.json"
            f.write_bytes(identity.identity_bytes(ident, keys))
            identity.trust_peer(b.sessions, f, ident.fingerprint, "tester")
        cid, sids = add_class_and_students(school, 1)
        with school.sessions.begin() as s:
            case = PsychCase(owner=SCHOOL_CODE, student_uuid=sids[0], class_uuid=cid, source="teacher_observation",
                             risk_level="high", opened_on=date(2026, 10, 1), description=phrase,
                             assessment="高风险", status="open", referred_to_township=True)
            s.add(case)
            s.flush()
            uuid = case.uuid
        package = export_package(school, None, tmp_path / "p1.sdpkg", "tester").path
    finally:
        school.close()
    assert import_package(township, package, "admin").status == "imported"
    with township.sessions() as s:
        stored = s.execute(text("SELECT description FROM psych_case WHERE uuid = :u"), {"u": uuid}).scalar()
    assert stored and phrase not in stored  # sealed in the database
    assert records.get(township.sessions, "psych_case", uuid, ADMIN).values["description"] == phrase
