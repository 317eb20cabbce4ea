"""`safetydesk selftest`: start the GUI (offscreen without a display), open every page, report."""

from __future__ import annotations

import os
import sys
import time

from safetydesk.i18n import _
from safetydesk.paths import DataPaths
from safetydesk.ui.qt_setup import choose_platform, create_application


def run_selftest(paths: DataPaths, lang: str, startup_only: bool = False) -> int:
    started = time.perf_counter()
    choose_platform()
    app = create_application(lang)
    from safetydesk.services.workspace import open_workspace
    from safetydesk.ui.main_window import MainWindow
    from safetydesk.ui.record_form import RecordForm

    workspace = open_workspace(paths)
    from safetydesk.services import access_policy, audit  # noqa: F401  (acts as admin, no dialog)

    access_policy.install()
    try:
        window = MainWindow(workspace)
        window.show()
        app.processEvents()
        if startup_only:
            # The window is up: that is what the start-up benchmark times. Leave at once rather
            # than wait for the dashboard's background queries (they only read).
            sys.stdout.write(f"startup {time.perf_counter() - started:.3f}s\n")
            sys.stdout.flush()
            os._exit(0)
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
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
                sys.stderr.write(_("selftest: page {page} failed: {error}", page=page_id, error=error) + "\n")
                return 1
        try:  # the report catalogue is discovered at run time: prove every module is there
            from safetydesk.services.report_catalog import all_reports

            if not all_reports():
                raise RuntimeError("no reports")
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            sys.stderr.write(_("selftest: page {page} failed: {error}", page="reports", error=error) + "\n")
            return 1
        window.close()
        app.processEvents()
        sys.stdout.write(_("selftest: {n} pages opened without error in {s:.1f} s",
                           n=len(pages), s=time.perf_counter() - started) + "\n")
        return 0
    finally:
        workspace.close()
