"""The dialog that imports staff, classes and students from the Excel template.

Reading, checking and writing run on the database thread (runner.long, with progress and
Cancel); every problem of a bad file is listed by sheet, row and column, and nothing is imported
until the whole file is clean.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.errors import Cancelled, SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import people_import
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.tasks import TaskRunner


def template_file_name() -> str:
    return _("staff-classes-students-template") + f"-{clock.today():%Y%m%d}.xlsx"


def save_template(
    parent: QWidget, runner: TaskRunner, path: str | None = None, on_done: object = None
) -> None:
    """Ask where (unless `path` is given) and write the template off the UI thread."""
    if not path:
        path, _filter = QFileDialog.getSaveFileName(
            parent, _("Save the import template"), template_file_name(), _("Excel workbook (*.xlsx)")
        )
        if not path:
            return
    target = path

    def done(result: Path) -> None:
        if callable(on_done):
            on_done(result)

    runner.long(
        lambda _progress: people_import.write_template(target),
        _("Saving the template…"),
        parent,
        on_success=done,
        on_failure=lambda exc: messages.show_error(parent, exc),
        cancellable=False,
    )


class PeopleImportDialog(QDialog):
    imported = Signal(object)  # Changes

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.setObjectName("people-import")
        self.setWindowTitle(_("Import staff, classes and students"))
        self.resize(760, 520)
        self.busy = False

        intro = QLabel(
            _(
                "Fill in the template (sheets {sheets}) and choose the file. Every row is checked "
                "first; nothing is imported until the whole file is correct. Each problem is listed "
                "below with its sheet, row and column.",
                sheets="、".join(people_import.sheet_title(k) for k in people_import.KIND_ORDER),
            )
        )
        intro.setWordWrap(True)
        self.template_button = QPushButton(_("Save the template…"))
        self.template_button.setObjectName("save-template")
        self.template_button.clicked.connect(
            lambda: save_template(self, self.runner, on_done=self._template_saved)
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import-path")
        self.path_edit.setPlaceholderText(_("Excel file (.xlsx)"))
        self.path_edit.textChanged.connect(lambda _t: self._update_buttons())
        browse = QPushButton(_("Choose file…"))
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)

        self.status = QLabel()
        self.status.setObjectName("import-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QTableWidget(0, 4)
        self.problems.setObjectName("import-problems")
        self.problems.setHorizontalHeaderLabels([_("Sheet"), _("Row"), _("Column"), _("Problem")])
        self.problems.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().setVisible(False)

        self.check_button = QPushButton(_("Check only"))
        self.check_button.setObjectName("check-file")
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("import-file")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)

        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(file_row)
        lay.addWidget(self.status)
        lay.addWidget(self.problems, 1)
        lay.addWidget(buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = bool(self.path_edit.text().strip()) and not self.busy
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)

    def _template_saved(self, path: Path) -> None:
        self.status.setText(_("Template saved to {path}. Fill it in, then choose it here.", path=str(path)))
        if not self.path_edit.text():
            self.path_edit.setText(str(path))

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the Excel file"), "", _("Excel workbook (*.xlsx)")
        )
        if path:
            self.path_edit.setText(path)

    def start(self, dry_run: bool = False) -> None:
        path = self.path_edit.text().strip()
        if not path or self.busy:
            return
        self.busy = True
        self._update_buttons()
        self.problems.setRowCount(0)
        self.status.setText(_("Checking…"))
        ws = self.workspace
        title = _("Checking the file…") if dry_run else _("Importing staff, classes and students…")
        self.runner.long(
            lambda progress: people_import.import_people(
                ws.sessions, ws.actor, path, progress, dry_run=dry_run
            ),
            title,
            self,
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, summary: people_import.ImportSummary) -> None:
        self.busy = False
        self._update_buttons()
        counts = people_import.count_text(summary)
        if summary.dry_run:
            self.status.setText(
                _("The file is correct: {counts}. Click “Import” to import it.", counts=counts)
            )
            return
        if not summary.total:
            self.status.setText(_("The file holds no rows to import."))
            return
        self.status.setText(_("Imported: {counts}.", counts=counts))
        self.imported.emit(summary.changes)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update_buttons()
        if isinstance(exc, people_import.PeopleImportRejected):
            self.status.setText(
                _(
                    "The file has {n} problems; nothing was imported. Correct them in "
                    "the file and import it again.",
                    n=len(exc.problems) + exc.more,
                )
            )
            self.show_problems(exc.problems)
        elif isinstance(exc, Cancelled):
            self.status.setText(_("Cancelled; nothing was imported."))
        elif isinstance(exc, SafetyDeskError):
            self.status.setText(exc.user_message)
        else:
            self.status.setText(_("Something went wrong. Your data was not changed."))
            messages.show_error(self, exc)

    def show_problems(self, problems: list[people_import.Problem]) -> None:
        self.problems.setRowCount(len(problems))
        for i, p in enumerate(problems):
            for c, text in enumerate((p.sheet, str(p.row) if p.row else "", p.column, p.message)):
                self.problems.setItem(i, c, QTableWidgetItem(text))
        self.problems.resizeColumnsToContents()
        self.problems.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
