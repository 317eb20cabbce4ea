"""Drop-folder intake (issue 16.6): import every package that appears in a folder, then move it
to `imported/` or `rejected/` beside a reason file.

Why it is safe to kill at any moment (SIGKILL, power cut):
- the import itself is one transaction (importer.py): the database is either before or after;
- the reason file is written atomically FIRST, with the package's SHA-256 in it, and the package
  is moved with one rename inside the same folder afterwards. A restart that finds a package
  whose reason file is already there but not the moved package only finishes the move; one
  that finds the package still in place imports it again, which the stream check turns into
  "already imported, nothing changed" when the first attempt had committed.

A file is taken only once its size and modification time have stayed the same for `settle`
seconds as seen by this process (a share's clock may differ from ours, so its mtime is compared
only with itself): a package still being copied onto a stick or a share is left alone until
the copy ends. Names that are not `*.sdpkg`, hidden files and the temporary files of copy tools
are never touched. Transient failures (database busy, disk full) leave the package in place to
be tried again. No Qt here; runs on the thread that calls it (the CLI's main thread).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.sync.importer import ImportResult
from safetydesk.sync.package import kind_title, sync_dir, write_atomically

SUFFIX = ".sdpkg"
IMPORTED, REJECTED = "imported", "rejected"
REASON_SUFFIX = ".txt"
# Rejections that say nothing about the package: try it again on a later scan.
RETRY_CODES = frozenset({"database_busy", "disk_full"})
_SHA_LINE = re.compile(r"^sha256: ([0-9a-f]{64})$", re.MULTILINE)


@dataclass
class Outcome:
    """What became of one package file."""

    file: Path
    result: ImportResult | None  # None: an earlier, interrupted run's move was only finished
    moved_to: Path | None  # None: left in place (changed while read, or a transient failure)
    note: str = ""


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float


@dataclass
class DropFolder:
    """One watched folder. `scan()` says which packages are ready, `take()` imports and moves one."""

    folder: Path
    settle: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, _Seen] = field(default_factory=dict)
    _ignored: set[str] = field(default_factory=set)

    @property
    def imported_dir(self) -> Path:
        return self.folder / IMPORTED

    @property
    def rejected_dir(self) -> Path:
        return self.folder / REJECTED

    def prepare(self) -> None:
        """Check the folder can be watched: it exists and we may create `imported/`, `rejected/`
        and files there. Raises SafetyDeskError saying what to do; changes nothing else."""
        if not self.folder.is_dir():
            raise SafetyDeskError(
                _("The folder {folder} does not exist or is not a folder. Check the path (is the USB "
                  "stick plugged in, the share connected?).", folder=str(self.folder))
            )
        try:
            for d in (self.imported_dir, self.rejected_dir):
                d.mkdir(exist_ok=True)
            probe = self.folder / f".safetydesk-write-test.{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
            for d in (self.imported_dir, self.rejected_dir):
                if not os.access(d, os.W_OK | os.X_OK):
                    raise PermissionError(str(d))
        except OSError as exc:
            raise SafetyDeskError(
                _("SafetyDesk cannot write in the folder {folder} ({detail}). Each package is moved "
                  "to imported/ or rejected/ there, so the folder must be writable: remove the USB "
                  "stick's write protection or ask for write access to the share, or copy the "
                  "packages into a writable folder and watch that one. Nothing was imported.",
                  folder=str(self.folder), detail=exc.strerror or str(exc))
            ) from exc

    def scan(self) -> tuple[list[Path], list[Path], set[str]]:
        """(packages ready to import, files newly seen that are not packages, names of packages
        still settling). Cheap: one directory listing and a stat per entry."""
        now = self.clock()
        ready: list[Path] = []
        ignored: list[Path] = []
        present: set[str] = set()
        try:
            entries = sorted(os.scandir(self.folder), key=lambda e: e.name)
        except OSError:
            return [], [], {""}  # the stick was pulled or the share dropped: try again later
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~")):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not name.lower().endswith(SUFFIX):
                if name not in self._ignored:
                    self._ignored.add(name)
                    ignored.append(Path(entry.path))
                continue
            present.add(name)
            seen = self._seen.get(name)
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                self._seen[name] = _Seen(st.st_size, st.st_mtime_ns, now)
            elif st.st_size > 0 and now - seen.since >= self.settle:
                ready.append(Path(entry.path))
        for name in set(self._seen) - present:
            del self._seen[name]
        return ready, ignored, present - {p.name for p in ready}

    def forget(self, path: Path) -> None:
        """Watch the file again from scratch (it changed, or is to be retried later)."""
        self._seen.pop(path.name, None)

    def take(self, path: Path, import_file: Callable[[Path], ImportResult]) -> Outcome:
        """Import one ready package and move it with its reason file (see the module docstring)."""
        try:
            st = path.stat()  # before reading: a change from here on shows after the import
            data = path.read_bytes()
        except OSError:  # locked by the copier (Windows) or gone: later
            self.forget(path)
            return Outcome(path, None, None, _("could not be read yet; will try again"))
        if len(data) != st.st_size:
            self.forget(path)
            return Outcome(path, None, None, _("could not be read yet; will try again"))
        sha = hashlib.sha256(data).hexdigest()
        del data
        finished = self._finish_earlier_move(path, sha)
        if finished is not None:
            return finished
        result = import_file(path)
        if result.status == "rejected":
            try:
                now = path.stat()
                changed = (now.st_size, now.st_mtime_ns) != (st.st_size, st.st_mtime_ns)
            except OSError:
                changed = True
            if changed or result.code in RETRY_CODES:
                self.forget(path)
                return Outcome(path, result, None, _("left in place; will try again"))
        dest = self.imported_dir if result.status in ("imported", "duplicate") else self.rejected_dir
        target = _free_name(dest, path.name)
        self.forget(path)
        try:
            write_atomically(target.with_name(target.name + REASON_SUFFIX), reason_text(path.name, result, sha))
            os.replace(path, target)
        except OSError:  # the stick was pulled or became read-only, a copier holds the file open:
            # the next scan imports it again (a duplicate by then) or finishes the move
            return Outcome(path, result, None, _("left in place; will try again"))
        sync_dir(dest)
        sync_dir(self.folder)
        return Outcome(path, result, target)

    def _finish_earlier_move(self, path: Path, sha: str) -> Outcome | None:
        """A reason file for this very content whose package is missing: an earlier run was
        stopped between writing it and the move. Finish the move; import nothing."""
        stem = path.name[: -len(SUFFIX)]
        for dest in (self.imported_dir, self.rejected_dir):
            for reason in sorted(dest.glob("*" + SUFFIX + REASON_SUFFIX)):
                if not reason.name.startswith(stem):
                    continue
                target = reason.with_name(reason.name[: -len(REASON_SUFFIX)])
                if target.exists():
                    continue
                try:
                    found = _SHA_LINE.search(reason.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue
                if found and found.group(1) == sha:
                    os.replace(path, target)
                    sync_dir(dest)
                    self.forget(path)
                    return Outcome(path, None, target, _("the move of an interrupted run was finished"))
        return None


def _free_name(dest: Path, name: str) -> Path:
    """`dest/name`, or `name-2.sdpkg`, `-3`... when a file (or its reason file) has that name."""
    stem, n = name[: -len(SUFFIX)], 1
    target = dest / name
    while target.exists() or target.with_name(target.name + REASON_SUFFIX).exists():
        n += 1
        target = dest / f"{stem}-{n}{SUFFIX}"
    return target


def reason_text(name: str, r: ImportResult, sha: str) -> bytes:
    """The reason file beside a moved package, in the UI language, for the person who opens the
    folder. Its last line (`sha256: ...`) lets a restarted run recognise the package."""
    if r.status == "imported":
        outcome = _("Imported.")
    elif r.status == "duplicate":
        outcome = _("Already imported earlier; nothing changed.")
    else:
        outcome = _("Rejected ({code}).", code=r.code or "")
    lines = [
        _("Package file: {name}", name=name),
        _("Result: {outcome}", outcome=outcome),
    ]
    if r.sender:
        lines.append(_("Sender: {sender}, package number {seq}", sender=r.sender, seq=r.seq or ""))
    if r.message:
        lines.append(_("Reason: {message}", message=r.message))
    for kind, c in r.counts.items():
        lines.append(
            _("  {kind}: {created} new, {updated} updated, {unchanged} unchanged, {deleted} deleted",
              kind=kind_title(kind), created=c.created, updated=c.updated, unchanged=c.unchanged, deleted=c.deleted)
        )
    if r.gaps:
        lines.append(_("  Missing packages from {sender}: {numbers}. Ask for them to be sent again.",
                       sender=r.sender or "", numbers=", ".join(map(str, r.gaps))).strip())
    lines.extend(r.warnings)
    lines.append(_("Time: {time}", time=datetime.now().strftime("%Y-%m-%d %H:%M:%S")))
    lines.append(f"sha256: {sha}")
    return ("\n".join(lines) + "\n").encode("utf-8")
