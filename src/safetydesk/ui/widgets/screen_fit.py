"""Sizes that fit the screen the window is on: a school PC's 1366×768 screen, less the taskbar,
leaves about 1366×728 for a window and its frame. UI thread only."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = 48  # title bar and borders a window manager adds around a dialog


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width×height, or less where the screen's free area is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 16)
        height = min(height, room.height() - FRAME)
    widget.resize(max(width, 200), max(height, 150))
