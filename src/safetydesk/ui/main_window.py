"""The main window only wires things together: navigation, pages, status bar, menus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QWidget

from safetydesk.domain.registry import get_kind
from safetydesk.i18n import _
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.dialogs.about import show_about
from safetydesk.ui.extensions import extension_modules
from safetydesk.ui.navigation import DASHBOARD, Navigation
from safetydesk.ui.pages import kind_page_class
from safetydesk.ui.pages.dashboard import DashboardPage
from safetydesk.ui.tasks import TaskRunner


def role_label(role: str) -> str:
    return _("School") if role == "school" else _("Township centre")


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setObjectName("main-window")
        info = workspace.info
        self.setWindowTitle(_("SafetyDesk — {name}", name=info.org_name))
        self.resize(1280, 800)
        self.settings = QSettings(str(workspace.paths.settings_file), QSettings.Format.IniFormat)
        self.runner = TaskRunner(self, on_error=lambda exc: messages.show_error(self, exc))
        self.pages: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {DASHBOARD: self._make_dashboard}

        self.nav = Navigation(self)
        for page_id in self.nav.page_ids():
            if page_id.startswith("kind:"):
                self._factories[page_id] = lambda pid=page_id: self._make_kind_page(pid[5:])
        self.stack = QStackedWidget(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.nav.page_requested.connect(self.show_page)

        demo_note = _("DEMO DATA") if info.is_demo else ""
        identity = " · ".join(t for t in (role_label(info.role), info.org_code, info.org_name, demo_note) if t)
        self.identity_label = QLabel(identity)
        self.identity_label.setObjectName("identity")
        self.statusBar().addPermanentWidget(self.identity_label)
        self.user_label = QLabel(_("User: {name}", name=workspace.actor.username))
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_menus()
        for extension in extension_modules():
            extension.install(self)
        self.nav.select(DASHBOARD)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.file_menu = file_menu
        quit_action = QAction(_("E&xit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.quit_action = quit_action
        self.toolbar = self.addToolBar(_("Main toolbar"))
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        go_menu = self.menuBar().addMenu(_("&Go"))
        home = QAction(_("Dashboard"), self)
        home.setShortcut(QKeySequence("Ctrl+Home"))
        home.triggered.connect(lambda: self.nav.select(DASHBOARD))
        go_menu.addAction(home)
        self.go_menu = go_menu
        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About SafetyDesk"), self)
        about.triggered.connect(lambda: show_about(self, self.workspace))
        help_menu.addAction(about)

    # --- pages -------------------------------------------------------------------------------
    def _make_dashboard(self) -> QWidget:
        page = DashboardPage(self.workspace, self.runner, self)
        page.open_page.connect(self.nav.select)
        return page

    def _make_kind_page(self, key: str) -> QWidget:
        page = kind_page_class(key)(self.workspace, self.runner, get_kind(key), self.settings, self)
        page.changed.connect(self.on_changes)
        return page

    def add_page(self, page_id: str, title: str, factory: Callable[[], QWidget],
                 group_title: str | None = None) -> None:
        """For extensions: a page beyond the record kinds, built on first visit.

        The widget may define refresh() (called when data changes) and kinds_shown (a set of
        record kind keys; refresh is then called only when one of them changed)."""
        self._factories[page_id] = factory
        self.nav.add_item(page_id, title, group_title)

    def page(self, page_id: str) -> QWidget:
        if page_id not in self.pages:
            widget = self._factories[page_id]()
            self.pages[page_id] = widget
            self.stack.addWidget(widget)
        return self.pages[page_id]

    def show_page(self, page_id: str) -> QWidget:
        widget = self.page(page_id)
        self.stack.setCurrentWidget(widget)
        if self.nav.currentItem() is None or self.nav.currentItem().data(0, Qt.ItemDataRole.UserRole + 1) != page_id:
            self.nav.select(page_id)
        return widget

    def on_changes(self, changes: Changes) -> None:
        """Refresh the pages that show what changed (the dashboard always)."""
        for page_id, widget in self.pages.items():
            if page_id.startswith("kind:"):
                wanted = page_id[5:] in changes.kinds and widget is not self.stack.currentWidget()
            else:
                shown = getattr(widget, "kinds_shown", None)
                wanted = shown is None or bool(set(shown) & changes.kinds)
            if wanted and hasattr(widget, "refresh"):
                widget.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.wait_done(10_000)
        self.settings.sync()
        super().closeEvent(event)
