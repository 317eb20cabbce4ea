"""The township console's first paint: 40 schools x one school year of demo-scale data (the data
of bench_township.py), from the main window shown until the school-by-mechanism matrix is filled,
against a bare PySide6 window whose QTableWidget is filled from one raw sqlite3 query of the same
counts (bench_township.raw_status), in the same run.

Each side runs in its own process (offscreen Qt), after `QApplication` exists and PySide6 is
imported; the clock starts before the window is built. Ours: `prepare_workspace` (the identity
read with sqlite3), `MainWindow`, `show()`, `load_workspace()` on the DB thread (imports, opening
the database, the window's services), the console built, `services.console.matrix` on the DB
thread, the cells drawn. Baseline: a QMainWindow with a QTableWidget, `show()`, the raw counts,
the cells drawn. Median of 3 processes each (quick: 10 schools, 2 processes). The note splits ours
into loading the workspace and computing and drawing the matrix.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _app():  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from safetydesk.ui.qt_setup import create_application

    return create_application("zh_CN")


def ours_main(root: str) -> None:
    """Child process: seconds from building the window to the matrix filled, on stdout."""
    app = _app()
    from PySide6.QtWidgets import QApplication

    from safetydesk.paths import DataPaths
    from safetydesk.services.workspace import prepare_workspace
    from safetydesk.ui.main_window import MainWindow
    from safetydesk.ui.tasks import TaskRunner

    t0 = time.perf_counter()
    ws = prepare_workspace(DataPaths(Path(root)))
    assert ws is not None
    runner = TaskRunner(app)
    window = MainWindow(ws, runner)
    window.resize(1366, 768)
    window.show()
    window.load_workspace()
    filled: list[float] = []
    ready: list[float] = []

    def watch() -> None:
        ready.append(time.perf_counter())
        page = window.page("dashboard")
        page.matrix.loaded.connect(lambda: filled.append(time.perf_counter()))

    window.when_ready(watch)
    while not filled:
        QApplication.processEvents()
        time.sleep(0.001)
    QApplication.processEvents()  # the cells painted
    rows = window.page("dashboard").matrix.table.rowCount()
    print(f"{ready[0] - t0:.6f} {time.perf_counter() - t0:.6f} {rows}")
    runner.wait_done()
    ws.close()


def raw_main(database: str) -> None:
    """Child process: a bare window and table filled from raw sqlite3 counts."""
    app = _app()
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    from bench.bench_township import raw_status

    t0 = time.perf_counter()
    window = QMainWindow()
    table = QTableWidget()
    window.setCentralWidget(table)
    window.resize(1366, 768)
    window.show()
    rows = raw_status(database)
    keys = ("hazards", "drills", "parent_meetings", "education_hours", "incidents", "notices")
    table.setColumnCount(2 + len(keys))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        table.setItem(r, 0, QTableWidgetItem(row["school"]["name"]))
        table.setItem(r, 1, QTableWidgetItem(str(row["school"]["type"])))
        for c, key in enumerate(keys):
            table.setItem(r, 2 + c, QTableWidgetItem(" ".join(str(v) for v in row[key].values())))
    QApplication.processEvents()
    print(f"0 {time.perf_counter() - t0:.6f} {len(rows)}")
    del app


def _child(code: str) -> tuple[float, float, int]:
    env = {**os.environ, "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SAFETYDESK_NOW", None)
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"child exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    ready, seconds, rows = proc.stdout.split()[-3:]
    return float(ready), float(seconds), int(rows)


def run(quick: bool = False) -> list[tuple[str, float, float, str]]:
    n = 10 if quick else 40
    repeat = 2 if quick else 3
    tmp = Path(tempfile.mkdtemp(prefix="safetydesk-bench-console-"))
    try:
        from bench.bench_township import TOWNSHIP, TYPES, _fill
        from safetydesk.paths import DataPaths
        from safetydesk.services.installation import TOWNSHIP as ROLE
        from safetydesk.services.installation import InitRequest, initialise

        paths = DataPaths(tmp / "township")
        initialise(paths, InitRequest(role=ROLE, code=TOWNSHIP[0], name=TOWNSHIP[1])).close()
        schools = [(f"41052200{i:02d}", f"基准第{i}校", TYPES[i % len(TYPES)]) for i in range(1, n + 1)]
        _fill(paths.database, schools)
        ours, raw, loads = [], [], []
        for _ in range(repeat):
            load, seconds, rows = _child(f"from bench.bench_console import ours_main; ours_main({str(paths.root)!r})")
            assert rows == n, rows
            ours.append(seconds)
            loads.append(load)
            _load, seconds, rows = _child(f"from bench.bench_console import raw_main; raw_main({str(paths.database)!r})")
            assert rows == n, rows
            raw.append(seconds)
        matrix = [total - load for total, load in zip(ours, loads, strict=True)]
        return [
            (f"township console first paint, {n} schools", statistics.median(ours), statistics.median(raw),
             "window built and shown until the matrix is filled vs a bare QTableWidget from raw sqlite3 counts; "
             f"median of {repeat} processes each; of ours, {statistics.median(loads):.2f} s until the workspace is "
             "loaded (imports, database, window services)"),
            (f"township console matrix once loaded, {n} schools", statistics.median(matrix), statistics.median(raw),
             "from the workspace loaded until the matrix is filled (status of every school, the console built, "
             "cells drawn) vs the same bare-window baseline"),
        ]  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
