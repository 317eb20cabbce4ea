"""Signing in while the database opens: the dialog appears at once, the person types while the
database layer loads, and the password is checked on the DB thread with the dialog responsive.
Changing one's password works the same way; a principal hears of a broken audit chain."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from safetydesk.errors import StorageError
from safetydesk.paths import DataPaths
from safetydesk.services import accounts
from safetydesk.services.workspace import open_workspace, prepare_workspace
from safetydesk.ui import app
from safetydesk.ui.dialogs.login import ChangePasswordDialog, LoginDialog
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import allow_test_db_access
from tests.support import PASSWORD


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait_done()


@pytest.fixture
def session_threads(school_paths: DataPaths) -> Iterator[set[int]]:
    """The threads on which a session began a transaction on this test's database (windows of
    earlier tests may still be winding down on theirs)."""
    seen: set[int] = set()
    database = str(school_paths.database)

    def began(_session: Session, _transaction: object, connection: Connection) -> None:
        if connection.engine.url.database == database:
            seen.add(threading.get_ident())

    event.listen(Session, "after_begin", began)
    yield seen
    event.remove(Session, "after_begin", began)


def test_sign_in_opens_before_the_database_and_checks_the_password_off_the_ui_thread(
        qtbot, school_paths: DataPaths, runner, session_threads) -> None:
    ws = prepare_workspace(school_paths)
    assert ws is not None and not ws.loaded
    dialog = LoginDialog(ws, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    # Up at once: the person may type while the database opens; only signing in waits.
    assert dialog.busy.isVisible() and dialog.busy_label.text() == "正在打开数据库…"
    assert dialog.user.isEnabled() and dialog.password.isEnabled() and not dialog.ok_button.isEnabled()
    dialog.user.setText("admin")
    dialog.password.setText(PASSWORD)
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=30_000)
    assert ws.loaded and not dialog.busy.isVisible()

    dialog.ok_button.click()
    # The check runs on the DB thread: the click returned at once, the dialog is busy and closed
    # to input until the answer comes.
    assert dialog.working and dialog.result_ is None and dialog.busy.isVisible()
    assert not dialog.buttons.isEnabled() and not dialog.password.isEnabled()
    dialog.reject()  # Esc while checking: ignored
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
    assert dialog.result_ is not None and dialog.result_.actor.username == "admin"
    assert session_threads and threading.get_ident() not in session_threads
    ws.close()


def test_a_wrong_password_is_refused_beside_the_field_and_the_dialog_stays(
        qtbot, school_paths: DataPaths, runner, session_threads) -> None:
    ws = prepare_workspace(school_paths)
    dialog = LoginDialog(ws, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=30_000)
    dialog.user.setText("admin")
    dialog.password.setText("not-the-password")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.working, timeout=30_000)
    error = dialog.field_errors["password"]
    assert error.isVisible() and "密码" in error.text()
    assert dialog.isVisible() and dialog.result_ is None and dialog.password.text() == ""
    assert dialog.ok_button.isEnabled() and dialog.password.isEnabled()
    assert threading.get_ident() not in session_threads
    ws.close()


def test_a_database_that_cannot_be_opened_closes_the_sign_in_and_says_why(
        qtbot, school_paths: DataPaths, runner) -> None:
    conn = sqlite3.connect(school_paths.database)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")  # written by a newer version
    conn.commit()
    conn.close()
    ws = prepare_workspace(school_paths)
    assert ws is not None  # the identity still reads
    with pytest.raises(StorageError):
        app.start_session(ws, runner)
    from safetydesk.services.backup import InstanceLock

    assert not InstanceLock(school_paths.root).held_elsewhere()  # the lock was let go


def test_changing_the_password_is_checked_off_the_ui_thread(qtbot, school_paths, runner, session_threads) -> None:
    ws = open_workspace(school_paths)
    ws.actor = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD).actor
    session_threads.clear()
    dialog = ChangePasswordDialog(ws, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.old.setText("wrong-one-1")
    dialog.new.setText("new-secret-2")
    dialog.again.setText("new-secret-2")
    dialog.ok_button.click()
    assert dialog.working and not dialog.buttons.isEnabled()
    qtbot.waitUntil(lambda: not dialog.working, timeout=30_000)
    assert dialog.field_errors["old"].text() and dialog.isVisible()
    dialog.old.setText(PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
    assert session_threads and threading.get_ident() not in session_threads
    with allow_test_db_access():
        assert accounts.login(ws.sessions, ws.info.org_code, "admin", "new-secret-2").actor.username == "admin"
    ws.close()


def test_the_principal_hears_of_a_broken_audit_chain_after_signing_in(qtbot, school_paths, runner) -> None:
    ws = open_workspace(school_paths)
    ws.actor = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD).actor
    ws.close()
    conn = sqlite3.connect(school_paths.database)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET detail = 'edited' WHERE id = 1")
    conn.commit()
    conn.close()
    ws = open_workspace(school_paths)
    ws.actor = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD).actor
    parent = QDialog()
    qtbot.addWidget(parent)
    app.after_sign_in(ws, runner, parent)
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "session-notes") is not None, timeout=30_000)
    assert "审计日志第 1 条已被修改" in parent.findChild(QMessageBox, "session-notes").text()
    runner.wait_done()
    ws.close()
