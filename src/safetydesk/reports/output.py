"""Write a report file safely: into a temporary file beside the target, renamed on success.

A report is written in full or not at all: a failure, a cancel or a crash never leaves a half
file under the name the user chose, and an earlier file of that name survives until the new one
is complete. Problems the user can fix (missing folder, no permission, a folder given as the
file, a file held open by another program) become SafetyDeskError with a message in the UI
language saying what to do. Runs on whatever thread renders the report.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _

_TEMP_SUFFIX = ".part"


def _cannot_write(out: Path, reason: str) -> SafetyDeskError:
    if reason == "missing":
        msg = _("Cannot write {path}: the folder does not exist. Choose another folder.", path=out)
    elif reason == "directory":
        msg = _("Cannot write {path}: it is a folder. Choose a file name.", path=out)
    elif reason == "permission":
        msg = _("Cannot write {path}: no permission to write there. Choose another folder.", path=out)
    elif reason == "busy":
        msg = _(
            "Cannot write {path}: the file may be open in another program. "
            "Close it or choose another file name.",
            path=out,
        )
    else:
        msg = _(
            "Cannot write {path}: the disk may be full or removed. Choose another folder.",
            path=out,
        )
    return SafetyDeskError(msg)


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return "missing"
    if isinstance(exc, IsADirectoryError):
        return "directory"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "permission"
    return "other"


def check_writable(out: Path) -> None:
    """Raise SafetyDeskError now if `out` clearly cannot be written (before any slow rendering)."""
    out = Path(out)
    parent = out.parent
    if not parent.is_dir():
        raise _cannot_write(out, "missing")
    if out.is_dir():
        raise _cannot_write(out, "directory")
    if out.exists() and not os.access(out, os.W_OK):
        raise _cannot_write(out, "permission")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _cannot_write(out, "permission")


def _create_temp(out: Path) -> Path:
    """A new, empty file beside `out`; created with the user's umask (not mkstemp's 0600)."""
    for _attempt in range(100):
        tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _cannot_write(out, _reason(exc)) from exc
        os.close(fd)
        return tmp
    raise _cannot_write(out, "other")


def _sync(path: Path) -> None:
    """Flush the finished file to the disk: officers pull the USB stick as soon as it says done."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a temporary path to write the report to; it becomes `out` only if the block succeeds.

    Any exception in the block (including Cancelled) removes the temporary file and propagates;
    an OSError while writing becomes a SafetyDeskError naming `out`.
    """
    out = Path(out)
    check_writable(out)
    tmp = _create_temp(out)
    try:
        try:
            yield tmp
        except OSError as exc:
            raise _cannot_write(out, _reason(exc)) from exc
        _sync(tmp)
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise _cannot_write(out, "directory" if out.is_dir() else "busy") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
