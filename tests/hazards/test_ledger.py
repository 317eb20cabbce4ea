"""隐患排查整改台账: the PDF embeds its fonts and carries the hazards' Chinese descriptions; the
Excel ledger reads back with the same rows; --from/--to filter on the date found."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from safetydesk.cli import main
from safetydesk.domain.clock import moved_to
from safetydesk.services import hazards, records
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest, all_reports, get_report, render
from tests.hazards.helpers import add_staff
from tests.support import PASSWORD

HAZARDS = (
    (date(2026, 9, 10), "食堂操作间", "燃气泄漏报警器不报警，需更换"),
    (date(2026, 10, 8), "东侧围墙", "围墙约15米贯通裂缝并向外倾斜，雨后有倒塌危险"),
    (date(2026, 11, 2), "教学楼二楼", "走廊灭火器压力不足"),
)


def _fill(ws) -> list[str]:
    rectifier, verifier = add_staff(ws, "王强", "张校长")
    uuids = []
    for found, place, text in HAZARDS:
        uuids.append(
            records.save(
                ws.sessions,
                ws.actor,
                "hazard",
                {
                    "found_on": found,
                    "category": "fire",
                    "location": place,
                    "description": text,
                    "grade": "general",
                    "check_type": "routine",
                },
            ).uuid
        )
    first = uuids[0]
    with moved_to(datetime(2026, 9, 20, 9)):
        for code, params in (
            ("grade", {"grade": "general", "risk_colour": "orange"}),
            (
                "assign",
                {
                    "responsible_uuid": rectifier,
                    "measures": "更换燃气报警器",
                    "deadline": date(2026, 9, 15),
                    "funds_amount": 450.0,
                    "funds_source": "学校公用经费",
                },
            ),
            ("start", {}),
            ("request_verification", {"result": "已更换并试验正常"}),
            ("verify", {"verifier_uuid": verifier}),
            ("close", {}),
        ):
            hazards.move(ws.sessions, ws.actor, first, code, params)
        hazards.move(ws.sessions, ws.actor, uuids[1], "grade", {"grade": "major", "risk_colour": "red"})
    return uuids


def test_the_ledger_is_listed_with_its_chinese_title() -> None:
    names = [r.name for r in all_reports()]
    assert names.count("hazard-ledger") == 1
    spec = get_report("hazard-ledger")
    from safetydesk.services.report_catalog import report_title

    assert report_title(spec) == "隐患排查整改台账"


def test_pdf_ledger_fonts_text_and_period(workspace, tmp_path: Path) -> None:
    _fill(workspace)
    out = tmp_path / "ledger.pdf"
    n = render(workspace, get_report("hazard-ledger"), ReportRequest(out=out), NoProgress())
    assert n == 3
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    squeezed = text.replace("\n", "").replace(" ", "")
    for _found, _place, desc in HAZARDS:
        assert desc[:8] in squeezed, desc
    for word in ("隐患排查整改台账", "学校（盖章）", "验收人", "销号日期", "张校长", "450", "学校公用经费"):
        assert word in squeezed, word
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes " in r for r in rows), fonts
    else:
        pytest.skip("pdffonts (poppler-utils) not installed")

    only_october = tmp_path / "october.pdf"
    req = ReportRequest(out=only_october, date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))
    assert render(workspace, get_report("hazard-ledger"), req, NoProgress()) == 1
    text = "".join(p.extract_text() for p in PdfReader(only_october).pages).replace("\n", "")
    assert "围墙" in text and "燃气" not in text


def test_excel_ledger_reads_back_the_same_rows(workspace, tmp_path: Path) -> None:
    _fill(workspace)
    out = tmp_path / "ledger.xlsx"
    assert render(workspace, get_report("hazard-ledger"), ReportRequest(out=out), NoProgress()) == 3
    sheet = load_workbook(out, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    header, body = rows[header_at], [r for r in rows[header_at + 1 :] if r and r[0] is not None]
    assert "隐患描述" in header or "描述" in "".join(str(h) for h in header)
    assert len(body) == 3
    desc_col = next(i for i, h in enumerate(header) if h and "描述" in str(h))
    assert [r[desc_col] for r in body] == [d for _f, _p, d in HAZARDS]
    found_col = next(i for i, h in enumerate(header) if h == "排查日期" or (h and "发现" in str(h)))
    assert [r[found_col].date() if isinstance(r[found_col], datetime) else r[found_col] for r in body] == [
        f for f, _p, _d in HAZARDS
    ]
    status_col = header.index("状态")
    assert body[0][status_col] == "销号" or "销号" in str(body[0][status_col])


def test_command_line(workspace, tmp_path: Path, capsys) -> None:
    _fill(workspace)
    root = str(workspace.paths.root)
    workspace.close()
    pw = tmp_path / "pw"
    pw.write_text(PASSWORD)
    out = tmp_path / "cli.xlsx"
    code = main(
        [
            "--data-dir",
            root,
            "report",
            "hazard-ledger",
            "--out",
            str(out),
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
            "--user",
            "admin",
            "--password-file",
            str(pw),
        ]
    )
    assert code == 0, capsys.readouterr()
    assert out.exists()
    code = main(["--data-dir", root, "report", "--list"])
    assert "hazard-ledger" in capsys.readouterr().out
