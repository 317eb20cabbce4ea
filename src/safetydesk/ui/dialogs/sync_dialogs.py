"""Data-exchange dialogs: this installation's identity, trusting the other side, export, import.

Every database or file job runs on the runner's DB thread (TaskRunner.db / long) and comes back
on the UI thread; widgets only show the plain results of services.sync_status. Each dialog has a
method that does its job without a file chooser (save_to, load_file, set_path, add_files) so a
test, or a drag and drop, can drive it.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _, format_datetime
from safetydesk.services import sync_status as sync
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.tasks import TaskRunner

OK, INFO, BAD = "#1b5e20", "#0d47a1", "#b71c1c"


_last_folder: list[Path] = []  # where the USB stick was last time (this session)


def last_folder() -> Path:
    return _last_folder[-1] if _last_folder else Path.home()


def remember_folder(path: str | Path) -> None:
    _last_folder[:] = [Path(path).parent]


def role_name(role: str) -> str:
    return _("School") if role == "school" else _("Township centre")


def _note(text: str = "", colour: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if colour:
        label.setStyleSheet(f"color: {colour};")
    return label


def _close_buttons() -> QDialogButtonBox:
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


class IdentityDialog(QDialog):
    """This installation's role, code, name and fingerprint; writes the identity file."""

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identity-dialog")
        self.setWindowTitle(_("This installation's identity"))
        self.workspace, self.runner = workspace, runner
        self.identity: sync.IdentityInfo | None = None
        self.written: Path | None = None
        self.who = _note()
        self.who.setObjectName("identity-who")
        self.digits = DigitsView(self)
        self.status = _note()
        self.status.setObjectName("identity-status")
        save = QPushButton(_("Save identity file…"))
        save.setObjectName("save-identity")
        save.clicked.connect(self._choose)
        self.save_button = save
        save.setEnabled(False)
        buttons = _close_buttons()
        buttons.rejected.connect(self.reject)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.ActionRole)
        lay = QVBoxLayout(self)
        lay.addWidget(self.who)
        lay.addWidget(self.digits)
        lay.addWidget(
            _note(
                _(
                    "Save the identity file and give it to the other side (USB stick). Then phone them "
                    "and read these 30 digits aloud: they trust this installation only when the digits "
                    "on their screen are the same."
                )
            )
        )
        lay.addWidget(self.status)
        lay.addWidget(buttons)
        ws = workspace
        runner.db(lambda: sync.own_identity(ws.paths, ws.sessions), self._loaded)

    def _loaded(self, identity: sync.IdentityInfo) -> None:
        self.identity = identity
        self.who.setText(
            f"<b>{html.escape(role_name(identity.role))}</b> · {html.escape(identity.org_code)} · "
            f"<b>{html.escape(identity.org_name)}</b><br>" + html.escape(_("Fingerprint:"))
        )
        self.digits.set_fingerprint(identity.fingerprint)
        self.save_button.setEnabled(True)
        self.adjustSize()

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


class TrustDialog(QDialog):
    """Trust the other side only after a person typed the digits read out over the phone."""

    trusted = Signal(object)  # identity_mod.TrustResult

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trust-dialog")
        self.workspace, self.runner = workspace, runner
        school = workspace.info.role == "school"
        self.setWindowTitle(_("Trust the township centre") if school else _("Trust a school"))
        self.path: Path | None = None
        self.identity: sync.IdentityInfo | None = None
        self.result_: Any = None
        open_button = QPushButton(_("Open identity file…"))
        open_button.setObjectName("open-identity")
        open_button.clicked.connect(self._choose)
        self.who = _note(
            _("Open the identity file the other side gave you (…{suffix}).", suffix=sync.IDENTITY_SUFFIX)
        )
        self.who.setObjectName("trust-who")
        self.digits = DigitsView(self)
        self.steps = _note()
        self.entry = QLineEdit()
        self.entry.setObjectName("trust-digits")
        self.entry.setPlaceholderText("00000 00000 00000 00000 00000 00000")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSize(16)
        self.entry.setFont(mono)
        self.entry.setMaxLength(60)
        self.entry.textChanged.connect(self._typed)
        self.entry.setEnabled(False)
        self.count = _note()
        self.status = _note()
        self.status.setObjectName("trust-status")
        self.trust_button = QPushButton(_("Trust"))
        self.trust_button.setObjectName("trust-confirm")
        self.trust_button.setEnabled(False)
        self.trust_button.clicked.connect(self.confirm)
        buttons = _close_buttons()
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(open_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.digits)
        lay.addWidget(self.steps)
        lay.addWidget(QLabel(_("Digits read out by the other side:")))
        lay.addWidget(self.entry)
        lay.addWidget(self.count)
        lay.addWidget(self.status)
        lay.addWidget(buttons)
        self.setMinimumWidth(720)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open identity file"),
            str(last_folder()),
            _("Identity files (*.json)") + ";;" + _("All files (*)"),
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        remember_folder(path)
        self.runner.db(
            lambda: sync.read_identity_file(path),
            lambda ident: self._loaded(Path(path), ident),
            self._bad_file,
        )

    def _bad_file(self, exc: BaseException) -> None:
        self.identity = None
        self.entry.setEnabled(False)
        self.trust_button.setEnabled(False)
        self._say(exc.user_message if isinstance(exc, SafetyDeskError) else str(exc), BAD)
        if not isinstance(exc, SafetyDeskError):
            messages.show_error(self, exc)

    def _loaded(self, path: Path, identity: sync.IdentityInfo) -> None:
        self.path, self.identity = path, identity
        self.who.setText(
            f"<b>{html.escape(role_name(identity.role))}</b> · {html.escape(identity.org_code)} · "
            f"<b>{html.escape(identity.org_name)}</b>"
        )
        self.digits.set_fingerprint(identity.fingerprint)
        self.steps.setText(
            _(
                "1. Phone {name} on a number you already know (not one written in the file).\n"
                "2. Ask them to open File → This installation's identity… and read their 30 digits aloud.\n"
                "3. Type the digits you hear below. SafetyDesk trusts {name} only if every digit matches "
                "the file; if they differ, the file may have been changed on its way — do not trust it.",
                name=identity.org_name,
            )
        )
        self.entry.setEnabled(True)
        self.entry.clear()
        self.entry.setFocus()
        self._say("")
        self.adjustSize()

    def _typed(self, text: str) -> None:
        digits = sync.normalise_digits(text)
        needed = sync.DIGIT_GROUPS * sync.GROUP_SIZE
        self.count.setText(_("{n} of {total} digits", n=len(digits), total=needed))
        self.trust_button.setEnabled(self.identity is not None and len(digits) == needed and digits.isdigit())
        if self.identity is not None:
            self.digits.set_fingerprint(self.identity.fingerprint)

    def _say(self, text: str, colour: str = INFO) -> None:
        self.status.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.status.setText(text)

    def confirm(self) -> None:
        """Ask the core to trust; it refuses (and trusts nothing) unless the digits match."""
        if self.identity is None or self.path is None:
            return
        ws, path, typed = self.workspace, self.path, self.entry.text()
        self.trust_button.setEnabled(False)
        self.runner.db(
            lambda: sync.trust(ws.sessions, path, typed, ws.actor.username), self._done, self._refused
        )

    def _refused(self, exc: BaseException) -> None:
        self.trust_button.setEnabled(True)
        if not isinstance(exc, SafetyDeskError):
            messages.show_error(self, exc)
            return
        text = exc.user_message
        if self.identity is not None and getattr(exc, "code", "") == "fingerprint_mismatch":
            wrong = sync.differing_groups(self.identity.fingerprint, self.entry.text())
            self.digits.set_fingerprint(self.identity.fingerprint, wrong)
            text += "\n" + _("Groups that differ: {groups}.", groups=_(", ").join(map(str, wrong)))
        self._say(text, BAD)
        self.adjustSize()

    def _done(self, result: Any) -> None:
        self.result_ = result
        text = _("Trusted {code} {name}.", code=result.org_code, name=result.org_name)
        if result.replaced_key:
            text += " " + _(
                "Its old key was replaced: packages signed with the old key are refused from now on."
            )
        self._say(text, OK)
        self.entry.setEnabled(False)
        self.trusted.emit(result)


# --- export -------------------------------------------------------------------------------------


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
        self.setWindowTitle(
            _("Export package for the township") if self.school else _("Export package for a school")
        )
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
        self.status = _note()
        self.status.setObjectName("export-status")
        self.summary = _note()
        self.summary.setObjectName("export-summary")
        self.summary.setStyleSheet(f"color: {OK}; font-size: 15px;")
        self.export_button = QPushButton(_("Export"))
        self.export_button.setObjectName("export-run")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.run)
        buttons = _close_buttons()
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(
            _note(
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
        role = "township" if self.school else "school"
        runner.db(lambda: sync.trusted_peers(workspace.sessions, role), self._peers)

    def _peers(self, peers: list[sync.TrustedPeerInfo]) -> None:
        info = self.workspace.info
        if self.school:
            peers = [p for p in peers if p.org_code == info.township_code]
        self.recipient.blockSignals(True)
        self.recipient.clear()
        for p in peers:
            self.recipient.addItem(f"{p.org_code} {p.org_name}", p.org_code)
        self.recipient.blockSignals(False)
        if not peers:
            self.status.setStyleSheet(f"color: {BAD};")
            self.status.setText(
                _(
                    "The township centre is not trusted yet. First exchange identity files and confirm "
                    "the digits: File → Trust a school / the township…"
                )
                if self.school
                else _(
                    "No school is trusted yet. Enroll a school first: File → Trust a school / the township…"
                )
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


# --- import -------------------------------------------------------------------------------------

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


def result_html(batch: sync.ImportBatch, names: dict[str, str]) -> str:
    """The ledger a clerk wants: per file what happened, per kind what changed, what is missing."""
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
                    + e(_("In SafetyDesk: File → Trust a school / the township…, then import again."))
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
        buttons = _close_buttons()
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(
            _note(_("Package files (.sdpkg) from the USB stick; each file is imported whole or not at all."))
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
        self.report.setHtml(result_html(batch, self.names))
        if not batch.dry_run:
            self.files.clear()
        self.imported.emit(batch)

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        messages.show_error(self, exc)
