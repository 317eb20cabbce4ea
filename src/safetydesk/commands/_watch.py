"""`safetydesk import --watch DIR` (issue 16.6): the drop-folder loop around sync/dropfolder.py.

Ctrl+C (SIGINT) or SIGTERM asks the loop to stop: the package being imported is finished and
moved, then the command exits; a second Ctrl+C stops at once (the import's transaction is rolled
back, nothing half-written). A SIGKILL at any moment is survived by the drop folder's order of
work (dropfolder.py). Output: the same lines as `import`, plus where each file went; with --json
one JSON object per line and per package (the keys of `import --json`'s list items, plus
"moved_to"). Exit code: 1 when a package of this run was rejected, else 0. Main thread only.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


class _StopFlag:
    """Set by the first SIGINT/SIGTERM; the second SIGINT raises KeyboardInterrupt as usual."""

    def __init__(self, say: Any) -> None:
        self.event = threading.Event()
        self._say = say
        self._old: dict[int, Any] = {}

    def __enter__(self) -> _StopFlag:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.event.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.event.set()
        self._say(_("Stopping after the current package (press Ctrl+C again to stop at once)."))


def run_watch(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import require_package_role
    from safetydesk.commands.sync import _by, _json_item, _print_result
    from safetydesk.services import audit
    from safetydesk.sync.dropfolder import DropFolder
    from safetydesk.sync.importer import ImportResult, import_package

    def say(text: str) -> None:  # messages about the watching itself; stdout stays JSON with --json
        stream = sys.stderr if args.json else sys.stdout
        stream.write(text + "\n")
        stream.flush()

    storage = ctx.storage()
    actor = require_package_role(ctx)
    folder = DropFolder(Path(args.watch), settle=args.settle)
    folder.prepare()

    def import_file(path: Path) -> ImportResult:
        r = import_package(storage, path, _by(ctx))
        audit.log(
            storage.sessions,
            actor,
            "package_import",
            detail=f"{r.file} {r.status} {r.sender or ''} #{r.seq or ''} {r.code or ''}".strip(),
        )
        return r

    rejected = False
    left: set[str] = set()  # --once: tried and left in place (busy database...), not waited for again
    say(
        _("Watching {folder}: each package is moved to imported/ or rejected/ with a reason file. Press "
          "Ctrl+C to stop.", folder=str(folder.folder))
        if not args.once
        else _("Importing the packages in {folder}.", folder=str(folder.folder))
    )
    with _StopFlag(say) as stop:
        while not stop.event.is_set():
            ready, ignored, settling = folder.scan()
            for path in ignored:
                say(_("{file}: not a package file (.sdpkg); left where it is.", file=path.name))
            for path in ready:
                outcome = folder.take(path, import_file)
                r = outcome.result
                where = (
                    str(outcome.moved_to.relative_to(folder.folder)) if outcome.moved_to is not None else None
                )
                if args.json:
                    item: dict[str, Any] = (
                        _json_item(r) if r is not None else {"file": str(path), "status": "moved"}
                    )
                    item["moved_to"] = where
                    if outcome.note:
                        item["note"] = outcome.note
                    sys.stdout.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
                    sys.stdout.flush()
                else:
                    if r is not None:
                        _print_result(ctx, r)
                    if where is not None:
                        say("  " + _("moved to {place}", place=where))
                    if outcome.note:
                        say(f"  {path.name}: {outcome.note}")
                if r is not None and r.status == "rejected" and outcome.moved_to is not None:
                    rejected = True
                if outcome.moved_to is None:
                    left.add(path.name)
                if stop.event.is_set():
                    break
            if args.once and not (settling - left):
                break
            stop.event.wait(args.interval)
    say(_("Stopped watching {folder}.", folder=str(folder.folder)))
    return 1 if rejected else 0
