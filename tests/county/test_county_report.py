"""The county 通报 (issue 16.4) through the report machinery: listed in `report --list`, printed as
PDF (parsed back: Chinese, the bureau's seal line, no ids, no JSON, no English) and as Excel (read
back: one sheet per part), from real packages of two townships."""

from __future__ import annotations

import json
import re
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from safetydesk.cli import main
from tests.county.network import S1, S3
from tests.county.records import incident, major_hazard

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def test_the_county_bulletin_is_listed_and_prints(net, moving_clock, capsys, tmp_path) -> None:
    hazard = major_hazard(net.schools[S1], S1, deadline=date(2026, 11, 10))
    serious = incident(net.schools[S3], S3, "larger")
    net.round()
    root = str(net.county.paths.root)
    net.close()
    assert main(["--data-dir", root, "report", "--list", "--json"]) == 0
    listed = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert "county-bulletin" in listed and set(listed["county-bulletin"]["formats"]) == {"pdf", "xlsx"}
    pdf, xlsx = tmp_path / "通报.pdf", tmp_path / "通报.xlsx"
    assert main(["--data-dir", root, "report", "county-bulletin", "--out", str(pdf)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = re.sub(r"\s+", "", text)
    for words in ("县教育局：安阳县教育局安全股", "城关镇中心校", "白壁镇中心校", "第一小学", "白壁中学", "王安全",
                  "县教育局（盖章）", "较大"):
        assert words in flat, words
    assert hazard not in text and serious not in text and not UUID.search(text)
    assert "{" not in text and '":' not in text
    assert not re.search(r"[A-Za-z]{3,}", flat), re.findall(r"[A-Za-z]{3,}", flat)[:5]
    assert main(["--data-dir", root, "report", "county-bulletin", "--out", str(xlsx)]) == 0
    wb = load_workbook(xlsx, read_only=True)
    assert len(wb.sheetnames) == 5
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "白壁中学" in cells and "王安全" in cells


def test_a_township_prints_its_part_of_the_county_bulletin(net, moving_clock, tmp_path) -> None:
    """Before it sends its report, a township prints its own part: its schools, headed and sealed by
    the township."""
    from tests.county.network import T1

    major_hazard(net.schools[S1], S1)
    net.round()
    root = str(net.townships[T1].paths.root)
    net.close()
    pdf = tmp_path / "part.pdf"
    assert main(["--data-dir", root, "report", "county-bulletin", "--out", str(pdf)]) == 0
    flat = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "乡镇中心校：城关镇中心校" in flat and "乡镇中心校（盖章）" in flat
    assert "第一小学" in flat and "城关幼儿园" in flat and "白壁中学" not in flat and "王安全" in flat
