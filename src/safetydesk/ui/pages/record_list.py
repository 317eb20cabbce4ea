"""The generic list page for any record kind: search, filters, table, actions, undo.

UI thread only; it never reads the database itself. The table model loads its pages through the
runner (TaskRunner.query), the filter choices (semesters, classes, staff) arrive the same way,
a record is read (policy-checked, and logged when sensitive) on the database thread before its
form opens, and every change goes through runner.db. After a reload the page keeps (or makes)
the selection it asked for: `refresh(select=uuid)`; `select_record(uuid)` shows one record (the
dashboard's items), clearing a search or filter that hides it.

The selected row is the row acted on: subclasses with a detail panel or actions override
`on_selection(record)`, called after the selection itself changed (a mouse click moves the
current index BEFORE the selection: a panel following currentRowChanged showed the previous row).

Window-wide keys (Ctrl+N new, Ctrl+F search, Ctrl+Z undo) are bound once by the main window,
which calls `new_record`, `focus_search` and `undo` of the page in front; only the table's own
keys (Enter opens, Delete deletes) are bound here. `kinds_shown` names the record kinds whose
changes this page shows (its own and those its columns name), so the window refreshes it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.domain.fields import FieldKind
from safetydesk.domain.registry import RecordKind
from safetydesk.domain.semester import Semester, recent_semesters
from safetydesk.i18n import _
from safetydesk.services import records, schools
from safetydesk.services.changes import Changes
from safetydesk.services.settings import semester_calendar
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages, shortcuts
from safetydesk.ui.dialogs.history import HistoryDialog
from safetydesk.ui.record_form import FormData, RecordForm, load_form_data
from safetydesk.ui.record_table import RecordTableModel
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.date_edit import DateEdit
from safetydesk.ui.widgets.flow_layout import FlowLayout
from safetydesk.ui.widgets.undo_bar import UndoBar

SEARCH_DELAY_MS = 250
REFERENCE_FILTERS = (FieldKind.CLASS, FieldKind.STAFF)


def kinds_behind(kind: RecordKind) -> frozenset[str]:
    """The record kinds a list of `kind` shows: its own and those its references name (a
    renamed staff member changes the 整改责任人 column of the hazard list)."""
    out = {kind.key}
    for f in kind.references():
        out.add(f.ref_kind if f.kind is FieldKind.RECORD and f.ref_kind else str(f.kind))
    return frozenset(out)


def filter_choices(workspace: Workspace, kind: RecordKind) -> tuple[list[Semester], dict[str, list[tuple[str, str]]]]:
    """Database thread: the semesters (from the calendar setting) and the classes or staff a
    list can be filtered by."""
    semesters = (recent_semesters(clock.today(), 6, semester_calendar(workspace.sessions))
                 if kind.date_field else [])
    refs = {f.attr: records.reference_options(workspace.sessions, f)
            for f in kind.filter_fields if f.kind in REFERENCE_FILTERS}
    return semesters, refs


class RecordListPage(QWidget):
    changed = Signal(object)  # Changes, so other pages can refresh
    loaded = Signal()  # the list shows the answer of the newest reload
    model_class: type[RecordTableModel] = RecordTableModel

    def __init__(self, workspace: Workspace, runner: TaskRunner, kind: RecordKind,
                 settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.kind, self.settings = workspace, runner, kind, settings
        self.setObjectName(f"page-{kind.key}")
        self.model = self.model_class(workspace, kind, runner)
        self.model.loaded.connect(self._on_loaded)
        self.model.load_failed.connect(self._on_load_failed)
        self._select_after_load: str | None = None
        self._all_columns = list(kind.table_fields) + [f for f in kind.fields if not f.in_table]
        self.open_forms: list[RecordForm] = []

        title = QLabel(f"<h2>{_(kind.title)}</h2>")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Search ({keys}): any part of the text", keys=shortcuts.FIND.keys))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS,
                                    timeout=self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.new_button = QPushButton(_("New (Ctrl+N)"))  # the key: shortcuts.NEW_RECORD
        self.new_button.setObjectName("new")
        self.edit_button = QPushButton(_("Edit"))
        self.delete_button = QPushButton(_("Delete"))
        self.history_button = QPushButton(_("History"))
        self.export_button = QPushButton(_("Export to Excel"))
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.history_button.clicked.connect(self.show_history)
        self.export_button.clicked.connect(self.export_excel)
        if kind.owner_role != workspace.info.role:
            self.new_button.setEnabled(False)
            self.new_button.setToolTip(_("These records are created by the township centre."))

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        self.actions_row = FlowLayout()
        for b in (self.new_button, self.edit_button, self.delete_button, self.history_button,
                  self.export_button):
            self.actions_row.addWidget(b)
        top.addLayout(self.actions_row, 1)

        self.search.setMinimumWidth(260)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        filters = FlowLayout()
        self.filters_row = filters
        self.filter_widgets: dict[str, QComboBox] = {}
        self.school_box: QComboBox | None = None
        if self.model.show_school:  # a township: one school's records, or every school's
            self.school_box = QComboBox()
            self.school_box.setObjectName("filter-school")
            self.school_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.school_box.addItem(_("School: all"), None)
            self.school_box.currentIndexChanged.connect(self.apply_filters)
            filters.addWidget(self.school_box)
        self.semester_box: QComboBox | None = None
        self.date_from: DateEdit | None = None
        self.date_to: DateEdit | None = None
        if kind.date_field:
            self.semester_box = QComboBox()
            self.semester_box.setObjectName("semester")
            self.semester_box.addItem(_("All semesters"), None)
            self.semester_box.currentIndexChanged.connect(self.apply_filters)
            filters.addWidget(self.semester_box)
            self.date_from, self.date_to = self._date_filter("date-from"), self._date_filter("date-to")
            span = QWidget()
            span_row = QHBoxLayout(span)
            span_row.setContentsMargins(0, 0, 0, 0)
            for w in (QLabel(_("From")), self.date_from, QLabel(_("to")), self.date_to):
                span_row.addWidget(w)
            filters.addWidget(span)
        for f in kind.filter_fields:
            box = QComboBox()
            box.setObjectName(f"filter-{f.attr}")
            box.addItem(_("{label}: all", label=_(f.label)), None)
            if f.kind is FieldKind.CHOICE:
                for c in f.choices:
                    box.addItem(_(c.label), c.code)
            elif f.kind in REFERENCE_FILTERS:
                pass  # filled when the choices arrive (load_filter_choices)
            elif f.kind is FieldKind.BOOL:
                box.addItem(_("Yes"), True)
                box.addItem(_("No"), False)
            else:
                continue
            box.currentIndexChanged.connect(self.apply_filters)
            filters.addWidget(box)
            self.filter_widgets[f.attr] = box

        self.table = QTableView()
        self.table.setObjectName("records-table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.selectionModel().selectionChanged.connect(self._selection_moved)

        self.empty = QLabel()
        self.empty.setObjectName("empty-state")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 15px; padding: 40px;")
        # Parented before the widgets go in: a QStackedLayout without a parent shows its first
        # widget as a window of its own for a moment (it took the focus from the main window).
        self.stack = QStackedLayout(QWidget(self))
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.count_label = QLabel(_("Loading…"))
        self.count_label.setObjectName("count")
        self.columns_button = QPushButton(_("Columns…"))
        self.columns_button.clicked.connect(
            lambda: self._column_menu(self.columns_button.rect().bottomLeft(), self.columns_button))
        self.undo_bar = UndoBar(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.columns_button)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(search_row)
        lay.addLayout(filters)
        lay.addWidget(self.undo_bar)
        lay.addWidget(self.stack.parentWidget(), 1)
        lay.addLayout(bottom)

        for shortcut, slot in ((shortcuts.DELETE_RECORD, self.delete_selected),
                               (shortcuts.OPEN_RECORD, self.edit_selected)):
            shortcuts.bind(shortcut, self.table, slot, Qt.ShortcutContext.WidgetShortcut)
        for b in (self.edit_button, self.delete_button, self.history_button):
            b.setEnabled(False)
        self._restore_columns()
        self.load_filter_choices()
        self.refresh()

    # --- filters -------------------------------------------------------------------------------
    def load_filter_choices(self) -> None:
        """Read the semesters and reference filters on the DB thread; fill the boxes on arrival."""
        if self.school_box is not None:
            ws = self.workspace
            self.runner.query(lambda: schools.schools(ws.sessions),
                              lambda refs: self.school_box is not None and _refill(
                                  self.school_box, [(r.name, r.code) for r in refs]),
                              owner=self, key="schools")
        if self.semester_box is None and not any(f.kind in REFERENCE_FILTERS for f in self.kind.filter_fields):
            return
        ws, kind = self.workspace, self.kind
        self.runner.query(lambda: filter_choices(ws, kind), self._show_filter_choices,
                          owner=self, key="filters")

    def _show_filter_choices(self, result: tuple[list[Semester], dict[str, list[tuple[str, str]]]]) -> None:
        semesters, refs = result
        if self.semester_box is not None:
            _refill(self.semester_box, [(s.label, s.key) for s in semesters])
        for attr, options in refs.items():
            if attr in self.filter_widgets:
                _refill(self.filter_widgets[attr], [(label, uuid) for uuid, label in options])

    def _date_filter(self, name: str) -> DateEdit:
        w = DateEdit(optional=True, blank_text=_("(any)"))
        w.setObjectName(name)
        w.date_changed.connect(lambda _d: self.apply_filters())
        return w

    @staticmethod
    def _date_value(w: DateEdit | None) -> date | None:
        return w.date() if w is not None else None

    def apply_filters(self) -> None:
        q = self.model.query
        q.search = self.search.text().strip()
        q.filters = {attr: box.currentData() for attr, box in self.filter_widgets.items()
                     if box.currentData() is not None}
        q.semester = self.semester_box.currentData() if self.semester_box else None
        q.school = self.school_box.currentData() if self.school_box else None
        q.date_from, q.date_to = self._date_value(self.date_from), self._date_value(self.date_to)
        self.refresh()

    def set_school(self, code: str | None, name: str = "") -> None:
        """Show one school's records (None: every school's), as the township console asks."""
        if self.school_box is None:
            return
        index = self.school_box.findData(code)
        if index < 0 and code is not None:
            self.school_box.addItem(name or code, code)
            index = self.school_box.count() - 1
        if index != self.school_box.currentIndex():
            self.school_box.setCurrentIndex(max(index, 0))  # applies the filters
        else:
            self.apply_filters()

    def open_record(self, uuid: str) -> None:
        """Open one record's form (read on the DB thread, policy-checked), selecting it in the list
        once the list shows it: a register's double-click lands here."""
        ws, kind = self.workspace, self.kind
        self._select_after_load = uuid
        self.runner.query(lambda: load_form_data(ws, kind, uuid), lambda data: self._open_form(data.record, data),
                          lambda exc: messages.show_error(self, exc), owner=self, key="open")

    def refresh(self, select: str | None = None) -> None:
        """Reload the list on the DB thread; then select `select` (or keep the selection)."""
        if select is None and self._select_after_load is None:
            current = self.selected()
            select = current.uuid if current is not None else None
        if select is not None:
            self._select_after_load = select
        self.model.reload()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._select_after_load = None
        text = getattr(exc, "user_message", "") or _("The list could not be read.")
        self.count_label.setText("")
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)
        if not getattr(exc, "user_message", ""):
            messages.show_error(self, exc)

    def _on_loaded(self) -> None:
        total = self.model.total()
        filtered = bool(self.model.query.search or self.model.query.filters or self.model.query.semester
                        or self.model.query.date_from or self.model.query.date_to or self.model.query.school)
        self.count_label.setText(_("{n} records", n=total))
        if total == 0:
            if filtered:
                self.empty.setText(_("No record matches the search or filters. Clear them to see all."))
            else:
                self.empty.setText(_("No {kind} yet. Click “New” ({keys}) to add the first one.",
                                     kind=_(self.kind.title), keys=shortcuts.NEW_RECORD.keys))
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)
        has_rows = total > 0
        for b in (self.edit_button, self.delete_button, self.history_button):
            b.setEnabled(has_rows)
        wanted, self._select_after_load = self._select_after_load, None
        row = self.model.row_of(wanted) if wanted else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.on_selection(self.selected())  # the reset cleared it: panels show nothing
        self.after_load()
        self.update()  # the rows above may have moved (a panel filled): repaint the whole page
        self.loaded.emit()

    def after_load(self) -> None:
        """Subclasses: the rows of the newest reload are shown (and the selection restored)."""

    # --- the selection ---------------------------------------------------------------------------
    @property
    def kinds_shown(self) -> frozenset[str]:
        """The record kinds whose changes this page shows (the window refreshes it for them)."""
        return kinds_behind(self.kind)

    def _selection_moved(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.on_selection(self.selected())

    def on_selection(self, record: records.RecordData | None) -> None:
        """Subclasses: the selection changed (`record` is the one selected now, or None)."""

    def select_record(self, uuid: str) -> bool:
        """Select one record: at once when it is listed (True), else after clearing the search
        and filters and reloading (False; selected when the rows arrive)."""
        row = self.model.row_of(uuid)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            return True
        self._select_after_load = uuid
        self._search_timer.stop()
        boxes: list[QWidget] = [self.search, *self.filter_widgets.values()]
        boxes += [w for w in (self.semester_box, self.date_from, self.date_to) if w is not None]
        for w in boxes:
            w.blockSignals(True)
        try:
            self.search.clear()
            for box in self.filter_widgets.values():
                box.setCurrentIndex(0)
            if self.semester_box is not None:
                self.semester_box.setCurrentIndex(0)
            for edit in (self.date_from, self.date_to):
                if edit is not None:
                    edit.clear_date()
        finally:
            for w in boxes:
                w.blockSignals(False)
        self.apply_filters()
        return False

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- columns -------------------------------------------------------------------------------
    def _settings_key(self) -> str:
        return f"columns/{self.kind.key}"

    def _restore_columns(self) -> None:
        saved = self.settings.value(self._settings_key())
        if saved:
            attrs = saved if isinstance(saved, list) else str(saved).split(",")
            cols = [f for a in attrs for f in self._all_columns if f.attr == a]
            if cols:
                self.model.set_columns(cols)
        metrics = self.table.fontMetrics()
        samples = {FieldKind.DATE: "2026年12月28日", FieldKind.DATETIME: "2026年12月28日 23:59"}
        for i, f in enumerate(self.model.columns):
            sample = samples.get(f.kind)
            if f.kind is FieldKind.CHOICE and f.choices:
                content = max(metrics.horizontalAdvance(_(c.label)) for c in f.choices)
            elif sample:
                content = metrics.horizontalAdvance(sample)
            else:
                content = f.width * metrics.horizontalAdvance("0")
            label = metrics.horizontalAdvance(_(f.label))
            self.table.setColumnWidth(i, min(max(content, label) + 24, 360))
        school = self.model.school_column()
        if school >= 0:  # the 学校 column first, where the eye starts
            header = self.table.horizontalHeader()
            self.table.setColumnWidth(school, metrics.horizontalAdvance("城关镇第一中心小学") + 24)
            header.moveSection(header.visualIndex(school), 0)

    def set_visible_columns(self, attrs: list[str]) -> None:
        cols = [f for f in self._all_columns if f.attr in attrs]
        if not cols:
            return
        self.model.set_columns(cols)
        self.settings.setValue(self._settings_key(), ",".join(f.attr for f in cols))
        self.settings.sync()
        self._restore_columns()

    def _column_menu(self, pos: object, widget: QWidget | None = None) -> None:
        menu = QMenu(self)
        shown = {f.attr for f in self.model.columns}
        for f in self._all_columns:
            action = QAction(_(f.label), menu, checkable=True, checked=f.attr in shown)
            action.toggled.connect(lambda on, a=f.attr: self._toggle_column(a, on))
            menu.addAction(action)
        anchor = widget or self.table.horizontalHeader()
        menu.popup(anchor.mapToGlobal(pos))

    def _toggle_column(self, attr: str, on: bool) -> None:
        attrs = [f.attr for f in self.model.columns]
        if on and attr not in attrs:
            attrs.append(attr)
        elif not on and attr in attrs and len(attrs) > 1:
            attrs.remove(attr)
        self.set_visible_columns(attrs)

    # --- actions -------------------------------------------------------------------------------
    def selected(self) -> records.RecordData | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            current = self.table.currentIndex()
            return self.model.record_at(current.row()) if current.isValid() else None
        return self.model.record_at(rows[0].row())

    def new_record(self) -> RecordForm | None:
        """A blank form at once; its pickers fill when their choices arrive from the DB thread."""
        if not self.new_button.isEnabled():
            return None
        return self._open_form(None)

    def edit_selected(self) -> None:
        """Read the record on the DB thread (the policy checks it, a sensitive read is logged),
        then open its form; a refusal is shown and opens nothing."""
        record = self.selected()
        if record is None:
            return
        ws, kind, uuid = self.workspace, self.kind, record.uuid
        self.runner.query(lambda: load_form_data(ws, kind, uuid), lambda data: self._open_form(data.record, data),
                          lambda exc: messages.show_error(self, exc), owner=self, key="open")

    def _open_form(self, record: records.RecordData | None, data: FormData | None = None) -> Any:
        form = RecordForm(self.workspace, self.runner, self.kind, record, self, data=data)
        form.saved.connect(self._after_save)
        form.finished.connect(lambda _r, f=form: self.open_forms.remove(f) if f in self.open_forms else None)
        self.open_forms.append(form)
        form.open()
        return form

    def _after_save(self, uuid: str) -> None:
        self.refresh(select=uuid)
        self.changed.emit(Changes.of(self.kind.key))
        self.status(_("Saved"))

    def status(self, text: str, msecs: int = 6000) -> None:
        """A passing message in the main window's status bar (if the page sits in one)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, msecs)

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        ws, key, uuid = self.workspace, self.kind.key, record.uuid
        title = str(record.values.get(self.kind.title_field) or "") if self.kind.title_field else ""

        def done(changes: Changes) -> None:
            self.refresh()
            self.undo_bar.offer(_("Deleted “{title}”.", title=title or _(self.kind.title)),
                                lambda: self._restore(uuid))
            self.changed.emit(changes)

        self.runner.db(lambda: records.delete(ws.sessions, ws.actor, key, uuid), done)

    def _restore(self, uuid: str) -> None:
        ws, key = self.workspace, self.kind.key

        def done(changes: Changes) -> None:
            self.refresh()
            self.changed.emit(changes)

        self.runner.db(lambda: records.restore(ws.sessions, ws.actor, key, uuid), done)

    def undo(self) -> None:
        if self.undo_bar.can_undo():
            self.undo_bar.trigger()

    def show_history(self) -> None:
        """Read the record's history on the DB thread, then show it."""
        record = self.selected()
        if record is None:
            return
        ws, key, uuid = self.workspace, self.kind.key, record.uuid

        kind = self.kind

        def load() -> tuple[list[records.HistoryEntry], dict[str, str]]:
            entries = records.history(ws.sessions, key, uuid)
            return entries, records.history_labels(ws.sessions, kind, entries)

        def show(loaded: tuple[list[records.HistoryEntry], dict[str, str]]) -> None:
            self.history_dialog = HistoryDialog(self.kind, loaded[0], self, labels=loaded[1])
            self.history_dialog.open()

        self.runner.query(load, show,
                          lambda exc: messages.show_error(self, exc), owner=self, key="history")

    def export_excel(self, path: str | None = None) -> None:
        if not path:
            suggested = f"{_(self.kind.title)}-{clock.today():%Y%m%d}.xlsx"
            path, _filter = QFileDialog.getSaveFileName(self, _("Export to Excel"), suggested,
                                                        _("Excel workbook (*.xlsx)"))
            if not path:
                return
        from safetydesk.services import ledgers

        # The ledger carries every exported field of the kind, filtered as the list is.
        ws, query = self.workspace, records.ListQuery(**vars(self.model.query))
        self.runner.long(
            lambda progress: ledgers.export_list_xlsx(ws, query, path, progress=progress),
            _("Exporting to Excel…"), self,
            on_success=lambda n: self.status(_("Exported {n} records to {path}", n=n, path=path)),
            on_failure=lambda exc: messages.show_error(self, exc))


def _refill(box: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a filter box's choices after its first ("all") item, keeping the current choice
    (no change signal: the filter did not change)."""
    current, label = box.currentData(), box.currentText()
    box.blockSignals(True)
    try:
        while box.count() > 1:
            box.removeItem(1)
        for text, data in items:
            box.addItem(text, data)
        if current is not None:
            index = box.findData(current)
            if index < 0:
                box.addItem(label, current)
                index = box.count() - 1
            box.setCurrentIndex(index)
    finally:
        box.blockSignals(False)
