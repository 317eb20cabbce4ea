"""The paper of the work beyond the notice (issue 17), printed from the demo school and township.

Every new kind's ledger prints its Chinese title and its records; the drowning letters' ledger
shows each class's receipt rate and the whole school's; the written report of a major hazard
carries the hazard and the six parts the township reads; the assessment sheet lists its items with
their total under the centre's seal; the minutes print in full. The command line lists them all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import safetydesk.kinds  # noqa: F401
from safetydesk.cli import main
from safetydesk.domain.registry import get_kind
from safetydesk.services import ledgers, records, report_catalog
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.services.report_defs.drowning_letters import class_order, receipt_rate
from safetydesk.services.report_defs.kind_ledgers import ledger_name, ledger_title

SCHOOL_KINDS = (
    "drowning_letter", "water_area", "water_patrol", "major_hazard_report", "risk_point", "school_bus",
    "bus_driver", "bus_escort", "bus_route", "bus_departure_check", "meal_accompany", "food_sample",
    "canteen_staff_health", "food_supplier", "security_guard", "guard_duty", "visitor_log",
    "security_system_test", "closed_campus_check",
)  # fmt: skip
TOWNSHIP_KINDS = ("township_meeting", "assessment_sheet")
FORMS = ("major-hazard-report", "assessment-sheet", "meeting-minutes")


def _text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).replace("\n", "")


def _render(ws, name: str, out: Path, **kw) -> int:
    spec = report_catalog.get_report(name)
    return report_catalog.render(ws, spec, ReportRequest(out=out, **kw), NoProgress())


def _first_text(ws, key: str) -> str:
    """The first record's first text cell as the ledger prints it (a name, a choice, a reference's
    label), cut to a few characters so that wrapping inside the cell cannot split it."""
    kind = get_kind(key)
    row = ledgers.ledger_rows(ws, records.ListQuery(kind=key))[0]
    return next(v for f in kind.table_fields if isinstance(v := row.get(f.attr), str) and v)[:5]


def _ledger_prints_title_and_a_row(ws, key: str, tmp_path: Path) -> None:
    kind = get_kind(key)
    out = tmp_path / f"{key}.pdf"
    n = _render(ws, ledger_name(kind), out)
    assert n == records.count(ws.sessions, records.ListQuery(kind=key)) > 0
    text = _text(out)
    assert ledger_title(kind) in text
    assert "台账台账" not in text
    assert _first_text(ws, key) in text, key
    xlsx = tmp_path / f"{key}.xlsx"
    _render(ws, ledger_name(kind), xlsx)
    cells = [str(c) for sheet in load_workbook(xlsx, read_only=True).worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None]  # fmt: skip
    assert any(_first_text(ws, key) in c for c in cells)


@pytest.mark.parametrize("key", SCHOOL_KINDS)
def test_each_new_school_ledger_prints_its_title_and_records(
    demo_workspace, tmp_path: Path, key: str
) -> None:
    _ledger_prints_title_and_a_row(demo_workspace, key, tmp_path)


@pytest.mark.parametrize("key", TOWNSHIP_KINDS)
def test_each_new_township_ledger_prints_its_title_and_records(
    township_workspace, tmp_path: Path, key: str
) -> None:
    _ledger_prints_title_and_a_row(township_workspace, key, tmp_path)


def test_the_drowning_ledger_shows_each_class_rate_and_the_school_total(
    demo_workspace, tmp_path: Path
) -> None:
    ws = demo_workspace
    letters = records.fetch_page(ws.sessions, records.ListQuery(kind="drowning_letter"), 0, 100)
    out = tmp_path / "letters.pdf"
    _render(ws, "drowning-letter-ledger", out)
    text = _text(out)
    assert "防溺水告家长书回执台账" in text and "回执率" in text and "全校合计" in text
    for letter in letters:
        assert receipt_rate(letter.values["sent_count"], letter.values["returned_count"]) in text
    batch = letters[0].values["batch"]
    mine = [r.values for r in letters if r.values["batch"] == batch]
    whole = receipt_rate(sum(v["sent_count"] for v in mine), sum(v["returned_count"] for v in mine))
    assert whole in text
    xlsx = tmp_path / "letters.xlsx"
    _render(ws, "drowning-letter-ledger", xlsx)
    book = load_workbook(xlsx, read_only=True)
    assert len(book.worksheets) == 2
    totals = [c for row in book.worksheets[1].iter_rows(values_only=True) for c in row if c is not None]
    assert whole in totals and batch in totals


def test_rates_and_class_order() -> None:
    assert receipt_rate(48, 46) == "95.8%"
    assert receipt_rate(0, 0) == "—"
    names = [
        "六年级（1）班",
        "一年级（2）班",
        "十年级（1）班",
        "二年级（10）班",
        "二年级（2）班",
        "一年级（1）班",
    ]
    assert sorted(names, key=class_order) == [
        "一年级（1）班", "一年级（2）班", "二年级（2）班", "二年级（10）班", "六年级（1）班", "十年级（1）班",
    ]  # fmt: skip


def test_the_major_hazard_report_carries_the_hazard_and_its_six_parts(demo_workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    report = records.fetch_page(ws.sessions, records.ListQuery(kind="major_hazard_report"), 0, 1)[0]
    hazard = records.get(ws.sessions, "hazard", report.values["hazard_uuid"])
    out = tmp_path / "report.pdf"
    assert _render(ws, "major-hazard-report", out, record=report.uuid) == 1
    text = _text(out)
    for words in ("重大隐患书面报告", "一、隐患现状", "二、原因分析", "三、危害程度", "四、整改难易程度分析",
                  "五、治理方案", "六、治理期间的安全措施和应急预案", "治理资金（元）", "治理时限",
                  "校长（签字）", "学校（盖章）"):  # fmt: skip
        assert words in text, words
    assert hazard.values["location"] in text and "重大" in text
    assert report.values["causes"][:10] in text


def test_the_assessment_sheet_adds_up_under_the_centre_seal(township_workspace, tmp_path: Path) -> None:
    ws = township_workspace
    sheet = records.fetch_page(ws.sessions, records.ListQuery(kind="assessment_sheet"), 0, 1)[0]
    out = tmp_path / "sheet.pdf"
    assert _render(ws, "assessment-sheet", out, record=sheet.uuid) == 1
    text = _text(out)
    for words in (
        "学校安全工作考核评分表",
        "分项得分",
        "考核项目",
        "佐证材料及扣分说明",
        "合计",
        "中心校（盖章）",
    ):
        assert words in text, words
    assert "学校（盖章）" not in text
    assert sheet.values["school_name"] in text
    assert f"{sheet.values['total_score']:g}" in text


def test_the_minutes_print_in_full(township_workspace, tmp_path: Path) -> None:
    ws = township_workspace
    meeting = records.fetch_page(ws.sessions, records.ListQuery(kind="township_meeting"), 0, 1)[0]
    out = tmp_path / "minutes.pdf"
    assert _render(ws, "meeting-minutes", out, record=meeting.uuid) == 1
    text = _text(out)
    assert "会议纪要" in text and "议定事项" in text and meeting.values["topic"] in text
    assert meeting.values["minutes"][:12] in text


def test_kinds_and_reports_are_listed(demo_paths, capsys) -> None:
    assert main(["--data-dir", str(demo_paths.root), "kinds", "--json"]) == 0
    kinds = {k["key"]: k for k in json.loads(capsys.readouterr().out)}
    for key in (*SCHOOL_KINDS, *TOWNSHIP_KINDS):
        assert key in kinds, key
    assert kinds["assessment_sheet"]["owner_role"] == "township"
    assert kinds["food_sample"]["title"] == "食品留样"
    assert main(["--data-dir", str(demo_paths.root), "report", "--list", "--json"]) == 0
    names = {r["name"] for r in json.loads(capsys.readouterr().out)}
    expected = {ledger_name(get_kind(k)) for k in (*SCHOOL_KINDS, *TOWNSHIP_KINDS)} | set(FORMS)
    assert expected <= names


@pytest.mark.parametrize("key", ["dispute_case", "bullying_case"])
def test_a_kind_whose_title_is_a_ledger_is_not_called_a_ledger_twice(
    demo_workspace, tmp_path: Path, key
) -> None:
    """矛盾纠纷排查化解台账 prints as itself, not as 矛盾纠纷排查化解台账台账 (generic ledger and list export)."""
    from safetydesk.services import ledgers

    kind = get_kind(key)
    out = tmp_path / "ledger.pdf"
    _render(demo_workspace, ledger_name(kind), out)
    text = _text(out)
    assert "台账台账" not in text and ledger_title(kind) in text
    exported = tmp_path / "list.pdf"
    ledgers.export_list_pdf(demo_workspace, records.ListQuery(kind=key), exported)
    assert "台账台账" not in _text(exported)
