"""The county bureau's window (issue 16.1/16.4): real widgets offscreen on a real database fed by
real packages of two townships. Its dashboard is the county console: the township centres, then
the schools within them, the registers, the reporting; the 通报 button opens the print dialog
on the county bulletin."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from safetydesk.services.installation import installation_info
from safetydesk.services.workspace import Workspace
from safetydesk.ui.main_window import MainWindow, Place
from safetydesk.ui.pages.county_console import CountyConsolePage
from tests.county.network import COUNTY_CODE, S1, S3, T1, T2
from tests.county.records import incident, major_hazard
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import close_window
from tests.township.network import actor


def county_window(qtbot, net) -> tuple[MainWindow, CountyConsolePage]:
    with allow_test_db_access():
        info = installation_info(net.county.sessions)
    window = MainWindow(Workspace(net.county.paths, info, actor(COUNTY_CODE), net.county))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("dashboard")
    assert isinstance(page, CountyConsolePage)
    wait_idle(qtbot, window.runner)
    return window, page


def _texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_county_window_opens_and_says_who_it_is(qtbot, net) -> None:
    window, page = county_window(qtbot, net)
    assert "县教育局" in window.identity_label.text() and COUNTY_CODE in window.identity_label.text()
    assert page.tabs.count() == 4
    close_window(qtbot, window)


def test_the_county_console_townships_then_schools(qtbot, net, moving_clock) -> None:
    with allow_test_db_access():
        major_hazard(net.schools[S1], S1, deadline=date(2026, 11, 10))
        incident(net.schools[S3], S3, "larger")
        net.round()
    window, page = county_window(qtbot, net)
    rows = _texts(page.townships.tables["townships"])
    assert [r[0] for r in rows] == ["城关镇中心校", "白壁镇中心校"]
    assert rows[0][1] == "2" and rows[1][1] == "1"  # schools per township
    # a township opens its schools in the matrix
    table = page.townships.tables["townships"]
    table.setCurrentCell(1, 0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_idle(qtbot, window.runner)
    assert page.tabs.currentWidget() is page.schools
    names = [page.matrix.table.item(r, 0).text() for r in range(page.matrix.table.rowCount())]
    assert names == ["白壁镇中心校 · 白壁中学"]
    page.township_filter.setCurrentIndex(0)  # all townships
    wait_idle(qtbot, window.runner)
    assert page.matrix.table.rowCount() == 3
    assert page.matrix.cell(S1, "hazards").data(Qt.ItemDataRole.UserRole) == "red"
    page.tabs.setCurrentWidget(page.registers)
    wait_idle(qtbot, window.runner)
    hazards = _texts(page.registers.tables["hazards"])
    assert len(hazards) == 1 and hazards[0][1] == "第一小学" and "王安全" in hazards[0]
    incidents = _texts(page.registers.tables["incidents"])
    assert len(incidents) == 1 and incidents[0][1] == "白壁中学" and "较大" in incidents[0]
    page.tabs.setCurrentWidget(page.timeliness)
    wait_idle(qtbot, window.runner)
    assert page.timeliness.tables["timeliness"].rowCount() == 3
    page.print_button.click()
    from safetydesk.ui.extensions._reports_dialog import ReportsDialog

    qtbot.waitUntil(lambda: any(d.loaded for d in window.findChildren(ReportsDialog)), timeout=30_000)
    dialog = next(d for d in window.findChildren(ReportsDialog) if d.loaded)
    assert dialog.entry() is not None and dialog.entry().name == "county-bulletin"
    dialog.reject()
    QApplication.processEvents()
    window.grab().save(str(net.root / "county-console.png"))
    close_window(qtbot, window)


def test_the_county_window_shows_no_empty_lists_of_school_records(qtbot, net) -> None:
    window, _page = county_window(qtbot, net)
    wait_idle(qtbot, window.runner)
    shown = [pid for pid in window.nav.page_ids() if not window.nav._items[pid].isHidden()]
    assert "dashboard" in shown
    assert not [pid for pid in shown if pid in ("kind:hazard", "kind:incident", "kind:rectification_notice")]
    # nor the headings of groups left with no page (日常安全工作... at a county)
    nav = window.nav
    groups = [nav.topLevelItem(i) for i in range(nav.topLevelItemCount())]
    empty = [g.text(0) for g in groups if g.childCount() and not g.isHidden()
             and all(g.child(j).isHidden() for j in range(g.childCount()))]
    assert not empty, empty
    assert any(g.childCount() and not g.isHidden() for g in groups)
    close_window(qtbot, window)


def test_the_county_names_its_exchange_actions_and_lists_for_township_centres(qtbot, net) -> None:
    window, _page = county_window(qtbot, net)
    texts = {a.objectName(): a.text() for a in window.menu(Place.FILE).actions()}
    assert texts["sync-trust"] == "信任乡镇中心校…"
    assert texts["sync-export"] == "导出给乡镇中心校的数据包…"
    assert "import-people" not in texts and "people-template" not in texts  # no pupils at a county
    page = window.show_page("sync")
    qtbot.waitUntil(lambda: page.status is not None, timeout=10_000)
    header = [page.schools.horizontalHeaderItem(c).text() for c in range(page.schools.columnCount())]
    assert header[:2] == ["中心校代码", "乡镇中心校"] and header[-1] == "最近下发给中心校的数据包"
    assert page.trust_note.text() == "已登记 2 个乡镇中心校。"
    assert sorted(page.schools.item(r, 0).text() for r in range(page.schools.rowCount())) == sorted(
        [T1, T2]
    )
    close_window(qtbot, window)


def test_the_county_audit_log_has_no_break_glass_list(qtbot, net) -> None:
    """A county holds no protected record, so its 操作日志 shows no empty list of break-glass
    access waiting for a principal (a school's administrator sees one)."""
    from PySide6.QtWidgets import QTableWidget

    window, _page = county_window(qtbot, net)
    page = window.show_page("access:audit")
    wait_idle(qtbot, window.runner)
    assert page.table.objectName() == "audit-table" and page.grants is None
    assert not page.findChildren(QTableWidget, "break-glass-table")
    assert "紧急调阅" not in " ".join(w.text() for w in page.findChildren(QLabel))
    close_window(qtbot, window)
