"""The main window on a demo school: Chinese navigation, identity in the status bar, every page."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from safetydesk.services.workspace import Workspace
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.navigation import page_ids_in_order
from safetydesk.ui.qt_setup import load_cjk_font


def test_window_shows_identity_and_opens_every_page(qtbot, demo_workspace: Workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    identity = window.findChild(QLabel, "identity")
    assert "4105220001" in identity.text() and "安阳县示范小学" in identity.text()
    assert "学校" in identity.text()
    assert window.nav.topLevelItem(0).text(0) == "工作台"
    for page_id, title in page_ids_in_order():
        page = window.show_page(page_id)
        assert window.stack.currentWidget() is page
        assert title
    window.close()


def test_cjk_font_is_loaded(qapp) -> None:
    family = load_cjk_font(qapp)
    assert family and "WenQuanYi" in family


def test_dashboard_counts_open_their_records(qtbot, demo_workspace: Workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    dashboard = window.page("dashboard")
    from PySide6.QtWidgets import QPushButton

    qtbot.waitUntil(lambda: dashboard.findChild(QPushButton, "open-staff") is not None, timeout=15_000)
    button = dashboard.findChild(QPushButton, "open-staff")
    assert button is not None and "16" in button.text()
    button.click()
    assert window.stack.currentWidget().objectName() == "page-staff"
