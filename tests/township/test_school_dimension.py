"""At a township the school is a dimension: `list --school`, `report --school` (headed 学校：name)
or every school (headed 乡镇中心校：name, with a 学校 column), and the township's own reports (the
bulletin per school, the county's status table), from two schools' real packages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safetydesk.cli import main
from safetydesk.services import records
from tests.support import dump
from tests.sync.conftest import SCHOOL_CODE
from tests.township.network import actor, carry, enrol

SECOND = "4105220002"


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils), lines kept."""
    if shutil.which("pdftotext") is None:  # pragma: no cover - setup.sh installs poppler-utils
        pytest.skip("pdftotext missing")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def run(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(root), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def hazard_and_drill(storage, code: str, description: str, drill: str) -> None:
    a = actor(code)
    records.save(storage.sessions, a, "hazard", {
        "category": "fire", "description": description, "found_on": date(2026, 11, 3),
        "location": f"{description[:2]}所在处", "grade": "general"})  # fmt: skip
    records.save(storage.sessions, a, "drill", {"name": drill, "drill_type": "fire", "mode": "planned",
                                                "held_on": date(2026, 11, 5)})  # fmt: skip


@pytest.fixture
def network(pair, moving_clock):
    second = enrol(pair, SECOND, "城关镇第二小学")
    hazard_and_drill(pair.school, SCHOOL_CODE, "灭火器压力不足", "一小消防演练")
    hazard_and_drill(second, SECOND, "配电箱未上锁", "二小地震演练")
    carry(pair, pair.school, pair.township)
    carry(pair, second, pair.township)
    yield pair
    second.close()


def test_list_one_school_or_every_school_with_its_name(network, capsys):
    root = network.township.paths.root
    code, out, _err = run(capsys, root, "list", "hazard", "--school", SCHOOL_CODE, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["description"] for r in rows] == ["灭火器压力不足"]
    assert rows[0]["school"] == {"code": SCHOOL_CODE, "name": "第一小学"}

    code, out, _err = run(capsys, root, "list", "hazard")
    header, *lines = out.splitlines()
    assert header.split("\t")[1] == "学校"
    by_school = {line.split("\t")[1]: line for line in lines if "\t" in line}
    assert "灭火所在处" in by_school["第一小学"] and "配电所在处" in by_school["城关镇第二小学"]

    before = dump(network.township.paths.database)
    code, _out, err = run(capsys, root, "list", "hazard", "--school", "9999999999")
    assert code == 1 and "9999999999" in err and "trust" in err
    assert dump(network.township.paths.database) == before
    # a school holds only its own records
    code, _out, err = run(capsys, network.school.paths.root, "list", "hazard", "--school", SECOND)
    assert code == 1 and SECOND in err


def test_a_ledger_of_one_school_or_of_every_school(network, capsys, tmp_path):
    root = network.township.paths.root
    one = tmp_path / "one.pdf"
    assert run(capsys, root, "report", "hazard-ledger", "--school", SECOND, "--out", str(one))[0] == 0
    text = pdf_text(one)
    assert "学校：城关镇第二小学" in text and "配电箱未上锁" in text
    assert "灭火器压力不足" not in text and "乡镇中心校：" not in text

    every = tmp_path / "all.pdf"
    assert run(capsys, root, "report", "hazard-ledger", "--out", str(every))[0] == 0
    text = pdf_text(every)
    assert "乡镇中心校：城关镇中心校" in text and "学校：" not in text.split("乡镇中心校（盖章）")[0].replace(
        "乡镇中心校：", "")
    assert "乡镇中心校（盖章）" in text
    header = next(line for line in text.splitlines() if "序号" in line)
    assert header.split()[:2] == ["序号", "学校"]
    # the 学校 column takes room, yet a date is never broken across lines in its cell
    assert re.findall(r"20\d\d-\d\d-\d\d", text)
    assert not re.search(r"20\d\d-\d?\d?(-\d?)?\n", text), text
    for name, hazard in (("第一小学", "灭火器压力不足"), ("城关镇第二小学", "配电箱未上锁")):
        # the school on the first line of its hazard's row (both cells wrap, four characters at least)
        row = next(line for line in text.splitlines() if hazard[:4] in line)
        assert name[:4] in row

    # the generic ledger of any kind, as Excel: a 学校 column, or none for one school
    every = tmp_path / "drills.xlsx"
    assert run(capsys, root, "report", "drill-ledger", "--out", str(every))[0] == 0
    ws = load_workbook(every).active
    title, head, *body = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert title[0].startswith("乡镇中心校：城关镇中心校") and head[:2] == ["序号", "学校"]
    assert sorted((r[1], r[2]) for r in body) == [("城关镇第二小学", "二小地震演练"), ("第一小学", "一小消防演练")]
    one = tmp_path / "drills-one.xlsx"
    assert run(capsys, root, "report", "drill-ledger", "--school", SCHOOL_CODE, "--out", str(one))[0] == 0
    title, head, *body = [[c for c in row if c is not None] for row in load_workbook(one).active.iter_rows(
        values_only=True)]  # fmt: skip
    assert title[0].startswith("第一小学") and "学校" not in head and [r[1] for r in body] == ["一小消防演练"]


def test_the_township_bulletin_and_the_countys_status_table(network, capsys, tmp_path):
    root = network.township.paths.root
    pdf = tmp_path / "bulletin.pdf"
    assert run(capsys, root, "report", "township-summary", "--out", str(pdf), "--to", "2026-11-23")[0] == 0
    text = pdf_text(pdf)
    assert "各校安全工作情况通报" in text and "乡镇中心校：城关镇中心校" in text and "乡镇中心校（盖章）" in text
    for word in ("隐患整改率", "演练完成率", "家长会完成率", "课时完成率", "信息报送及时率", "名次", "不跨校合计"):
        assert word in text.replace("\n", "").replace(" ", ""), word
    rows = [line.split() for line in text.splitlines() if "第一小学" in line or "城关镇第二小学" in line]
    # one hazard each, not rectified: never the two schools' hazards added together (0/2)
    assert [r[4] for r in rows] == ["0%（0/1）", "0%（0/1）"]
    assert [r[1] for r in rows] == ["1", "1"]  # the same score shares the first place

    xlsx = tmp_path / "bulletin.xlsx"
    assert run(capsys, root, "report", "semester-summary", "--out", str(xlsx),
               "--to", "2026-11-23")[0] == 0  # a township's semester summary is this bulletin, per school
    wb = load_workbook(xlsx)
    rows = [r for r in wb.worksheets[0].iter_rows(values_only=True)][2:]
    assert sorted(r[3] for r in rows) == ["城关镇第二小学", "第一小学"]
    assert {r[5] for r in rows} == {0}  # 隐患整改率 (%), per school
    assert len(wb.worksheets) == 2  # the numbers behind the rates

    status = tmp_path / "status.xlsx"
    assert run(capsys, root, "report", "township-status", "--out", str(status), "--to", "2026-11-23")[0] == 0
    _title, head, *body = [list(r) for r in load_workbook(status).active.iter_rows(values_only=True)]
    assert head[1:5] == ["学校代码", "学校", "统计日期", "学期"]
    assert [(r[1], r[5]) for r in body] == [(SCHOOL_CODE, 1), (SECOND, 1)]  # hazards open, per school

    # a school printing the bulletin gets its own row, headed and stamped as the school's
    own = tmp_path / "own.pdf"
    assert run(capsys, network.school.paths.root, "report", "township-summary", "--out", str(own),
               "--to", "2026-11-23")[0] == 0  # fmt: skip
    text = pdf_text(own)
    assert "学校：第一小学" in text and "学校（盖章）" in text and "城关镇第二小学" not in text


def test_a_form_about_one_school_printed_at_the_township_is_stamped_by_the_township(network, capsys, tmp_path):
    pdf = tmp_path / "one-summary.pdf"
    assert run(capsys, network.township.paths.root, "report", "semester-summary", "--school", SCHOOL_CODE,
               "--out", str(pdf))[0] == 0  # fmt: skip
    text = pdf_text(pdf)
    assert "学校：第一小学" in text and "城关镇第二小学" not in text
    assert "乡镇中心校（盖章）" in text and "学校（盖章）" not in text.replace("乡镇中心校（盖章）", "")
