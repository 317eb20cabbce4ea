"""About SafetyDesk."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from safetydesk import __version__
from safetydesk.i18n import _
from safetydesk.services.workspace import Workspace


def about_text(workspace: Workspace | None) -> str:
    lines = [
        f"<h3>{_('SafetyDesk')} {__version__}</h3>",
        "<p>" + _("School safety management workbench for primary schools, middle schools and "
                  "kindergartens, and for the township centres that supervise them.") + "</p>",
    ]
    if workspace is not None:
        lines.append("<p>" + _("Data folder: {path}", path=str(workspace.paths.root)) + "</p>")
    lines.append("<p>" + _("Chinese font: WenQuanYi Micro Hei (Apache License 2.0).") + "</p>")
    return "".join(lines)


def show_about(parent: QWidget, workspace: Workspace | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("about-dialog")
    box.setWindowTitle(_("About SafetyDesk"))
    box.setText(about_text(workspace))
    box.open()
    return box
