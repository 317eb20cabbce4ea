"""The county changes how many parent meetings a semester needs: once on the command line, once on
the Settings page. Each time `status --json`, the dashboard's figures and the dashboard page say so."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QLabel

from safetydesk.cli import main
from safetydesk.domain import clock
from safetydesk.services import dashboard, records
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.pages.settings_page import SettingsPage
from tests.support import PASSWORD, close_window

TODAY = datetime(2026, 11, 16, 9, 0)  # the middle of the 2026 autumn semester
T = TypeVar("T")


def off_ui(fn: Callable[[], T]) -> T:
    """Run the command line and service checks on another thread, as a script beside the open
    window would (the UI thread itself never opens a session)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result(timeout=60)


def _status(capsys, root: Path) -> dict:
    code = off_ui(lambda: main(["--data-dir", str(root), "status", "--json", "--as-of", "2026-11-16"]))
    assert code == 0
    return json.loads(capsys.readouterr().out)


def _meetings(data: dashboard.Dashboard) -> tuple[float, float]:
    item = next(i for i in data.compliance if i.key == "parent_meetings")
    return item.held, item.required


def _shown(window: MainWindow) -> str:
    page = window.page("dashboard")
    return " ".join(label.text() for label in page.compliance_box.findChildren(QLabel))


def test_parent_meetings_required_follows_the_cli_and_the_settings_page(qtbot, capsys, workspace, tmp_path):
    root, ws = workspace.paths.root, workspace
    password = tmp_path / "pw"
    password.write_text(PASSWORD, encoding="utf-8")
    with clock.moved_to(TODAY):
        off_ui(lambda: records.save(ws.sessions, ws.actor, "parent_meeting",
                                    {"held_on": date(2026, 10, 12), "scope": "school", "topic": "秋季安全家长会"}))
        assert _status(capsys, root)["parent_meetings"] == {"held": 1, "required": 2, "state": "due"}
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.show_page("dashboard")
        qtbot.waitUntil(lambda: "应召开 2 次" in _shown(window), timeout=10_000)

        # 1. on the command line
        code = off_ui(lambda: main(["--data-dir", str(root), "--user", "admin", "--password-file",
                                    str(password), "settings", "set", "parent_meetings_required", "3"]))
        assert code == 0, capsys.readouterr().err
        capsys.readouterr()
        assert _status(capsys, root)["parent_meetings"]["required"] == 3
        assert _meetings(off_ui(lambda: dashboard.load(ws.sessions, ws.info.school_type))) == (1, 3)
        window.page("dashboard").refresh()
        qtbot.waitUntil(lambda: "本学期已召开 1 次，应召开 3 次" in _shown(window), timeout=10_000)

        # 2. on the Settings page, with its real widgets
        page = window.show_page("settings")
        assert isinstance(page, SettingsPage)
        qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
        editor = page.editors["parent_meetings_required"]
        assert editor.value() == 3
        editor.single.setValue(4)
        with qtbot.waitSignal(page.saved, timeout=10_000):
            page.save_button.click()
        assert _status(capsys, root)["parent_meetings"] == {"held": 1, "required": 4, "state": "due"}
        assert _meetings(off_ui(lambda: dashboard.load(ws.sessions, ws.info.school_type))) == (1, 4)
        qtbot.waitUntil(lambda: "应召开 4 次" in _shown(window), timeout=10_000)  # refreshed by the save
        close_window(qtbot, window)
