"""Data exchange in the main window: File-menu actions (export, import, trust, identity) and the
数据交换 page (school: packages sent and their receipts; township: per school the last package,
its signing time and the missing numbers; both: import attempts and alarms).

The page reads services.sync_status.load_status on the DB thread (runner.db) when it is built and
whenever the window announces a change; dialogs live in ui.dialogs.sync (imported on first
use). An import announces the kinds it touched, so every page showing them refreshes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.i18n import _, format_datetime
from safetydesk.services.changes import Changes
from safetydesk.ui.exchange_words import export_action, trust_action
from safetydesk.ui.main_window import Place

if TYPE_CHECKING:
    from safetydesk.services import sync_status as sync
    from safetydesk.ui.main_window import MainWindow

PAGE_ID = "sync"
RED_BG, RED_FG, GREEN_FG, GREY_FG = "#ffebee", "#b71c1c", "#1b5e20", "#757575"


def _item(
    value: object, colour: str | None = None, background: str | None = None, bold: bool = False
) -> QTableWidgetItem:
    if isinstance(value, datetime):
        text = format_datetime(value)
    elif value is None:
        text = "—"
    else:
        text = str(value)
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if isinstance(value, int) and not isinstance(value, bool):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if colour:
        item.setForeground(QBrush(QColor(colour)))
    if background:
        item.setBackground(QBrush(QColor(background)))
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(160)
    return table


def _fill(table: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            table.setItem(r, c, cell)


def missing_text(numbers: list[int]) -> str:
    return _(", ").join(map(str, numbers)) if numbers else _("none")


def attempt_status(status: str) -> str:
    if status == "imported":
        return _("Imported")
    if status == "duplicate":
        return _("Already imported")
    return _("Rejected")


class SyncPage(QWidget):
    """Status of the packages sent and received; refreshed on the DB thread."""

    kinds_shown = None  # refresh on every change: imports touch any kind

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("page-sync")
        self.window_ = window
        self.status: sync.SyncStatus | None = None
        self.role = window.workspace.info.role
        self.school = self.role == "school"
        title = QLabel(_("Data exchange"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        buttons = QHBoxLayout()
        for text, handler, name in (
            (export_action(self.role), lambda: open_export(window), "page-export"),
            (_("Import packages…"), lambda: open_import(window), "page-import"),
            (trust_action(self.role), lambda: open_trust(window), "page-trust"),
            (_("This installation's identity…"), lambda: open_identity(window), "page-identity"),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(handler)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.trust_note = QLabel()
        self.trust_note.setObjectName("sync-trust-note")
        self.trust_note.setWordWrap(True)
        self.alarm_note = QLabel()
        self.alarm_note.setObjectName("sync-alarms")
        self.alarm_note.setWordWrap(True)
        self.alarm_note.setStyleSheet(
            f"background: {RED_BG}; color: {RED_FG}; padding: 8px; font-weight: bold;"
        )
        self.alarm_note.hide()

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(title)
        lay.addLayout(buttons)
        lay.addWidget(self.trust_note)
        lay.addWidget(self.alarm_note)
        if self.school:
            self.sent = _table(
                "sync-sent", [_("No."), _("Sent to"), _("Made at"), _("Records"), _("Delivered")]
            )
            self.received = _table(
                "sync-received", [_("No."), _("Signed at"), _("Imported at"), _("Records")]
            )
            lay.addWidget(self._box(_("Packages sent to the township centre"), self.sent))
            lay.addWidget(self._box(_("Packages received from the township centre"), self.received))
        else:
            county = self.role == "county"
            self.schools = _table(
                "sync-schools",
                [
                    _("Township code") if county else _("School code"),
                    _("Township centre") if county else _("School"),
                    _("Last package"),
                    _("Signed at"),
                    _("Imported at"),
                    _("Missing packages"),
                    _("Alarms"),
                    _("Last package sent to the township centre") if county else _("Last package sent to the school"),
                ],
            )
            box = _("Packages received per township centre") if county else _("Packages received per school")
            lay.addWidget(self._box(box, self.schools))
        self.attempts = _table(
            "sync-attempts", [_("Time"), _("File"), _("Sender"), _("No."), _("Result"), _("Explanation")]
        )
        lay.addWidget(self._box(_("Import log"), self.attempts))
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    @staticmethod
    def _box(title: str, table: QTableWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(table)
        return box

    def refresh(self) -> None:
        ws = self.window_.workspace

        def load() -> sync.SyncStatus:  # DB thread
            from safetydesk.services import sync_status

            return sync_status.load_status(ws.sessions)

        self.window_.runner.db(load, self.show_status)

    def show_status(self, status: sync.SyncStatus) -> None:
        self.status = status
        if self.school:
            self._show_school(status)
        else:
            self._show_township(status)
        self._show_attempts(status)

    def _show_school(self, st: sync.SyncStatus) -> None:
        township = next((p for p in st.peers if p.org_code == st.township_code), None)
        if township is None:
            self.trust_note.setStyleSheet(f"color: {RED_FG}; font-weight: bold;")
            self.trust_note.setText(
                _(
                    "The township centre {code} is not trusted yet: exchange identity files and confirm "
                    "the fingerprint digits by phone ({action}) before exporting.",
                    code=st.township_code or "",
                    action=trust_action(self.role),
                )
            )
        else:
            self.trust_note.setStyleSheet(f"color: {GREEN_FG};")
            self.trust_note.setText(
                _(
                    "Township centre: {code} {name} (trusted {time}).",
                    code=township.org_code,
                    name=township.org_name,
                    time=format_datetime(township.trusted_at),
                )
            )
        rows = []
        delivered = [p.seq for p in st.sent if p.delivered_at is not None]
        for p in st.sent:
            if p.delivered_at is not None:
                state = _item(
                    _("Delivered, imported at {time}", time=format_datetime(p.delivered_at)), GREEN_FG
                )
            elif delivered and max(delivered) > p.seq:
                # Export sends everything since the last contiguous receipt: a lost package's
                # records went again with the later ones.
                state = _item(
                    _("Not received (lost?); its records were sent again with a later package"), RED_FG
                )
            else:
                state = _item(_("No receipt yet"), GREY_FG)
            rows.append([_item(p.seq), _item(p.recipient_code), _item(p.created_at), _item(p.rows), state])
        _fill(self.sent, rows)
        _fill(
            self.received,
            [[_item(p.seq), _item(p.signed_at), _item(p.imported_at), _item(p.rows)] for p in st.received],
        )

    def _show_township(self, st: sync.SyncStatus) -> None:
        n = len(st.schools)
        self.trust_note.setStyleSheet("" if n else f"color: {RED_FG}; font-weight: bold;")
        if self.role == "county":
            text = (
                _("{n} township centres enrolled.", n=n)
                if n
                else _(
                    "No township centre is enrolled yet: use {action} with each township centre's identity file.",
                    action=trust_action(self.role),
                )
            )
        else:
            text = (
                _("{n} schools enrolled.", n=n)
                if n
                else _(
                    "No school is enrolled yet: use {action} with each school's identity file.",
                    action=trust_action(self.role),
                )
            )
        self.trust_note.setText(text)
        rows = []
        for s in st.schools:
            missing = _item(
                missing_text(s.missing),
                RED_FG if s.missing else GREEN_FG,
                RED_BG if s.missing else None,
                bool(s.missing),
            )
            alarms = _item(
                s.alarms, RED_FG if s.alarms else None, RED_BG if s.alarms else None, bool(s.alarms)
            )
            last = _item(s.last_seq) if s.last_seq is not None else _item(_("none yet"), GREY_FG)
            if s.last_sent_seq is None:
                down = _item(None)
            elif s.last_sent_delivered_at is not None:
                down = _item(
                    _(
                        "No. {seq}, imported at {time}",
                        seq=s.last_sent_seq,
                        time=format_datetime(s.last_sent_delivered_at),
                    ),
                    GREEN_FG,
                )
            else:
                down = _item(_("No. {seq}, no receipt yet", seq=s.last_sent_seq), GREY_FG)
            rows.append(
                [
                    _item(s.org_code),
                    _item(s.org_name),
                    last,
                    _item(s.last_signed_at),
                    _item(s.last_imported_at),
                    missing,
                    alarms,
                    down,
                ]
            )
        _fill(self.schools, rows)

    def _show_attempts(self, st: sync.SyncStatus) -> None:
        alarms = st.alarms
        if alarms:
            latest = alarms[0]
            self.alarm_note.setText(
                _(
                    "Alarm: {n} packages claimed a number already used by a different package (latest: {sender} "
                    "no. {seq}, {time}). This may be a forgery or a restored old computer: contact the sender "
                    "and the county office.",
                    n=len(alarms),
                    sender=latest.sender_code or "?",
                    seq=latest.seq if latest.seq is not None else "?",
                    time=format_datetime(latest.at),
                )
            )
            self.alarm_note.show()
        else:
            self.alarm_note.hide()
        rows = []
        for a in st.attempts:
            colour = RED_FG if a.status == "rejected" else (GREEN_FG if a.status == "imported" else None)
            result = _item(
                ("⚠ " if a.alarm else "") + attempt_status(a.status), colour, RED_BG if a.alarm else None
            )
            rows.append(
                [
                    _item(a.at),
                    _item(a.file_name.rsplit("/", 1)[-1]),
                    _item(a.sender_code),
                    _item(a.seq),
                    result,
                    _item(f"{a.message or ''} [{a.code}]" if a.code else (a.message or "")),
                ]
            )
        _fill(self.attempts, rows)


# --- actions ------------------------------------------------------------------------------------


def _announce(window: MainWindow, changes: Changes | None = None) -> None:
    window.announce(changes or Changes())


EXCHANGE = "exchange-dialog"  # a dynamic property marking the dialogs opened here


def _show(window: MainWindow, dialog: QDialog) -> Any:
    # Not WA_DeleteOnClose: a result still on its way from the DB thread must find the dialog.
    # The earlier exchange dialogs, closed, go once nothing can be on its way to them.
    if window.runner.is_idle():
        for old in window.findChildren(QDialog):
            if old is not dialog and old.property(EXCHANGE) and old.isHidden():
                old.deleteLater()
    dialog.setProperty(EXCHANGE, True)
    dialog.open()
    return dialog


def open_export(window: MainWindow) -> Any:
    from safetydesk.ui.dialogs.sync import ExportDialog

    dialog = ExportDialog(window.workspace, window.runner, window)
    dialog.exported.connect(lambda _r: _announce(window))
    return _show(window, dialog)


def open_import(window: MainWindow) -> Any:
    from safetydesk.ui.dialogs.sync import ImportDialog

    dialog = ImportDialog(window.workspace, window.runner, window)
    dialog.imported.connect(lambda batch: _announce(window, batch.changes))
    return _show(window, dialog)


def open_trust(window: MainWindow) -> Any:
    from safetydesk.ui.dialogs.sync import TrustDialog

    dialog = TrustDialog(window.workspace, window.runner, window)
    dialog.trusted.connect(lambda _r: _announce(window))
    return _show(window, dialog)


def open_identity(window: MainWindow) -> Any:
    from safetydesk.ui.dialogs.sync import IdentityDialog

    return _show(window, IdentityDialog(window.workspace, window.runner, window))


def install(window: MainWindow) -> None:
    role = window.workspace.info.role
    actions = []
    for text, handler, name in (
        (export_action(role), open_export, "sync-export"),
        (_("Import packages…"), open_import, "sync-import"),
        (trust_action(role), open_trust, "sync-trust"),
        (_("This installation's identity…"), open_identity, "sync-identity"),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, h=handler: h(window))
        actions.append(action)
    window.add_action(Place.FILE, *actions)
    window.add_page(PAGE_ID, _("Packages and receipts"), lambda: SyncPage(window), _("Data exchange"))
