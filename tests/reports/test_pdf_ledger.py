"""An officer prints a ledger: real PDFs written to disk and read back with pypdf and poppler."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safetydesk import i18n
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.errors import Cancelled, SafetyDeskError
from safetydesk.reports import ReportMeta, write_ledger_pdf
from tests.reports.ledger_data import HAZARD_COLUMNS, hazard_row, leftovers, pdf_pages, pdffonts


def _flat(text: str) -> str:
    """Page text without line breaks and spaces (cells wrap; pypdf puts spaces around runs)."""
    return re.sub(r"\s+", "", text)


def test_a_hazard_ledger_prints_every_record_on_numbered_pages(
    tmp_path: Path, meta: ReportMeta, rows: list[dict[str, Any]]
) -> None:
    out = tmp_path / "隐患台账.pdf"
    seen: list[int] = []

    count = write_ledger_pdf(out, meta, HAZARD_COLUMNS, rows, progress=seen.append)

    assert count == 120
    pages = pdf_pages(out)
    total = len(pages)
    assert total > 1
    for number, text in enumerate(pages, 1):
        flat = _flat(text)
        assert _flat(f"第 {number} 页 共 {total} 页") in flat
        assert "隐患排查整改台账" in flat  # header on every page
        assert "学校：安阳县城关镇中心小学" in flat
        assert "2026—2027学年第一学期" in flat
        assert "序号" in flat and "隐患描述" in flat  # table header repeated
    everything = _flat("".join(pages))
    for i in (1, 60, 120):
        assert f"{hazard_row(i)['location']}" in everything
    assert "2026年9月2日" in everything  # dates as Chinese users write them
    assert "2026年12月1日10:30" in everything  # UTC 02:30 is 10:30 in China
    assert "重大隐患" in everything and "一般隐患" in everything  # choice codes -> labels
    assert "1500.5" in everything
    assert "消防通道堆放杂物，影响紧急疏散，需立即清理并设专人每日巡查。" in everything  # wrapped, complete
    last = _flat(pages[-1])
    for label in ("填表人：", "审核人：", "负责人：", "学校（盖章）", "年", "月", "日"):
        assert label in last
    # progress reports records laid out, rising to the total
    assert seen and seen == sorted(seen) and seen[-1] == 120


def test_the_signatures_never_stand_alone_on_a_page(tmp_path: Path) -> None:
    """Whatever the number of records, the last page holds the last records and the signatures."""
    meta = ReportMeta("示范小学", "安全检查记录", "2026年9月")
    columns = (Field("place", "检查部位", FieldKind.TEXT, width=20), Field("note", "情况", FieldKind.TEXT))
    for n in range(28, 60):  # around the first page break, signatures included
        out = tmp_path / f"{n}.pdf"
        write_ledger_pdf(out, meta, columns, [{"place": f"部位{i}", "note": "正常"} for i in range(1, n + 1)])
        pages = [_flat(p) for p in pdf_pages(out)]
        last = pages[-1]
        assert f"部位{n}正常" in last and "填表人：" in last, f"{n} records"
        assert all("序号" in page for page in pages), f"{n} records"
        assert sum(page.count("正常") for page in pages) == n


def test_the_font_is_embedded_and_nothing_else_is_used(
    tmp_path: Path, meta: ReportMeta, rows: list[dict[str, Any]]
) -> None:
    out = tmp_path / "ledger.pdf"
    write_ledger_pdf(out, meta, HAZARD_COLUMNS, rows[:5])
    fonts = pdffonts(out)
    if fonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    assert fonts, "no fonts listed"
    for row in fonts:
        name, emb = row[0], row[-5]
        assert emb == "yes", f"font {name} is not embedded"
        assert "STSong" not in name and "Helvetica" not in name
    assert any("WenQuanYi" in row[0] for row in fonts)


def test_booleans_print_as_yes_and_no_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "bool.pdf"
    columns = (Field("place", "部位", FieldKind.TEXT), Field("ok", "是否合格", FieldKind.BOOL))
    write_ledger_pdf(
        out,
        ReportMeta("示范小学", "检查表", ""),
        columns,
        [{"place": "甲处", "ok": True}, {"place": "乙处", "ok": False}],
    )
    flat = _flat(pdf_pages(out)[0])
    assert "甲处是" in flat and "乙处否" in flat


def test_an_empty_period_says_so(tmp_path: Path, meta: ReportMeta) -> None:
    out = tmp_path / "empty.pdf"
    count = write_ledger_pdf(out, meta, HAZARD_COLUMNS, [])
    assert count == 0
    pages = pdf_pages(out)
    assert len(pages) == 1
    flat = _flat(pages[0])
    assert "本期无记录" in flat
    assert "第1页共1页" in flat
    assert "填表人：" in flat and "学校（盖章）" in flat


def test_english_ui_prints_an_english_form(
    tmp_path: Path, meta: ReportMeta, rows: list[dict[str, Any]]
) -> None:
    i18n.set_language("en")
    out = tmp_path / "en.pdf"
    write_ledger_pdf(out, meta, HAZARD_COLUMNS, rows[:5])  # row 5 was escalated
    text = pdf_pages(out)[0]
    assert "Page 1 of 1" in text
    assert "School: 安阳县城关镇中心小学" in text
    for label in ("No.", "Prepared by:", "Reviewed by:", "Person in charge:", "School (seal)"):
        assert label in text
    assert "2026-09-02" in text and "Yes" in text and "No\n" in text
    empty = tmp_path / "en-empty.pdf"
    write_ledger_pdf(empty, meta, HAZARD_COLUMNS, [])
    assert "No records in this period" in pdf_pages(empty)[0]


def test_known_names_and_signing_date_are_printed(tmp_path: Path) -> None:
    meta = ReportMeta(
        "示范小学 & <分校>",
        "安全教育记录",
        "2026年9月",
        signatures=(("Prepared by", "王芳"), "Reviewed by"),
        signed_on=date(2026, 9, 30),
        show_seal=False,
    )
    out = tmp_path / "signed.pdf"
    write_ledger_pdf(out, meta, HAZARD_COLUMNS[:2], [hazard_row(1)])
    flat = _flat(pdf_pages(out)[0])
    assert "填表人：王芳" in flat and "审核人：" in flat
    assert "负责人" not in flat and "学校（盖章）" not in flat
    assert "2026年9月30日" in flat
    assert "示范小学&<分校>" in flat  # special characters printed, not parsed


def test_a_cell_longer_than_a_page_is_cut_not_a_crash(tmp_path: Path, meta: ReportMeta) -> None:
    out = tmp_path / "long.pdf"
    row = hazard_row(2) | {"description": "很长的隐患描述" * 3000}
    write_ledger_pdf(out, meta, HAZARD_COLUMNS, [row, hazard_row(3)])
    flat = _flat("".join(pdf_pages(out)))
    assert "…" in flat
    assert hazard_row(3)["location"] in flat


def test_cancelling_while_preparing_rows_leaves_no_file(tmp_path: Path, meta: ReportMeta) -> None:
    out = tmp_path / "cancel.pdf"
    many = [hazard_row(i) for i in range(1000)]
    with pytest.raises(Cancelled):
        write_ledger_pdf(out, meta, HAZARD_COLUMNS, many, cancelled=lambda: True)
    assert leftovers(tmp_path) == []


def test_cancelling_during_layout_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, meta: ReportMeta, rows: list[dict[str, Any]]
) -> None:
    out = tmp_path / "ledger.pdf"
    out.write_bytes(b"earlier ledger")
    pages_done: list[int] = []

    def cancelled() -> bool:
        return len(pages_done) >= 1  # the user presses Cancel after the first page

    with pytest.raises(Cancelled):
        write_ledger_pdf(out, meta, HAZARD_COLUMNS, rows, progress=pages_done.append, cancelled=cancelled)
    assert pages_done  # it really was cancelled part-way
    assert leftovers(tmp_path) == ["ledger.pdf"]
    assert out.read_bytes() == b"earlier ledger"


@pytest.mark.parametrize("where", ["missing folder", "folder as file", "file as folder"])
def test_an_unwritable_path_is_a_clear_error(tmp_path: Path, meta: ReportMeta, where: str) -> None:
    if where == "missing folder":
        out = tmp_path / "no such folder" / "ledger.pdf"
    elif where == "folder as file":
        out = tmp_path / "ledger.pdf"
        out.mkdir()
    else:
        (tmp_path / "plain file").write_text("x")
        out = tmp_path / "plain file" / "ledger.pdf"
    before = leftovers(tmp_path)
    with pytest.raises(SafetyDeskError) as caught:
        write_ledger_pdf(out, meta, HAZARD_COLUMNS, [hazard_row(1)])
    assert str(out) in caught.value.user_message
    assert "无法写入" in caught.value.user_message
    assert "请" in caught.value.user_message  # says what to do
    assert leftovers(tmp_path) == before


def test_a_form_of_its_own_uses_the_same_page_template(tmp_path: Path) -> None:
    from reportlab.platypus import Paragraph

    from safetydesk.reports import WithSignatures, build_pdf, escape, report_styles

    styles = report_styles()
    meta = ReportMeta("示范小学", "应急疏散演练记录", "2026年10月")
    story = [
        Paragraph(escape("演练名称：地震应急疏散演练 <第一次>"), styles["heading"]),
        Paragraph("疏散用时 1 分 50 秒，全校 312 人按班清点完毕后报告总指挥。" * 3, styles["body"]),
    ]
    out = tmp_path / "drill.pdf"
    build_pdf(out, meta, [story[0], WithSignatures(meta, story[1])], signatures=False)
    flat = _flat(pdf_pages(out)[0])
    assert "演练名称：地震应急疏散演练<第一次>" in flat
    assert "全校312人" in flat and "填表人：" in flat and "第1页共1页" in flat
