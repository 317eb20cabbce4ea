"""`safetydesk import --watch DIR` (issue 16.6): the drop folder, with real processes, real
packages and real kills. Every package ends up imported exactly once and moved to imported/,
whatever moment a SIGKILL lands on; Ctrl+C finishes the current package first."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid as uuid_mod
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from safetydesk.models.org import StaffMember
from safetydesk.paths import DataPaths
from safetydesk.services.storage import Storage, open_storage
from safetydesk.sync.dropfolder import DropFolder, reason_text
from safetydesk.sync.importer import import_package
from safetydesk.sync.package import write_atomically

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE
from .test_cli import admin, sd


def _add_staff_rows(storage: Storage, n: int, tag: str) -> None:
    now = datetime.now(UTC)
    rows = [
        {"uuid": str(uuid_mod.uuid4()), "owner": SCHOOL_CODE, "row_version": 1, "created_at": now,
         "created_by": "t", "updated_at": now, "updated_by": "t", "deleted_at": None,
         "name": f"{tag}老师{i:05d}", "position": "教师", "phone": f"139{i:08d}", "active": True}
        for i in range(n)
    ]
    with storage.sessions.begin() as s:
        s.execute(insert(StaffMember), rows)


def _packages(pair, out: Path, sizes: tuple[int, ...]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i, n in enumerate(sizes, 1):
        _add_staff_rows(pair.school, n, f"第{i}批")
        files.append(pair.export().path)
    return files


def _staff(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT * FROM staff_member ORDER BY uuid").fetchall()
    finally:
        conn.close()


def _imported(db: Path) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT seq FROM imported_package ORDER BY seq")]
    finally:
        conn.close()


def _states(template: Path, files: list[Path], tmp: Path) -> list[list[tuple]]:
    """The township's staff table before any package and after each one, imported directly."""
    ref = tmp / "reference"
    shutil.copytree(template, ref)
    states = [_staff(ref / "safetydesk.sqlite3")]
    storage = open_storage(DataPaths(ref))
    try:
        for f in files:
            assert import_package(storage, f, "ref").status == "imported"
            states.append(_staff(ref / "safetydesk.sqlite3"))
    finally:
        storage.close()
    return states


def _watch_cmd(township: Path, creds: list[str], folder: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "safetydesk", "--lang", "en", "--data-dir", str(township), *creds,
            "import", "--watch", str(folder), "--json", "--settle", "0", "--interval", "0.05", *extra]


def _start(cmd: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    line = proc.stderr.readline()  # "Watching ...": signed in, folder checked, loop starting
    assert "Watching" in line, line + proc.stderr.read()
    return proc


def _drop(f: Path, folder: Path) -> None:
    """Put a package into the folder as a copy tool that renames at the end would."""
    tmp = folder / f".{f.name}.part"
    shutil.copy(f, tmp)
    os.replace(tmp, folder / f.name)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_mid_import_then_completes(pair, tmp_path):
    files = _packages(pair, tmp_path / "out", (1500, 1500, 1500))
    pair.township.close()
    township = pair.township.paths.root
    template = tmp_path / "template"
    shutil.copytree(township, template)
    states = _states(template, files, tmp_path)
    creds = admin(township, TOWNSHIP_CODE)
    assert len({len(s) for s in states}) == 4  # each package changes the table

    drop = tmp_path / "stick"
    drop.mkdir()
    for f in files:
        _drop(f, drop)
    db = township / "safetydesk.sqlite3"
    rng = random.Random(16)
    kills = 0
    seen: set[tuple[int, int]] = set()
    for i in range(14):
        if not list(drop.glob("*.sdpkg")):
            break
        proc = _start(_watch_cmd(township, creds, drop))
        # Growing delays (x1.5), so that on a fast machine or a slow one some kill lands inside
        # the first import, some between packages, and the last runs get further.
        time.sleep(0.05 * 1.5**i * rng.uniform(0.8, 1.2))
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        kills += proc.returncode == -signal.SIGKILL
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        # Before or after each package, never half: the rows match the packages recorded.
        seqs = _imported(db)
        assert seqs == list(range(1, len(seqs) + 1))
        assert _staff(db) == states[len(seqs)], f"rows do not match {len(seqs)} imported packages"
        # A package already moved to imported/ was really imported.
        moved = sorted(p.name for p in (drop / "imported").glob("*.sdpkg"))
        assert moved == [f.name for f in files[: len(moved)]] and len(moved) <= len(seqs)
        seen.add((len(seqs), len(moved)))
    print("states after kills (imported, moved):", sorted(seen))
    assert kills > 0 and any(0 < n < 3 for n, _m in seen)  # some kills landed between packages

    # The run after the last kill completes the work.
    done = subprocess.run(
        [*_watch_cmd(township, creds, drop), "--once"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert list(drop.glob("*.sdpkg")) == []
    assert sorted(p.name for p in (drop / "imported").glob("*.sdpkg")) == [f.name for f in files]
    assert list((drop / "rejected").iterdir()) == []
    assert _imported(db) == [1, 2, 3]  # each exactly once
    assert _staff(db) == states[3]
    for f in files:
        reason = (drop / "imported" / (f.name + ".txt")).read_text(encoding="utf-8")
        assert "sha256: " in reason and ("Imported." in reason or "Already imported" in reason)


def test_interrupted_move_is_finished_without_importing_again(pair, tmp_path, capsys):
    """Killed after the reason file was written but before the package moved: the restart
    finishes the move, and neither imports nor notes a duplicate."""
    (pkg,) = _packages(pair, tmp_path / "out", (20,))
    drop = tmp_path / "share"
    (drop / "imported").mkdir(parents=True)
    dropped = drop / pkg.name
    shutil.copy(pkg, dropped)
    r = import_package(pair.township, dropped, "tester")
    assert r.status == "imported"
    creds = admin(pair.township.paths.root, TOWNSHIP_CODE)
    import hashlib

    sha = hashlib.sha256(dropped.read_bytes()).hexdigest()
    written = reason_text(pkg.name, r, sha)
    write_atomically(drop / "imported" / (pkg.name + ".txt"), written)
    attempts = _attempts(pair.township.paths.database)

    code, out, err = sd(capsys, "--data-dir", str(pair.township.paths.root), *creds, "import", "--watch",
                        str(drop), "--once", "--settle", "0", "--interval", "0.05", "--json")
    assert code == 0, err
    (line,) = out.splitlines()
    assert json.loads(line) == {"file": str(dropped), "status": "moved", "moved_to": f"imported/{pkg.name}",
                                "note": "the move of an interrupted run was finished"}
    assert (drop / "imported" / pkg.name).read_bytes() == pkg.read_bytes()
    assert (drop / "imported" / (pkg.name + ".txt")).read_bytes() == written
    assert not dropped.exists()
    assert _attempts(pair.township.paths.database) == attempts  # no second import attempted


def _attempts(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM import_attempt").fetchone()[0]
    finally:
        conn.close()


def test_duplicates_junk_and_other_files(pair, tmp_path, capsys):
    (pkg,) = _packages(pair, tmp_path / "out", (5,))
    assert import_package(pair.township, pkg, "tester").status == "imported"
    creds = admin(pair.township.paths.root, TOWNSHIP_CODE)
    drop = tmp_path / "stick"
    drop.mkdir()
    shutil.copy(pkg, drop / pkg.name)  # already imported: goes to imported/ with a note
    (drop / "照片.jpg").write_bytes(b"\xff\xd8 not ours")  # not a package: left alone
    (drop / "坏的.sdpkg").write_bytes(b"PK\x03\x04 broken")  # claims to be one: rejected
    (drop / ".hidden.sdpkg.1234.tmp").write_bytes(b"half")  # a copy tool's temp file
    before = _staff(pair.township.paths.database)

    code, out, err = sd(capsys, "--data-dir", str(pair.township.paths.root), *creds, "import", "--watch",
                        str(drop), "--once", "--settle", "0", "--interval", "0.05", "--json")
    assert code == 1  # a package was rejected
    items = {Path(i["file"]).name: i for i in map(json.loads, out.splitlines())}
    assert items[pkg.name]["status"] == "duplicate" and items[pkg.name]["moved_to"] == f"imported/{pkg.name}"
    assert items["坏的.sdpkg"]["status"] == "rejected" and items["坏的.sdpkg"]["moved_to"] == "rejected/坏的.sdpkg"
    assert items["坏的.sdpkg"]["code"] in ("not_a_package", "damaged")
    assert set(items) == {pkg.name, "坏的.sdpkg"}
    assert "照片.jpg: not a package file" in err
    assert sorted(p.name for p in drop.iterdir()) == [".hidden.sdpkg.1234.tmp", "imported", "rejected", "照片.jpg"]
    note = (drop / "imported" / (pkg.name + ".txt")).read_text(encoding="utf-8")
    assert "Already imported earlier; nothing changed." in note
    reason = (drop / "rejected" / "坏的.sdpkg.txt").read_text(encoding="utf-8")
    assert items["坏的.sdpkg"]["message"] in reason and "Rejected (" in reason
    assert _staff(pair.township.paths.database) == before

    # The same name dropped again later is kept beside the first, not over it.
    shutil.copy(pkg, drop / pkg.name)
    code, out, _err = sd(capsys, "--data-dir", str(pair.township.paths.root), *creds, "import", "--watch",
                         str(drop), "--once", "--settle", "0", "--interval", "0.05", "--json")
    assert code == 0
    stem = pkg.name[: -len(".sdpkg")]
    assert json.loads(out)["moved_to"] == f"imported/{stem}-2.sdpkg"
    assert (drop / "imported" / f"{stem}-2.sdpkg.txt").exists()


def test_a_package_still_being_copied_is_left_alone(pair, tmp_path):
    """The share is written slowly: the file is taken only once it has stopped changing."""
    (pkg,) = _packages(pair, tmp_path / "out", (50,))
    data = pkg.read_bytes()
    drop = tmp_path / "share"
    drop.mkdir()
    now = [0.0]  # the folder's clock, moved by hand
    folder = DropFolder(drop, settle=3.0, clock=lambda: now[0])
    folder.prepare()
    target = drop / pkg.name
    with target.open("wb") as fh:
        fh.write(data[: len(data) // 3])
        fh.flush()
        assert folder.scan()[0] == []
        for now[0], part in ((4.0, 2), (8.0, 3)):  # the settle time passes, but the file grew
            fh.write(data[len(data) * (part - 1) // 3 : len(data) * part // 3])
            fh.flush()
            assert folder.scan()[0] == []
    now[0] = 9.0
    assert folder.scan()[0] == []  # complete, but not yet quiet for 3 seconds
    now[0] = 11.5
    (ready,), _ignored, _settling = folder.scan()
    outcome = folder.take(ready, lambda p: import_package(pair.township, p, "tester"))
    assert outcome.result is not None and outcome.result.status == "imported", outcome.result
    assert outcome.moved_to == drop / "imported" / pkg.name


def test_ctrl_c_finishes_the_current_package(pair, tmp_path):
    creds = admin(pair.township.paths.root, TOWNSHIP_CODE)
    files = _packages(pair, tmp_path / "out", (1500, 1500, 1500))
    pair.township.close()
    township = pair.township.paths.root
    drop = tmp_path / "stick"
    drop.mkdir()
    proc = _start(_watch_cmd(township, creds, drop))
    for f in files:
        _drop(f, drop)
    first = proc.stdout.readline()  # the first package is done: the second is under way
    assert json.loads(first)["status"] == "imported"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Stopping after the current package" in err and "Stopped watching" in err
    db = township / "safetydesk.sqlite3"
    seqs = _imported(db)
    moved = sorted(p.name for p in (drop / "imported").glob("*.sdpkg"))
    # Whatever was imported was also moved: nothing was left half done.
    assert moved == [f.name for f in files[: len(seqs)]]
    assert sorted(p.name for p in drop.glob("*.sdpkg")) == [f.name for f in files[len(seqs):]]
    assert len(out.splitlines()) == len(seqs) - 1  # one line per package; the first was read above


def _read_only(path: Path) -> contextlib.AbstractContextManager[None]:
    @contextlib.contextmanager
    def manage():
        if os.name == "posix" and os.geteuid() == 0:  # root writes anywhere: a read-only mount
            if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)],
                              capture_output=True).returncode != 0:
                pytest.skip("root and no read-only mount available")
            try:
                yield
            finally:
                subprocess.run(["umount", str(path)], check=False)
        else:
            path.chmod(0o500)
            try:
                yield
            finally:
                path.chmod(0o700)

    return manage()


def test_read_only_folder_says_what_to_do(pair, tmp_path, capsys):
    creds = admin(pair.township.paths.root, TOWNSHIP_CODE)
    drop = tmp_path / "stick"
    drop.mkdir()
    before = _staff(pair.township.paths.database)
    with _read_only(drop):
        code, _out, err = sd(capsys, "--data-dir", str(pair.township.paths.root), *creds, "import",
                             "--watch", str(drop), "--once")
        assert code == 1
        assert "cannot write in the folder" in err and "writable" in err
        assert list(drop.iterdir()) == []
    assert _staff(pair.township.paths.database) == before
    code, _out, err = sd(capsys, "--data-dir", str(pair.township.paths.root), *creds, "import",
                         "--watch", str(tmp_path / "missing"), "--once")
    assert code == 1 and "does not exist" in err


def test_usage_errors(pair, tmp_path, capsys):
    creds = admin(pair.township.paths.root, TOWNSHIP_CODE)
    root = str(pair.township.paths.root)
    assert sd(capsys, "--data-dir", root, *creds, "import")[0] == 2
    assert sd(capsys, "--data-dir", root, *creds, "import", "--watch", str(tmp_path), "x.sdpkg")[0] == 2
    assert sd(capsys, "--data-dir", root, *creds, "import", "--watch", str(tmp_path), "--dry-run")[0] == 2
