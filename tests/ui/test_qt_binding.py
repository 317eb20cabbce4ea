"""The Qt binding keeps Python's reference counts right.

PySide6 6.12.0 dropped a reference to None on every call of a method that returns nothing
(QLabel.setText, processEvents...): a window left open for hours (the incident banner ticks every
second) aborted with "Fatal Python error: deallocating None". pyproject.toml excludes that release;
this test catches a binding with the same fault before the officers do.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_that_return_nothing_keep_none_alive(qtbot, qapp) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(500):
        label.setText(str(i))
        qapp.processEvents()
    assert sys.getrefcount(None) > before - 100  # 6.12.0: 1,000 fewer
