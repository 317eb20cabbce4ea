"""`safetydesk selftest`: start the GUI (offscreen without a display), open every page, report.

It starts as the application does: the window appears from the installation's identity and the
kind catalogue, then the database layer loads on the DB thread (`--startup-only` stops once the
window is shown, which is what bench/bench_startup.py times). Then every page is visited, a form
opened for each record kind, and every background query awaited; a failure anywhere is reported
with the page it belongs to. Acts as the administrator, without a sign-in dialog.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QDeadlineTimer, QEventLoop

from safetydesk.i18n import _
from safetydesk.paths import DataPaths
from safetydesk.ui.qt_setup import choose_platform, create_application

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from safetydesk.ui.tasks import TaskRunner

WAIT_MS = 60_000


def _fail(page: str, exc: BaseException) -> int:
    error = f"{type(exc).__name__}: {exc}"
    sys.stderr.write(_("selftest: page {page} failed: {error}", page=page, error=error) + "\n")
    return 1


def _settle(app: QApplication, runner: TaskRunner) -> None:
    """Until every queued query has run and its result was delivered (results may queue more)."""
    deadline = QDeadlineTimer(WAIT_MS)
    while not runner.is_idle() and not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def run_selftest(paths: DataPaths, lang: str, startup_only: bool = False) -> int:
    started = time.perf_counter()
    choose_platform()
    app = create_application(lang)
    from safetydesk.services.workspace import load_for_window, open_workspace, prepare_workspace
    from safetydesk.ui.main_window import MainWindow
    from safetydesk.ui.startup import install_access_policy, wait_for
    from safetydesk.ui.tasks import TaskRunner

    errors: list[BaseException] = []
    runner = TaskRunner(app, on_error=errors.append)  # no message box: nobody would close it
    workspace = prepare_workspace(paths)
    policy = workspace is None
    if workspace is None:  # the identity cannot be read cheaply: open in full (and say why not)
        install_access_policy(runner)  # acts as the administrator, without a sign-in dialog
        workspace = wait_for(runner, lambda: load_for_window(open_workspace(paths)))
    try:
        window = MainWindow(workspace, runner, on_error=errors.append)
        window.show()
        app.processEvents()
        if startup_only:
            # The window is up: that is what the start-up benchmark times. Leave at once rather
            # than wait for the database layer to load.
            sys.stdout.write(f"startup {time.perf_counter() - started:.3f}s\n")
            sys.stdout.flush()
            os._exit(0)
        if not policy:
            install_access_policy(runner)
        window.load_workspace()
        deadline = QDeadlineTimer(WAIT_MS)
        while not window.is_ready() and window.load_error is None and not deadline.hasExpired():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        if window.load_error is not None or not window.is_ready():
            return _fail("dashboard", window.load_error or TimeoutError("the database did not open"))
        from safetydesk.ui.record_form import RecordForm

        pages = window.nav.page_ids()
        for page_id in pages:
            try:
                page = window.show_page(page_id)
                app.processEvents()
                kind = getattr(page, "kind", None)
                if kind is not None:
                    form = RecordForm(workspace, window.runner, kind, None, window)
                    form.show()
                    app.processEvents()
                    form._dirty = False
                    form.reject()
                _settle(app, runner)
                if errors:
                    raise errors[0]
            except Exception as exc:
                return _fail(page_id, exc)
        try:  # the report catalogue is discovered at run time: prove every module is there
            from safetydesk.services.report_catalog import all_reports

            if not all_reports():
                raise RuntimeError("no reports")
        except Exception as exc:
            return _fail("reports", exc)
        window.close()
        app.processEvents()
        sys.stdout.write(_("selftest: {n} pages opened without error in {s:.1f} s",
                           n=len(pages), s=time.perf_counter() - started) + "\n")
        return 0
    finally:
        runner.wait_done(WAIT_MS)
        workspace.close()
