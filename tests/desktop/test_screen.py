"""Issue 15 point 6: the program fits a school PC's 1366×768 screen (1366×728 left by the taskbar)
in Chinese and in English, and the window opens where and as large as it was left."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from safetydesk import i18n
from safetydesk.domain.registry import get_kind
from safetydesk.ui.dialogs.incident_capture import IncidentCaptureDialog
from safetydesk.ui.main_window import GEOMETRY_KEY, MainWindow
from safetydesk.ui.pages.dashboard import month_label
from safetydesk.ui.record_form import RecordForm
from tests.desktop.steps import idle, open_window

WIDTH, HEIGHT = 1366, 728
PAGES = ("dashboard", "kind:hazard", "kind:incident", "kind:parent_meeting", "kind:inspection",
         "kind:drill", "settings", "access:audit")


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("zh_CN")


def test_every_main_page_fits_1366_by_768(qtbot, demo_workspace, language) -> None:
    window = open_window(qtbot, demo_workspace)
    window.setWindowState(window.windowState() & ~window.windowState())  # not maximised
    too_wide = {}
    for page_id in PAGES:
        page = window.show_page(page_id)
        idle(qtbot, window)
        window.resize(WIDTH, HEIGHT)
        QApplication.processEvents()
        need = window.minimumSizeHint()
        if need.width() > WIDTH or need.height() > HEIGHT:
            too_wide[page_id] = (need.width(), need.height())
        assert page.isVisible()
    assert not too_wide, f"{language}: pages that need more than {WIDTH}×{HEIGHT}: {too_wide}"


def test_the_dashboards_month_labels_never_overlap(qtbot, demo_workspace, language) -> None:
    window = open_window(qtbot, demo_workspace)
    window.resize(WIDTH, HEIGHT)
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.data is not None, timeout=15_000)
    QApplication.processEvents()
    chart = page.month_chart
    labels = chart.month_labels()
    assert labels and labels[-1][1] == month_label(chart.data[-1][0])  # the newest month is named
    fm = QFontMetrics(chart.font())
    boxes = [box.toAlignedRect() for box, _t in labels]
    for (box, text), aligned in zip(labels, boxes, strict=True):
        assert fm.horizontalAdvance(text) <= box.width(), text
        assert aligned.left() >= 0 and aligned.right() <= chart.width(), (text, aligned)
    for a, b in pairwise(boxes):
        assert not a.intersects(b), (a, b)


def test_dialogs_fit_the_screen(qtbot, demo_workspace, language) -> None:
    window = open_window(qtbot, demo_workspace)
    for dialog in (RecordForm(demo_workspace, window.runner, get_kind("hazard"), parent=window),
                   IncidentCaptureDialog(demo_workspace, window.runner, window)):
        dialog.show()
        need = dialog.minimumSizeHint()
        assert need.width() <= WIDTH and need.height() <= HEIGHT, (dialog.objectName(), need)
        assert dialog.frameGeometry().height() <= dialog.screen().availableGeometry().height()
        dialog.hide()
    idle(qtbot, window)


def test_the_window_opens_as_it_was_left(qtbot, workspace) -> None:
    first = open_window(qtbot, workspace)
    screen = first.screen().availableGeometry()
    if screen.width() < 1320 or screen.height() < 860:  # the offscreen screen is small
        assert first.isMaximized()
    first.showNormal()
    first.resize(700, 500)
    first.move(screen.left() + 30, screen.top() + 20)
    QApplication.processEvents()
    first.close()
    assert first.settings.value(GEOMETRY_KEY)
    second = MainWindow(workspace)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    assert not second.isMaximized()
