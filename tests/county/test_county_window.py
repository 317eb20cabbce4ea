"""A county bureau's window opens (issue 16.1/16.4), real widgets offscreen on a real database."""

from __future__ import annotations

from safetydesk.services.installation import installation_info
from safetydesk.services.workspace import Workspace
from safetydesk.ui.main_window import MainWindow
from tests.county.network import COUNTY_CODE
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import close_window
from tests.township.network import actor


def county_window(qtbot, net) -> MainWindow:
    with allow_test_db_access():
        info = installation_info(net.county.sessions)
    window = MainWindow(Workspace(net.county.paths, info, actor(COUNTY_CODE), net.county))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_page("dashboard")
    wait_idle(qtbot, window.runner)
    return window


def test_the_county_window_opens_and_says_who_it_is(qtbot, net) -> None:
    window = county_window(qtbot, net)
    assert "县教育局" in window.identity_label.text()
    assert COUNTY_CODE in window.identity_label.text()
    close_window(qtbot, window)
