"""Every report of the catalogue printed on the demo school: the officer's paper, checked back."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from safetydesk.errors import Cancelled, SafetyDeskError
from safetydesk.services import records, report_catalog
from safetydesk.services.changes import Actor
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest

# Chinese each form must print (its official title and a word of its content).
EXPECTED = {
    "safety-check-record": ["安全检查记录表", "检查"],
    "drill-record": ["应急疏散演练记录表", "疏散路线"],
    "education-record": ["安全教育活动记录", "课时"],
    "parent-meeting-record": ["家长会记录表"],
    "home-visit-record": ["家访记录表", "家访教师"],
    "psych-case-record": ["心理辅导个案记录", "跟踪记录"],
    "special-group-ledger": ["特殊群体学生台账"],
    "dispute-ledger": ["矛盾纠纷排查化解台账"],
    "bullying-ledger": ["校园欺凌排查台账"],
    "responsibility-letter": [
        "安全责任书",
        "责任主体",
        "考核与奖惩",
        "责任追究",
        "生效",
        "甲方（学校）负责人",
    ],
    "rectification-notice": ["整改通知书"],
    "supervision-order": ["督办单"],
    "rectification-reply": ["整改报告"],
    "semester-summary": ["学期安全工作总结", "本学期达标情况", "家长会", "应急疏散演练"],
}
SEMESTER = "2026-autumn"  # the demo school's data


class Cancelling(NoProgress):
    def __init__(self) -> None:
        self.calls = 0

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        self.calls += 1

    @property
    def cancelled(self) -> bool:
        return True


def _first_record(ws, spec) -> str | None:
    for kind in spec.kinds[:1]:
        page = records.fetch_page(ws.sessions, records.ListQuery(kind=kind), 0, 1)
        if page:
            return page[0].uuid
    return None


def _render(ws, spec, out: Path, **kw) -> int:
    try:
        return report_catalog.render(ws, spec, ReportRequest(out=out, **kw), NoProgress())
    except SafetyDeskError:
        if not spec.per_record:
            raise
        # Some forms (an incident's reports) need the record they are about.
        return report_catalog.render(
            ws, spec, ReportRequest(out=out, record=_first_record(ws, spec), **kw), NoProgress()
        )


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _fonts_embedded(path: Path) -> None:
    if shutil.which("pdffonts") is None:
        return
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        assert row.split()[-5] == "yes", f"font not embedded in {path.name}: {row}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_official_form_prints_its_chinese_content(demo_workspace, tmp_path: Path, name: str) -> None:
    spec = report_catalog.get_report(name)
    pdf = tmp_path / f"{name}.pdf"
    _render(demo_workspace, spec, pdf, semester=SEMESTER if name == "semester-summary" else None)
    _fonts_embedded(pdf)
    text = _pdf_text(pdf).replace("\n", "")
    for word in EXPECTED[name]:
        assert word in text, f"{word} missing from {name}"
    assert "安阳县示范小学" in text
    xlsx = tmp_path / f"{name}.xlsx"
    _render(demo_workspace, spec, xlsx)
    wb = load_workbook(xlsx, read_only=True)
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any(EXPECTED[name][0] in c for c in cells)


def test_every_report_in_the_catalogue_renders(demo_workspace, tmp_path: Path) -> None:
    for spec in report_catalog.all_reports():
        for fmt in spec.formats:
            out = tmp_path / f"{spec.name}.{fmt}"
            _render(demo_workspace, spec, out)
            assert out.stat().st_size > 0, spec.name
            if fmt == "pdf":
                assert PdfReader(str(out)).pages, spec.name
            else:
                assert load_workbook(out, read_only=True).worksheets, spec.name


def test_sensitive_forms_mask_names_unless_asked(demo_workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    spec = report_catalog.get_report("psych-case-record")
    case = records.fetch_page(ws.sessions, records.ListQuery(kind="psych_case"), 0, 1)[0]
    name = records.reference_labels(
        ws.sessions, __import__("safetydesk.domain.registry", fromlist=["x"]).get_kind("psych_case"), [case]
    )[case.values["student_uuid"]]
    masked, shown = tmp_path / "masked.pdf", tmp_path / "shown.pdf"
    report_catalog.render(ws, spec, ReportRequest(out=masked, record=case.uuid), NoProgress())
    report_catalog.render(
        ws, spec, ReportRequest(out=shown, record=case.uuid, mask_names=False), NoProgress()
    )
    assert name not in _pdf_text(masked).replace("\n", "")
    assert "隐私" in _pdf_text(masked).replace("\n", "")
    assert name in _pdf_text(shown).replace("\n", "")


def test_home_visit_forms_hide_phone_numbers(demo_workspace, tmp_path: Path) -> None:
    out = tmp_path / "visits.pdf"
    _render(demo_workspace, report_catalog.get_report("home-visit-record"), out)
    import re

    text = _pdf_text(out)
    assert not re.search(r"1[3-9]\d{9}", text)
    assert "****" in text


def test_a_period_with_no_records_says_so(demo_workspace, tmp_path: Path) -> None:
    for name in ("education-record", "drill-record", "rectification-reply"):
        spec = report_catalog.get_report(name)
        out = tmp_path / f"{name}.pdf"
        n = report_catalog.render(
            demo_workspace,
            spec,
            ReportRequest(out=out, date_from=date(2001, 1, 1), date_to=date(2001, 1, 31)),
            NoProgress(),
        )
        assert n == 0
        assert "本期间无记录" in _pdf_text(out).replace("\n", "") or "无记录" in _pdf_text(out)
        xlsx = tmp_path / f"{name}.xlsx"
        report_catalog.render(
            demo_workspace,
            spec,
            ReportRequest(out=xlsx, date_from=date(2001, 1, 1), date_to=date(2001, 1, 31)),
            NoProgress(),
        )
        cells = [v for row in load_workbook(xlsx).active.iter_rows(values_only=True) for v in row if v]
        assert any("无记录" in str(c) for c in cells)


def test_an_unwritable_output_gives_a_clear_message_and_no_file(demo_workspace, tmp_path: Path) -> None:
    spec = report_catalog.get_report("drill-record")
    missing = tmp_path / "no-such-folder" / "drill.pdf"
    with pytest.raises(SafetyDeskError) as err:
        report_catalog.render(demo_workspace, spec, ReportRequest(out=missing), NoProgress())
    assert "文件夹" in err.value.user_message or "folder" in str(err.value)
    assert not missing.parent.exists()
    outdir = tmp_path / "out"
    folder = outdir / "a-folder.pdf"  # a folder given as the file (root ignores permissions)
    folder.mkdir(parents=True)
    with pytest.raises(SafetyDeskError) as err:
        report_catalog.render(demo_workspace, spec, ReportRequest(out=folder), NoProgress())
    assert str(folder) in err.value.user_message
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in outdir.iterdir()) == ["a-folder.pdf"]


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("drill-record", "pdf"),
        ("safety-check-record", "pdf"),
        ("semester-summary", "pdf"),
        ("responsibility-letter", "xlsx"),
    ],
)
def test_a_cancelled_report_leaves_no_file(demo_workspace, tmp_path: Path, name: str, fmt: str) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / f"{name}.{fmt}"
    with pytest.raises(Cancelled):
        report_catalog.render(
            demo_workspace, report_catalog.get_report(name), ReportRequest(out=out), Cancelling()
        )
    assert list(outdir.iterdir()) == []


def test_one_record_by_id_and_a_wrong_id(demo_workspace, tmp_path: Path) -> None:
    spec = report_catalog.get_report("rectification-reply")
    uuid = _first_record(demo_workspace, spec)
    if uuid is not None:
        n = report_catalog.render(
            demo_workspace, spec, ReportRequest(out=tmp_path / "r.pdf", record=uuid), NoProgress()
        )
        assert n == 1
    with pytest.raises(SafetyDeskError) as err:
        report_catalog.render(
            demo_workspace, spec, ReportRequest(out=tmp_path / "x.pdf", record="nope"), NoProgress()
        )
    assert "nope" in err.value.user_message
    assert not (tmp_path / "x.pdf").exists()


def test_a_notice_and_the_schools_reply_print_item_by_item(demo_workspace, tmp_path: Path) -> None:
    from safetydesk.services import supervision

    ws = demo_workspace
    township = Actor("中心校", "410522T01", "admin")  # the notice and its items as the school received them
    notice = records.save(ws.sessions, township, "rectification_notice", {
        "doc_number": "示范督〔2026〕3号", "notice_type": "rectification", "school_code": ws.info.org_code,
        "school_name": ws.info.org_name, "inspected_on": date(2026, 10, 9), "team": "中心校安全办",
        "method": "spot", "deadline": date(2026, 10, 30), "issued_by": "示范镇中心校",
        "issued_on": date(2026, 10, 10), "signed_by": "李安全"}).uuid  # fmt: skip
    items = [records.save(ws.sessions, township, "rectification_item", {
        "notice_uuid": notice, "school_code": ws.info.org_code, "number": n, "problem": problem,
        "basis": basis, "requirement": requirement}).uuid
        for n, (problem, basis, requirement) in enumerate((
            ("消防器材过期", "《消防法》", "立即更换"), ("东侧围墙裂缝", "校舍安全要求", "设置警戒并维修")), 1)]  # fmt: skip
    reply = supervision.reply(ws.sessions, ws.actor, notice, [
        supervision.AnswerDraft(items[0], "已全部更换", "done", date(2026, 10, 20)),
        supervision.AnswerDraft(items[1], "设警戒线，维修中", "in_progress")], replied_on=date(2026, 10, 28))  # fmt: skip
    out = tmp_path / "notice.pdf"
    assert report_catalog.render(ws, report_catalog.get_report("rectification-notice"),
                                 ReportRequest(out=out, record=notice), NoProgress()) == 1  # fmt: skip
    text = _pdf_text(out).replace("\n", "")
    for word in ("整改通知书", "示范督〔2026〕3号", "主送：安阳县示范小学：", "东侧围墙裂缝", "设置警戒并维修",
                 "《消防法》", "回执", "李安全"):
        assert word in text
    out = tmp_path / "reply.pdf"
    assert report_catalog.render(ws, report_catalog.get_report("rectification-reply"),
                                 ReportRequest(out=out, record=reply), NoProgress()) == 1  # fmt: skip
    text = _pdf_text(out).replace("\n", "")
    for word in ("整改报告", "逐条整改情况", "已全部更换", "维修中", "示范督〔2026〕3号", "消防器材过期",
                 "2026年10月20日"):
        assert word in text
    _fonts_embedded(out)
    xlsx = tmp_path / "reply.xlsx"
    report_catalog.render(
        ws, report_catalog.get_report("rectification-reply"), ReportRequest(out=xlsx), NoProgress()
    )
    cells = [str(v) for row in load_workbook(xlsx).active.iter_rows(values_only=True) for v in row if v]
    assert "部分整改，其余有计划" in cells or any("部分" in c for c in cells)
    xlsx = tmp_path / "answers.xlsx"  # the answers item by item: their own ledger
    report_catalog.render(
        ws, report_catalog.get_report("rectification-answer-ledger"), ReportRequest(out=xlsx), NoProgress()
    )
    cells = [str(v) for row in load_workbook(xlsx).active.iter_rows(values_only=True) for v in row if v]
    assert "已全部更换" in cells and "消防器材过期" in cells
