"""Ledger writers vs raw reportlab / openpyxl drawing the same cells, measured in the same run.

(a) a 1,000-row ledger PDF (education-session-like: short cells, portrait) via write_ledger_pdf
    vs a raw reportlab SimpleDocTemplate holding one Table of the same cell strings (same font,
    page size, column widths, repeated header row, grid);
(b) a 2,000-row hazard-like ledger PDF (long descriptions that wrap, landscape) vs the same raw;
    the raw Table gets the very strings ours draws (already wrapped into lines): a raw Table of
    unwrapped strings would draw half the lines, overflowing its cells, and compare nothing;
(c) a 100,000-row Excel ledger via write_ledger_xlsx vs raw openpyxl write_only appending the
    same values (10,000 rows with quick=True).

The baseline gets its cells already formatted (outside the timing); ours formats, wraps, draws
the page template and writes atomically inside it. Median of 5 interleaved runs for the PDFs
(3 with quick) and 3 for Excel (1 with quick), after one untimed warm-up of each side (a
1,000-row one for Excel). The targets: PDF within 1.5x, Excel within 1.3x.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.reports.fonts import register_fonts
from safetydesk.reports.layout import ReportMeta
from safetydesk.reports.pdf_ledger import column_widths, display_text, ledger_table, write_ledger_pdf

SESSION_COLUMNS = (
    Field("held_on", "Date", FieldKind.DATE, width=12),
    Field("class_name", "Class", FieldKind.TEXT, width=10),
    Field("topic", "Topic", FieldKind.TEXT, width=20),
    Field(
        "form",
        "Form",
        FieldKind.CHOICE,
        width=8,
        choices=choices(("lesson", "Lesson"), ("meeting", "Class meeting"), ("drill", "Drill")),
    ),
    Field("hours", "Hours", FieldKind.DECIMAL, width=6),
    Field("teacher", "Teacher", FieldKind.TEXT, width=8),
    Field("attendance", "Attendance", FieldKind.INT, width=8),
)

HAZARD_COLUMNS = (
    Field("code", "Hazard No.", FieldKind.TEXT, width=10),
    Field("found_on", "Date found", FieldKind.DATE, width=11),
    Field("category", "Category", FieldKind.TEXT, width=8),
    Field("location", "Location", FieldKind.TEXT, width=12),
    Field("description", "Description", FieldKind.LONG_TEXT, width=28),
    Field(
        "grade",
        "Grade",
        FieldKind.CHOICE,
        width=6,
        choices=choices(("general", "General"), ("major", "Major")),
    ),
    Field("measures", "Measures", FieldKind.LONG_TEXT, width=22),
    Field("owner", "Owner", FieldKind.TEXT, width=8),
    Field("deadline", "Deadline", FieldKind.DATE, width=11),
    Field("funding", "Funding", FieldKind.DECIMAL, width=8),
    Field("escalated", "Escalated", FieldKind.BOOL, width=6),
    Field("closed_at", "Closed", FieldKind.DATETIME, width=14),
)

TOPICS = (
    "防溺水安全教育",
    "交通安全",
    "消防安全与逃生演练",
    "食品安全",
    "防欺凌主题班会",
    "地震避险知识讲座",
    "网络安全与防诈骗",
    "用电安全常识",
)
PLACES = (
    "教学楼一楼东侧楼梯",
    "学生宿舍三楼",
    "食堂操作间",
    "操场北侧围墙",
    "校门口",
    "实验室危化品柜",
    "锅炉房",
    "图书室",
)
DESCRIPTIONS = (
    "消防通道堆放杂物，影响紧急疏散。",
    "灭火器压力不足，已过检验期。",
    "围墙局部开裂约2米，雨季存在倒塌风险，已设置警戒线和警示牌，等待维修队伍进场。",
    "配电箱门锁损坏，线路老化裸露，学生课间可能接触，存在触电危险；需更换配电箱并重新布线。",
    "Emergency light not working (2F corridor).",
    "篮球架底座松动。",
)
MEASURES = (
    "立即清理，设专人每日巡查。",
    "更换灭火器并登记。",
    "设置警戒线，联系施工单位加固围墙，完工后验收销号。",
    "断电挂牌，更换配电箱，电工持证作业。",
)
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "欧阳明", "赵磊")


def session_rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    start = date(2026, 9, 1)
    return [
        {
            "held_on": start + timedelta(days=i % 120),
            "class_name": f"{rnd.randint(1, 6)}年级{rnd.randint(1, 4)}班",
            "topic": rnd.choice(TOPICS),
            "form": rnd.choice(("lesson", "meeting", "drill")),
            "hours": rnd.choice((1, 0.5, 2)),
            "teacher": rnd.choice(NAMES),
            "attendance": rnd.randint(25, 55),
        }
        for i in range(n)
    ]


def hazard_rows(n: int, seed: int = 11) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    start = date(2026, 9, 1)
    rows = []
    for i in range(n):
        found = start + timedelta(days=i % 100)
        closed = rnd.random() < 0.6
        rows.append(
            {
                "code": f"YH2026-{i + 1:04d}",
                "found_on": found,
                "category": rnd.choice(("消防", "用电", "校舍", "食品", "周边", "体育器材")),
                "location": rnd.choice(PLACES),
                "description": rnd.choice(DESCRIPTIONS),
                "grade": rnd.choice(("general", "general", "major")),
                "measures": rnd.choice(MEASURES),
                "owner": rnd.choice(NAMES),
                "deadline": found + timedelta(days=rnd.choice((1, 3, 7, 30))),
                "funding": rnd.choice((None, 200.0, 1500.5, 32000.0)),
                "escalated": rnd.random() < 0.1,
                "closed_at": datetime(2026, 12, 1, 2, 30, tzinfo=UTC) if closed else None,
            }
        )
    return rows


def _raw_pdf(out: Path, meta: ReportMeta, columns: tuple[Field, ...], cells: list[list[str]]) -> None:
    font = register_fonts()
    doc = SimpleDocTemplate(
        str(out),
        pagesize=meta.pagesize,
        leftMargin=42.5,
        rightMargin=42.5,
        topMargin=68,
        bottomMargin=40,
        initialFontName=font,
    )
    table = Table(cells, colWidths=column_widths(meta, columns), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("LEADING", (0, 0), (-1, -1), 11.5),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    doc.build([table])


def _cells(meta: ReportMeta, columns: tuple[Field, ...], rows: list[dict[str, Any]]) -> list[list[str]]:
    """The very strings our ledger draws (formatted, wrapped into lines), made outside the timing."""
    table, _count = ledger_table(meta, columns, rows)
    return [list(row) for row in table._cellvalues]


def _raw_xlsx(out: Path, columns: tuple[Field, ...], values: list[list[Any]]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("ledger")
    ws.append(["序号", *(c.label for c in columns)])
    for row in values:
        ws.append(row)
    wb.save(out)


def _xlsx_values(columns: tuple[Field, ...], rows: list[dict[str, Any]]) -> list[list[Any]]:
    out = []
    for i, r in enumerate(rows, 1):
        line: list[Any] = [i]
        for c in columns:
            v = r.get(c.attr)
            if isinstance(v, bool):
                v = "是" if v else "否"
            elif isinstance(v, datetime):
                v = v.replace(tzinfo=None)
            elif isinstance(v, str):
                v = display_text(c, v)
            line.append(v)
        out.append(line)
    return out


def _time(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _compare(
    ours: Callable[[], object],
    raw: Callable[[], object],
    repeats: int,
    warm_up: tuple[Callable[[], object], Callable[[], object]] | None = None,
) -> tuple[float, float]:
    for fn in warm_up or (ours, raw):  # font registration, imports, caches
        fn()
    a, b = [], []
    for _ in range(repeats):
        a.append(_time(ours))
        b.append(_time(raw))
    return statistics.median(a), statistics.median(b)


def run(quick: bool = False) -> list[tuple[str, float, float, str]]:
    from safetydesk.reports.excel_ledger import write_ledger_xlsx

    repeats = 3 if quick else 5  # PDFs take about a second: medians are cheap
    xlsx_repeats = 1 if quick else 3
    tmp = Path(tempfile.mkdtemp(prefix="safetydesk-bench-ledgers-"))
    results: list[tuple[str, float, float, str]] = []
    try:
        meta = ReportMeta("安阳县示范小学", "安全教育记录台账", "2026—2027学年第一学期")
        rows = session_rows(1000)
        cells = _cells(meta, SESSION_COLUMNS, rows)
        ours, raw = _compare(
            lambda: write_ledger_pdf(tmp / "a.pdf", meta, SESSION_COLUMNS, rows),
            lambda: _raw_pdf(tmp / "a_raw.pdf", meta, SESSION_COLUMNS, cells),
            repeats,
        )
        results.append(
            (
                "ledger PDF, 1,000 rows x 7 columns",
                ours,
                raw,
                f"median of {repeats}; raw = one reportlab Table of the same strings",
            )
        )

        hmeta = ReportMeta("安阳县示范小学", "隐患排查整改台账", "2026—2027学年第一学期", landscape=True)
        hrows = hazard_rows(2000)
        hcells = _cells(hmeta, HAZARD_COLUMNS, hrows)
        ours, raw = _compare(
            lambda: write_ledger_pdf(tmp / "b.pdf", hmeta, HAZARD_COLUMNS, hrows),
            lambda: _raw_pdf(tmp / "b_raw.pdf", hmeta, HAZARD_COLUMNS, hcells),
            repeats,
        )
        results.append(
            (
                "hazard ledger PDF, 2,000 rows x 12 columns, wrapping",
                ours,
                raw,
                f"median of {repeats}; raw draws the same wrapped lines",
            )
        )

        n = 10_000 if quick else 100_000
        xrows = hazard_rows(n)
        xvalues = _xlsx_values(HAZARD_COLUMNS, xrows)
        ours, raw = _compare(
            lambda: write_ledger_xlsx(tmp / "c.xlsx", hmeta, HAZARD_COLUMNS, xrows),
            lambda: _raw_xlsx(tmp / "c_raw.xlsx", HAZARD_COLUMNS, xvalues),
            xlsx_repeats,
            warm_up=(  # a small workbook warms the same code without 2 x 100,000 untimed rows
                lambda: write_ledger_xlsx(tmp / "w.xlsx", hmeta, HAZARD_COLUMNS, xrows[:1000]),
                lambda: _raw_xlsx(tmp / "w_raw.xlsx", HAZARD_COLUMNS, xvalues[:1000]),
            ),
        )
        results.append(
            (
                f"Excel ledger, {n:,} rows x 12 columns",
                ours,
                raw,
                f"median of {xlsx_repeats}; raw = openpyxl write_only append of the same values",
            )
        )
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    print(f"{'metric':58} {'ours':>8} {'raw':>8} {'ratio':>6}  note")
    for name, ours_s, raw_s, note in run(quick="--quick" in sys.argv):
        print(f"{name:58} {ours_s:8.3f} {raw_s:8.3f} {ours_s / raw_s:6.2f}  {note}")
