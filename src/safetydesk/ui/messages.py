"""User-facing message boxes: expected errors say what to do; bugs say data was not changed."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show `exc` the way its kind deserves. Never raises."""
    if isinstance(exc, SafetyDeskError):
        QMessageBox.warning(parent, _("SafetyDesk"), exc.user_message)
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error\n%s", details)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("SafetyDesk"))
    box.setText(_("Something went wrong. Your data was not changed."))
    box.setInformativeText(_("Copy the details below and send them to whoever supports SafetyDesk."))
    box.setDetailedText(details)
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.exec()


def confirm(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    answer = QMessageBox.question(parent, title or _("SafetyDesk"), text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def install_excepthook() -> None:
    """Uncaught exceptions on the UI thread become the 'your data was not changed' dialog."""
    import sys

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]
            return
        parent = QApplication.activeWindow()
        show_error(parent, exc)

    sys.excepthook = hook
