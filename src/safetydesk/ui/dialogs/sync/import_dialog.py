"""Import: choose package files, optionally preview, import them one by one on the runner's DB
thread, and show the ledger a clerk wants. UI thread only.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from safetydesk.i18n import _, format_datetime
from safetydesk.services import sync_status as sync
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.dialogs.sync.common import BAD, INFO, OK, close_buttons, last_folder, note, remember_folder
from safetydesk.ui.exchange_words import trust_action
from safetydesk.ui.tasks import TaskRunner

STATUS_WORDS = {
    "imported": ("✔", OK),
    "duplicate": ("ⓘ", INFO),
    "rejected": ("✘", BAD),
}


def _status_title(r: sync.ImportResult) -> str:
    if r.status == "rejected":
        return _("Rejected")
    if r.status == "duplicate":
        return _("Already imported")
    return _("Can be imported (preview, nothing changed)") if r.dry_run else _("Imported")


def result_html(batch: sync.ImportBatch, names: dict[str, str], role: str) -> str:
    """The ledger a clerk wants: per file what happened, per kind what changed, what is missing.
    `role` is this installation's (a hint names its trust action)."""
    e = html.escape
    n = {s: sum(1 for r in batch.results if r.status == s) for s in ("imported", "duplicate", "rejected")}
    parts = [
        "<p><b>"
        + e(
            _(
                "{files} files: {imported} imported, {duplicate} already imported before, {rejected} rejected.",
                files=len(batch.results),
                imported=n["imported"],
                duplicate=n["duplicate"],
                rejected=n["rejected"],
            )
        )
        + "</b></p>"
    ]
    if batch.dry_run:
        parts.append(f"<p style='color:{INFO}'>" + e(_("Preview only: nothing was changed.")) + "</p>")
    for r in batch.results:
        mark, colour = STATUS_WORDS.get(r.status, ("", INFO))
        parts.append(f"<h3 style='color:{colour}'>{mark} {e(_status_title(r))} — {e(Path(r.file).name)}</h3>")
        if r.sender and r.seq is not None:
            who = f"{r.sender} {names.get(r.sender, '')}".strip()
            line = _("Package no. {seq} from {sender}", seq=r.seq, sender=who)
            if r.signed_at:
                line += _(", signed {time}", time=format_datetime(datetime.fromisoformat(r.signed_at)))
            parts.append("<p>" + e(line) + "</p>")
        if r.status == "rejected":
            parts.append(f"<p style='color:{BAD}'>" + e(r.message or "") + "</p>")
            if r.code == "unknown_sender":
                parts.append(
                    "<p>"
                    + e(_("In SafetyDesk: File → {action}, then import again.", action=trust_action(role)))
                    + "</p>"
                )
            if r.alarm:
                parts.append(f"<p style='color:{BAD}'><b>" + e(_("Recorded as an alarm.")) + "</b></p>")
            parts.append("<p style='color:#777'>" + e(_("Reason code: {code}", code=r.code or "")) + "</p>")
            continue
        if r.status == "duplicate":
            parts.append(
                "<p>" + e(_("This package was imported before; nothing changed. Nothing to do.")) + "</p>"
            )
            continue
        if r.counts:
            head = (_("Kind"), _("New"), _("Updated"), _("Unchanged"), _("Deleted"))
            rows = "".join(
                f"<tr><td>{e(sync.kind_title(k))}</td><td align=right>{c.created}</td>"
                f"<td align=right>{c.updated}</td><td align=right>{c.unchanged}</td>"
                f"<td align=right>{c.deleted}</td></tr>"
                for k, c in r.counts.items()
            )
            parts.append(
                "<table border=1 cellspacing=0 cellpadding=4><tr>"
                + "".join(f"<th>{e(h)}</th>" for h in head)
                + f"</tr>{rows}</table>"
            )
        else:
            parts.append("<p>" + e(_("No records in this package.")) + "</p>")
        for kind, total in ((k, t) for k, t in r.summaries.items() if t):
            parts.append(
                "<p>"
                + e(
                    _(
                        "{kind}: counts only ({total} records); the cases stay at the school.",
                        kind=sync.kind_title(kind),
                        total=total,
                    )
                )
                + "</p>"
            )
        for gap in r.gaps:
            parts.append(
                f"<p style='color:{BAD}'><b>"
                + e(_("Package no. {seq} is missing.", seq=gap))
                + "</b> "
                + e(
                    _(
                        "If you have that file, import it too; otherwise the sender's next package brings its records again."
                    )
                )
                + "</p>"
            )
        confirmed = batch.confirmed.get(r.file)
        if confirmed:
            parts.append(
                f"<p style='color:{OK}'><b>"
                + e(
                    _(
                        "Receipt: the other side confirms it imported your packages no. {numbers}.",
                        numbers=_(", ").join(map(str, confirmed)),
                    )
                )
                + "</b></p>"
            )
        for w in r.warnings:
            parts.append(f"<p style='color:{BAD}'>" + e(w) + "</p>")
    if batch.not_done:
        parts.append(
            "<p><b>"
            + e(_("Cancelled; not imported: {files}", files=", ".join(Path(f).name for f in batch.not_done)))
            + "</b></p>"
        )
    return "".join(parts)


class ImportDialog(QDialog):
    """Choose package files, optionally preview, import them one by one on the DB thread."""

    imported = Signal(object)  # sync.ImportBatch

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-dialog")
        self.setWindowTitle(_("Import packages"))
        self.workspace, self.runner = workspace, runner
        self.batch: sync.ImportBatch | None = None
        self.names: dict[str, str] = {}
        self.files = QListWidget()
        self.files.setMaximumHeight(120)
        self.files.setObjectName("import-files")
        add = QPushButton(_("Add files…"))
        add.setObjectName("import-add")
        add.clicked.connect(self._choose)
        remove = QPushButton(_("Remove"))
        remove.clicked.connect(
            lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()]
        )
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.files, 1)
        top.addLayout(side)
        self.preview = QCheckBox(
            _("Preview only: check the packages and show what would change, without changing anything")
        )
        self.preview.setObjectName("import-preview")
        self.report = QTextBrowser()
        self.report.setObjectName("import-report")
        self.report.setOpenLinks(False)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("import-run")
        self.import_button.clicked.connect(self.run)
        buttons = close_buttons()
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(
            note(_("Package files (.sdpkg) from the USB stick; each file is imported whole or not at all."))
        )
        lay.addLayout(top)
        lay.addWidget(self.preview)
        lay.addWidget(self.report, 3)
        lay.addWidget(buttons)
        self.resize(760, 620)
        runner.db(lambda: sync.trusted_peers(workspace.sessions), self._peers)

    def _peers(self, peers: list[sync.TrustedPeerInfo]) -> None:
        self.names = {p.org_code: p.org_name for p in peers}

    def _choose(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Choose package files"),
            str(last_folder()),
            _("SafetyDesk packages (*{suffix})", suffix=sync.FILE_SUFFIX) + ";;" + _("All files (*)"),
        )
        self.add_files(paths)

    def add_files(self, paths: list[str] | list[Path]) -> None:
        present = set(self.file_list())
        for p in paths:
            remember_folder(p)
            if str(p) not in present:
                self.files.addItem(str(p))
                present.add(str(p))

    def file_list(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def run(self) -> None:
        files = self.file_list()
        if not files:
            self.report.setHtml("<p>" + html.escape(_("Add the package files first.")) + "</p>")
            return
        ws, dry = self.workspace, self.preview.isChecked()
        self.import_button.setEnabled(False)
        self.runner.long(
            lambda progress: sync.import_files(
                ws.storage, files, ws.actor.username, dry_run=dry, progress=progress
            ),
            _("Importing packages…"),
            self,
            self._done,
            self._failed,
        )

    def _done(self, batch: sync.ImportBatch) -> None:
        self.batch = batch
        self.import_button.setEnabled(True)
        self.report.setHtml(result_html(batch, self.names, self.workspace.info.role))
        if not batch.dry_run:
            self.files.clear()
        self.imported.emit(batch)

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        messages.show_error(self, exc)
