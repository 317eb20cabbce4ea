"""The inspection page: the generic list plus "New inspection from a checklist…", a keyboard
walker over the checklist's items, "Log hazards from failed items" and the template editor.

The walker: 1 = pass, 2 = fail (the cursor goes to the note: say what is wrong), 3 = not
applicable, Enter = next item; Ctrl+Enter saves. "Save and log hazards" saves the inspection and
makes one prefilled hazard per failed item in the same action and the same transaction
(inspections.save_with_hazards). Every read (templates, the chosen template, staff) and every
write runs on the runner's database thread; the walker opens once its template has arrived.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _, format_date
from safetydesk.services import checklists, hazards, inspections, records
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages, shortcuts
from safetydesk.ui.pages import register_kind_page
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.date_edit import DateEdit
from safetydesk.ui.widgets.flow_layout import FlowLayout

RESULT_LABELS = {
    inspections.PASS: N_("Pass"),
    inspections.FAIL: N_("Fail"),
    inspections.NA: N_("Not applicable"),
    "": N_("Not checked"),
}
RESULT_COLOURS = {
    inspections.PASS: "#2e7d32",
    inspections.FAIL: "#c62828",
    inspections.NA: "#757575",
    "": "#000000",
}
KEYS = {Qt.Key.Key_1: inspections.PASS, Qt.Key.Key_2: inspections.FAIL, Qt.Key.Key_3: inspections.NA}


class InspectionWalker(QDialog):
    """Walk a checklist with the keyboard; emits nothing: the page saves through `save()`."""

    def __init__(
        self, page: InspectionPage, draft: inspections.InspectionDraft, staff: list[tuple[str, str]]
    ) -> None:
        super().__init__(page)
        self.page, self.draft = page, draft
        self.setObjectName("inspection-walker")
        self.setWindowTitle(
            _("Inspection: {name} (version {n})", name=draft.template_name, n=draft.template_version)
        )
        self.resize(760, 560)
        self.current = 0

        self.date = DateEdit(optional=False)
        self.date.setObjectName("inspected-on")
        self.date.set_date(clock.today())
        self.inspector = QComboBox()
        self.inspector.setObjectName("inspector")
        for uuid, name in staff:
            self.inspector.addItem(name, uuid)
        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.location.setPlaceholderText(_("Optional: the building or area (put before each failed item's name)"))
        head = QFormLayout()
        inspection, hazard = get_kind(inspections.KIND), get_kind("hazard")
        head.addRow(_(inspection.field("inspected_on").label), self.date)
        head.addRow(_(inspection.field("inspector_uuid").label), self.inspector)
        head.addRow(_(hazard.field("location").label), self.location)

        self.items = QListWidget()
        self.items.setObjectName("items")
        for item in draft.items:
            self.items.addItem(QListWidgetItem(item.item))
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(self._go)
        self.items.installEventFilter(self)

        self.item_label = QLabel()
        self.item_label.setObjectName("current-item")
        self.item_label.setWordWrap(True)
        self.item_label.setStyleSheet("font-size: 16px; padding: 8px;")
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        buttons = QHBoxLayout()
        self.result_buttons: dict[str, QPushButton] = {}
        for key, code in (("1", inspections.PASS), ("2", inspections.FAIL), ("3", inspections.NA)):
            b = QPushButton(f"{key}  {_(RESULT_LABELS[code])}")
            b.setObjectName(f"result-{code}")
            b.clicked.connect(lambda _c=False, c=code: self.set_result(c))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(b)
            self.result_buttons[code] = b
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(_("Note: what is wrong, where (Enter = next item)"))
        self.note.textEdited.connect(self._note_changed)
        self.photo_button = QPushButton(_("Photo…"))
        self.photo_button.clicked.connect(self.choose_photo)
        self.photo_label = QLabel()
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_label, 1)

        hint = QLabel(_("Keys: {a} pass · {b} fail · {c} not applicable · {d} next · {e} save",
                        a=shortcuts.PASS.keys, b=shortcuts.FAIL.keys, c=shortcuts.NOT_APPLICABLE.keys,
                        d=shortcuts.NEXT_ITEM.keys, e=shortcuts.SAVE_WALK.keys))
        hint.setStyleSheet("color: #555;")
        self.save_button = QPushButton(_("Save inspection"))
        self.save_button.setObjectName("save")
        self.save_hazards_button = QPushButton(_("Save and log hazards from failed items"))
        self.save_hazards_button.setObjectName("save-hazards")
        self.save_button.clicked.connect(lambda: self.save(make_hazards=False))
        self.save_hazards_button.clicked.connect(lambda: self.save(make_hazards=True))
        for b in (self.save_button, self.save_hazards_button, self.photo_button):
            b.setAutoDefault(False)  # Enter means "next item", never "press the focused button"
            b.setDefault(False)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.save_hazards_button)

        right = QVBoxLayout()
        right.addWidget(self.progress)
        right.addWidget(self.item_label)
        right.addLayout(buttons)
        right.addWidget(self.note)
        right.addLayout(photo_row)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.items, 1)
        middle.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addLayout(middle, 1)
        lay.addWidget(self.error)
        lay.addLayout(bottom)
        shortcuts.bind(shortcuts.SAVE_WALK, self, lambda: self.save(make_hazards=True))
        self.items.setCurrentRow(0)
        self.items.setFocus()

    # --- walking ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.items and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in KEYS:
                self.set_result(KEYS[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.next_item()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typing = any(w.hasFocus() for w in (self.note, self.location, self.date))
        if event.key() in KEYS and not typing:
            self.set_result(KEYS[event.key()])
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.next_item()  # never the dialog's default button
            return
        super().keyPressEvent(event)

    def _go(self, row: int) -> None:
        if row < 0:
            return
        self.current = row
        item = self.draft.items[row]
        self.item_label.setText(item.item)
        self.note.setText(item.note)
        self.photo_label.setText(item.photo.rsplit("/", 1)[-1] if item.photo else "")
        self._show_progress()

    def _show_progress(self) -> None:
        self.progress.setText(
            _(
                "Item {i} of {n} · {done} answered · {failed} failed",
                i=self.current + 1,
                n=len(self.draft.items),
                done=self.draft.answered,
                failed=len(self.draft.failed),
            )
        )

    def set_result(self, code: str) -> None:
        item = self.draft.items[self.current]
        item.result = code
        row = self.items.item(self.current)
        row.setText(f"[{_(RESULT_LABELS[code])}] {item.item}")
        row.setForeground(QColor(RESULT_COLOURS[code]))
        self._show_progress()
        if code == inspections.FAIL:
            self.note.setFocus()

    def _note_changed(self, text: str) -> None:
        self.draft.items[self.current].note = text

    def next_item(self) -> None:
        if self.current + 1 < len(self.draft.items):
            self.items.setCurrentRow(self.current + 1)
        self.items.setFocus()

    def choose_photo(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getOpenFileName(
                self, _("Choose a photo"), "", _("Images (*.jpg *.jpeg *.png)")
            )
            if not path:
                return
        self.draft.items[self.current].photo = path
        self.photo_label.setText(path.rsplit("/", 1)[-1])

    # --- saving ----------------------------------------------------------------------------------
    def save(self, make_hazards: bool = True) -> None:
        ws, draft = self.page.workspace, self.draft
        on = self.date.date()
        inspector = self.inspector.currentData()
        location = self.location.text().strip()
        if on is None:
            self._refuse(_("Enter the date of the inspection, like 2026-12-01."), self.date)
            return
        if not inspector:
            text = _("Choose the inspector.") if self.inspector.count() else _(
                "Add the inspector on the Staff page first (Shared records ▸ Staff); then save again.")
            self._refuse(text, self.inspector)
            return

        def work() -> tuple[str, list[str], Changes]:  # one transaction: all of it or nothing
            return inspections.save_with_hazards(
                ws, ws.actor, draft, inspected_on=on, inspector_uuid=inspector, location=location,
                make_hazards=make_hazards,
            )

        def done(result: tuple[str, list[str], Changes]) -> None:
            _uuid, made, changes = result
            self.page.saved_inspection(made, changes)
            self.accept()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, SafetyDeskError):
                messages.show_error(self, exc)
                return
            self._refuse(exc.user_message, self.items)

        self.page.runner.db(work, done, failed)

    def _refuse(self, text: str, where: QWidget) -> None:
        """Say why nothing was saved and put the cursor where the fix goes (Enter there moves to
        the next item, as everywhere in the walker; it never presses Save again)."""
        self.error.setText(text)
        where.setFocus()


class InspectionPage(RecordListPage):
    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        kind: RecordKind,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, runner, kind, settings, parent)
        self.walker: InspectionWalker | None = None
        self.template_box = QComboBox()
        self.template_box.setObjectName("template")
        self.start_button = QPushButton(_("New inspection from a checklist…"))
        self.start_button.setObjectName("start-inspection")
        self.start_button.clicked.connect(lambda: self.start_inspection())
        self.hazards_button = QPushButton(_("Log hazards from failed items"))
        self.hazards_button.setObjectName("make-hazards")
        self.hazards_button.clicked.connect(self.make_hazards_for_selected)
        self.editor_button = QPushButton(_("Checklist templates…"))
        self.editor_button.clicked.connect(self.open_editor)
        self.template_box.setMinimumWidth(260)
        row = self.checklist_row = FlowLayout()  # kept: Qt calls back into it
        row.addWidget(QLabel(_("Checklist:")))
        row.addWidget(self.template_box)
        row.addWidget(self.start_button)
        row.addWidget(self.editor_button)
        self.layout().insertLayout(2, row)
        panel = QFrame()
        panel.setObjectName("inspection-panel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail = QLabel()
        self.detail.setObjectName("inspection-detail")
        self.detail.setWordWrap(True)
        inner = QHBoxLayout(panel)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.addWidget(self.detail, 1)
        inner.addWidget(self.hazards_button)
        self.layout().insertWidget(4, panel)
        self.on_selection(self.selected())
        self.reload_templates()

    def on_selection(self, record: records.RecordData | None) -> None:
        """The panel names the selected inspection; its button logs that one's failed items."""
        if not hasattr(self, "detail"):
            return
        if record is None:
            self.detail.setText(_("Select an inspection: what failed in it appears here."))
            self.hazards_button.setEnabled(False)
            return
        v = record.values
        items = inspections.parse_results(v.get("results"))
        failed = [i for i in items if i.result == inspections.FAIL]
        waiting = [i for i in failed if not i.hazard_uuid]
        self.detail.setText(_(
            "{date} · {name}: {n} items, {failed} failed, {waiting} of them not yet logged as hazards",
            date=format_date(v.get("inspected_on")), name=v.get("template_name") or "", n=len(items),
            failed=len(failed), waiting=len(waiting)))
        self.hazards_button.setEnabled(bool(waiting))

    def reload_templates(self) -> None:
        """Read the templates on the DB thread (installing the bundled ones the first time)."""
        ws = self.workspace

        def work() -> list[checklists.Template]:
            if not checklists.list_templates(ws.sessions):
                checklists.install_bundled(ws.sessions, ws.actor)
            return checklists.list_templates(ws.sessions)

        # A query (the newest answer wins), though the first one may also install the bundled set.
        self.runner.query(work, self._show_templates, owner=self, key="templates")

    def _show_templates(self, templates: list[checklists.Template]) -> None:
        current = self.template_box.currentData()
        self.template_box.clear()
        for t in templates:
            self.template_box.addItem(
                _("{name} (v{n}, {items} items)", name=t.name, n=t.version, items=len(t.items)), t.uuid
            )
        if current is not None and (index := self.template_box.findData(current)) >= 0:
            self.template_box.setCurrentIndex(index)

    def start_inspection(self, template_uuid: str | None = None) -> None:
        """Read the template and the staff on the DB thread, then open the walker."""
        uuid = template_uuid or self.template_box.currentData()
        if not uuid:
            return
        sessions = self.workspace.sessions

        def work() -> tuple[checklists.Template, list[tuple[str, str]]]:
            return checklists.get_template(sessions, uuid), hazards.staff_options(sessions)

        self.runner.query(work, lambda result: self._open_walker(*result),
                          lambda exc: messages.show_error(self, exc), owner=self, key="walker")

    def _open_walker(self, template: checklists.Template, staff: list[tuple[str, str]]) -> InspectionWalker:
        self.walker = InspectionWalker(self, inspections.new_draft(template), staff)
        self.walker.open()
        return self.walker

    def saved_inspection(self, made: list[str], changes: Changes) -> None:
        self.refresh()
        self.changed.emit(changes)
        self.status(_("Inspection saved; {n} hazards logged.", n=len(made)))

    def make_hazards_for_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        ws = self.workspace
        self.runner.db(
            lambda: inspections.make_hazards(ws, ws.actor, record.uuid),
            lambda res: self.saved_inspection(*res),
            lambda exc: messages.show_error(self, exc),
        )

    def open_editor(self) -> QDialog:
        from safetydesk.ui.dialogs.checklist_editor import ChecklistEditor

        editor = ChecklistEditor(self.workspace, self.runner, self)
        editor.finished.connect(lambda _r: self.reload_templates())
        editor.open()
        return editor


register_kind_page("inspection", InspectionPage)
