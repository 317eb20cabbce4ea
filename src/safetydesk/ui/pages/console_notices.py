"""The township console's registers and notices (supervision loop, mechanism 11) tabs.

Registers: the 重大 hazards and 较大-and-above incidents of every school, with a 学校 column;
Enter or a double-click opens the record. Notices: every 整改通知书/督办单 the township issued,
by state; the township issues one (items 问题/依据/整改要求, a deadline), reads the school's
整改报告, accepts it or sends it back with a reason, and escalates an overdue one (督办单).
Reads go through runner.query, changes through runner.db (services.supervision); UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.domain import supervision as rules
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import _, format_date
from safetydesk.services import console, records, schools, supervision
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.record_table import cell_text
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.date_edit import DateEdit

NOTICE_KINDS = ("rectification_notice", "rectification_item", "rectification_review")
UUID_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_COLOUR = "#ef9a9a"
REGISTER_COLUMNS = {"hazard": ("found_on", "location", "description", "status", "deadline"),
                    "incident": ("learned_at", "title", "level", "category")}


def read_only_table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _item(text: str, uuid: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if uuid:
        item.setData(UUID_ROLE, uuid)
    return item


class RegistersTab(QWidget):
    """Two cross-school registers; `open_record(kind, uuid, school code, school name)` opens one."""

    loaded = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 open_record: Callable[[str, str, str, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.open_record = workspace, runner, open_record
        self.data: dict[str, console.Register] = {}
        self.tables: dict[str, QTableWidget] = {}
        self.captions: dict[str, QLabel] = {}
        lay = QVBoxLayout(self)
        for kind, title in (("hazard", _("Major hazards of every school")),
                            ("incident", _("Incidents graded serious and above"))):
            caption = QLabel(f"<b>{title}</b>")
            table = read_only_table(f"register-{kind}")
            k = get_kind(kind)
            labels = [_("School")] + [_(k.field(a).label) for a in REGISTER_COLUMNS[kind]]
            table.setColumnCount(len(labels))
            table.setHorizontalHeaderLabels(labels)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
            # activated: Enter, or a double-click (a single click where the style says so)
            table.activated.connect(lambda _i, kd=kind: self.open_selected(kd))
            self.tables[kind], self.captions[kind] = table, caption
            lay.addWidget(caption)
            lay.addWidget(table, 1)
        hint = QLabel(_("Double-click a row (or press Enter) to open the record."))
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)

    def reload(self) -> None:
        ws = self.workspace
        self.runner.query(lambda: console.registers(ws.sessions, ws.actor), self.show_data, owner=self,
                          key="registers")

    def show_data(self, result: tuple[console.Register, console.Register]) -> None:
        for reg in result:
            self.data[reg.kind] = reg
            table, kind = self.tables[reg.kind], get_kind(reg.kind)
            table.setRowCount(len(reg.rows))
            for r, row in enumerate(reg.rows):
                table.setItem(r, 0, _item(reg.school_of[row.uuid][1], row.uuid))
                for c, attr in enumerate(REGISTER_COLUMNS[reg.kind]):
                    f = kind.field(attr)
                    text = cell_text(f, records.display_value(f, row.values.get(attr), reg.labels))
                    table.setItem(r, c + 1, _item(text))
        self.loaded.emit()

    def open_selected(self, kind: str) -> None:
        table = self.tables[kind]
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        uuid = item.data(UUID_ROLE)
        code, name = self.data[kind].school_of[uuid]
        self.open_record(kind, uuid, code, name)


class NoticeDialog(QDialog):
    """One notice: its items with the school's newest answers, the review; the township's
    actions. The view is read before the dialog opens; an action runs on the DB thread."""

    acted = Signal(object)  # Changes

    def __init__(self, workspace: Workspace, runner: TaskRunner, view: supervision.NoticeView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.view = workspace, runner, view
        self.done_text = ""
        self.reason_dialog: QInputDialog | None = None
        self.setObjectName("notice-dialog")
        self.setWindowTitle(view.doc_number)
        self.resize(900, 520)
        reply = view.latest_reply
        kind_choice = get_kind("rectification_notice").field("notice_type").choice(view.notice_type)
        head = QLabel(_("{type} {number} to {school}: issued {issued}, deadline {deadline}. State: {state}{overdue}.",
                        type=_(kind_choice.label) if kind_choice else "",
                        number=view.doc_number, school=view.school_name, issued=format_date(view.issued_on),
                        deadline=format_date(view.deadline), state=rules.state_label(view.state),
                        overdue=" " + _("(overdue)") if view.overdue else ""))
        head.setObjectName("notice-head")
        head.setWordWrap(True)
        answers = {a.item_uuid: a for a in reply.answers} if reply else {}
        completion = get_kind("rectification_answer").field("completion")
        self.items = read_only_table("notice-items")
        labels = [_("No."), _("Problem"), _("Basis"), _("Rectification requirement"), _("Measures taken"),
                  _("Completion"), _("Date completed")]
        self.items.setColumnCount(len(labels))
        self.items.setHorizontalHeaderLabels(labels)
        self.items.setRowCount(len(view.items))
        self.items.setWordWrap(True)
        for r, it in enumerate(view.items):
            a = answers.get(it.uuid)
            choice = completion.choice(a.completion) if a else None
            for c, text in enumerate((str(it.number), it.problem, it.basis, it.requirement,
                                      a.measures if a else "", _(choice.label) if choice else "",
                                      format_date(a.done_on) if a and a.done_on else "")):
                self.items.setItem(r, c, _item(text))
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.items.resizeRowsToContents()
        if reply is None:
            about = _("The school has not answered yet.")
        else:
            about = _("Rectification report of {date}.", date=format_date(reply.replied_on))
            if reply.remarks:
                about += " " + reply.remarks
            if reply.review is not None:
                about += " " + (_("Accepted on {date}.", date=format_date(reply.review.reviewed_on))
                                if reply.review.decision == rules.DECISION_ACCEPTED else
                                _("Sent back on {date}: {reason}", date=format_date(reply.review.reviewed_on),
                                  reason=reply.review.reason))
        self.reply_label = QLabel(about)
        self.reply_label.setObjectName("notice-reply")
        self.reply_label.setWordWrap(True)
        answered = view.state == rules.ANSWERED and reply is not None
        self.accept_button = QPushButton(_("&Accept the report"))
        self.accept_button.setObjectName("accept-report")
        self.send_back_button = QPushButton(_("&Send back…"))
        self.send_back_button.setObjectName("send-back")
        self.escalate_button = QPushButton(_("&Escalate (supervision order)"))
        self.escalate_button.setObjectName("escalate")
        for button, on, why in (
            (self.accept_button, answered, _("Only a report awaiting review can be accepted.")),
            (self.send_back_button, answered, _("Only a report awaiting review can be sent back.")),
            (self.escalate_button, view.overdue and view.state != rules.ESCALATED,
             _("Only an overdue notice (not answered, or sent back, after its deadline) is escalated.")),
        ):
            button.setEnabled(on)
            if not on:
                button.setToolTip(why)
        self.accept_button.clicked.connect(lambda: self.review(True))
        self.send_back_button.clicked.connect(self.send_back)
        self.escalate_button.clicked.connect(self.escalate)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.accept_button, self.send_back_button, self.escalate_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.items, 1)
        lay.addWidget(self.reply_label)
        lay.addLayout(row)

    def review(self, accept: bool, reason: str = "") -> None:
        reply = self.view.latest_reply
        if reply is None:
            return
        ws, uuid = self.workspace, reply.uuid
        self.runner.db(lambda: supervision.review(ws.sessions, ws.actor, uuid, accept=accept, reason=reason,
                                                  reviewed_by=ws.actor.username),
                       lambda _r: self._done(_("Report accepted.") if accept else _("Report sent back.")),
                       lambda exc: messages.show_error(self, exc))

    def send_back(self) -> None:
        """Ask for the reason (the school reads it), then send the report back."""
        dialog = QInputDialog(self)
        dialog.setObjectName("send-back-reason")
        dialog.setWindowTitle(_("Send back"))
        dialog.setLabelText(_("Why is the report sent back? The school reads this."))
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.textValueSelected.connect(lambda text: self.review(False, text.strip()) if text.strip() else None)
        self.reason_dialog = dialog
        dialog.open()

    def escalate(self) -> None:
        ws, uuid = self.workspace, self.view.uuid
        self.runner.db(lambda: supervision.escalate(ws.sessions, ws.actor, uuid),
                       lambda _r: self._done(_("Supervision order issued.")),
                       lambda exc: messages.show_error(self, exc))

    def _done(self, text: str) -> None:
        self.acted.emit(Changes(kinds=frozenset(NOTICE_KINDS)))
        self.done_text = text
        self.accept()


class IssueDialog(QDialog):
    """Issue a 整改通知书 to one school: number, deadline, issuer and items (问题/依据/整改要求)."""

    issued = Signal(object)  # Changes

    def __init__(self, workspace: Workspace, runner: TaskRunner, refs: list[schools.SchoolRef],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.setObjectName("issue-dialog")
        self.setWindowTitle(_("Issue a rectification notice"))
        self.resize(860, 480)
        self.school = QComboBox()
        self.school.setObjectName("issue-school")
        for ref in refs:
            self.school.addItem(ref.name, ref.code)
        self.number = QLineEdit()
        self.number.setObjectName("issue-number")
        self.number.setPlaceholderText(_("e.g. {example}", example="城关中心校安〔2026〕12号"))
        self.deadline = DateEdit(optional=False)  # the one date editor
        self.deadline.setObjectName("issue-deadline")
        self.deadline.set_date(clock.today() + timedelta(days=14))
        self.issued_by = QLineEdit(workspace.info.org_name)
        self.issued_by.setObjectName("issue-by")
        form = QFormLayout()
        form.addRow(_("&School"), self.school)
        form.addRow(_("Document &number"), self.number)
        form.addRow(_("&Deadline"), self.deadline)
        form.addRow(_("Issued &by"), self.issued_by)
        self.items = QTableWidget(1, 3)
        self.items.setObjectName("issue-items")
        self.items.setHorizontalHeaderLabels([_("Problem"), _("Basis"), _("Rectification requirement")])
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        add = QPushButton(_("&Add an item"))
        add.clicked.connect(lambda: self.items.insertRow(self.items.rowCount()))
        remove = QPushButton(_("&Remove the item"))
        remove.clicked.connect(lambda: self.items.removeRow(self.items.currentRow())
                               if self.items.rowCount() > 1 and self.items.currentRow() >= 0 else None)
        self.error = QLabel()
        self.error.setObjectName("issue-error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Issue"))
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Items (one problem a row):")))
        row.addStretch(1)
        row.addWidget(add)
        row.addWidget(remove)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(row)
        lay.addWidget(self.items, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def set_item(self, row: int, problem: str, basis: str = "", requirement: str = "") -> None:
        while self.items.rowCount() <= row:
            self.items.insertRow(self.items.rowCount())
        for c, text in enumerate((problem, basis, requirement)):
            self.items.setItem(row, c, QTableWidgetItem(text))

    def draft(self) -> supervision.NoticeDraft:
        def text(r: int, c: int) -> str:
            item = self.items.item(r, c)
            return item.text().strip() if item is not None else ""

        items = tuple(supervision.ItemDraft(text(r, 0), text(r, 1), text(r, 2))
                      for r in range(self.items.rowCount()) if any(text(r, c) for c in range(3)))
        return supervision.NoticeDraft(school_code=self.school.currentData() or "", doc_number=self.number.text().strip(),
                                       deadline=self.deadline.date() or clock.today() + timedelta(days=14),
                                       issued_by=self.issued_by.text().strip(), items=items)

    def issue(self) -> None:
        draft = self.draft()
        if not draft.school_code:
            self.error.setText(_("No trusted school yet: enrol one under Data exchange (trust its identity file)."))
            return
        if not draft.doc_number:
            self.error.setText(_("Give the notice its document number."))
            return
        ws = self.workspace
        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            text = getattr(exc, "user_message", "")
            if text:
                self.error.setText(text)
            else:
                messages.show_error(self, exc)

        def done(_uuid: str) -> None:
            self.issued.emit(Changes(kinds=frozenset(NOTICE_KINDS)))
            self.accept()

        self.runner.db(lambda: supervision.issue_notice(ws.sessions, ws.actor, draft), done, failed)


class NoticesTab(QWidget):
    """Every notice the township issued, newest first, with the township's actions."""

    changed = Signal(object)  # Changes
    loaded = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.views: list[supervision.NoticeView] = []
        self.dialog: QDialog | None = None
        self.state_box = QComboBox()
        self.state_box.setObjectName("notice-state")
        self.state_box.addItem(_("State: all"), None)
        for state in rules.STATES:
            self.state_box.addItem(rules.state_label(state), state)
        self.state_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.issue_button = QPushButton(_("&Issue a notice…"))
        self.issue_button.setObjectName("issue-notice")
        self.issue_button.clicked.connect(self.issue)
        self.open_button = QPushButton(_("&Open / review…"))
        self.open_button.setObjectName("open-notice")
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setEnabled(False)
        self.table = read_only_table("console-notices")
        labels = [_("School"), _("Document number"), _("Date issued"), _("Deadline"), _("State"),
                  _("Overdue"), _("Items")]
        self.table.setColumnCount(len(labels))
        self.table.setHorizontalHeaderLabels(labels)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.open_selected())  # Enter or a double-click
        top = QHBoxLayout()
        top.addWidget(self.state_box)
        top.addStretch(1)
        top.addWidget(self.issue_button)
        top.addWidget(self.open_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)

    def reload(self) -> None:
        ws, state = self.workspace, self.state_box.currentData()
        self.runner.query(lambda: supervision.notices(ws.sessions, states=[state] if state else None),
                          self.show_data, owner=self, key="notices")

    def show_data(self, views: list[supervision.NoticeView]) -> None:
        self.views = views
        self.table.setRowCount(len(views))
        for r, v in enumerate(views):
            for c, text in enumerate((v.school_name, v.doc_number, format_date(v.issued_on), format_date(v.deadline),
                                      rules.state_label(v.state), _("Yes") if v.overdue else "",
                                      "；".join(i.problem for i in v.items))):
                item = _item(text, v.uuid)
                if v.overdue and c in (4, 5):  # the state and the overdue mark: red, as in the matrix
                    item.setBackground(QBrush(QColor(OVERDUE_COLOUR)))
                self.table.setItem(r, c, item)
        self.open_button.setEnabled(bool(views))
        if views and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self.loaded.emit()

    def selected_uuid(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(UUID_ROLE) if item is not None else None

    def select(self, uuid: str) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(UUID_ROLE) == uuid:
                self.table.selectRow(r)

    def open_selected(self) -> None:
        uuid = self.selected_uuid()
        if uuid is None:
            return
        ws = self.workspace
        self.runner.query(lambda: supervision.notice(ws.sessions, uuid), self._show_notice,
                          lambda exc: messages.show_error(self, exc), owner=self, key="open")

    def _show_notice(self, view: supervision.NoticeView) -> None:
        dialog = NoticeDialog(self.workspace, self.runner, view, self)
        dialog.acted.connect(self._acted)
        self.dialog = dialog
        dialog.open()

    def issue(self) -> None:
        ws = self.workspace
        self.runner.query(lambda: schools.schools(ws.sessions), self._show_issue,
                          lambda exc: messages.show_error(self, exc), owner=self, key="schools")

    def _show_issue(self, refs: list[schools.SchoolRef]) -> None:
        dialog = IssueDialog(self.workspace, self.runner, refs, self)
        dialog.issued.connect(self._acted)
        self.dialog = dialog
        dialog.open()

    def _acted(self, changes: Changes) -> None:
        self.reload()
        self.changed.emit(changes)
