"""Names on paper: masked by default in PDF and Excel, shown only to those the access policy lets
read the records, and every print that shows them leaves its own audit entry. A refusal writes
no file and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from safetydesk.cli import main
from safetydesk.errors import AuthenticationError, PermissionDenied
from safetydesk.models.org import Student
from safetydesk.paths import DataPaths
from safetydesk.services import audit, field_crypto, policy, records, report_catalog
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest
from tests.helpers import PASSWORD, dump

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def signed_in(demo_paths: DataPaths) -> Iterator[object]:
    """The demo school with the role policy, its administrator signed in, a counsellor and a viewer."""
    from safetydesk.services import access_policy, accounts
    from safetydesk.services.workspace import open_workspace

    access_policy.install()
    ws = open_workspace(demo_paths)
    result = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD)
    ws.actor = result.actor
    accounts.add_account(ws.sessions, result.actor, "li", "counsellor", "counsel-pw", "李老师")
    accounts.add_account(ws.sessions, result.actor, "zhao", "viewer", "viewer-pass", "赵老师")
    yield ws
    ws.close()
    policy.set_policy(policy.AllowAll())
    field_crypto.forget()


def _pdf(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")


def _xlsx(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def _special_group(ws) -> tuple[list[str], list[str]]:
    """The demo's special-group students' names and their guardians' phones."""
    rows = records.fetch_page(ws.sessions, records.ListQuery(kind="special_group_student"), 0, 100)
    with ws.sessions() as s:
        names = dict(s.execute(select(Student.uuid, Student.name)).all())
    return [names[r.values["student_uuid"]] for r in rows], [r.values["guardian_phone"] for r in rows]


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_sensitive_ledgers_mask_names_and_phones_unless_names_are_asked(signed_in, tmp_path, fmt) -> None:
    ws = signed_in
    names, phones = _special_group(ws)
    spec = report_catalog.get_report("special-group-student-ledger")
    read = _pdf if fmt == "pdf" else _xlsx
    masked = tmp_path / f"masked.{fmt}"
    report_catalog.render(ws, spec, ReportRequest(out=masked), NoProgress())
    text = read(masked)
    assert not [n for n in names if n in text] and not [p for p in phones if p in text]
    assert "139****" in text and re.search(r"\w\*\w?", text)
    shown = tmp_path / f"shown.{fmt}"
    report_catalog.render(ws, spec, ReportRequest(out=shown, mask_names=False), NoProgress())
    text = read(shown)
    assert all(n in text for n in names) and all(p in text for p in phones)
    entries = audit.entries(ws.sessions, audit.AuditQuery(action="show_names"))
    assert len(entries) == 1 and entries[0].username == "admin" and str(shown) in entries[0].detail
    assert entries[0].kind == "special_group_student"


def test_names_of_protected_records_are_refused_to_a_viewer_and_nothing_is_written(signed_in, tmp_path) -> None:
    from safetydesk.services import accounts

    ws = signed_in
    viewer = accounts.login(ws.sessions, ws.info.org_code, "zhao", "viewer-pass").actor
    ws.actor = viewer
    spec = report_catalog.get_report("psych-case-ledger")
    assert not report_catalog.may_show_names(ws, spec)
    before = dump(ws.paths.database)
    out = tmp_path / "cases.pdf"
    with pytest.raises(PermissionDenied):
        report_catalog.render(ws, spec, ReportRequest(out=out, mask_names=False), NoProgress())
    assert not out.exists() and dump(ws.paths.database) == before
    counsellor = accounts.login(ws.sessions, ws.info.org_code, "li", "counsel-pw").actor
    ws.actor = counsellor
    assert report_catalog.may_show_names(ws, spec)


def test_nobody_in_particular_never_shows_names(demo_workspace, tmp_path) -> None:
    from dataclasses import replace

    from safetydesk.services import access_policy

    ws = demo_workspace
    ws.actor = replace(ws.actor, username=access_policy.ANONYMOUS, role="")
    spec = report_catalog.get_report("student-ledger")
    with pytest.raises(AuthenticationError):
        report_catalog.render(ws, spec, ReportRequest(out=tmp_path / "s.pdf", mask_names=False), NoProgress())
    report_catalog.render(ws, spec, ReportRequest(out=tmp_path / "s.pdf"), NoProgress())
    assert not MOBILE.search(_pdf(tmp_path / "s.pdf"))


def test_show_names_on_the_command_line(signed_in, tmp_path, capsys) -> None:
    ws = signed_in
    names, _phones = _special_group(ws)
    d = str(ws.paths.root)
    ws.close()
    out = tmp_path / "g.pdf"
    assert main(["--data-dir", d, "report", "special-group-ledger", "--out", str(out), "--show-names"]) == 1
    assert "--user" in capsys.readouterr().err and not out.exists()
    pw = tmp_path / "pw"
    pw.write_text("counsel-pw\n")
    assert main(["--data-dir", d, "--user", "li", "--password-file", str(pw), "report", "special-group-ledger",
                 "--out", str(out), "--show-names"]) == 0  # fmt: skip
    assert all(n in _pdf(out) for n in names)
    assert main(["--data-dir", d, "--user", "li", "--password-file", str(pw), "report", "special-group-ledger",
                 "--out", str(out)]) == 0  # fmt: skip
    assert not [n for n in names if n in _pdf(out)]


def test_relationships_are_not_names_and_running_text_is_masked() -> None:
    from safetydesk.reports.masking import mask_name, mask_names_in_text, mask_phones_in_text

    assert mask_name("母亲") == "母亲" and mask_name("父亲、母亲") == "父亲、母亲"
    assert mask_name("王小明") == "王*明" and mask_name("张三") == "张*"
    assert mask_phones_in_text("请拨13812345678或0372-5551234") == "请拨138****5678或037*-***1234"
    assert mask_names_in_text("王小明今天情绪平稳，王小明的母亲来校", ["王小明"]) == "王*明今天情绪平稳，王*明的母亲来校"


def test_the_list_names_each_report_once_with_the_names_it_still_answers_to(school_paths, capsys) -> None:
    import json

    assert main(["--data-dir", str(school_paths.root), "report", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    names = [r["name"] for r in listed]
    assert len(names) == len(set(names)) and len({r["title"] for r in listed}) == len(listed)
    by_name = {r["name"]: r for r in listed}
    assert by_name["special-group-student-ledger"]["aliases"] == ["special-group-ledger"]
    assert set(by_name["hazard-ledger"]) == {"name", "title", "formats", "per_record", "aliases"}
    assert "special-group-ledger" not in names


def test_the_list_pages_export_shows_names_only_when_allowed_and_audited(signed_in, tmp_path) -> None:
    from safetydesk.services import accounts, ledgers

    ws = signed_in
    names, _phones = _special_group(ws)
    query = records.ListQuery(kind="special_group_student")
    masked = tmp_path / "masked.xlsx"
    ledgers.export_list_xlsx(ws, query, masked)
    assert not [n for n in names if n in _xlsx(masked)]
    shown = tmp_path / "shown.xlsx"
    ledgers.export_list_xlsx(ws, query, shown, mask_names=False)
    assert all(n in _xlsx(shown) for n in names)
    assert [e.detail for e in audit.entries(ws.sessions, audit.AuditQuery(action="show_names"))] == [
        f"special_group_student-list {shown}"]
    ws.actor = accounts.login(ws.sessions, ws.info.org_code, "zhao", "viewer-pass").actor
    with pytest.raises(PermissionDenied):
        ledgers.export_list_xlsx(ws, query, tmp_path / "refused.xlsx", mask_names=False)
    assert not (tmp_path / "refused.xlsx").exists()
