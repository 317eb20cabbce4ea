"""The print dialog (ui.extensions.reports_menu opens it): pick a form or ledger, a period, then
preview or save.

Reports are grouped by the county notice's mechanisms (_reports_choices.py) and shown by their
Chinese titles only; typing in the search box filters them as you type (a title containing the
typed text; the groups that keep no entry hide). Opened from a record kind's page, the dialog
starts on that kind's ledger. The period last chosen (semester, date range or all records) is
remembered in the installation's QSettings file with the window's other UI memories (last user,
table columns): it is one clerk's habit at this PC, not a rule anyone configures, audits or
syncs, so it does not belong in the settings registry. "Show names" appears only for a report
the person may print names on (services.report_catalog.may_show_names), unchecked each time; the
print is audited. An incident report (首报/续报/终报) asks which incident.

The choices are read on the database thread when the dialog opens (its buttons wait for them);
rendering runs through window.runner.long (the database thread, a progress dialog after ~300 ms,
Cancel leaves no file); the in-app preview opens when the PDF is complete.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from safetydesk.domain import clock
from safetydesk.errors import Cancelled
from safetydesk.i18n import _
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.ui.extensions._reports_choices import Choices, ReportEntry, ledger_for_kind, load_choices
from safetydesk.ui.widgets.date_edit import DateEdit

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow

NAME_ROLE = Qt.ItemDataRole.UserRole
KIND_PAGE = "kind:"
REPORT_PAGE = "report:"  # a page id naming the report to start on
PERIOD_KEY = "reports/period"  # semester | range | all
SEMESTER_KEY = "reports/semester"
FROM_KEY = "reports/from"
TO_KEY = "reports/to"


class ReportsDialog(QDialog):
    def __init__(self, window: MainWindow, page_id: str | None = None) -> None:
        """`page_id`: the page the dialog was opened from (a kind's page preselects its ledger)."""
        super().__init__(window)
        self.window_ = window
        self.workspace = window.workspace
        self.settings = window.settings
        self.page_id = page_id or ""
        self.choices: Choices | None = None
        self.loaded = False
        self.setObjectName("reports-dialog")
        self.setWindowTitle(_("Print a form or ledger"))

        self.search = QLineEdit()
        self.search.setObjectName("reports-search")
        self.search.setPlaceholderText(_("Type to filter, e.g. 隐患 or 台账"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reports-list")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.addTopLevelItem(QTreeWidgetItem([_("Loading…")]))
        self.tree.currentItemChanged.connect(lambda _c, _p: self._selection_changed())
        self.tree.itemDoubleClicked.connect(lambda item, _col: self.preview() if item.data(0, NAME_ROLE) else None)
        self.none_found = QLabel(_("No report matches the text typed."))
        self.none_found.setObjectName("reports-none")
        self.none_found.hide()

        self.all_radio = QRadioButton(_("All records"))
        self.sem_radio = QRadioButton(_("Semester"))
        self.range_radio = QRadioButton(_("From"))
        group = QButtonGroup(self)
        for b in (self.sem_radio, self.range_radio, self.all_radio):
            group.addButton(b)
        self.semester = QComboBox()
        self.semester.setObjectName("reports-semester")
        today = clock.today()
        self.date_from, self.date_to = DateEdit(optional=False), DateEdit(optional=False)  # the one date editor
        self.date_from.set_date(today.replace(day=1))
        self.date_to.set_date(today)
        self.incident_label = QLabel(_("Incident"))
        self.incident = QComboBox()
        self.incident.setObjectName("reports-incident")
        self.show_names = QCheckBox(_("Print names on sensitive forms"))
        self.show_names.setObjectName("reports-show-names")
        self.show_names.setToolTip(_("Names and phone numbers print in full; the print is recorded in the audit log."))
        self.show_names.hide()
        self.excel = QCheckBox(_("Excel workbook instead of PDF"))
        self.excel.setObjectName("reports-excel")

        period = QGridLayout()
        period.addWidget(self.sem_radio, 0, 0)
        period.addWidget(self.semester, 0, 1, 1, 3)
        period.addWidget(self.range_radio, 1, 0)
        period.addWidget(self.date_from, 1, 1)
        period.addWidget(QLabel(_("to")), 1, 2)
        period.addWidget(self.date_to, 1, 3)
        period.addWidget(self.all_radio, 2, 0)
        period.addWidget(self.incident_label, 3, 0)
        period.addWidget(self.incident, 3, 1, 1, 3)
        period.setColumnStretch(1, 1)
        period.setColumnStretch(3, 1)

        self.preview_button = QPushButton(_("Preview…"))
        self.preview_button.setObjectName("reports-preview")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.setObjectName("reports-save")
        self.save_button.clicked.connect(self.save_as)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.preview_button, self.save_button, close):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("Choose a form or ledger:")))
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.none_found)
        lay.addLayout(period)
        lay.addWidget(self.show_names)
        lay.addWidget(self.excel)
        lay.addLayout(buttons)
        self.resize(620, 660)
        self._restore_period()
        self._show_incident_picker(False)
        for b in (self.preview_button, self.save_button):
            b.setEnabled(False)
        ws = self.workspace
        window.runner.db(lambda: load_choices(ws), self._show_choices)

    # --- the list ---------------------------------------------------------------------------------

    def _show_choices(self, choices: Choices) -> None:
        self.choices = choices
        self.tree.clear()
        for group in choices.groups:
            top = QTreeWidgetItem([group.title])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a choice
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for entry in group.entries:
                child = QTreeWidgetItem([entry.title])
                child.setData(0, NAME_ROLE, entry.name)
                child.setToolTip(0, entry.title)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        for sem in choices.semesters:
            self.semester.addItem(sem.label, sem.key)
        remembered = self.settings.value(SEMESTER_KEY)
        index = self.semester.findData(remembered) if remembered else -1
        if index >= 0:
            self.semester.setCurrentIndex(index)
        for uuid, label in choices.incidents:
            self.incident.addItem(label, uuid)
        start = None
        if self.page_id.startswith(KIND_PAGE):
            start = ledger_for_kind(choices.entries(), self.page_id[len(KIND_PAGE) :])
        elif self.page_id.startswith(REPORT_PAGE):  # opened to print one report (the county's 通报)
            start = choices.entry(self.page_id[len(REPORT_PAGE) :])
        self.select(start.name if start else choices.entries()[0].name)
        self.loaded = True
        self._selection_changed()
        self.search.setFocus()
        QTimer.singleShot(0, self._scroll_to_current)  # once the expanded tree is laid out

    def _scroll_to_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.tree.scrollToItem(item, QTreeWidget.ScrollHint.PositionAtCenter)

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out += [top.child(j) for j in range(top.childCount())]
        return out

    def visible_titles(self) -> dict[str, list[str]]:
        """What the list shows: group title -> the titles under it (hidden ones left out)."""
        shown: dict[str, list[str]] = {}
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.isHidden():
                continue
            shown[top.text(0)] = [top.child(j).text(0) for j in range(top.childCount()) if not top.child(j).isHidden()]
        return shown

    def select(self, name: str) -> bool:
        for item in self._items():
            if item.data(0, NAME_ROLE) == name:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def filter(self, text: str) -> None:
        """Show the reports whose title contains `text` (ignoring spaces and case), and their groups."""
        needle = "".join(text.split()).lower()
        first: QTreeWidgetItem | None = None
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            any_shown = False
            for j in range(top.childCount()):
                child = top.child(j)
                hit = not needle or needle in "".join(child.text(0).split()).lower()
                child.setHidden(not hit)
                if hit and child.data(0, NAME_ROLE):
                    any_shown = True
                    first = first or child
            top.setHidden(not any_shown)
        self.tree.expandAll()
        self.none_found.setVisible(self.loaded and first is None)
        current = self.tree.currentItem()
        if first is not None and (current is None or current.isHidden() or not current.data(0, NAME_ROLE)):
            self.tree.setCurrentItem(first)
        self._selection_changed()

    def entry(self) -> ReportEntry | None:
        item = self.tree.currentItem()
        if self.choices is None or item is None or item.isHidden():
            return None
        name = item.data(0, NAME_ROLE)
        return self.choices.entry(name) if name else None

    def _selection_changed(self) -> None:
        entry = self.entry() if self.loaded else None
        for b in (self.preview_button, self.save_button):
            b.setEnabled(entry is not None)
        self.show_names.setChecked(False)  # off for every report chosen: names print only when asked
        self.show_names.setVisible(entry is not None and entry.may_show_names)
        self.excel.setEnabled(entry is not None and "xlsx" in entry.formats)
        self._show_incident_picker(entry is not None and entry.needs_incident)

    def _show_incident_picker(self, shown: bool) -> None:
        self.incident_label.setVisible(shown)
        self.incident.setVisible(shown)
        for w in (self.sem_radio, self.range_radio, self.all_radio, self.semester, self.date_from, self.date_to):
            w.setEnabled(not shown)  # an incident's report is about the incident, not a period

    # --- the period, remembered -------------------------------------------------------------------

    def _restore_period(self) -> None:
        period = str(self.settings.value(PERIOD_KEY, "semester") or "semester")
        {"range": self.range_radio, "all": self.all_radio}.get(period, self.sem_radio).setChecked(True)
        for key, edit in ((FROM_KEY, self.date_from), (TO_KEY, self.date_to)):
            with contextlib.suppress(ValueError):  # nothing remembered yet (or not a date): keep this month
                edit.set_date(date.fromisoformat(str(self.settings.value(key, "") or "")))

    def remember_period(self) -> None:
        period = "range" if self.range_radio.isChecked() else "all" if self.all_radio.isChecked() else "semester"
        self.settings.setValue(PERIOD_KEY, period)
        if self.semester.currentData():
            self.settings.setValue(SEMESTER_KEY, self.semester.currentData())
        for key, edit in ((FROM_KEY, self.date_from), (TO_KEY, self.date_to)):
            chosen = edit.date()
            if chosen is not None:
                self.settings.setValue(key, chosen.isoformat())

    def done(self, result: int) -> None:
        if self.loaded:
            self.remember_period()
        super().done(result)

    # --- printing ---------------------------------------------------------------------------------

    def request(self, out: Path, entry: ReportEntry) -> ReportRequest:
        kwargs: dict[str, object] = {}
        if entry.needs_incident:
            kwargs["record"] = self.incident.currentData()
        elif self.sem_radio.isChecked():
            kwargs["semester"] = self.semester.currentData()
        elif self.range_radio.isChecked():
            kwargs["date_from"] = self.date_from.date() or clock.today().replace(day=1)
            kwargs["date_to"] = self.date_to.date() or clock.today()
        show = entry.may_show_names and self.show_names.isChecked()
        return ReportRequest(out=out, mask_names=not show, **kwargs)  # type: ignore[arg-type]

    def _ready(self) -> ReportEntry | None:
        entry = self.entry() if self.loaded else None
        if entry is None:
            return None
        if entry.needs_incident and not self.incident.currentData():
            from safetydesk.ui import messages

            messages.show_error(self, _no_incident())
            return None
        self.remember_period()
        return entry

    def _run(self, entry: ReportEntry, req: ReportRequest, on_done: Callable[[], None]) -> None:
        from safetydesk.services import report_catalog

        ws = self.workspace
        self.window_.runner.long(
            lambda progress: report_catalog.render(ws, report_catalog.get_report(entry.name), req, progress),
            _("Writing {title}…", title=entry.title),
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
        entry = self._ready()
        if entry is None or "pdf" not in entry.formats:
            return
        folder = Path(tempfile.mkdtemp(prefix="safetydesk-preview-"))
        out = folder / f"{entry.name}.pdf"

        def done() -> None:
            from safetydesk.ui.dialogs.print_preview import show_preview

            show_preview(out, entry.title, self)

        self._run(entry, self.request(out, entry), done)

    def save_as(self) -> None:
        entry = self._ready()
        if entry is None:
            return
        fmt = "xlsx" if self.excel.isChecked() and "xlsx" in entry.formats else "pdf"
        suggested = str(Path.home() / f"{entry.title}.{fmt}")
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

                show_preview(out, entry.title, self)

        self._run(entry, self.request(out, entry), done)


def _no_incident() -> Exception:
    from safetydesk.errors import SafetyDeskError

    return SafetyDeskError(_("There is no incident to report on yet. Record the incident first."))

