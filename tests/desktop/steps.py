"""Steps the desktop stories share: open a window, wait for the database thread, find dialogs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from safetydesk.ui.main_window import MainWindow
from tests.db_thread import wait_idle


def open_window(qtbot: Any, workspace: Any) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    wait_idle(qtbot, window.runner)
    return window


def idle(qtbot: Any, window: MainWindow) -> None:
    wait_idle(qtbot, window.runner)


def visible(cls: type, name: str | None = None) -> list[Any]:
    """Visible top-level or child widgets of `cls` (optionally with object name `name`)."""
    return [w for w in QApplication.allWidgets()
            if isinstance(w, cls) and w.isVisible() and (name is None or w.objectName() == name)]


def click_row(qtbot: Any, view: QAbstractItemView, row: int, column: int = 0) -> None:
    """A real mouse click on a table row, as a person does it."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def activate(qtbot: Any, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5_000)


def click_at(qtbot: Any, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())
