"""Trust the other side only after a person typed the digits read out over the phone.

When the file belongs to an organisation trusted already with another key (a reinstalled or lost
computer), the dialog shows the old and the new fingerprint side by side and asks twice before
the key is replaced: packages signed with the old key are refused from then on. Reading the file
and trusting run on the runner's DB thread; UI thread only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.organisation import organisation_title
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import sync_status as sync
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.dialogs.sync.common import (
    BAD,
    INFO,
    OK,
    DigitsView,
    close_buttons,
    last_folder,
    note,
    remember_folder,
)
from safetydesk.ui.exchange_words import trust_title
from safetydesk.ui.tasks import TaskRunner


class TrustDialog(QDialog):
    """Trust the other side only after a person typed the digits read out over the phone."""

    trusted = Signal(object)  # identity_mod.TrustResult

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trust-dialog")
        self.workspace, self.runner = workspace, runner
        self.setWindowTitle(trust_title(workspace.info.role))
        self.path: Path | None = None
        self.identity: sync.IdentityInfo | None = None
        self.replacing: sync.TrustedPeerInfo | None = None  # the trust this file would replace
        self.result_: Any = None
        open_button = QPushButton(_("Open identity file…"))
        open_button.setObjectName("open-identity")
        open_button.clicked.connect(self._choose)
        self.who = note(
            _("Open the identity file the other side gave you (…{suffix}).", suffix=sync.IDENTITY_SUFFIX)
        )
        self.who.setObjectName("trust-who")
        self.digits = DigitsView(self)
        self.replace_note = note(colour=BAD)
        self.replace_note.setObjectName("trust-replace")
        self.replace_note.setStyleSheet(f"color: {BAD}; background: #fff3e0; padding: 6px;")
        self.replace_note.hide()
        self.steps = note()
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
        self.count = note()
        self.status = note()
        self.status.setObjectName("trust-status")
        self.trust_button = QPushButton(_("Trust"))
        self.trust_button.setObjectName("trust-confirm")
        self.trust_button.setEnabled(False)
        self.trust_button.clicked.connect(self.confirm)
        buttons = close_buttons()
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(open_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.digits)
        lay.addWidget(self.replace_note)
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
        sessions = self.workspace.sessions  # the job holds no widget
        self.runner.db(
            lambda: sync.inspect_identity_file(sessions, path),
            lambda found: self._loaded(Path(path), found),
            self._bad_file,
        )

    def _bad_file(self, exc: BaseException) -> None:
        self.identity, self.replacing = None, None
        self.replace_note.hide()
        self.entry.setEnabled(False)
        self.trust_button.setEnabled(False)
        self._say(exc.user_message if isinstance(exc, SafetyDeskError) else str(exc), BAD)
        if not isinstance(exc, SafetyDeskError):
            messages.show_error(self, exc)

    def _loaded(self, path: Path, found: sync.TrustCandidate) -> None:
        identity = found.identity
        self.path, self.identity, self.replacing = path, identity, found.replaces
        self.who.setText(
            f"<b>{html.escape(organisation_title(identity.role))}</b> · {html.escape(identity.org_code)} · "
            f"<b>{html.escape(identity.org_name)}</b>"
        )
        self.digits.set_fingerprint(identity.fingerprint)
        if self.replacing is not None:
            self.replace_note.setText(self._replacement_text())
            self.replace_note.show()
        else:
            self.replace_note.hide()
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

    def _replacement_text(self) -> str:
        assert self.identity is not None and self.replacing is not None
        return _(
            "{name} ({code}) is trusted already, with another key (trusted {when} by {by}). Trusting "
            "this file REPLACES that key: packages signed with the old key are refused from then on. "
            "Do this only after {name} was reinstalled or lost its computer, and you confirmed it by "
            "phone.\nOld fingerprint: {old}\nNew fingerprint: {new}",
            name=self.identity.org_name,
            code=self.identity.org_code,
            when=self.replacing.trusted_at.strftime("%Y-%m-%d") if self.replacing.trusted_at else "",
            by=self.replacing.trusted_by,
            old=self.replacing.fingerprint,
            new=self.identity.fingerprint,
        )

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

    def _replacement_confirmed(self) -> bool:
        """Ask twice, with both fingerprints, before a trusted key is replaced."""
        assert self.identity is not None and self.replacing is not None
        first = self._replacement_text() + "\n\n" + _("Replace the key of {name}?", name=self.identity.org_name)
        if not messages.confirm(self, first, _("Replace a trusted key")):
            return False
        second = _(
            "Are you sure? From now on only the new key of {name} is trusted.\nOld fingerprint: {old}\n"
            "New fingerprint: {new}",
            name=self.identity.org_name,
            old=self.replacing.fingerprint,
            new=self.identity.fingerprint,
        )
        return messages.confirm(self, second, _("Replace a trusted key"))

    def confirm(self) -> None:
        """Ask the core to trust; it refuses (and trusts nothing) unless the digits match."""
        if self.identity is None or self.path is None:
            return
        ws, path, typed = self.workspace, self.path, self.entry.text()
        matching = sync.normalise_digits(typed) == sync.normalise_digits(self.identity.fingerprint)
        if self.replacing is not None and matching and not self._replacement_confirmed():
            self._say(_("Nothing was trusted: the old key stays."), INFO)
            return
        self.trust_button.setEnabled(False)
        self.runner.db(self._job(ws, path, typed), self._done, self._refused)

    def _job(self, ws: Workspace, path: Path, typed: str) -> Callable[[], Any]:
        """What confirming does, on the DB thread (CountyKeyDialog confirms a county key instead)."""
        return lambda: sync.trust(ws.sessions, path, typed, ws.actor.username)

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
        self.replace_note.hide()
        self.trusted.emit(result)
