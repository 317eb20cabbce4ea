"""The database thread and the UI thread: a newer read supersedes an older one, a result for a
closed window is dropped, a long list is paged in as the officer scrolls, and the test guard
catches the UI thread opening the database."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QLabel

from safetydesk.domain.registry import get_kind
from safetydesk.services import records
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.record_table import PAGE_SIZE
from safetydesk.ui.tasks import TaskRunner
from tests import db_thread
from tests.db_thread import allow_test_db_access, wait_idle


def test_a_newer_query_supersedes_an_older_one(qtbot) -> None:
    runner, owner = TaskRunner(), QObject()
    started, release, ran = threading.Event(), threading.Event(), []
    shown: list[str] = []

    def slow() -> str:  # the worker is busy with this while the newer ones are queued
        started.set()
        release.wait(10)
        ran.append("slow")
        return "old"

    def counted(value: str):
        def work() -> str:
            ran.append(value)
            return value
        return work

    runner.query(slow, shown.append, owner=owner, key="rows")
    assert started.wait(10)
    runner.query(counted("middle"), shown.append, owner=owner, key="rows")
    runner.query(counted("new"), shown.append, owner=owner, key="rows")
    runner.query(counted("other key"), shown.append, owner=owner, key="filters")
    release.set()
    wait_idle(qtbot, runner)
    assert shown == ["new", "other key"]  # the older answers are dropped...
    assert ran == ["slow", "new", "other key"]  # ...and "middle", stale before it started, never ran
    assert runner.is_idle()


def test_a_result_for_a_deleted_widget_or_a_forgotten_key_is_dropped(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    label = QLabel()
    shown: list[str] = []
    runner.query(lambda: release.wait(10) and "late", lambda v: shown.append(label.text() + v), owner=label)
    keep = QObject()
    runner.query(lambda: "forgotten", shown.append, owner=keep, key="status")
    runner.forget(keep, "status")
    label.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(label), timeout=5_000)
    release.set()
    wait_idle(qtbot, runner)
    assert shown == []
    failures: list[BaseException] = []
    runner.query(lambda: 1 / 0, shown.append, failures.append, owner=keep)
    wait_idle(qtbot, runner)
    assert isinstance(failures[0], ZeroDivisionError) and shown == []


def test_a_long_list_is_paged_in_sorted_in_sql_as_the_officer_scrolls(qtbot, workspace, tmp_path: Path) -> None:
    ws = workspace
    kind = get_kind("staff")
    with ws.sessions.begin() as s:
        for i in range(PAGE_SIZE + 30):
            records.save_in(s, ws.actor, kind, {"name": f"教师{i:03d}", "active": True})
    runner = TaskRunner()
    page = RecordListPage(ws, runner, kind, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    wait_idle(qtbot, runner)
    model = page.model
    assert model.total() == PAGE_SIZE + 30 and model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    page.table.scrollToBottom()  # the view asks for more at the end of what it has
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE + 30, timeout=10_000)
    assert not model.canFetchMore()
    column = next(i for i, f in enumerate(model.columns) if f.attr == "name")
    page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, runner)
    assert [model.record_at(i).values["name"] for i in (0, 1)] == [f"教师{PAGE_SIZE + 29:03d}",
                                                                    f"教师{PAGE_SIZE + 28:03d}"]


def test_the_guard_sees_the_ui_thread_open_the_database(qtbot, workspace) -> None:
    """The guard itself: test code needs allow_test_db_access() once widgets are live, and code
    of safetydesk/ui reading on the UI thread is caught even inside it."""
    label = QLabel("live")
    qtbot.addWidget(label)
    count = lambda: records.count(workspace.sessions, records.ListQuery(kind="staff"))  # noqa: E731
    count()
    found = db_thread.take_violations()
    assert len(found) == 1 and found[0].where == "" and "count" in found[0].stack
    with allow_test_db_access():
        count()
    assert db_thread.take_violations() == []
    as_if_a_widget = compile("count()", db_thread.UI_DIR + "pages/a_widget.py", "exec")
    with allow_test_db_access():
        exec(as_if_a_widget, {"count": count})
    found = db_thread.take_violations()
    assert [v.where for v in found] == ["pages/a_widget.py"]
