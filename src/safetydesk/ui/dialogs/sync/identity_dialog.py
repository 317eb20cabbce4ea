"""This installation's identity: role, code, name and the 30 fingerprint digits; writes the
identity file for the other side. Reads and writes run on the runner's DB thread; UI thread only.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.organisation import TOWNSHIP, organisation_title
from safetydesk.domain.roles import ADMIN_ROLES
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import sync_status as sync
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.dialogs.sync.common import (
    OK,
    DigitsView,
    close_buttons,
    last_folder,
    note,
    remember_folder,
)
from safetydesk.ui.tasks import TaskRunner


class IdentityDialog(QDialog):
    """This installation's role, code, name and fingerprint; writes the identity file."""

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identity-dialog")
        self.setWindowTitle(_("This installation's identity"))
        self.workspace, self.runner = workspace, runner
        self.identity: sync.IdentityInfo | None = None
        self.written: Path | None = None
        self.who = note()
        self.who.setObjectName("identity-who")
        self.digits = DigitsView(self)
        self.status = note()
        self.status.setObjectName("identity-status")
        save = QPushButton(_("Save identity file…"))
        save.setObjectName("save-identity")
        save.clicked.connect(self._choose)
        self.save_button = save
        save.setEnabled(False)
        buttons = close_buttons()
        buttons.rejected.connect(self.reject)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.ActionRole)
        lay = QVBoxLayout(self)
        lay.addWidget(self.who)
        lay.addWidget(self.digits)
        lay.addWidget(
            note(
                _(
                    "Save the identity file and give it to the other side (USB stick). Then phone them "
                    "and read these 30 digits aloud: they trust this installation only when the digits "
                    "on their screen are the same."
                )
            )
        )
        lay.addWidget(self.status)
        self.county: QLabel | None = None
        self.county_dialog: QDialog | None = None
        if workspace.info.role == TOWNSHIP:  # the county bureau it reports to, set here or changed
            self.county = note()
            self.county.setObjectName("identity-county")
            county = QPushButton(_("Set the county bureau…"))
            county.setObjectName("set-county")
            county.clicked.connect(self.set_county)
            if workspace.actor.role not in ADMIN_ROLES:
                county.setEnabled(False)
                county.setToolTip(_("Only a signed-in administrator may set the county bureau."))
            buttons.addButton(county, QDialogButtonBox.ButtonRole.ActionRole)
            lay.insertWidget(lay.indexOf(self.status), self.county)
            self._show_county()
        lay.addWidget(buttons)
        ws = workspace
        runner.db(lambda: sync.own_identity(ws.paths, ws.sessions), self._loaded)

    def _loaded(self, identity: sync.IdentityInfo) -> None:
        self.identity = identity
        self.who.setText(
            f"<b>{html.escape(organisation_title(identity.role))}</b> · {html.escape(identity.org_code)} · "
            f"<b>{html.escape(identity.org_name)}</b><br>" + html.escape(_("Fingerprint:"))
        )
        self.digits.set_fingerprint(identity.fingerprint)
        self.save_button.setEnabled(True)
        self.adjustSize()

    def _show_county(self) -> None:
        info = self.workspace.info
        if self.county is None:
            return
        if info.county_code:
            text = _("County bureau: {code} {name}", code=info.county_code, name=info.county_name or "")
        else:
            text = _("No county bureau is named yet: the upward package cannot be made.")
        self.county.setText(html.escape(text))

    def set_county(self) -> None:
        from safetydesk.ui.dialogs.sync.county_dialog import CountyDialog

        self.county_dialog = CountyDialog(self.workspace, self.runner, self)
        self.county_dialog.accepted.connect(self._show_county)
        self.county_dialog.open()

    def _choose(self) -> None:
        if self.identity is None:
            return
        start = str(last_folder() / sync.identity_file_name(self.identity.org_code))
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save identity file"), start, _("Identity files (*.json)")
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str | Path) -> None:
        remember_folder(path)
        ws = self.workspace
        self.runner.db(
            lambda: sync.write_identity_file(ws.paths, ws.sessions, path), self._saved, self._failed
        )

    def _saved(self, path: Path) -> None:
        self.written = path
        self.status.setStyleSheet(f"color: {OK};")
        self.status.setText(_("Wrote the identity file {path}.", path=str(path)))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            exc = SafetyDeskError(_("The file cannot be written: {error}", error=exc.strerror or str(exc)))
        messages.show_error(self, exc)
