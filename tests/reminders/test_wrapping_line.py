"""A dashboard line laid out narrow (the window's first layout, before it is maximised) gives its
height back once it is wide: QLabel answers heightForWidth no lower than its minimum height, so a
label that sets its own minimum height on resize must not read it back (the campaign box was
hundreds of pixels tall with one line of text in each row)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from safetydesk.domain.compliance import State
from safetydesk.ui.widgets.reminder_list import line

TEXT = "本月已巡查 1/3 处；尚未巡查：学校南侧河塘、砖厂废弃取土坑；1 处缺警示牌"


def test_a_line_shrinks_back_to_its_text_when_it_gets_wide(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    QVBoxLayout(box).addWidget(line(State.DUE, "防溺水重点水域", TEXT, "kind:water_patrol", None, lambda _p: None))
    label = box.findChild(QLabel, "due-link")
    box.resize(120, 400)
    box.show()
    qtbot.waitUntil(lambda: label.minimumHeight() > 5 * label.fontMetrics().height())  # narrow: many rows
    box.resize(1200, 400)
    one_row = 2 * label.fontMetrics().height()
    qtbot.waitUntil(lambda: 0 < label.minimumHeight() <= one_row and label.height() <= one_row)
