"""An officer exports a ledger to Excel: the workbook is read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from safetydesk import i18n
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.errors import Cancelled, SafetyDeskError
from safetydesk.reports import ReportMeta, write_ledger_xlsx
from tests.reports.ledger_data import HAZARD_COLUMNS, hazard_row, leftovers


def test_the_ledger_reads_back_with_real_dates_and_numbers(
    tmp_path: Path, meta: ReportMeta, rows: list[dict[str, Any]]
) -> None:
    out = tmp_path / "隐患台账.xlsx"
    count = write_ledger_xlsx(out, meta, HAZARD_COLUMNS, rows)
    assert count == 120

    ws = load_workbook(out).active
    assert ws.title == "隐患排查整改台账"
    title = ws["A1"]
    assert title.value == "安阳县城关镇中心小学  隐患排查整改台账  2026—2027学年第一学期"
    assert title.font.b
    assert "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", *(c.label for c in HAZARD_COLUMNS)]
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["E"].width == pytest.approx(30 + 2)  # 隐患描述, width 30
    assert ws.max_row == 2 + 120

    first = [c for c in ws[3]]
    expected = hazard_row(1)
    assert first[0].value == 1
    assert first[1].is_date and first[1].value.date() == expected["found_on"]
    assert first[1].number_format == 'yyyy"年"m"月"d"日"'
    assert first[2].value == expected["location"]
    assert first[3].value == "一般隐患"  # choice code -> label
    assert first[4].value == expected["description"]
    assert first[5].value is None  # no funding
    assert first[6].value == 1 and first[6].data_type == "n"
    assert first[7].value == "否"
    second = [c.value for c in ws[4]]
    assert second[8] == datetime(2026, 12, 1, 10, 30)  # stored UTC 02:30, shown in China time
    assert ws["I4"].number_format == "yyyy-mm-dd hh:mm"
    fifth = [c.value for c in ws[7]]
    assert fifth[3] == "重大隐患" and fifth[7] == "是"
    sixth = [c.value for c in ws[8]]
    assert sixth[5] == pytest.approx(1500.5)


def test_an_empty_period_says_so(tmp_path: Path, meta: ReportMeta) -> None:
    out = tmp_path / "empty.xlsx"
    assert write_ledger_xlsx(out, meta, HAZARD_COLUMNS, []) == 0
    ws = load_workbook(out).active
    assert ws["A3"].value == "本期无记录"
    assert ws.max_row == 3
    assert ws.freeze_panes == "A3"


def test_english_ui_gets_english_headers_and_iso_dates(tmp_path: Path, meta: ReportMeta) -> None:
    i18n.set_language("en")
    out = tmp_path / "en.xlsx"
    columns = (Field("held_on", "Date", FieldKind.DATE), Field("done", "Done", FieldKind.BOOL))
    write_ledger_xlsx(out, meta, columns, [{"held_on": date(2026, 9, 1), "done": True}])
    ws = load_workbook(out).active
    assert [c.value for c in ws[2]] == ["No.", "Date", "Done"]
    assert ws["B3"].number_format == "yyyy-mm-dd"
    assert ws["C3"].value == "Yes"


def test_record_text_can_neither_become_a_formula_nor_break_the_file(
    tmp_path: Path, meta: ReportMeta
) -> None:
    out = tmp_path / "tricky.xlsx"
    columns = (Field("note", "备注", FieldKind.TEXT), Field("other", "其他", FieldKind.TEXT))
    write_ledger_xlsx(
        out,
        meta,
        columns,
        [
            {"note": '=HYPERLINK("http://example.invalid","点我")', "other": "#N/A"},
            {"note": "控制\x0b字符\x00", "other": "x" * 40_000},
        ],
    )
    ws = load_workbook(out).active
    assert ws["B3"].data_type == "s" and ws["B3"].value.startswith("=HYPERLINK")
    assert ws["C3"].data_type == "s" and ws["C3"].value == "#N/A"
    assert ws["B4"].value == "控制字符"
    assert len(ws["C4"].value) == 32_767


def test_one_sheet_per_repeating_part(tmp_path: Path, meta: ReportMeta, rows: list[dict[str, Any]]) -> None:
    out = tmp_path / "parts.xlsx"
    items = (Field("item", "检查项目", FieldKind.TEXT, width=20), Field("ok", "结果", FieldKind.BOOL))
    write_ledger_xlsx(
        out,
        meta,
        HAZARD_COLUMNS,
        rows[:3],
        extra_sheets={
            "检查项目": (items, [{"item": "灭火器", "ok": True}, {"item": "应急灯", "ok": False}]),
            "整改/复查": (items, []),
        },
    )
    wb = load_workbook(out)
    assert wb.sheetnames == ["隐患排查整改台账", "检查项目", "整改_复查"]
    part = wb["检查项目"]
    assert part["A1"].value == "安阳县城关镇中心小学  隐患排查整改台账（检查项目）  2026—2027学年第一学期"
    assert [c.value for c in part[3]] == [1, "灭火器", "是"]
    assert [c.value for c in part[4]] == [2, "应急灯", "否"]
    assert part.freeze_panes == "A3"
    assert wb["整改_复查"]["A3"].value == "本期无记录"


def test_progress_and_cancel(tmp_path: Path, meta: ReportMeta) -> None:
    many = [hazard_row(i) for i in range(1, 1201)]
    out = tmp_path / "ledger.xlsx"
    seen: list[int] = []
    write_ledger_xlsx(out, meta, HAZARD_COLUMNS, many, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1200 and len(seen) >= 3

    out.write_bytes(b"earlier export")
    with pytest.raises(Cancelled):
        write_ledger_xlsx(out, meta, HAZARD_COLUMNS, many, cancelled=lambda: True)
    assert leftovers(tmp_path) == ["ledger.xlsx"]
    assert out.read_bytes() == b"earlier export"


def test_an_unwritable_path_is_a_clear_error(tmp_path: Path, meta: ReportMeta) -> None:
    out = tmp_path / "gone" / "ledger.xlsx"
    with pytest.raises(SafetyDeskError) as caught:
        write_ledger_xlsx(out, meta, HAZARD_COLUMNS, [hazard_row(1)])
    assert str(out) in caught.value.user_message and "请选择其他文件夹" in caught.value.user_message
    assert leftovers(tmp_path) == []


def test_a_cancelled_export_leaves_no_temporary_sheet_files(tmp_path: Path, meta: ReportMeta) -> None:
    from openpyxl.worksheet import _writer

    before = set(_writer.ALL_TEMP_FILES)
    with pytest.raises(Cancelled):
        write_ledger_xlsx(
            tmp_path / "x.xlsx",
            meta,
            HAZARD_COLUMNS,
            [hazard_row(i) for i in range(600)],
            extra_sheets={"b": (HAZARD_COLUMNS, [])},
            cancelled=lambda: True,
        )
    created = set(_writer.ALL_TEMP_FILES) - before
    assert not [p for p in created if Path(p).exists()]
    assert leftovers(tmp_path) == []
