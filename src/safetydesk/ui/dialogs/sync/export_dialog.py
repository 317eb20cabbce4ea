"""Export: the next package for the township (school) or for one school (township). The export
runs as a long task on the runner's DB thread; UI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.i18n import _
from safetydesk.services import sync_status as sync
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.dialogs.sync.common import BAD, OK, close_buttons, last_folder, note, remember_folder
from safetydesk.ui.exchange_words import export_title, trust_action
from safetydesk.ui.tasks import TaskRunner


def export_summary(result: sync.ExportResult, role: str) -> str:
    """What a clerk needs to hear after an export, in plain words."""
    items = [
        _("{kind} {n}", kind=sync.kind_title(kind), n=n)
        for kind, n in sorted(result.counts.items())
        if kind != "attachment" and n
    ]
    if result.attachments:
        items.append(_("{n} attachments", n=result.attachments))
    items += [
        _("{kind} (counts only) {n}", kind=sync.kind_title(kind), n=n)
        for kind, n in sorted(result.summaries.items())
        if n
    ]
    listing = _(", ").join(items) if items else _("no changed records")
    head = _("Exported package no. {seq}: {items}. ", seq=result.seq, items=listing)
    tail = (
        _("Copy the file to a USB stick and take it to the township centre.")
        if role == "school"
        else _("Copy the file to a USB stick and take it to the school.")
    )
    return head + tail


class ExportDialog(QDialog):
    """Write the next package for the township (school) or for one school (township)."""

    exported = Signal(object)  # sync.ExportResult

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-dialog")
        self.workspace, self.runner = workspace, runner
        self.school = workspace.info.role == "school"
        self.setWindowTitle(export_title(workspace.info.role))
        self.result_: sync.ExportResult | None = None
        self.recipient = QComboBox()
        self.recipient.setObjectName("export-recipient")
        self.recipient.currentIndexChanged.connect(self._suggest)
        self.path = QLineEdit()
        self.path.setObjectName("export-path")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("Send to:"), self.recipient)
        form.addRow(_("Package file:"), row)
        self.status = note()
        self.status.setObjectName("export-status")
        self.summary = note()
        self.summary.setObjectName("export-summary")
        self.summary.setStyleSheet(f"color: {OK}; font-size: 15px;")
        self.export_button = QPushButton(_("Export"))
        self.export_button.setObjectName("export-run")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.run)
        buttons = close_buttons()
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(
            note(
                _(
                    "The package holds every record changed since the last package the other side "
                    "confirmed. It is signed and encrypted: only the recipient can open it."
                )
            )
        )
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.summary)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.setMinimumWidth(620)
        role = "township" if self.school else None  # a hub: its schools or townships, and its county
        runner.db(lambda: sync.trusted_peers(workspace.sessions, role), self._peers)

    def _peers(self, peers: list[sync.TrustedPeerInfo]) -> None:
        info = self.workspace.info
        if self.school:
            peers = [p for p in peers if p.org_code == info.township_code]
        elif info.role == "county":
            peers = [p for p in peers if p.role == "township"]
        else:  # a township: its schools, and its county bureau (the upward report)
            peers = [p for p in peers if p.role == "school" or (p.role == "county" and p.org_code == info.county_code)]
        self.recipient.blockSignals(True)
        self.recipient.clear()
        for p in peers:
            self.recipient.addItem(f"{p.org_code} {p.org_name}", p.org_code)
        self.recipient.blockSignals(False)
        if not peers:
            action = trust_action(info.role)
            self.status.setStyleSheet(f"color: {BAD};")
            self.status.setText(
                _(
                    "The township centre is not trusted yet. First exchange identity files and confirm "
                    "the digits: File → {action}",
                    action=action,
                )
                if self.school
                else _(
                    "No township centre is trusted yet. Enroll a township centre first: File → {action}",
                    action=action,
                )
                if info.role == "county"
                else _("No school is trusted yet. Enroll a school first: File → {action}", action=action)
            )
            return
        self._suggest()

    def recipient_code(self) -> str | None:
        return self.recipient.currentData()

    def _suggest(self, *_args: object) -> None:
        code = self.recipient_code()
        if not code:
            return
        folder = Path(self.path.text()).parent if self.path.text() else last_folder()
        sessions = self.workspace.sessions  # the job holds no widget
        self.runner.db(
            lambda: sync.suggested_file_name(sessions, code),
            lambda name: self._suggested(folder / name),
        )

    def _suggested(self, path: Path) -> None:
        self.path.setText(str(path))
        self.export_button.setEnabled(self.result_ is None)

    def set_path(self, path: str | Path) -> None:
        self.path.setText(str(path))

    def _choose(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save package"),
            self.path.text(),
            _("SafetyDesk packages (*{suffix})", suffix=sync.FILE_SUFFIX),
        )
        if path:
            self.set_path(path)

    def run(self) -> None:
        code, out = self.recipient_code(), self.path.text().strip()
        if not code or not out:
            return
        if Path(out).is_file() and not messages.confirm(self, _("{path} exists. Replace it?", path=out)):
            return
        ws = self.workspace
        self.export_button.setEnabled(False)
        self.status.setText("")
        self.runner.long(
            lambda progress: sync.export(ws.storage, code, out, ws.actor.username, progress),
            _("Exporting the package…"),
            self,
            self._done,
            self._failed,
            cancellable=False,
        )

    def _done(self, result: sync.ExportResult) -> None:
        self.result_ = result
        remember_folder(result.path)
        self.summary.setText(export_summary(result, self.workspace.info.role))
        self.status.setStyleSheet("")
        self.status.setText(_("File: {path}", path=str(result.path)))
        self.adjustSize()
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        messages.show_error(self, exc)
