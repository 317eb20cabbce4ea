"""The main window only wires things together: navigation, pages, menus, banners, status bar.

It can be shown before the database layer is loaded: the navigation comes from the generated kind
catalogue and the identity from a read-only sqlite3 read (services.workspace.prepare_workspace).
Until the workspace is loaded the page area shows a loading state; pages are built on first
visit once it is. Everything here runs on the UI thread; database work goes through `runner`.

The extension API (ui/extensions/*.py use only this, never attributes of their own on the window):

- signals `changed(Changes)` (data changed: any page, dialog or extension may cause it through
  `announce`), `page_shown(str)` (a page came to the front) and `ready()` (the workspace finished
  loading, for a window shown before that);
- `add_page`, `add_action`, `add_banner`, `add_status_widget`;
- `announce`, `show_message`, `set_badge`, `set_pages_hidden`, `show_page`, `open_record`, `when_ready`;
- the attributes `workspace` (installation, actor; `sessions` once loaded) and `runner`.

A page announces changes by emitting a `changed(Changes)` signal of its own (the window connects
it when it builds the page) or by calling `announce`; it is refreshed on changes through an
optional `refresh()`, filtered by an optional `kinds_shown` (record kind keys; None = always; a
record list names its own kind and the kinds its columns show). A page asks for another page
with an `open_page(str)` signal, or for one record with `open_record(str, str)` (page, uuid).

The window binds the window-wide keys once (ui/shortcuts.py: Ctrl+N, Ctrl+F, Ctrl+Z act on the
page in front, wherever the focus is, even in the navigation), keeps Help last in the menu bar
with the user guide (F1) and the list of shortcuts, and remembers its size and place in the data
folder's settings (maximised on a screen smaller than 1280×800, as on 1366×768 school PCs).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.organisation import organisation_title
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace, load_for_window
from safetydesk.ui import shortcuts
from safetydesk.ui.dialogs.about import show_about
from safetydesk.ui.extensions import extension_modules
from safetydesk.ui.navigation import DASHBOARD, PAGE_ROLE, Navigation
from safetydesk.ui.tasks import TaskRunner

SHORTCUTS_TOPIC = "shortcuts"
KIND_PREFIX = "kind:"
GEOMETRY_KEY = "window/geometry"
PREFERRED_SIZE = (1280, 800)


class Place(enum.Flag):
    """Where `add_action` puts actions; combine with | (the toolbar and the File menu)."""

    FILE = enum.auto()  # above Exit; each add_action call is one group, separated from the next
    GO = enum.auto()
    REPORTS = enum.auto()
    HELP = enum.auto()
    TOOLBAR = enum.auto()


class LoadingPage(QWidget):
    """What the page area shows until the workspace is loaded (or why it could not be)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-loading")
        self.label = QLabel(_("Opening the database…"))
        self.label.setObjectName("loading-text")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy
        self.bar.setFixedWidth(280)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.label)
        lay.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)

    def failed(self, text: str) -> None:
        self.bar.hide()
        self.label.setStyleSheet("color: #c62828;")
        self.label.setText(text)


class MainWindow(QMainWindow):
    changed = Signal(object)  # Changes
    page_shown = Signal(str)  # page id
    ready = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        """`runner`: the application's (it may have loaded the workspace already); `on_error`:
        how the window reports what failed (default: the message box; selftest collects)."""
        super().__init__()
        self.workspace = workspace
        self.setObjectName("main-window")
        info = workspace.info
        self.setWindowTitle(_("SafetyDesk — {name}", name=info.org_name))
        self.settings = QSettings(str(workspace.paths.settings_file), QSettings.Format.IniFormat)
        self._fit_to_screen()
        self._on_error = on_error or self._show_error
        self.runner = runner or TaskRunner(self, on_error=self._on_error)
        self.pages: dict[str, QWidget] = {}
        self.load_error: BaseException | None = None
        self._factories: dict[str, Callable[[], QWidget]] = {DASHBOARD: self._make_dashboard}
        self._ready = workspace.loaded
        self._loading = False
        self._when_ready: list[Callable[[], None]] = []
        self._until_ready: list[QAction] = []
        self._wanted = DASHBOARD
        self._announcer: QWidget | None = None

        self.nav = Navigation(self)
        for page_id in self.nav.page_ids():
            if page_id.startswith(KIND_PREFIX):
                self._factories[page_id] = lambda pid=page_id: self._make_kind_page(pid[len(KIND_PREFIX):])
        self.stack = QStackedWidget(self)
        self.loading_page = LoadingPage(self.stack)
        self.stack.addWidget(self.loading_page)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        central = QWidget(self)
        central.setObjectName("central")
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.nav.page_requested.connect(self.show_page)
        self.changed.connect(self._refresh_pages)
        self.guide_dialog: QWidget | None = None

        demo_note = _("DEMO DATA") if info.is_demo else ""
        identity = " · ".join(t for t in (organisation_title(info.role), info.org_code, info.org_name, demo_note) if t)
        self.identity_label = QLabel(identity)
        self.identity_label.setObjectName("identity")
        self.statusBar().addPermanentWidget(self.identity_label)
        self.user_label = QLabel(_("User: {name}", name=workspace.actor.username))
        self.user_label.setObjectName("user")
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_menus()
        for extension in extension_modules():
            extension.install(self)
        self._help_last()
        self.nav.select(DASHBOARD)

    def _fit_to_screen(self) -> None:
        """The size and place the person left the window at (if it still fits this screen), else
        1280×800, or maximised where that does not fit (the 1366×768 screens of school PCs: the
        status bar with the identity would fall below the screen)."""
        width, height = PREFERRED_SIZE
        self.resize(width, height)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        saved = self.settings.value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray | bytes) and self.restoreGeometry(QByteArray(saved)):
            if room is None or (room.contains(self.frameGeometry().center())
                                and self.width() <= room.width() and self.height() <= room.height()):
                return
            self.resize(width, height)  # left on a larger screen: start afresh on this one
        if room is None:
            return
        if room.width() < width + 40 or room.height() < height + 60:  # with the window frame
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            frame = self.frameGeometry()
            frame.moveCenter(room.center())
            self.move(frame.topLeft())

    def save_geometry(self) -> None:
        """Remember the window's size, place and maximised state (QSettings in the data folder)."""
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.sync()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self._menus = {Place.FILE: bar.addMenu(_("&File"))}
        self.edit_menu = bar.addMenu(_("&Edit"))
        self._menus[Place.GO] = bar.addMenu(_("&Go"))
        self._menus[Place.REPORTS] = bar.addMenu(_("&Reports"))
        self._menus[Place.HELP] = bar.addMenu(_("&Help"))
        self._menus[Place.REPORTS].menuAction().setVisible(False)  # until a report action comes
        new = self._page_action("new-record", _("&New record"), shortcuts.NEW_RECORD, "new_record")
        self._menus[Place.FILE].addAction(new)
        self._menus[Place.FILE].addSeparator()
        self._quit = QAction(_("E&xit"), self)
        self._quit.setObjectName("quit")
        shortcuts.set_on(self._quit, shortcuts.QUIT)
        self._quit.triggered.connect(self.close)
        self._menus[Place.FILE].addAction(self._quit)
        self.edit_menu.addAction(self._page_action("undo-delete", _("&Undo the last deletion"),
                                                   shortcuts.UNDO_DELETE, "undo"))
        self.edit_menu.addAction(self._page_action("find", _("&Search the list"), shortcuts.FIND,
                                                   "focus_search"))
        self._toolbar = QToolBar(_("Main toolbar"), self)
        self._toolbar.setObjectName("main-toolbar")
        self._toolbar.setMovable(False)
        self.addToolBar(self._toolbar)
        home = QAction(_("Dashboard"), self)
        home.setObjectName("go-dashboard")
        shortcuts.set_on(home, shortcuts.DASHBOARD)
        home.triggered.connect(lambda: self.nav.select(DASHBOARD))
        self._menus[Place.GO].addAction(home)
        guide = QAction(_("&User guide"), self)
        guide.setObjectName("user-guide")
        shortcuts.set_on(guide, shortcuts.GUIDE)
        guide.triggered.connect(lambda: self.show_guide())
        keys = QAction(_("&Keyboard shortcuts"), self)
        keys.setObjectName("keyboard-shortcuts")
        keys.triggered.connect(lambda: self.show_guide(SHORTCUTS_TOPIC))
        about = QAction(_("&About SafetyDesk"), self)
        about.setObjectName("about")
        about.triggered.connect(lambda: show_about(self, self.workspace))
        self._menus[Place.HELP].addActions([guide, keys])
        self._menus[Place.HELP].addSeparator()
        self._menus[Place.HELP].addAction(about)

    def _page_action(self, name: str, text: str, shortcut: shortcuts.Shortcut, method: str) -> QAction:
        """An action for the page in front (bound once, here: it works wherever the focus is,
        the navigation included)."""
        action = QAction(text, self)
        action.setObjectName(name)
        shortcuts.set_on(action, shortcut)
        action.triggered.connect(lambda: self._on_page(method))
        return action

    def _on_page(self, method: str) -> None:
        page = self.stack.currentWidget()
        fn = getattr(page, method, None)
        if callable(fn):
            fn()
        elif method == "new_record":
            self.show_message(_("Choose a list in the navigation first; then {keys} makes a new record in it.",
                                keys=shortcuts.NEW_RECORD.keys))

    def _help_last(self) -> None:
        """Help stays the last menu of the bar, whatever was added before it."""
        bar = self.menuBar()
        help_action = self._menus[Place.HELP].menuAction()
        bar.removeAction(help_action)
        bar.addAction(help_action)

    def show_guide(self, topic: str | None = None) -> QWidget:
        """The user guide (a topic, or the first), one window reused."""
        from safetydesk.ui.dialogs.user_guide import UserGuideDialog

        if self.guide_dialog is None:
            self.guide_dialog = UserGuideDialog(self)
        assert isinstance(self.guide_dialog, UserGuideDialog)
        self.guide_dialog.show_topic(topic)
        self.guide_dialog.show()
        self.guide_dialog.raise_()
        self.guide_dialog.activateWindow()
        return self.guide_dialog

    # --- the extension API ---------------------------------------------------------------------
    def add_page(self, page_id: str, title: str, factory: Callable[[], QWidget],
                 group_title: str | None = None) -> None:
        """A page beyond the record kinds, listed in the navigation (in `group_title`, created at
        the end when new) and built by `factory` on its first visit once the workspace is loaded."""
        self._factories[page_id] = factory
        self.nav.add_item(page_id, title, group_title)

    def add_action(self, place: Place, *actions: QAction) -> None:
        """Offer actions in the menus and/or the toolbar `place` names; the window keeps them.
        They work on the installation's data, so they stay disabled until the workspace is loaded."""
        for action in actions:
            if action.parent() is None:
                action.setParent(self)
            if not self._ready and action.isEnabled():
                action.setEnabled(False)
                self._until_ready.append(action)
        for where in (Place.FILE, Place.GO, Place.REPORTS, Place.HELP):
            if not place & where:
                continue
            menu = self._menus[where]
            if where is Place.FILE:
                for action in actions:
                    menu.insertAction(self._quit, action)
                menu.insertSeparator(self._quit)
            else:
                menu.addActions(list(actions))
                menu.menuAction().setVisible(True)
        if place & Place.TOOLBAR:
            self._toolbar.addActions(list(actions))

    def add_banner(self, widget: QWidget) -> None:
        """A strip above every page (it shows and hides itself), in the order banners are added."""
        self._column.insertWidget(self._column.count() - 1, widget)

    def add_status_widget(self, widget: QWidget) -> None:
        """A permanent widget in the status bar, left of the identity and the user."""
        self.statusBar().insertPermanentWidget(0, widget)

    def announce(self, changes: Changes, source: QWidget | None = None) -> None:
        """Data changed: every page showing those kinds refreshes (but `source`, the page that
        made the change and refreshed itself), and `changed` tells the extensions."""
        self._announcer = source
        try:
            self.changed.emit(changes)
        finally:
            self._announcer = None

    def show_message(self, text: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(text, msecs)

    def set_badge(self, page_id: str, count: int) -> None:
        """A count after a page's title in the navigation (0 removes it)."""
        self.nav.set_badge(page_id, count)

    def set_pages_hidden(self, page_ids: Iterable[str]) -> None:
        """Hide these pages from the navigation, showing the others again (their data is kept)."""
        self.nav.set_hidden(page_ids)

    def open_record(self, page_id: str, uuid: str) -> QWidget:
        """Bring a page to the front with one record selected (the dashboard's items)."""
        widget = self.show_page(page_id)
        select = getattr(widget, "select_record", None)
        if callable(select) and uuid:
            select(uuid)
        return widget

    def when_ready(self, fn: Callable[[], None]) -> None:
        """Run `fn` once the workspace is loaded (now, if it is): the place for an extension's
        first database query."""
        if self._ready:
            fn()
        else:
            self._when_ready.append(fn)

    def is_ready(self) -> bool:
        return self._ready

    def show_page(self, page_id: str) -> QWidget:
        """Bring a page to the front (the loading state until the workspace is loaded)."""
        self._wanted = page_id
        widget = self.page(page_id)
        shown_before = self.stack.currentWidget() is widget
        self.stack.setCurrentWidget(widget)
        current = self.nav.currentItem()
        if current is None or current.data(0, PAGE_ROLE) != page_id:
            self.nav.select(page_id)  # comes back here through page_requested: shown_before then
        if widget is not self.loading_page and not shown_before:
            self.page_shown.emit(page_id)
        return widget

    def page(self, page_id: str) -> QWidget:
        """The page, built on first use (the loading state until the workspace is loaded)."""
        if not self._ready:
            return self.loading_page
        if page_id not in self.pages:
            widget = self._factories[page_id]()
            self.pages[page_id] = widget
            self.stack.addWidget(widget)
            changed = getattr(widget, "changed", None)
            if isinstance(changed, SignalInstance):
                changed.connect(lambda changes, w=widget: self.announce(changes, w))
            open_page = getattr(widget, "open_page", None)
            if isinstance(open_page, SignalInstance):
                open_page.connect(self.show_page)
            open_record = getattr(widget, "open_record", None)
            if isinstance(open_record, SignalInstance):
                open_record.connect(self.open_record)
        return self.pages[page_id]

    def menu(self, place: Place) -> QMenu:
        """The menu of one place (for tests and screenshots; extensions use add_action)."""
        return self._menus[place]

    # --- loading -------------------------------------------------------------------------------
    def load_workspace(self) -> None:
        """For a window shown before its workspace was loaded: open the database on the DB thread;
        pages fill and `ready` fires when it is done, a failure is shown in the page area."""
        if self._ready or self._loading:
            return
        self._loading = True
        ws = self.workspace
        self.runner.db(lambda: load_for_window(ws), lambda _ws: self._became_ready(), self._load_failed)

    def _became_ready(self) -> None:
        self._ready, self._loading = True, False
        for action in self._until_ready:
            action.setEnabled(True)
        self._until_ready.clear()
        self.show_page(self._wanted)
        callbacks, self._when_ready = self._when_ready, []
        for fn in callbacks:
            fn()
        self.ready.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.load_error = exc
        text = exc.user_message if isinstance(exc, SafetyDeskError) else _(
            "Something went wrong. Your data was not changed.")
        self.loading_page.failed(text)
        self._on_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        from safetydesk.ui import messages

        messages.show_error(self, exc)

    # --- pages ---------------------------------------------------------------------------------
    def _make_dashboard(self) -> QWidget:
        if self.workspace.info.role == "county":  # a county bureau: its townships and their schools
            from safetydesk.ui.pages.county_console import CountyConsolePage

            return CountyConsolePage(self.workspace, self.runner, self.show_page, self)
        if self.workspace.info.role != "school":  # a township centre: the console of its schools
            from safetydesk.ui.pages.township_console import ConsolePage

            return ConsolePage(self.workspace, self.runner, self.show_page, self)
        from safetydesk.ui.pages.dashboard import DashboardPage

        return DashboardPage(self.workspace, self.runner, self)

    def _make_kind_page(self, key: str) -> QWidget:
        from safetydesk.domain.registry import get_kind  # loaded with the workspace
        from safetydesk.ui.pages import kind_page_class

        return kind_page_class(key)(self.workspace, self.runner, get_kind(key), self.settings, self)

    def _refresh_pages(self, changes: Changes) -> None:
        """Refresh every built page that shows what changed (its `kinds_shown`: a list shows its
        kind and the kinds its columns name), but the one that announced it (it refreshed)."""
        for page_id, widget in self.pages.items():
            if widget is self._announcer:
                continue
            default = None
            if page_id.startswith(KIND_PREFIX):
                default = frozenset({page_id[len(KIND_PREFIX):]})
            shown = getattr(widget, "kinds_shown", default)
            wanted = shown is None or bool(set(shown) & changes.kinds)
            refresh = getattr(widget, "refresh", None)
            if wanted and callable(refresh):
                refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self.runner.wait_done(10_000)
        self.settings.sync()
        super().closeEvent(event)
