"""The hazard page: the generic list plus the workflow (grade, 五定, rectify, verify, 销号,
report to the township, 督办). A step's button is enabled only when the selected hazard allows
it; each step asks for what it needs in a small dialog and runs on the database thread. A
refused step (WorkflowError) shows its message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safetydesk.domain import clock, hazard_flow
from safetydesk.domain.registry import RecordKind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _
from safetydesk.services import hazards, records
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.pages import register_kind_page
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.tasks import TaskRunner

# What each step asks for: (param, label, widget type); types: staff, text, long, date, money,
# bool, grade, risk.
STEP_FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "grade": (("grade", N_("Hazard grade"), "grade"), ("risk_colour", N_("Risk level"), "risk")),
    "assign": (
        ("responsible_uuid", N_("Person responsible for rectification"), "staff"),
        ("measures", N_("Rectification measures"), "long"),
        ("funds_amount", N_("Funds (yuan)"), "money"),
        ("funds_source", N_("Source of funds"), "text"),
        ("deadline", N_("Deadline"), "date"),
        ("interim_controls", N_("Interim protective or emergency measures"), "long"),
        ("warning_set", N_("Warning line or signs set"), "bool"),
    ),
    "start": (("rectified_by_uuid", N_("Rectified by"), "staff"),),
    "request_verification": (
        ("done_on", N_("Date rectified"), "date"),
        ("result", N_("Rectification result"), "long"),
    ),
    "verify": (("verifier_uuid", N_("Verified by"), "staff"), ("verified_on", N_("Date verified"), "date")),
    "close": (("closed_on", N_("Date struck off"), "date"),),
    "report_township": (("escalated_on", N_("Date reported"), "date"),),
    "supervise": (),
    "reject": (),
}


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class MoveDialog(QDialog):
    """Asks for one workflow step's details, prefilled from the hazard; `params()` reads them."""

    def __init__(
        self,
        kind: RecordKind,
        code: str,
        values: dict[str, Any],
        staff: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.code = code
        self.setObjectName(f"move-{code}")
        self.setWindowTitle(_(hazard_flow.MOVES[code].label))
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        heading = QLabel(f"<b>{values.get('location') or ''}</b> — {values.get('description') or ''}")
        heading.setWordWrap(True)
        form.addRow(heading)
        if code == "assign" and values.get("grade") == "major":
            note = QLabel(
                _(
                    "A major hazard needs the full 五定 plan: person, measures, funds and "
                    "their source, deadline, interim controls or emergency plan."
                )
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #b71c1c;")
            form.addRow(note)
        today = clock.today()
        for attr, label, kind_ in STEP_FIELDS.get(code, ()):
            w: QWidget
            current = values.get(attr)
            if kind_ == "staff":
                w = QComboBox()
                w.addItem(_("(choose)"), None)
                for uuid, name in staff:
                    if code == "verify" and uuid == values.get("rectified_by_uuid"):
                        continue  # the verifier is not the person who rectified
                    w.addItem(name, uuid)
                default = current or (values.get("responsible_uuid") if attr == "rectified_by_uuid" else None)
                if default:
                    w.setCurrentIndex(max(0, w.findData(default)))
            elif kind_ in ("grade", "risk"):
                w = QComboBox()
                f = kind.field("grade" if kind_ == "grade" else "risk_colour")
                if kind_ == "risk":
                    w.addItem(_("(none)"), None)
                for c in f.choices:
                    w.addItem(_(c.label), c.code)
                if current:
                    w.setCurrentIndex(max(0, w.findData(current)))
            elif kind_ == "date":
                w = QDateEdit()
                w.setCalendarPopup(True)
                w.setDisplayFormat("yyyy-MM-dd")
                w.setDate(_qdate(current or today))
            elif kind_ == "money":
                w = QDoubleSpinBox()
                w.setRange(0, 100_000_000)
                w.setDecimals(2)
                w.setValue(float(current or 0))
            elif kind_ == "bool":
                w = QCheckBox()
                w.setChecked(bool(current))
            elif kind_ == "long":
                w = QPlainTextEdit(current or "")
                w.setTabChangesFocus(True)
                w.setFixedHeight(60)
            else:
                w = QLineEdit(current or "")
            w.setObjectName(attr)
            self.widgets[attr] = w
            form.addRow(_(label), w)
        self.photo = ""
        if code == "request_verification":
            self.photo_button = QPushButton(_("Photo after rectification…"))
            self.photo_button.setObjectName("after-photo")
            self.photo_button.clicked.connect(lambda: self.choose_photo())
            form.addRow(self.photo_button)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Optional: a note for the history"))
        form.addRow(_("Note"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choose_photo(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getOpenFileName(
                self, _("Choose a photo"), "", _("Images (*.jpg *.jpeg *.png)")
            )
        if path:
            self.photo = path
            self.photo_button.setText(_("Photo: {name}", name=path.replace("\\", "/").rsplit("/", 1)[-1]))

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for attr, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[attr] = w.currentData()
            elif isinstance(w, QDateEdit):
                d = w.date()
                out[attr] = date(d.year(), d.month(), d.day())
            elif isinstance(w, QDoubleSpinBox):
                out[attr] = w.value() or None
            elif isinstance(w, QCheckBox):
                out[attr] = w.isChecked()
            elif isinstance(w, QPlainTextEdit):
                out[attr] = w.toPlainText().strip() or None
            elif isinstance(w, QLineEdit):
                out[attr] = w.text().strip() or None
        return out


class HazardPage(RecordListPage):
    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        kind: RecordKind,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        self.move_buttons: dict[str, QPushButton] = {}
        self.last_error = ""
        super().__init__(workspace, runner, kind, settings, parent)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Workflow:")))
        for code, move in hazard_flow.MOVES.items():
            b = QPushButton(_(move.label))
            b.setObjectName(f"move-{code}")
            b.clicked.connect(lambda _c=False, c=code: self.open_move(c))
            b.setEnabled(False)
            self.move_buttons[code] = b
            row.addWidget(b)
        row.addStretch(1)
        self.detail = QLabel()
        self.detail.setObjectName("hazard-detail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        lay = self.layout()
        lay.insertLayout(2, row)
        lay.insertWidget(3, self.detail)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_moves())
        self.update_moves()

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "detail"):
            self.update_moves()

    def update_moves(self) -> None:
        record = self.selected()
        allowed = set(hazard_flow.allowed_moves(record.values)) if record else set()
        for code, b in self.move_buttons.items():
            b.setEnabled(code in allowed)
        self.detail.setText(self._detail_html(record) if record else "")

    def _detail_html(self, record: records.RecordData) -> str:
        v = record.values
        colour_field = self.kind.field("risk_colour")
        choice = colour_field.choice(v.get("risk_colour")) or self.kind.field("grade").choice(v.get("grade"))
        swatch = (
            (
                f"<span style='background:{choice.colour}; color:white; padding:2px 8px;'>"
                f"&nbsp;{_(choice.label)}&nbsp;</span> "
            )
            if choice and choice.colour
            else ""
        )
        parts = [swatch + f"<b>{hazard_flow.state_label(v.get('status') or 'registered')}</b>"]
        if hazard_flow.is_overdue(v):
            parts.append(f"<span style='color:#c62828'><b>{_('Past its deadline')}</b></span>")
        elif hazard_flow.is_due_soon(v):
            parts.append(f"<span style='color:#ef6c00'>{_('Due soon')}</span>")
        if v.get("supervised_on"):
            parts.append(_("Under supervision (督办)"))
        if v.get("escalated_to_township"):
            parts.append(_("Reported to the township"))
        if v.get("grade") == "major" and (missing := hazard_flow.missing_five_fixed(v)):
            parts.append(_("五定 plan missing: {missing}", missing="、".join(missing)))
        return " · ".join(parts)

    def open_move(self, code: str) -> MoveDialog | None:
        record = self.selected()
        if record is None or not self.move_buttons[code].isEnabled():
            return None
        staff = hazards.staff_options(self.workspace.sessions)
        dialog = MoveDialog(self.kind, code, dict(record.values), staff, self)
        dialog.accepted.connect(
            lambda: self.run_move(
                record.uuid, code, dialog.params(), dialog.reason.text().strip(), photo=dialog.photo
            )
        )
        dialog.open()
        return dialog

    def run_move(
        self,
        uuid: str,
        code: str,
        params: dict[str, Any],
        reason: str = "",
        on_done: Callable[[], None] | None = None,
        photo: str = "",
    ) -> None:
        ws = self.workspace

        def done(result: records.SaveResult) -> None:
            self.last_error = ""
            self.refresh()
            row = self.model.row_of(uuid)
            if row >= 0:
                self.table.selectRow(row)
            self.update_moves()
            self.changed.emit(result.changes or Changes.of(self.kind.key))
            self.status(_("{step}: done", step=_(hazard_flow.MOVES[code].label)))
            if on_done:
                on_done()

        def work() -> records.SaveResult:
            result = hazards.move(ws.sessions, ws.actor, uuid, code, params, reason=reason or None)
            if photo:  # only after the step succeeded: a refused step attaches nothing
                hazards.attach_photo(ws, uuid, Path(photo), after=True)
            return result

        self.runner.db(work, done, self._refused)

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, SafetyDeskError):
            messages.show_error(self, exc)
            return
        self.last_error = exc.user_message
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("SafetyDesk"), exc.user_message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("workflow-refusal")
        box.open()  # not exec(): the page stays responsive (and testable)


register_kind_page("hazard", HazardPage)
