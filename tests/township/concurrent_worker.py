"""One workstation importing packages, run as its own process by test_concurrent_import."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def import_all(worker: int, root: str, files: list[str], start: Any, results: Any) -> None:
    """Sign in as the administrator, wait for the start signal, import `files` in order and
    report (file, status, code) for each; a crash is reported too, never swallowed."""
    from safetydesk.paths import DataPaths
    from safetydesk.services import accounts
    from safetydesk.services.workspace import open_workspace
    from safetydesk.sync.importer import import_package
    from tests.support import PASSWORD

    out: list[tuple[str, str, str | None]] = []
    try:
        ws = open_workspace(DataPaths(Path(root)))
        try:
            accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD)
            start.wait(60)
            for f in files:
                r = import_package(ws.storage, f, "admin")
                out.append((Path(f).name, r.status, r.code))
        finally:
            ws.close()
    except Exception as exc:  # reported to the test, which fails on it
        out.append(("crash", type(exc).__name__, str(exc)))
    results.put((worker, out))
