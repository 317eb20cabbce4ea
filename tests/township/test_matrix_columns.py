"""The console matrix's columns at a school PC's width: no cell text cut short, the spare width
shared among the mechanisms, a scroll bar (not cut text) when the window is too narrow. Seen on
screen at 1366×768: with every mechanism column stretched equally, the county's hazards cell
"2 项逾期 · 重大隐患 1" was cut to "2 项逾期 · 重…"."""

from __future__ import annotations

from datetime import date

from safetydesk.services import console
from safetydesk.ui.pages.township_console import FIXED_COLUMNS, MatrixTab


def _matrix(hazard_text: str) -> console.Matrix:
    def row(code: str, name: str) -> console.SchoolRow:
        cells = tuple(
            console.Cell(key, "red" if key == "hazards" else "green", hazard_text if key == "hazards" else "2/2")
            for key, _title, _kind in console.COLUMNS
        )
        return console.SchoolRow(code, name, "初中", cells)

    rows = (row("4105220001", "安阳县示范镇中心校 · 示范镇初级中学"), row("4105220002", "白壁镇中心小学"))
    return console.Matrix(as_of=date(2026, 12, 2), semester_label="2026年秋季学期", rows=rows)


def test_every_column_shows_its_whole_text_and_the_spare_width_is_shared(qtbot) -> None:
    tab = MatrixTab()
    qtbot.addWidget(tab)
    tab.resize(1060, 500)  # the console's room at 1366×768, beside the navigation
    tab.show()
    tab.show_data(_matrix("3 项逾期 · 重大隐患 1 项未销号"))
    table, fit = tab.table, tab.fit
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert all(w >= fit.needed(c) for c, w in enumerate(widths)), widths
    assert sum(widths) == table.viewport().width()  # no gap at the right, no scroll bar
    assert not table.horizontalScrollBar().isVisible()
    hazards = FIXED_COLUMNS + [k for k, _t, _kind in console.COLUMNS].index("hazards")
    parents = FIXED_COLUMNS + [k for k, _t, _kind in console.COLUMNS].index("parent_meetings")
    assert widths[hazards] > widths[parents]  # not all equal, as Stretch made them

    # a narrow window scrolls sideways rather than cutting the text
    tab.resize(600, 500)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() > 0)
    assert all(table.columnWidth(c) >= fit.needed(c) for c in range(table.columnCount()))

    # wider again: the columns fill the table once more
    tab.resize(1200, 500)
    qtbot.waitUntil(lambda: sum(table.columnWidth(c) for c in range(table.columnCount())) == table.viewport().width())
