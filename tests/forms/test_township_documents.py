"""A township centre prints its documents to a school, and a county inspector reads them: the
整改通知书 and the 督办单 are two documents with their own titles, laid out as official documents
(文号, 主送 the school, a body, numbered items 问题/依据/整改要求, the deadline in Chinese, the
township's seal line and date), each with a reply slip (回执) the school tears off; a 督办单 names
the overdue notice it escalates; no program data on paper.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from safetydesk.domain.clock import moved_to
from safetydesk.i18n import LOCAL_TZ, format_date
from safetydesk.services import records, report_catalog, supervision
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest
from tests.forms.test_paper import MOBILE, _pdf_text, program_data


def _print(ws, name: str, out: Path, record: str | None = None) -> str:
    report_catalog.render(ws, report_catalog.get_report(name), ReportRequest(out=out, record=record), NoProgress())
    return _pdf_text(out)


def _flat(text: str) -> str:
    return text.replace("\n", "").replace(" ", "")


def _notice(ws, notice_type: str) -> supervision.NoticeView:
    return next(n for n in supervision.notices(ws.sessions) if n.notice_type == notice_type)


def _escalate(ws, notice: supervision.NoticeView) -> str:
    """The notice's deadline passes with no report: the township issues a 督办单."""
    late = datetime.combine(notice.deadline + timedelta(days=3), time(9), tzinfo=LOCAL_TZ)
    with moved_to(late):
        return supervision.escalate(ws.sessions, ws.actor, notice.uuid, doc_number="示范中心校督〔2026〕5号")


def test_a_rectification_notice_is_an_official_document_with_a_reply_slip(township_workspace, tmp_path) -> None:
    ws = township_workspace
    notice = _notice(ws, "rectification")
    text = _print(ws, "rectification-notice", tmp_path / "notice.pdf")
    flat = _flat(text)
    assert text.splitlines()[0] == "整改通知书"
    assert "督办单" not in flat and "督〔" not in flat  # the other document prints on its own
    assert notice.doc_number in flat
    assert f"主送：{notice.school_name}：" in flat
    # Numbered items, each with its problem, basis and requirement, in a table headed so.
    for word in ("序号", "问题", "依据", "整改要求"):
        assert word in flat, word
    for item in notice.items:
        assert re.search(rf"{item.number}{re.escape(item.problem)}", flat), item.problem
        assert item.basis in flat and item.requirement in flat
    assert f"一、整改期限：请于{format_date(notice.deadline)}前整改完毕。" in flat
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", format_date(notice.deadline))
    assert "二、整改报告报送方式：" in flat
    assert f"{notice.issued_by}（盖章）{format_date(notice.issued_on)}" in flat  # the issuer, bottom right
    # The reply slip, after the cut line, for the school to fill and send back.
    slip = flat[flat.index("沿此线剪开") :]
    for word in ("回执", "已收到", "签收人", "签收日期", "学校（盖章）", notice.school_name, notice.doc_number):
        assert word in slip, word
    assert program_data(text) == []


def test_a_supervision_order_names_the_overdue_notice_it_escalates(township_workspace, tmp_path) -> None:
    ws = township_workspace
    notice = _notice(ws, "rectification")
    order = _escalate(ws, notice)
    text = _print(ws, "supervision-order", tmp_path / "order.pdf", record=order)
    flat = _flat(text)
    assert text.splitlines()[0] == "督办单"
    assert "示范中心校督〔2026〕5号" in flat
    assert f"关于《整改通知书》（{notice.doc_number}）逾期未整改的督办" in flat
    assert f"要求于{format_date(notice.deadline)}前整改完毕" in flat
    assert "未报送整改报告" in flat  # why it is overdue, as of the order's own date
    assert f"主送：{notice.school_name}：" in flat
    for item in notice.items:  # the escalated notice's items, repeated
        assert item.problem in flat and item.requirement in flat
    new_deadline = format_date(notice.deadline + timedelta(days=3 + supervision.ESCALATION_DAYS))
    assert f"整改期限：请于{new_deadline}前整改完毕" in flat
    assert "回执" in flat and "《督办单》（示范中心校督〔2026〕5号）我校已收到" in flat
    assert program_data(text) == []
    # The command that printed every notice before the split prints this record as what it is.
    again = _print(ws, "rectification-notice", tmp_path / "again.pdf", record=order)
    assert again.splitlines()[0] == "督办单" and "逾期未整改的督办" in _flat(again)
    spec = report_catalog.get_report("rectification-notice")  # and the command says so ("Wrote 督办单 …")
    assert report_catalog.printed_title(ws, spec, ReportRequest(out=tmp_path / "again.pdf", record=order)) == "督办单"
    assert report_catalog.printed_title(ws, spec, ReportRequest(out=tmp_path / "all.pdf")) == "整改通知书"
    # And the notice asked of the new report is printed as a notice.
    asked = _print(ws, "supervision-order", tmp_path / "asked.pdf", record=notice.uuid)
    assert asked.splitlines()[0] == "整改通知书"


def test_each_report_prints_only_its_own_documents(township_workspace, tmp_path) -> None:
    ws = township_workspace
    notice, demo_order = _notice(ws, "rectification"), _notice(ws, "supervision_order")
    printed = _print(ws, "supervision-order", tmp_path / "orders.pdf")
    assert not re.search(r"^\s*[，。、；：）》]", printed, re.M)  # no line opens with closing punctuation
    orders = _flat(printed)
    assert demo_order.doc_number in orders and notice.doc_number not in orders
    # A 督办单 recorded without the notice it escalates still says what it is about.
    assert "逾期未整改且未说明原因" in orders and "予以督办" in orders
    notices = _flat(_print(ws, "rectification-notice", tmp_path / "notices.pdf"))
    assert notice.doc_number in notices and demo_order.doc_number not in notices


def test_a_phone_number_typed_into_an_item_is_masked(township_workspace, tmp_path) -> None:
    ws = township_workspace
    school = _notice(ws, "rectification")
    uuid = records.save(ws.sessions, ws.actor, "rectification_notice", {
        "doc_number": "示范中心校安〔2026〕20号", "notice_type": "rectification", "school_code": school.school_code,
        "school_name": school.school_name, "deadline": school.deadline, "issued_by": "安阳县示范镇中心校",
        "issued_on": school.issued_on}).uuid  # fmt: skip
    records.save(ws.sessions, ws.actor, "rectification_item", {
        "notice_uuid": uuid, "school_code": school.school_code, "number": 1,
        "problem": "门卫值班电话13912345678无人接听", "basis": "安全防范工作规范", "requirement": "确保24小时有人值守"})  # fmt: skip
    text = _flat(_print(ws, "rectification-notice", tmp_path / "n.pdf", record=uuid))
    assert "门卫值班电话139****5678无人接听" in text
    assert not MOBILE.search(text)


@pytest.mark.parametrize("name", ["rectification-notice", "supervision-order"])
def test_a_school_with_no_documents_prints_a_statement(demo_workspace, tmp_path, name) -> None:
    text = _flat(_print(demo_workspace, name, tmp_path / "empty.pdf"))
    assert "本期无记录" in text and "安阳县示范小学" in text
