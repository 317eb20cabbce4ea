"""The Reports dialog (ui.extensions.reports_menu opens it): pick any report of the catalogue, a
period or semester, then preview or save.

The catalogue and the school's semester calendar are read on the database thread when the dialog
opens (its buttons wait for them); rendering runs through window.runner.long (the database thread,
a progress dialog after ~300 ms, Cancel leaves no file); the preview opens when the PDF is complete.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from safetydesk.domain import clock
from safetydesk.domain.semester import Semester, recent_semesters
from safetydesk.errors import Cancelled
from safetydesk.i18n import _
from safetydesk.services import report_catalog
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, report_title
from safetydesk.services.workspace import Workspace
from safetydesk.ui.widgets.date_edit import DateEdit

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow


def load_choices(ws: Workspace) -> tuple[list[ReportSpec], list[Semester]]:
    """DB thread: every report of the catalogue (its modules are imported here) and the recent
    semesters by the school's calendar."""
    from safetydesk.services.settings import semester_calendar

    specs = sorted(report_catalog.all_reports(), key=_generic_last)
    return specs, recent_semesters(clock.today(), 6, semester_calendar(ws.sessions))


class ReportsDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.workspace = window.workspace
        self.loaded = False
        self.setObjectName("reports-dialog")
        self.setWindowTitle(_("Reports"))
        self.list = QListWidget()
        self.list.setObjectName("reports-list")
        self.list.addItem(_("Loading…"))

        self.all_radio = QRadioButton(_("All records"))
        self.sem_radio = QRadioButton(_("Semester"))
        self.range_radio = QRadioButton(_("From"))
        group = QButtonGroup(self)
        for b in (self.sem_radio, self.range_radio, self.all_radio):
            group.addButton(b)
        self.sem_radio.setChecked(True)
        self.semester = QComboBox()
        today = clock.today()
        self.date_from, self.date_to = DateEdit(optional=False), DateEdit(optional=False)
        self.date_from.set_date(today.replace(day=1))
        self.date_to.set_date(today)
        self.show_names = QCheckBox(_("Print names on sensitive forms"))
        self.excel = QCheckBox(_("Excel workbook instead of PDF"))

        period = QGridLayout()
        period.addWidget(self.sem_radio, 0, 0)
        period.addWidget(self.semester, 0, 1, 1, 3)
        period.addWidget(self.range_radio, 1, 0)
        period.addWidget(self.date_from, 1, 1)
        period.addWidget(QLabel(_("to")), 1, 2)
        period.addWidget(self.date_to, 1, 3)
        period.addWidget(self.all_radio, 2, 0)

        self.preview_button = QPushButton(_("Preview…"))
        self.preview_button.setObjectName("reports-preview")
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.clicked.connect(self.save_as)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.preview_button, self.save_button, close):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("Choose a form or ledger:")))
        lay.addWidget(self.list, 1)
        lay.addLayout(period)
        lay.addWidget(self.show_names)
        lay.addWidget(self.excel)
        lay.addLayout(buttons)
        self.resize(620, 640)
        self.list.itemDoubleClicked.connect(lambda _i: self.preview())
        for b in (self.preview_button, self.save_button):
            b.setEnabled(False)
        ws = self.workspace
        window.runner.db(lambda: load_choices(ws), self._show_choices)

    def _show_choices(self, choices: tuple[list[ReportSpec], list[Semester]]) -> None:
        specs, semesters = choices
        self.list.clear()
        for spec in specs:
            item = QListWidgetItem(f"{report_title(spec)}  ({spec.name})")
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        for sem in semesters:
            self.semester.addItem(sem.label, sem.key)
        for b in (self.preview_button, self.save_button):
            b.setEnabled(True)
        self.loaded = True

    def spec(self) -> ReportSpec:
        return report_catalog.get_report(self.list.currentItem().data(Qt.ItemDataRole.UserRole))

    def request(self, out: Path) -> ReportRequest:
        kwargs: dict[str, object] = {}
        if self.sem_radio.isChecked():
            kwargs["semester"] = self.semester.currentData()
        elif self.range_radio.isChecked():
            kwargs["date_from"] = self.date_from.date() or clock.today().replace(day=1)
            kwargs["date_to"] = self.date_to.date() or clock.today()
        return ReportRequest(out=out, mask_names=not self.show_names.isChecked(), **kwargs)  # type: ignore[arg-type]

    def _run(self, spec: ReportSpec, req: ReportRequest, on_done: Callable[[], None]) -> None:
        ws = self.workspace
        self.window_.runner.long(
            lambda progress: report_catalog.render(ws, spec, req, progress),
            _("Writing {title}…", title=report_title(spec)),
            self,
            on_success=lambda _n: on_done(),
            on_failure=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        from safetydesk.ui import messages

        messages.show_error(self, exc)

    def preview(self) -> None:
        if not self.loaded:
            return
        spec = self.spec()
        if "pdf" not in spec.formats:
            return
        folder = Path(tempfile.mkdtemp(prefix="safetydesk-preview-"))
        out = folder / f"{spec.name}.pdf"
        req = self.request(out)

        def done() -> None:
            from safetydesk.ui.dialogs.print_preview import show_preview

            show_preview(out, report_title(spec), self)

        self._run(spec, req, done)

    def save_as(self) -> None:
        if not self.loaded:
            return
        spec = self.spec()
        fmt = "xlsx" if self.excel.isChecked() and "xlsx" in spec.formats else "pdf"
        suggested = str(Path.home() / f"{report_title(spec)}.{fmt}")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as"), suggested, f"*.{fmt}")
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != f".{fmt}":
            out = out.with_suffix(f".{fmt}")

        def done() -> None:
            self.window_.show_message(_("Saved {path}", path=out), 8000)
            if fmt == "pdf":
                from safetydesk.ui.dialogs.print_preview import show_preview

                show_preview(out, report_title(spec), self)

        self._run(spec, self.request(out), done)


def _generic_last(spec: ReportSpec) -> tuple[bool, str]:
    """The official forms first, then the plain ledger every record kind has."""
    generic = len(spec.kinds) == 1 and spec.name == f"{spec.kinds[0].replace('_', '-')}-ledger"
    return generic, spec.name

