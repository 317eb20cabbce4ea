"""Every report of `report --list`, printed on a demo school and on a demo township centre, read
back as a county inspector reads it: no program data on paper (no uuid, no JSON, no English code
of a choice, no None/True/False, no hex hash), minors' names and every phone masked unless names
are asked for, a reporter on every incident report, one title per report; the Excel files read
back with openpyxl the same way, with an autofilter and wrapped long text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

import safetydesk.kinds  # noqa: F401  (the whole registry, for the serial prefixes below)
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.models.org import StaffMember, Student
from safetydesk.paths import DataPaths
from safetydesk.services import records, report_catalog
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.services.workspace import open_workspace
from safetydesk.sync import identity

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UUID_START = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
JSON = re.compile(r'[{\[]\s*"|"\s*:\s*["\[{0-9]|"\s*,\s*"')
HEX = re.compile(r"(?<![0-9A-Za-z-])(?=[0-9A-Fa-f]*[A-Fa-f])[0-9A-Fa-f]{8}(?![0-9A-Za-z])")  # C08EAE6A
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
SERIAL_PREFIXES = {k.serial_prefix for k in all_kinds() if k.serial_prefix}
SENSITIVE_REPORTS = {
    "psych-case-ledger", "psych-case-record", "psych-followup-ledger", "special-group-student-ledger",
    "guardian-condition-ledger", "guardian-contact-ledger", "home-visit-ledger", "home-visit-record",
    "student-ledger", "bullying-case-ledger",
}  # fmt: skip
# Incident reports print the reporter's and the on-site phone in full: the bureau calls them back.
FULL_PHONES = {"incident-first", "incident-followup", "incident-final"}


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _xlsx_cells(path: Path) -> list[object]:
    wb = load_workbook(path, read_only=True)
    return [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def program_data(text: str) -> list[str]:
    """What a person would recognise as the program's own data on a printed form."""
    flat = text.replace("\n", "")  # a uuid or JSON wrapped over lines of a cell
    found = [m.group(0) for rx in (UUID, UUID_START, JSON) for m in rx.finditer(flat)]
    found += [m.group(0) for rx in (UUID, UUID_START, JSON, HEX) for m in rx.finditer(text)]
    # Latin letters that lead a code (YH-2026-0007, a food licence JY141…, a certificate ZJ2026-…)
    # are data people write; a word standing alone (None, True, ok, school_building) is not.
    latin = {w for w in re.findall(r"[A-Za-z]{2,}(?!-?[0-9])", text)} - SERIAL_PREFIXES
    return found + sorted(latin)


def _render_all(ws, out: Path, names: set[str] | None = None) -> dict[str, list[Path]]:
    """Every report in every format (incident reports once per incident); name -> files."""
    incidents = [r.uuid for r in records.fetch_page(ws.sessions, records.ListQuery(kind="incident"), 0, 100)]
    files: dict[str, list[Path]] = {}
    for spec in report_catalog.all_reports():
        if names is not None and spec.name not in names:
            continue
        for fmt in spec.formats:
            targets = (
                [(f"{spec.name}-{i}.{fmt}", u) for i, u in enumerate(incidents)]
                if spec.name.startswith("incident-") and spec.per_record
                else [(f"{spec.name}.{fmt}", None)]
            )
            for filename, record in targets:
                path = out / filename
                report_catalog.render(ws, spec, ReportRequest(out=path, record=record), NoProgress())
                files.setdefault(spec.name, []).append(path)
    return files


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory, _demo_template: Path):
    root = tmp_path_factory.mktemp("paper-school")
    shutil.copytree(_demo_template, root / "demo")
    ws = open_workspace(DataPaths(root / "demo"))
    out = root / "out"
    out.mkdir()
    files = _render_all(ws, out)
    yield ws, files
    ws.close()


def _school_identity(root: Path) -> tuple[Path, str]:
    """A school of the township (no records sent yet): its identity file and fingerprint."""
    from safetydesk.services.storage import open_storage
    from tests.support import make_school

    school = open_storage(make_school(root / "school"))
    try:
        ident, keys = identity.own_identity(school.paths, school.sessions)
        out = root / "school.identity.json"
        out.write_bytes(identity.identity_bytes(ident, keys))
    finally:
        school.close()
    return out, ident.fingerprint


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory, _township_template: Path):
    root = tmp_path_factory.mktemp("paper-township")
    shutil.copytree(_township_template, root / "township")
    school_identity = _school_identity(root)
    ws = open_workspace(DataPaths(root / "township"))
    identity.trust_peer(ws.sessions, school_identity[0], school_identity[1], "tester")  # a bulletin needs schools
    out = root / "out"
    out.mkdir()
    files = _render_all(ws, out)
    yield ws, files
    ws.close()


def _student_names(ws) -> list[str]:
    with ws.sessions() as s:
        names = [n for (n,) in s.execute(select(Student.name)) if n and len(n) >= 2]
        names += [n for (n,) in s.execute(select(Student.guardian_name)) if n and len(n) >= 2]
    return names


def _check_files(ws, files: dict[str, list[Path]]) -> None:
    names = _student_names(ws)
    for report, paths in files.items():
        for path in paths:
            if path.suffix == ".pdf":
                text = _pdf_text(path)
                assert text.strip(), path.name
            else:
                cells = _xlsx_cells(path)
                assert not [c for c in cells if isinstance(c, bool)], f"{path.name}: True/False in a cell"
                text = "\n".join(str(c) for c in cells)
            assert program_data(text) == [], f"{path.name}: {program_data(text)[:5]}"
            if report not in FULL_PHONES:
                assert not MOBILE.search(text), f"{path.name}: a full phone number {MOBILE.search(text)}"
            if report in SENSITIVE_REPORTS:
                flat = text.replace("\n", "")
                shown = [n for n in names if n in flat]
                assert not shown, f"{path.name} prints names in full: {shown[:3]}"


def test_every_report_on_a_demo_school_is_paper_an_inspector_accepts(school) -> None:
    ws, files = school
    assert set(files) == {s.name for s in report_catalog.all_reports()}
    _check_files(ws, files)


def test_every_report_on_a_demo_township_is_paper_an_inspector_accepts(township) -> None:
    ws, files = township
    no_incidents = {"incident-first", "incident-followup", "incident-final"}  # a centre has none
    assert set(files) == {s.name for s in report_catalog.all_reports()} - no_incidents
    _check_files(ws, files)
    notices = _pdf_text(files["rectification-notice"][0])
    assert "示范中心校安〔2026〕12号" in notices and "本期无记录" not in notices
    orders = _pdf_text(files["supervision-order"][0])
    assert "示范中心校督〔2026〕3号" in orders and "本期无记录" not in orders
    ledger = _pdf_text(next(p for p in files["supervision-inspection-ledger"] if p.suffix == ".pdf"))
    assert "发现的问题" in ledger and "食堂留样记录不全" in ledger


def test_the_demo_school_really_holds_what_the_checks_look_for(school) -> None:
    """The checks above can fail: the records behind the forms hold names, phones and JSON."""
    ws, _files = school
    inspection = records.fetch_page(ws.sessions, records.ListQuery(kind="inspection", sort="inspected_on"), 0, 1)[0]
    assert JSON.search(inspection.values["results"])
    assert program_data(inspection.values["results"])
    assert MOBILE.search(records.fetch_page(ws.sessions, records.ListQuery(kind="student"), 0, 1)[0]
                         .values["guardian_phone"])  # fmt: skip
    assert _student_names(ws)


def test_incident_reports_name_the_reporter_and_the_reporting_unit(school) -> None:
    ws, files = school
    with ws.sessions() as s:
        staff = {n for (n,) in s.execute(select(StaffMember.name))}
    for path in files["incident-first"] + files["incident-followup"] + files["incident-final"]:
        text = _pdf_text(path)
        assert "报告单位\n安阳县示范小学" in text, path.name
        reporter = re.search(r"报告人\n(\S+)", text)
        assert reporter and reporter.group(1) in staff, (path.name, reporter)
        phone = re.search(r"联系电话\n(\S+)", text)
        assert phone and MOBILE.fullmatch(phone.group(1)), (path.name, phone)
        assert re.search(r"报送方式\n(电话|书面|网络)", text), path.name
        assert re.search(r"事件类别\n\S+", text), path.name


def test_no_two_reports_share_a_title_and_none_doubles_a_word(school) -> None:
    _ws, files = school
    titles = [report_catalog.report_title(s) for s in report_catalog.all_reports()]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    assert not [t for t in titles if re.search(r"(台账|记录|报告)\1", t)]
    for spec in report_catalog.all_reports():
        if (spec.per_record and spec.name.startswith("incident-")) or "pdf" not in spec.formats:
            continue  # (an Excel-only report, township-status, has no printed title)
        pdf = next(p for p in files[spec.name] if p.suffix == ".pdf")
        first_line = _pdf_text(pdf).splitlines()[0]
        assert first_line == report_catalog.report_title(spec), spec.name


def test_old_names_of_merged_reports_still_print(school, tmp_path: Path) -> None:
    ws, _files = school
    for alias, name in (("special-group-ledger", "special-group-student-ledger"),
                        ("dispute-ledger", "dispute-case-ledger"), ("bullying-ledger", "bullying-case-ledger")):
        assert report_catalog.get_report(alias).name == name
        out = tmp_path / f"{alias}.pdf"
        report_catalog.render(ws, report_catalog.get_report(alias), ReportRequest(out=out), NoProgress())
        assert _pdf_text(out).splitlines()[0] == report_catalog.report_title(report_catalog.get_report(name))


def test_forms_about_one_record_name_no_period(school) -> None:
    _ws, files = school
    for spec in report_catalog.all_reports():
        if "pdf" not in spec.formats:
            continue
        pdf = next(p for p in files[spec.name] if p.suffix == ".pdf")
        text = _pdf_text(pdf)
        if spec.per_record:
            assert "全部记录" not in text, spec.name
        elif spec.name != "semester-summary":
            assert "截至" in text, spec.name


def test_excel_ledgers_filter_and_wrap(school) -> None:
    _ws, files = school
    checked = 0
    for _report, paths in files.items():
        for path in (p for p in paths if p.suffix == ".xlsx"):
            wb = load_workbook(path)
            sheet = wb.worksheets[0]
            rows = sheet.max_row - 2
            if rows < 1 or sheet.cell(3, 2).value is None:
                continue  # "no records in this period"
            assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, sheet.max_column).column_letter}{rows + 2}", path
            long = [c for row in sheet.iter_rows(min_row=3) for c in row
                    if isinstance(c.value, str) and len(c.value) > 30]  # fmt: skip
            assert all(c.alignment.wrap_text for c in long), (path.name, [c.coordinate for c in long[:3]])
            checked += 1
    assert checked > 20


def test_ledgers_keep_their_substance(school) -> None:
    """The fields issue 14 found missing are on the paper, and posts run by rank."""
    _ws, files = school

    def pdf(name: str) -> str:
        return _pdf_text(next(p for p in files[name] if p.suffix == ".pdf")).replace("\n", "")

    kind = get_kind("responsibility_assignment")
    text = pdf("responsibility-assignment-ledger")
    assert "职责" in text and "全面负责学校安全工作" in text
    assert text.index("校长（第一责任人）") < text.index("安全专干") < text.index("门卫"), kind.key
    assert "成立安全工作领导小组" in pdf("six-check-ledger")
    assert "内容" in pdf("opinion-event-ledger") and "应对措施" in pdf("opinion-event-ledger")
    assert "依据" in pdf("accountability-record-ledger") and "诫勉谈话" in pdf("accountability-record-ledger")
    assert "检查结果" in pdf("inspection-ledger") and "二楼灭火器压力不足" in pdf("inspection-ledger")
    assert "具体情况" in pdf("guardian-condition-ledger") and "对青霉素过敏" in pdf("guardian-condition-ledger")
    assert "学校采取的措施" in pdf("guardian-condition-ledger")
    assert "个案" in pdf("psych-followup-ledger") and re.search(r"XL-\d{4}-\d{4}", pdf("psych-followup-ledger"))


def test_the_safety_check_record_prints_items_and_signatures(school) -> None:
    _ws, files = school
    text = _pdf_text(files["safety-check-record"][0])
    for word in ("检查项目", "结果", "问题描述", "隐患编号", "合格", "不合格", "检查人", "陪同人", "负责人"):
        assert word in text, word
    assert re.search(r"JC-\d{4}-\d{4}", text) and re.search(r"YH-\d{4}-\d{4}", text)


def test_the_semester_summary_states_rates_and_a_narrative(school, tmp_path: Path) -> None:
    ws, _files = school
    out = tmp_path / "summary.pdf"
    report_catalog.render(ws, report_catalog.get_report("semester-summary"),
                          ReportRequest(out=out, semester="2026-autumn"), NoProgress())  # fmt: skip
    text = _pdf_text(out).replace("\n", "")
    for word in ("隐患整改率", "演练完成率", "信息报送及时率", "排查发现隐患", "%"):
        assert word in text, word
    assert re.search(r"信息报送及时率\d+\.\d%", text)
