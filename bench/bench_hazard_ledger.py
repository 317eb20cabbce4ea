"""The hazard ledger (隐患排查整改台账) PDF for 2,000 hazards in a real school database vs raw
reportlab drawing the same cells in one Table, measured in the same run.

Ours: `render(workspace, hazard-ledger, .pdf)`, i.e. the SQL query in pages, staff names, the
五定 parts joined, formatting, wrapping, the page template with signatures, atomic write.
Baseline: a SimpleDocTemplate with one Table (same font, page size, column widths, repeated
header, grid) of the very strings ours draws, prepared outside the timing. Median of 3 interleaved
runs after one untimed warm-up of each side (1 run with quick). Aim: within 1.5x.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from safetydesk.domain.registry import get_kind
from safetydesk.reports.fonts import register_fonts
from safetydesk.reports.pdf_ledger import column_widths, ledger_table
from safetydesk.services import records
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest, get_report, render
from safetydesk.services.report_defs import hazard_ledger
from safetydesk.services.workspace import open_workspace

PLACES = ("教学楼一楼东侧楼梯", "学生宿舍三楼", "食堂操作间", "操场北侧围墙", "校门口", "实验室危化品柜")
DESCRIPTIONS = (
    "消防通道堆放杂物，影响紧急疏散。",
    "灭火器压力不足，已过检验期。",
    "围墙局部开裂约2米，雨季存在倒塌风险，已设置警戒线和警示牌，等待维修队伍进场。",
    "配电箱门锁损坏，线路老化裸露，学生课间可能接触，存在触电危险；需更换配电箱并重新布线。",
    "篮球架底座松动。",
)
MEASURES = (
    "立即清理，设专人每日巡查。",
    "更换灭火器并登记。",
    "设置警戒线，联系施工单位加固围墙，完工后验收销号。",
)
STATUSES = ("registered", "graded", "assigned", "rectifying", "verification_requested", "verified", "closed")


def _fill(ws, n: int) -> None:
    rnd = random.Random(5)
    staff = [
        records.save(ws.sessions, ws.actor, "staff", {"name": name, "active": True}).uuid
        for name in ("张伟", "王芳", "李娜", "刘洋", "陈静")
    ]
    model = get_kind("hazard").model
    now = datetime.now(UTC)
    start = date(2026, 9, 1)
    rows = []
    for i in range(n):
        found = start + timedelta(days=i % 100)
        status = rnd.choice(STATUSES)
        late = STATUSES.index(status) >= 5
        rows.append(
            model(
                owner=ws.actor.org_code,
                created_at=now,
                updated_at=now,
                found_on=found,
                check_type="routine",
                inspector_uuid=rnd.choice(staff),
                category=rnd.choice(("fire", "electricity", "food")),
                location=rnd.choice(PLACES),
                description=rnd.choice(DESCRIPTIONS),
                grade=rnd.choice(("general", "general", "major")),
                risk_colour=rnd.choice(("red", "yellow", None)),
                measures=rnd.choice(MEASURES),
                responsible_uuid=rnd.choice(staff),
                deadline=found + timedelta(days=7),
                funds_amount=rnd.choice((None, 300.0, 48000.0)),
                funds_source="学校公用经费",
                rectified_by_uuid=staff[0] if late else None,
                done_on=found + timedelta(days=3) if late else None,
                result="已整改到位。" if late else None,
                verifier_uuid=staff[1] if late else None,
                verified_on=found + timedelta(days=4) if late else None,
                status=status,
                closed_on=found + timedelta(days=5) if status == "closed" else None,
            )
        )
    with ws.sessions.begin() as s:
        s.add_all(rows)


def _raw_pdf(out: Path, meta, cells: list[list[str]]) -> None:
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
    table = Table(cells, colWidths=column_widths(meta, hazard_ledger.pdf_columns()), repeatRows=1)
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


def run(quick: bool = False) -> list[tuple[str, float, float, str]]:
    from tests.support import make_school

    n, repeats = 2000, (1 if quick else 3)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ws = open_workspace(make_school(root / "school"))
        try:
            _fill(ws, n)
            spec = get_report("hazard-ledger")
            req = ReportRequest(out=root / "ours.pdf")
            meta = hazard_ledger.meta(ws, req)
            rows = [hazard_ledger.pdf_row(r) for r in hazard_ledger.hazard_rows(ws)]
            table, _count = ledger_table(meta, hazard_ledger.pdf_columns(), rows)
            cells = [list(r) for r in table._cellvalues]

            def ours() -> None:
                assert render(ws, spec, req, NoProgress()) == n

            def raw() -> None:
                _raw_pdf(root / "raw.pdf", meta, cells)

            ours()
            raw()
            ours_t, raw_t = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                ours()
                ours_t.append(time.perf_counter() - t)
                t = time.perf_counter()
                raw()
                raw_t.append(time.perf_counter() - t)
            pages = len(__import__("pypdf").PdfReader(root / "ours.pdf").pages)
        finally:
            ws.close()
    return [
        (
            f"hazard-ledger PDF, {n} hazards from SQLite",
            statistics.median(ours_t),
            statistics.median(raw_t),
            f"{pages} landscape pages, 16 columns; raw = one reportlab Table of the same cells; "
            f"median of {repeats}",
        )
    ]


if __name__ == "__main__":
    for row in run(quick=False):
        print(f"{row[0]}: ours {row[1]:.2f}s raw {row[2]:.2f}s ratio {row[1] / row[2]:.2f} ({row[3]})")
