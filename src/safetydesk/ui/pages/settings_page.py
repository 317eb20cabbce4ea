"""The 设置 page, generated from the settings registry (domain/settings.py): one group box per
declared group, one editor per setting, its help below it and its validation message beside it.

Values are read and saved on the database thread (runner.db) through services.settings; the page
checks what was typed with the same declarations before sending it, so a bad value never leaves
the page and each message stands beside the field it is about. Settings the signed-in person may
not change are shown read-only. Only changed settings are sent, in one transaction, audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import settings as setting_vars
from safetydesk.errors import ValidationError
from safetydesk.i18n import _, format_date
from safetydesk.services import settings
from safetydesk.services.accounts import ADMIN_ROLES
from safetydesk.services.changes import Actor
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.setting_editors import SettingEditor, make_editor

ERROR_COLOUR = "#c62828"


@dataclass(frozen=True)
class Loaded:
    values: dict[str, Any]
    writable: frozenset[str]
    # County rules fixed by the county's published rules (issue 16.3), and the line saying so.
    locked: frozenset[str] = frozenset()
    county_note: str = ""
    # At a school: county rules declined for another key, waiting for the new key's confirmation.
    key_note: str = ""


def load(sessions: Any, actor: Actor) -> Loaded:
    """Database thread: every value, which ones this person may change, and which ones the
    county's published rules fix here (they come from the county: nobody here changes them)."""
    values = settings.all_values(sessions)
    infos = settings.listing(sessions)
    locked = frozenset(i.key for i in infos if i.county_version is not None)
    note = ""
    if locked:
        from safetydesk.services.county_rules import following

        f = following(sessions)
        if f is not None:
            note = _(
                "The county rules come from {county}: version {version}, published {date}. Only the "
                "county education bureau changes them.",
                county=f.county_name,
                version=f.version,
                date=format_date(f.published_on),
            )
    if is_county(sessions):
        from safetydesk.services.county_rules import county_note

        note = county_note(sessions)
    writable = frozenset(k for k in values if settings.may_write(actor, k) and k not in locked)
    return Loaded(values, writable, locked, note, _key_note(sessions))


def _key_note(sessions: Any) -> str:
    from safetydesk.services import county_key

    waiting = county_key.declined(sessions)
    if waiting is None:
        return ""
    return _(
        "Version {version} of the county rules of {county} arrived on {date} signed with a new key, as "
        "after the county bureau reinstalled its software, and was not adopted. Ask the bureau for its "
        "identity file and confirm its new key to follow these rules.",
        version=waiting.version,
        county=waiting.county_name,
        date=format_date(datetime.fromisoformat(waiting.declined_at)) if waiting.declined_at else "",
    )


def is_county(sessions: Any) -> bool:
    from safetydesk.services.installation import installation_info

    return installation_info(sessions).is_county


class SettingsPage(QWidget):
    saved = Signal(object)  # dict key -> value of every setting, after they were stored
    rules_changed = Signal()  # the county rules followed here changed (a key confirmed, a set published)
    kinds_shown: frozenset[str] = frozenset()  # no record kind: refreshed only when asked

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.setObjectName("page-settings")
        self.loaded = False
        self.current: dict[str, Any] = setting_vars.defaults()
        self.editors: dict[str, SettingEditor] = {}
        self.field_messages: dict[str, QLabel] = {}

        body = QWidget()
        body_lay = QVBoxLayout(body)
        forms: dict[str, QFormLayout] = {}
        for var in setting_vars.all_vars():
            if var.group not in forms:
                box = QGroupBox(_(var.group))
                box.setObjectName("settings-group")
                forms[var.group] = QFormLayout(box)
                body_lay.addWidget(box)
            self._add_row(forms[var.group], var)
        body_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.county_note = QLabel()
        self.county_note.setObjectName("settings-county-rules")
        self.county_note.setWordWrap(True)
        self.county_note.hide()
        # At a county: publish the county rules as the next version (issue 16.3).
        self.publish_button = QPushButton(_("Publish county rules"))
        self.publish_button.setObjectName("publish-county-rules")
        self.publish_button.clicked.connect(self.publish)
        self.publish_button.setVisible(workspace.info.is_county)
        # At a school: its county's rules arrived with a new key (services/county_key.py).
        self.key_note = QLabel()
        self.key_note.setObjectName("settings-county-key")
        self.key_note.setWordWrap(True)
        self.key_note.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.key_note.hide()
        self.key_button = QPushButton(_("Confirm the county bureau's new key…"))
        self.key_button.setObjectName("confirm-county-key")
        self.key_button.clicked.connect(self.confirm_county_key)
        self.key_button.hide()
        self.key_dialog: QWidget | None = None  # the county key dialog, once opened
        self.read_only_note = QLabel(_("Only an administrator can change these settings."))
        self.read_only_note.setObjectName("settings-read-only")
        self.read_only_note.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("settings-error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.save_button = QPushButton(_("Save settings"))
        self.save_button.setObjectName("save-settings")
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton(_("Restore defaults"))
        self.defaults_button.setObjectName("settings-defaults")
        self.defaults_button.clicked.connect(
            lambda: self.show_values(setting_vars.defaults(), writable_only=True)
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_only_note)
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.save_button)

        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<h2>{_('Settings')}</h2>"))
        lay.addWidget(self.county_note)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_note, 1)
        key_row.addWidget(self.key_button)
        lay.addLayout(key_row)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.error_label)
        lay.addLayout(buttons)
        self.refresh()

    def _add_row(self, form: QFormLayout, var: setting_vars.SettingVar) -> None:
        editor = make_editor(var)
        self.editors[var.key] = editor
        cell = QWidget()
        col = QVBoxLayout(cell)
        col.setContentsMargins(0, 0, 0, 6)
        col.addWidget(editor)
        if var.help:
            help_label = QLabel(_(var.help))
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color: palette(mid)")
            col.addWidget(help_label)
        message = QLabel()
        message.setObjectName(f"{editor.objectName()}-message")
        message.setWordWrap(True)
        message.setStyleSheet(f"color: {ERROR_COLOUR}")
        message.hide()
        col.addWidget(message)
        self.field_messages[var.key] = message
        if var.type is setting_vars.SettingType.BOOL or _(var.label) == _(var.group):
            form.addRow(cell)  # the check box or the group title already says what it is
        else:
            label = QLabel(_(var.label))
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.addRow(label, cell)

    # --- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        sessions, actor = self.workspace.sessions, self.workspace.actor
        self.runner.db(lambda: load(sessions, actor), self._loaded)

    def _loaded(self, loaded: Loaded) -> None:
        self.current = dict(loaded.values)
        for key, editor in self.editors.items():
            editor.setEnabled(key in loaded.writable)
        self.read_only_note.setVisible(len(loaded.writable) + len(loaded.locked) < len(self.editors))
        self.county_note.setText(loaded.county_note)
        self.county_note.setVisible(bool(loaded.county_note))
        self.key_note.setText(loaded.key_note)
        self.key_note.setVisible(bool(loaded.key_note))
        self.key_button.setVisible(bool(loaded.key_note))
        self.key_button.setEnabled(self.workspace.actor.role in ADMIN_ROLES)
        self.save_button.setEnabled(bool(loaded.writable))
        self.defaults_button.setEnabled(bool(loaded.writable))
        self.show_values(loaded.values)
        self.loaded = True

    def show_values(self, values: dict[str, Any], *, writable_only: bool = False) -> None:
        for key, editor in self.editors.items():
            if key in values and (editor.isEnabled() or not writable_only):
                editor.set_value(values[key])
        self.mark({})

    # --- checking and saving ---------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def changed(self) -> dict[str, Any]:
        return {k: v for k, v in self.values().items() if self.editors[k].isEnabled() and v != self.current[k]}

    def mark(self, errors: dict[str, str]) -> None:
        """Each field's message beside it; the same messages, once each, above the buttons."""
        for key, editor in self.editors.items():
            editor.mark(errors)
            mine = [m for where, m in errors.items() if where == key or where.startswith(f"{key}.")]
            label = self.field_messages[key]
            label.setText("\n".join(dict.fromkeys(mine)))
            label.setVisible(bool(mine))
        self.error_label.setText(" ".join(dict.fromkeys(errors.values())))

    def save(self) -> None:
        changes = self.changed()
        try:
            settings.check(changes, self.current)
        except ValidationError as exc:
            self.mark(exc.field_errors or {"": exc.user_message})
            return
        self.mark({})
        sessions, actor = self.workspace.sessions, self.workspace.actor
        self.save_button.setEnabled(False)

        def done(values: dict[str, Any]) -> None:
            self.save_button.setEnabled(True)
            self.current = dict(values)
            self.show_values(values)
            self.saved.emit(values)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, ValidationError) and exc.field_errors:
                self.mark(exc.field_errors)
            else:
                messages.show_error(self, exc)

        self.runner.db(lambda: settings.write(sessions, actor, changes), done, failed)

    def confirm_county_key(self) -> None:
        """Open the county bureau's identity file and type its digits (services/county_key.py)."""
        from safetydesk.ui.dialogs.sync.county_key_dialog import CountyKeyDialog

        dialog = CountyKeyDialog(self.workspace, self.runner, self)
        dialog.trusted.connect(lambda _result: (self.refresh(), self.rules_changed.emit()))
        dialog.open()
        self.key_dialog = dialog

    def publish(self) -> None:
        """At a county: sign the saved county rules and the county's templates as the next version
        (unsaved edits are not published: save them first)."""
        from safetydesk.services import county_rules

        if self.changed():
            self.mark({"": _("Save the settings first, then publish them.")})
            return
        workspace, actor = self.workspace, self.workspace.actor
        self.publish_button.setEnabled(False)

        def done(found: Any) -> None:
            self.publish_button.setEnabled(True)
            self.county_note.setText(
                _("Published version {version} of the county rules.", version=found.version)
            )
            self.county_note.show()
            self.rules_changed.emit()  # the county console's line names the new version

        def failed(exc: BaseException) -> None:
            self.publish_button.setEnabled(True)
            messages.show_error(self, exc)

        self.runner.db(lambda: county_rules.publish(workspace, actor), done, failed)
