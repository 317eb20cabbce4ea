"""Columns wide enough for their headers (no header stacked one character a line), serials and
dates never broken over two lines, long-text columns giving way to short ones."""

from __future__ import annotations

import pytest

import safetydesk.kinds  # noqa: F401
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.reports.layout import ReportMeta, wrap_text
from safetydesk.reports.pdf_ledger import CELL_SIZE, PAD_X, _prepare, column_widths
from safetydesk.services.ledger_columns import pdf_columns
from safetydesk.services.report_defs import hazard_ledger, incident_ledgers

META = ReportMeta("安阳县示范小学", "台账", "2026年秋季学期", landscape=True)


SPECIALISED = {"hazard": hazard_ledger.pdf_columns(), "incident": incident_ledgers.INCIDENT_COLUMNS,
               "incident_report": incident_ledgers.REPORT_COLUMNS}  # their own ledgers' columns


@pytest.mark.parametrize("key", [k.key for k in all_kinds()])
def test_no_ledger_header_stacks_one_character_a_line(key: str) -> None:
    columns = SPECIALISED.get(key) or pdf_columns(get_kind(key))
    ledger = _prepare(META, columns, [], None)
    for label, cell in zip(["序号", *(c.label for c in columns)], ledger.data[0], strict=True):
        lines = cell.split("\n")
        assert all(len(line) >= 2 for line in lines[:-1]), (key, label, lines)
        assert len(lines) <= 4, (key, label, lines)


def test_the_parent_meeting_ledger_headers_read_across() -> None:
    ledger = _prepare(META, pdf_columns(get_kind("parent_meeting")), [], None)
    assert "应到家长人数" in ledger.data[0][6].replace("\n", "")
    assert max(cell.count("\n") for cell in ledger.data[0]) <= 2


def test_a_serial_or_a_date_is_never_broken() -> None:
    narrow = 9 * 9  # nine characters' worth
    for text, whole in (("检查发现隐患YH-2026-0004已登记", "YH-2026-0004"), ("截止2026-09-23前整改完毕", "2026-09-23")):
        lines = wrap_text(text, narrow, CELL_SIZE)
        assert len(lines) > 1 and any(whole in line for line in lines), lines


def test_short_columns_keep_their_width_and_long_text_gives_way() -> None:
    columns = hazard_ledger.pdf_columns()
    widths = column_widths(META, columns)[1:]
    rest = META.content_width - column_widths(META, [])[0]
    by_attr = dict(zip((c.attr for c in columns), widths, strict=True))
    for attr in ("found", "deadline", "verification", "status"):  # a date "2026-10-19" just fits
        assert by_attr[attr] == pytest.approx(rest * 53 / sum(c.width for c in columns)), attr
    assert abs(sum(widths) - (META.content_width - column_widths(META, [])[0])) < 0.5
    drill = dict(zip((c.attr for c in pdf_columns(get_kind("drill"))),
                     column_widths(META, pdf_columns(get_kind("drill")))[1:], strict=True))  # fmt: skip
    assert drill["classes"] >= 4 * CELL_SIZE + 2 * PAD_X  # "参演班级数" wraps after four characters
