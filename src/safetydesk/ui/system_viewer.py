"""Hand a file to the system's viewer, and say so plainly when there is none.

`QDesktopServices.openUrl` returns False when no program opens the file (no PDF reader on a
school PC, no xdg-open, a platform without desktop services); the user then gets a message in
their language saying where the file is and what to do, instead of a click that does nothing.
The message box is window-modal and opened without a nested event loop. UI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from safetydesk.i18n import _

NO_VIEWER_OBJECT = "no-viewer-message"


def no_viewer_text(path: Path) -> str:
    from safetydesk.services import private_temp

    if private_temp.is_ours(path.parent):  # a preview's temp copy: it goes when the preview closes
        return _("No program to open PDF files was found on this computer. Print with the Print… button "
                 "of this preview, or save the form with Save as… in the print dialog.")  # fmt: skip
    if path.suffix.lower() == ".pdf":
        return _("No program to open PDF files was found on this computer. The file is saved at:\n{path}\n"
                 "Install a PDF reader (for example WPS or Foxit Reader), or print from SafetyDesk's own "
                 "preview.", path=str(path))  # fmt: skip
    return _("No program to open this file was found on this computer. The file is saved at:\n{path}",
             path=str(path))  # fmt: skip


def open_with_system(path: Path, parent: QWidget | None) -> bool:
    """Open `path` in the system's viewer; False (after telling the user) when none opened it."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    box = QMessageBox(QMessageBox.Icon.Information, _("No viewer found"), no_viewer_text(Path(path)),
                      QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.setObjectName(NO_VIEWER_OBJECT)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return False
