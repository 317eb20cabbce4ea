"""The drills cell of the township matrix says why it is amber when enough drills were held so far
but none in the running period (a kindergarten drills every quarter: "3/2" amber read as a fault)."""

from __future__ import annotations

from datetime import date

from safetydesk.domain.compliance import ComplianceRules, State, drills
from safetydesk.services.console import AMBER, GREEN, _progress


def test_an_amber_drills_cell_names_the_period_still_waiting_for_a_drill() -> None:
    today = date(2026, 12, 2)  # autumn semester: quarters from September
    held = [date(2026, 9, 10), date(2026, 9, 20), date(2026, 10, 15)]
    item = drills(held, today, ComplianceRules(), "kindergarten")
    assert item.state == State.DUE and item.waiting_period is not None
    start, end = item.waiting_period
    assert start <= today <= end and not any(start <= d <= end for d in held)
    cell = _progress("drills", item)
    assert cell.colour == AMBER and cell.text == f"3/{int(item.required)}"
    assert "应急疏散演练" in cell.tip and "尚未开展" in cell.tip
    assert f"{start.year}年{start.month}月{start.day}日" in cell.tip


def test_a_drill_in_the_running_period_leaves_no_waiting_note() -> None:
    today = date(2026, 12, 2)
    item = drills([date(2026, 9, 10), date(2026, 12, 1)], today, ComplianceRules(), "kindergarten")
    assert item.waiting_period is None
    cell = _progress("drills", item)
    assert cell.colour == GREEN and "尚未开展" not in cell.tip
