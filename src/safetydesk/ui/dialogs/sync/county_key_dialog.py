"""Confirm the county bureau's new key at a school (services/county_key.py): the trust dialog's
identity file and typed digits, for the county whose rules arrived signed with another key. UI
thread only; reading and confirming run on the runner's DB thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from safetydesk.i18n import _
from safetydesk.services import county_key
from safetydesk.services import sync_status as sync
from safetydesk.services.workspace import Workspace
from safetydesk.ui.dialogs.sync.common import OK
from safetydesk.ui.dialogs.sync.trust_dialog import TrustDialog
from safetydesk.ui.tasks import TaskRunner


class CountyKeyDialog(TrustDialog):
    """`trusted` carries the county_key.Confirmed once the key is confirmed."""

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(workspace, runner, parent)
        self.setObjectName("county-key-dialog")
        self.setWindowTitle(_("Confirm the county bureau's new key"))
        self.trust_button.setText(_("Confirm"))
        self.who.setText(
            _(
                "Open the identity file the county education bureau gave you (…{suffix}).",
                suffix=sync.IDENTITY_SUFFIX,
            )
        )

    def _loaded(self, path: Path, found: sync.TrustCandidate) -> None:
        super()._loaded(path, found)
        self.steps.setText(
            _(
                "1. Phone {name} on a number you already know (not one written in the file).\n"
                "2. Ask them to open File → This installation's identity… and read their 30 digits aloud.\n"
                "3. Type the digits you hear below. SafetyDesk confirms the new key of {name} only if every "
                "digit matches the file; if they differ, the file may have been changed on its way — do "
                "not confirm it.",
                name=found.identity.org_name,
            )
        )

    def _job(self, ws: Workspace, path: Path, typed: str) -> Any:
        return lambda: county_key.confirm(ws.sessions, ws.actor, path, typed)

    def _done(self, result: Any) -> None:
        self.result_ = result
        self._say(result.text(), OK)
        self.entry.setEnabled(False)
        self.trusted.emit(result)
