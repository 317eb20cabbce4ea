"""The main window's extension API, as a feature would use it, and the window shown before the
database layer is loaded (what the start-up benchmark times)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from safetydesk.domain.kind_catalogue import CATALOGUE
from safetydesk.paths import DataPaths
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace, prepare_workspace
from safetydesk.ui import main_window as main_window_module
from safetydesk.ui.main_window import MainWindow, Place
from tests.support import close_window

ROOT = Path(__file__).resolve().parents[2]


class CountPage(QWidget):
    """A page of an extension: it shows hazards and counts its refreshes."""

    kinds_shown = frozenset({"hazard"})

    def __init__(self) -> None:
        super().__init__()
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


def test_an_extension_hears_changes_through_the_api_and_its_page_refreshes(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    heard: list[Changes] = []
    shown: list[str] = []
    action = QAction("Count hazards", window)
    banner = QLabel("hazard banner")

    def install(w: MainWindow) -> None:  # what an extension module's install() does
        w.add_page("test:count", "Count", CountPage, "Tests")
        w.add_action(Place.FILE | Place.TOOLBAR, action)
        w.add_banner(banner)
        w.changed.connect(heard.append)
        w.page_shown.connect(shown.append)

    install(window)
    page = window.show_page("test:count")
    assert isinstance(page, CountPage) and shown == ["test:count"]
    assert "test:count" in window.nav.page_ids()
    assert action in window.menu(Place.FILE).actions() and action.isEnabled()
    assert banner.parent() is not None

    hazards = window.show_page("kind:hazard")
    hazards.changed.emit(Changes.of("hazard"))  # a page announces a change through its own signal
    assert heard == [Changes.of("hazard")] and page.refreshed == 1

    window.announce(Changes.of("drill"))  # not a kind the page shows
    assert heard[-1] == Changes.of("drill") and page.refreshed == 1
    window.close()


def test_extensions_set_no_attributes_on_the_window_nor_replace_its_methods(qtbot, workspace, monkeypatch) -> None:
    monkeypatch.setattr(main_window_module, "extension_modules", lambda: [])
    bare = MainWindow(workspace)
    qtbot.addWidget(bare)
    monkeypatch.undo()
    full = MainWindow(workspace)
    qtbot.addWidget(full)
    assert set(vars(full)) == set(vars(bare))
    names = [a.objectName() for a in full.menu(Place.FILE).actions()]
    for name in ("new-incident", "sync-export", "import-people", "change-password", "backup-usb"):
        assert names.index(name) < names.index("quit")
    assert full.findChild(QAction, "action-reports") in full.menu(Place.REPORTS).actions()
    bare.close()
    full.close()


def test_the_window_appears_before_the_database_layer_and_fills_when_it_is_loaded(
        qtbot, school_paths: DataPaths) -> None:
    ws = prepare_workspace(school_paths)
    assert ws is not None and not ws.loaded and ws.info.org_name == "安阳县示范小学"
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    # From the catalogue: every record kind in the navigation; the page area says it is loading;
    # actions that need the data wait.
    ids = window.nav.page_ids()
    assert all(f"kind:{k.key}" in ids for k in CATALOGUE)
    assert window.stack.currentWidget() is window.loading_page and not window.is_ready()
    assert not window.findChild(QAction, "new-incident").isEnabled()
    became_ready: list[bool] = []
    window.when_ready(lambda: became_ready.append(True))

    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.load_workspace()
    assert ws.loaded and became_ready == [True]
    assert window.stack.currentWidget().objectName() == "page-dashboard"
    assert window.findChild(QAction, "new-incident").isEnabled()
    close_window(qtbot, window)


def test_the_window_modules_import_no_database_code(school_paths: DataPaths) -> None:
    """What the window needs before it shows: no SQLAlchemy, models, argon2 or cryptography (the
    two stdlib-only modules that say where the database is excepted)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from safetydesk.paths import DataPaths\n"
        "from safetydesk.services.workspace import prepare_workspace\n"
        "from safetydesk.ui.qt_setup import create_application\n"
        "from safetydesk.ui.main_window import MainWindow\n"
        "app = create_application('zh_CN')\n"
        f"window = MainWindow(prepare_workspace(DataPaths(Path({str(school_paths.root)!r}))))\n"
        "window.show()\n"
        "app.processEvents()\n"
        "heavy = ('sqlalchemy', 'safetydesk.models', 'safetydesk.kinds', 'argon2', 'cryptography', 'psycopg')\n"
        "# where the database is, read with the standard library only (PostgreSQL hubs, issue 16.5)\n"
        "light = {'safetydesk.models', 'safetydesk.models.database_url', 'safetydesk.models.raw_db'}\n"
        "print(sorted({m.split('.')[0] if not m.startswith('safetydesk') else '.'.join(m.split('.')[:2])\n"
        "              for m in sys.modules if m.startswith(heavy) and m not in light}))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
