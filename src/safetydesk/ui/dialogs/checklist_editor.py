"""The checklist template editor: pick a template, edit its name, category, frequency and items
(one per line, "检查项目：检查内容"); saving changed items makes a new version, so inspections
already made keep the version they used. The list of templates is read, and every save runs,
on the database thread; labels come from the checklist template kind's fields.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.registry import get_kind
from safetydesk.i18n import _
from safetydesk.services import checklists
from safetydesk.services.workspace import Workspace
from safetydesk.ui.tasks import TaskRunner


class ChecklistEditor(QDialog):
    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self._list: list[checklists.Template] = []
        self.setObjectName("checklist-editor")
        self.setWindowTitle(_("Checklist templates"))
        self.resize(720, 560)
        kind = get_kind("checklist_template")
        self.templates = QComboBox()
        self.templates.setObjectName("templates")
        self.templates.currentIndexChanged.connect(self._show)
        self.new_button = QPushButton(_("New template"))
        self.new_button.clicked.connect(self.new_template)
        self.bundled_button = QPushButton(_("Add the bundled templates"))
        self.bundled_button.clicked.connect(self.add_bundled)
        top = QHBoxLayout()
        top.addWidget(self.templates, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.bundled_button)

        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.category = QComboBox()
        self.category.setObjectName("category")
        for c in kind.field("category").choices:
            self.category.addItem(_(c.label), c.code)
        self.frequency = QComboBox()
        self.frequency.setObjectName("frequency")
        for c in kind.field("frequency").choices:
            self.frequency.addItem(_(c.label), c.code)
        self.version = QLabel()
        self.version.setObjectName("version")
        self.items = QPlainTextEdit()
        self.items.setObjectName("items")
        self.items.setPlaceholderText(_("One item per line: 检查项目：检查内容"))
        form = QFormLayout()
        for attr, widget in (("name", self.name), ("category", self.category), ("frequency", self.frequency),
                             ("version", self.version), ("items", self.items)):
            form.addRow(_(kind.field(attr).label), widget)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.save_button = QPushButton(_("Save template"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(form, 1)
        lay.addLayout(bottom)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the templates on the DB thread; the list fills (and selects `select`) on arrival."""
        sessions = self.workspace.sessions
        self.runner.query(lambda: checklists.list_templates(sessions), lambda found: self._fill(found, select),
                          owner=self, key="templates")

    def _fill(self, found: list[checklists.Template], select: str | None) -> None:
        self._list = found
        self.templates.blockSignals(True)
        self.templates.clear()
        for t in self._list:
            self.templates.addItem(f"{t.name} (v{t.version})", t.uuid)
        self.templates.blockSignals(False)
        index = self.templates.findData(select) if select else 0
        self.templates.setCurrentIndex(max(0, index))
        self._show()

    def _show(self) -> None:
        uuid = self.templates.currentData()
        t = next((t for t in self._list if t.uuid == uuid), None)
        self.error.clear()
        if t is None:
            self.name.clear()
            self.items.clear()
            self.version.setText("1")
            return
        self.name.setText(t.name)
        self.category.setCurrentIndex(max(0, self.category.findData(t.category)))
        self.frequency.setCurrentIndex(max(0, self.frequency.findData(t.frequency)))
        self.version.setText(str(t.version))
        self.items.setPlainText(checklists.items_text(t.items))

    def new_template(self) -> None:
        self.templates.setCurrentIndex(-1)
        self.name.clear()
        self.items.clear()
        self.version.setText("1")
        self.name.setFocus()

    def add_bundled(self) -> None:
        ws = self.workspace
        self.runner.db(lambda: checklists.install_bundled(ws.sessions, ws.actor), lambda _c: self.reload())

    def save(self) -> None:
        ws = self.workspace
        uuid = self.templates.currentData()
        name, items = self.name.text(), list(checklists.parse_items(self.items.toPlainText()))
        category, frequency = self.category.currentData(), self.frequency.currentData()
        self.runner.db(
            lambda: checklists.save_template(ws.sessions, ws.actor, name, category, frequency, items, uuid),
            lambda new_uuid: self.reload(new_uuid),
            lambda exc: self.error.setText(getattr(exc, "user_message", "") or str(exc)),
        )
