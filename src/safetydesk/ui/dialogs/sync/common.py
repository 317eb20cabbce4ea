"""What the data-exchange dialogs share: colours, the USB stick's folder, notes, the fingerprint
digits. UI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialogButtonBox, QGridLayout, QLabel, QWidget

from safetydesk.i18n import _
from safetydesk.services import sync_status as sync

OK, INFO, BAD = "#1b5e20", "#0d47a1", "#b71c1c"


_last_folder: list[Path] = []  # where the USB stick was last time (this session)


def last_folder() -> Path:
    return _last_folder[-1] if _last_folder else Path.home()


def remember_folder(path: str | Path) -> None:
    _last_folder[:] = [Path(path).parent]


def note(text: str = "", colour: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if colour:
        label.setStyleSheet(f"color: {colour};")
    return label


def close_buttons() -> QDialogButtonBox:
    """A button box whose Close is worded by our catalogue (Qt's own translations are not loaded)."""
    box = QDialogButtonBox()
    box.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
    return box


class DigitsView(QWidget):
    """The 30 fingerprint digits, large, as 6 numbered groups of 5 (easy to read by phone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fingerprint-digits")
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        big = QFont("monospace")
        big.setStyleHint(QFont.StyleHint.Monospace)
        big.setPointSize(22)
        big.setBold(True)
        self.groups: list[QLabel] = []
        for i in range(sync.DIGIT_GROUPS):
            number = QLabel(_("Group {n}", n=i + 1))
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setStyleSheet("color: #666;")
            digits = QLabel("·····")
            digits.setFont(big)
            digits.setMinimumHeight(digits.fontMetrics().height() + 8)
            digits.setMinimumWidth(digits.fontMetrics().horizontalAdvance("00000") + 8)
            digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
            digits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(number, 0, i)
            grid.addWidget(digits, 1, i)
            self.groups.append(digits)

    def set_fingerprint(self, fingerprint: str, wrong: list[int] | None = None) -> None:
        for i, (label, text) in enumerate(zip(self.groups, sync.digit_groups(fingerprint), strict=False)):
            label.setText(text)
            label.setStyleSheet(f"color: {BAD}; background: #ffebee;" if wrong and i + 1 in wrong else "")

    def text(self) -> str:
        return " ".join(g.text() for g in self.groups)


