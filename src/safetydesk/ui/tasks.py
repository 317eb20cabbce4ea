"""Run database and long work off the UI thread.

All database work goes to ONE worker thread (SQLite has one writer; Anki serialises collection
work the same way, qt/aqt/taskman.py and qt/aqt/operations). Results come back on the UI thread
through a queued signal of the runner, which lives on the UI thread; callbacks therefore may touch
widgets, the work function may not. The UI thread never opens a database session: every read a
widget shows goes through `query`, every change through `db` (or `long`).

Three ways in:

- ``db(fn, on_success, on_failure)``: an operation (usually a write) whose result is always
  delivered, in the order queued.
- ``query(fn, on_success, on_failure, owner=widget, key="rows")``: a read for a view. Each
  (owner, key) has a generation counter: a newer query for the same key supersedes an older one,
  whose result is dropped (and whose work is skipped if it has not started yet). A result whose
  owner widget was deleted meanwhile is dropped too. Use it for reloads, sorting, filtering,
  search, "fetch more", pickers and anything read to open a dialog::

      def reload(self) -> None:
          ws, q = self.workspace, self.query.copy()   # the UI may change its own meanwhile
          self.runner.query(lambda: records.fetch_page(ws.sessions, q, 0, 100, ws.actor),
                            self._show_rows, owner=self, key="rows")

  ``forget(owner, key)`` drops whatever is still pending for that key.
- ``long(fn, title, parent, ...)``: like ``db`` with a window-modal progress dialog after ~300 ms;
  cancelling sets a flag the work checks between steps (it raises Cancelled, and what it did so
  far is rolled back).

The work function runs on the worker: it may call services (which open their own sessions) and
build plain data, including QImage (not QPixmap), but never touch a widget.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from safetydesk.errors import Cancelled
from safetydesk.i18n import _

log = logging.getLogger(__name__)


class Progress:
    """Handed to long work functions: report progress, ask whether the user cancelled."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._cancel = threading.Event()
        self._emit = emit

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        self._emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled(_("Cancelled; nothing was changed."))


class ProgressDialog(QDialog):
    """Window-modal progress with an optional Cancel button; appears only after `delay_ms`.

    Unlike QProgressDialog, updating it never spins the event loop, so a result arriving while
    progress is reported cannot re-enter the runner.
    """

    def __init__(self, title: str, parent: QWidget | None, cancellable: bool, delay_ms: int = 300) -> None:
        super().__init__(parent)
        self.setObjectName("progress-dialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setVisible(cancellable)
        lay.addWidget(self.cancel_button)
        self.setMinimumWidth(360)
        self._timer = QTimer(self, singleShot=True, interval=delay_ms, timeout=self.show)
        self._timer.start()

    def update_progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 0))
        if total:
            self.bar.setValue(min(done, total))
        if text:
            self.label.setText(text)

    def finish(self) -> None:
        self._timer.stop()
        self.hide()
        self.deleteLater()

    def reject(self) -> None:  # Esc or the window's close button: same as Cancel
        if self.cancel_button.isVisible():
            self.cancel_button.click()


_SKIPPED = object()  # a superseded query that never ran


@dataclass
class _Pending:
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    dialog: ProgressDialog | None = None
    key: Hashable | None = None  # queries only: (id(owner), key)
    generation: int = 0
    owner: QObject | None = None


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, job_id: int, fn: Callable[[], Any],
                 stale: Callable[[], bool] | None = None) -> None:
        super().__init__()
        # Qt must not delete this Python-owned object on the worker thread (it crashed there);
        # the runner keeps it and lets go once it has surely returned.
        self.setAutoDelete(False)
        self._runner, self._id, self._fn, self._stale = runner, job_id, fn, stale

    def run(self) -> None:  # worker thread
        if self._stale is not None and self._stale():
            self._deliver(True, _SKIPPED)
            return
        try:
            result = self._fn()
        except BaseException as exc:
            self._deliver(False, exc)
        else:
            self._deliver(True, result)

    def _deliver(self, ok: bool, payload: object) -> None:
        try:
            self._runner._finished.emit(self._id, ok, payload)
        except RuntimeError:  # the runner (and its window) closed meanwhile: nobody to tell
            log.debug("task %s finished after its runner was deleted", self._id)


class TaskRunner(QObject):
    _finished = Signal(int, bool, object)
    _progressed = Signal(int, int, int, str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._generations: dict[Hashable, int] = {}  # (id(owner), key) -> newest generation
        self._on_error = on_error
        self._jobs: dict[int, _Job] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    def db(self, fn: Callable[[], Any], on_success: Callable[[Any], None] | None = None,
           on_failure: Callable[[BaseException], None] | None = None) -> int:
        """Queue `fn` on the database thread; callbacks run on the UI thread."""
        job_id = next(self._ids)
        self._pending[job_id] = _Pending(on_success, on_failure)
        self.busy_changed.emit(True)
        self._start(job_id, fn)
        return job_id

    def query(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
              on_failure: Callable[[BaseException], None] | None = None, *,
              owner: QObject, key: str = "") -> int:
        """Read on the database thread for `owner` (a widget or model); `on_success` runs on the
        UI thread only if this is still the newest query for (owner, key) and owner still exists.

        A newer query for the same key supersedes this one: its result and error are dropped,
        and its work is skipped if the worker has not started it yet. Failures go to
        `on_failure`, else to the runner's error handler.
        """
        slot = (id(owner), key)
        generation = self._generations.get(slot, 0) + 1
        self._generations[slot] = generation
        job_id = next(self._ids)
        self._pending[job_id] = _Pending(on_success, on_failure, None, slot, generation, owner)
        self.busy_changed.emit(True)
        # Read from the worker: a dict lookup of an int is atomic under the GIL.
        self._start(job_id, fn, stale=lambda: self._generations.get(slot) != generation)
        return job_id

    def forget(self, owner: QObject, key: str = "") -> None:
        """Drop what is still pending for (owner, key): nothing of it will be delivered."""
        slot = (id(owner), key)
        if slot in self._generations:
            self._generations[slot] += 1

    def _start(self, job_id: int, fn: Callable[[], Any],
               stale: Callable[[], bool] | None = None) -> None:
        job = _Job(self, job_id, fn, stale)
        self._jobs[job_id] = job
        self._pool.start(job)

    def long(self, fn: Callable[[Progress], Any], title: str, parent: QWidget | None,
             on_success: Callable[[Any], None] | None = None,
             on_failure: Callable[[BaseException], None] | None = None,
             cancellable: bool = True) -> int:
        """Like db(), with a progress dialog after ~300 ms and an optional Cancel button."""
        job_id = next(self._ids)
        dialog = ProgressDialog(title, parent, cancellable)
        progress = Progress(lambda d, t, s: self._progressed.emit(job_id, d, t, s))
        dialog.cancel_button.clicked.connect(progress.cancel)
        dialog.cancel_button.clicked.connect(lambda: dialog.label.setText(_("Cancelling…")))
        self._pending[job_id] = _Pending(on_success, on_failure, dialog)
        self.busy_changed.emit(True)
        self._start(job_id, lambda: fn(progress))
        return job_id

    def _show_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        entry = self._pending.get(job_id)
        if entry and entry.dialog is not None:
            entry.dialog.update_progress(done, total, text)

    def _deliver(self, job_id: int, ok: bool, payload: object) -> None:
        # One worker thread: every job started before this one has returned from run().
        for older in [j for j in self._jobs if j < job_id]:
            del self._jobs[older]
        entry = self._pending.pop(job_id, None) or _Pending(None, None)
        if entry.dialog is not None:
            entry.dialog.finish()
        if not self._pending:
            self.busy_changed.emit(False)
        if entry.key is not None:
            current = self._generations.get(entry.key) == entry.generation
            if current and not self._has_pending(entry.key):
                del self._generations[entry.key]  # nothing newer is coming: keep the dict small
            alive = entry.owner is not None and shiboken6.isValid(entry.owner)
            if payload is _SKIPPED or not current or not alive:
                return
        if ok:
            if entry.on_success is not None:
                entry.on_success(payload)
            return
        assert isinstance(payload, BaseException)
        if entry.on_failure is not None:
            entry.on_failure(payload)
        elif self._on_error is not None:
            self._on_error(payload)
        else:
            log.error("task failed", exc_info=payload)

    def _has_pending(self, key: Hashable) -> bool:
        return any(p.key == key for p in self._pending.values())

    def is_idle(self) -> bool:
        return not self._pending

    def wait_done(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle (tests, shutdown); queued results still need the event loop."""
        done = self._pool.waitForDone(msecs)
        if done:
            self._jobs.clear()
        return done
