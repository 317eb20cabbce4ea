"""A slim bar that offers to undo the last deletion (also Ctrl+Z on the list)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from safetydesk.i18n import _

VISIBLE_MS = 15_000


class UndoBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undo-bar")
        self.setStyleSheet("#undo-bar { background: #fff8e1; border: 1px solid #ffe082; }")
        self.label = QLabel()
        self.button = QPushButton(_("Undo (Ctrl+Z)"))
        self.button.setObjectName("undo-button")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        self._undo: Callable[[], None] | None = None
        self.button.clicked.connect(self.trigger)
        self._timer = QTimer(self, singleShot=True, interval=VISIBLE_MS, timeout=self.dismiss)
        self.hide()

    def offer(self, text: str, undo: Callable[[], None]) -> None:
        self.label.setText(text)
        self._undo = undo
        self.show()
        self._timer.start()

    def can_undo(self) -> bool:
        return self._undo is not None

    def trigger(self) -> None:
        undo, self._undo = self._undo, None
        self.hide()
        if undo:
            undo()

    def dismiss(self) -> None:
        self._undo = None
        self.hide()
