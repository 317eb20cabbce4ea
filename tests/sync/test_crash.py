"""The power fails (SIGKILL) at any moment of an import: the database is whole, and either as
before or as after; importing the file again then succeeds or reports a duplicate."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from safetydesk.paths import DataPaths
from safetydesk.services.storage import open_storage
from safetydesk.sync.importer import import_package

from .conftest import add_class_and_students, add_staff, dump

# A small fork server: it loads the app once, then forks one importer per request, so 20+ kills
# cost the kills, not 20 interpreter start-ups. The test SIGKILLs the forked importer itself.
ZYGOTE = """
import os, sys
from pathlib import Path
from safetydesk.paths import DataPaths
from safetydesk.services.storage import open_storage
from safetydesk.sync.importer import import_package
for line in sys.stdin:
    root, pkg = line.rstrip("\\n").split("\\t")
    pid = os.fork()
    if pid == 0:
        storage = open_storage(DataPaths(Path(root)))
        sys.stdout.write(f"{os.getpid()}\\n"); sys.stdout.flush()
        import_package(storage, pkg, "crash-test")
        os._exit(0)
    os.waitpid(pid, 0)
    sys.stdout.write("reaped\\n"); sys.stdout.flush()
"""

VOLATILE = ('INSERT INTO "imported_package"', 'INSERT INTO "import_attempt"')


def _records(database) -> list[str]:
    return [ln for ln in dump(database, skip_attempts=False) if not ln.startswith(VOLATILE)]


def _imported_count(database) -> int:
    conn = sqlite3.connect(database)
    try:
        return conn.execute("SELECT count(*) FROM imported_package").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_at_random_moments(pair, tmp_path):
    for i in range(40):
        add_staff(pair.school, f"老师{i}", position="教师" * 10)
    for _ in range(8):
        add_class_and_students(pair.school, 40)
    pkg = pair.export().path
    template = tmp_path / "template"
    shutil.copytree(pair.township.paths.root, template)
    before = _records(template / "safetydesk.sqlite3")

    # The state after a completed import, and how long the import itself takes.
    done = tmp_path / "done"
    shutil.copytree(template, done)
    storage = open_storage(DataPaths(done))
    t0 = time.perf_counter()
    assert import_package(storage, pkg, "crash-test").status == "imported"
    duration = time.perf_counter() - t0
    storage.close()
    after = _records(done / "safetydesk.sqlite3")
    assert after != before

    rng = random.Random(2026)
    outcomes = {"before": 0, "after": 0}
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        for n in range(22):
            root = tmp_path / f"k{n}"
            shutil.copytree(template, root)
            zygote.stdin.write(f"{root}\t{pkg}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            time.sleep(rng.uniform(0, duration * 1.3))
            with contextlib.suppress(ProcessLookupError):  # it may have finished
                os.kill(pid, signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "reaped"
            _check(root, pkg, before, after, outcomes)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=10)
        zygote.stdout.close()
    assert outcomes["before"] > 0  # the kills really landed during imports


def _check(root, pkg, before, after, outcomes) -> None:
    db = root / "safetydesk.sqlite3"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    state = _records(db)
    assert state in (before, after), f"{root.name}: neither before nor after"
    outcomes["after" if state == after else "before"] += 1
    storage = open_storage(DataPaths(root))
    try:
        again = import_package(storage, pkg, "crash-test")
    finally:
        storage.close()
    assert again.status == ("duplicate" if state == after else "imported"), again.message
    assert _records(db) == after
    assert _imported_count(db) == 1
    shutil.rmtree(root)
