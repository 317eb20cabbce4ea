"""At a township: name the county bureau it reports to (the window's way to `safetydesk identity
--county-code CODE --county-name NAME`), for a township set up before it knew its county or whose
county changed. An administrator only; audited as `county_set`. UI thread; the write runs on the
runner's DB thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from safetydesk.domain.organisation import InstallationInfo
from safetydesk.errors import ValidationError
from safetydesk.i18n import _
from safetydesk.services.installation import name_county
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.dialogs.sync.common import BAD, note
from safetydesk.ui.tasks import TaskRunner


class CountyDialog(QDialog):
    """The county bureau's code and name; OK stores them, Cancel changes nothing."""

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("county-dialog")
        self.setWindowTitle(_("County bureau"))
        self.workspace, self.runner = workspace, runner
        self.saved: InstallationInfo | None = None
        info = workspace.info
        self.code = QLineEdit(info.county_code or "")
        self.code.setObjectName("county-code")
        self.code.setPlaceholderText(_("e.g. 410522"))
        self.code.setMaxLength(32)
        self.name = QLineEdit(info.county_name or "")
        self.name.setObjectName("county-name")
        self.name.setPlaceholderText(_("e.g. Anyang County Education Bureau"))
        self.name.setMaxLength(100)
        form = QFormLayout()
        form.addRow(_("County bureau code"), self.code)
        form.addRow(_("County bureau name"), self.name)
        self.error = note(colour=BAD)
        self.error.setObjectName("county-error")
        for field in (self.code, self.name):
            field.textChanged.connect(self.error.clear)  # an old complaint goes as the text changes
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(
            note(
                _(
                    "The county bureau this township centre reports to: its upward package goes to "
                    "this code. Then trust the county bureau's identity file on the Data exchange page."
                )
            )
        )
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        code, name = self.code.text().strip(), self.name.text().strip() or None
        ws = self.workspace
        self.buttons.setEnabled(False)
        self.runner.db(lambda: name_county(ws.sessions, ws.actor, code, name), self._saved, self._failed)

    def _saved(self, info: InstallationInfo) -> None:
        self.saved = info
        self.workspace.info = info  # the export dialog offers this county from now on
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.error.setText(exc.user_message)  # stays open: correct the code and try again
            self.code.setFocus()
            return
        messages.show_error(self, exc)
