"""The incident clock in the main window: a "New incident" action reachable from every page
(toolbar, File menu, Ctrl+Shift+I) and a banner above every page counting down to the next due
report (phone 首报 or written report).

The banner ticks every second from the due list it holds; the list itself is read on the DB
thread (TaskRunner.db) once the workspace is loaded, when the window announces a change to
incidents or their reports (a capture included) and every RELOAD_SECONDS. It is visible while any report is due and hidden once all are logged. Colour:
blue while time remains, amber under AMBER_MINUTES, red once overdue. Clicking it opens the
incident and the dialog for the report it waits for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from safetydesk.domain import clock
from safetydesk.i18n import _, format_datetime
from safetydesk.services.changes import Changes
from safetydesk.ui import shortcuts
from safetydesk.ui.main_window import Place

if TYPE_CHECKING:
    from safetydesk.services.incidents import DueReport
    from safetydesk.ui.main_window import MainWindow

AMBER_MINUTES = 10
RELOAD_SECONDS = 20
SHORTCUT = shortcuts.NEW_INCIDENT.sequence  # declared in ui/shortcuts.py


def watched() -> frozenset[str]:
    """The kinds whose changes move the clock (services.incidents, loaded with the workspace)."""
    from safetydesk.services import incidents

    return frozenset({incidents.INCIDENT, incidents.REPORT})

COLOURS = {
    "calm": ("#e3f2fd", "#0d47a1", "#90caf9"),
    "amber": ("#fff3e0", "#e65100", "#ffb74d"),
    "red": ("#ffebee", "#b71c1c", "#e57373"),
}


def countdown_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m:02d}:{s:02d}"


def severity(seconds_left: float) -> str:
    if seconds_left < 0:
        return "red"
    return "amber" if seconds_left < AMBER_MINUTES * 60 else "calm"


class IncidentBanner(QFrame):
    """A clickable strip with the next due report and a live countdown."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("incident-banner")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.due: list[DueReport] = []
        self.level = "calm"
        self.label = QLabel()
        self.label.setObjectName("incident-banner-text")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.open_button = QPushButton(_("Report now…"))
        self.open_button.setObjectName("incident-banner-open")
        self.open_button.clicked.connect(self.open_next)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 6)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.open_button)
        self.tick_timer = QTimer(self, interval=1000, timeout=self.tick)
        self.reload_timer = QTimer(self, interval=RELOAD_SECONDS * 1000, timeout=self.reload)
        self._loading = False
        self.hide()

    def start(self) -> None:
        """Once the workspace is loaded: read the due list now and keep it fresh."""
        self.tick_timer.start()
        self.reload_timer.start()
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.kinds & watched() or not changes.kinds:
            self.reload()

    def reload(self) -> None:
        """Read the due reports on the DB thread; the banner updates when they arrive."""
        if self._loading:
            return
        self._loading = True
        ws = self.window_.workspace

        def due() -> list[DueReport]:  # DB thread
            from safetydesk.services import incidents

            return incidents.due_reports(ws.sessions)

        self.window_.runner.db(due, self.set_due, self._failed)

    def _failed(self, _exc: BaseException) -> None:
        self._loading = False

    def set_due(self, due: list[DueReport]) -> None:
        self._loading = False
        self.due = list(due)
        self.tick()

    def tick(self) -> None:
        if not self.due:
            self.hide()
            return
        nxt = self.due[0]
        left = (nxt.due_at - clock.now()).total_seconds()
        what = _("Phone first report") if nxt.kind == "phone" else _("Written report")
        if left < 0:
            state = _("OVERDUE by {time}", time=countdown_text(int(-left)))
        else:
            state = _("{time} left", time=countdown_text(int(left)))
        more = _(" · {n} more due", n=len(self.due) - 1) if len(self.due) > 1 else ""
        self.label.setText(
            f"<b>{what}</b> · {nxt.title} · <b>{state}</b> "
            + _("(deadline {time})", time=format_datetime(nxt.due_at))
            + more
        )
        self.set_level(severity(left))
        self.show()

    def set_level(self, level: str) -> None:
        if level == self.level and self.styleSheet():
            return
        self.level = level
        bg, fg, border = COLOURS[level]
        self.setStyleSheet(
            f"#incident-banner {{ background: {bg}; border-bottom: 2px solid {border}; }}"
            f"#incident-banner QLabel {{ color: {fg}; font-size: 14px; }}"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.open_next()
        super().mousePressEvent(event)

    def open_next(self) -> Any:
        """Show the incident in its page and open the dialog for the report that is due."""
        if not self.due:
            return None
        nxt = self.due[0]
        from safetydesk.services import incidents

        page = self.window_.show_page(f"kind:{incidents.INCIDENT}")
        if hasattr(page, "open_due"):
            return page.open_due(nxt.incident_uuid, nxt.kind)
        return page


def open_capture(window: MainWindow) -> Any:
    from safetydesk.ui.dialogs.incident_capture import IncidentCaptureDialog

    dialog = IncidentCaptureDialog(window.workspace, window.runner, window)
    dialog.saved.connect(lambda _uuid: window.announce(Changes(watched())))
    dialog.open()
    return dialog


def install(window: MainWindow) -> None:
    if window.workspace.info.role != "school":
        return  # a township records no incidents of its own: the schools report theirs (issue 12)
    action = QAction(_("New incident (发生事件)"), window)
    action.setObjectName("new-incident")
    shortcuts.set_on(action, shortcuts.NEW_INCIDENT)
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.setToolTip(_("Record an incident and start the reporting clock ({shortcut})", shortcut=SHORTCUT))
    action.setStatusTip(action.toolTip())
    action.triggered.connect(lambda: open_capture(window))
    window.add_action(Place.TOOLBAR | Place.FILE, action)

    banner = IncidentBanner(window)
    window.add_banner(banner)
    window.changed.connect(banner.on_changes)
    window.when_ready(banner.start)
