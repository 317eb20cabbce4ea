"""Owner-only files and folders for an installation's private data, where the OS has modes.

Why: the data folder holds minors' records (sealed or not), backups and keys; on a machine where
other accounts log in, a world-readable 0644 database or backup is a copy anyone may take. The
data folder, the backups and attachments folders are 0700; the database, its -wal/-shm files,
backups and attachments 0600. SQLite creates -wal and -shm with the mode of the database file, so
a database created 0600 keeps its WAL private too.

The OS-specific part is here and only here, one branch per OS:
- POSIX (Linux, macOS): chmod. A file system without modes (a FAT USB stick) refuses or ignores
  chmod; that is not an error: the copy is as private as the stick.
- Windows: nothing to do. The default data folder is under %LOCALAPPDATA%, whose inherited ACL
  admits only the user (and administrators); chmod there would only toggle the read-only flag.

Any thread; no database, no Qt.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")

if sys.platform == "win32":

    def _chmod(path: Path, mode: int) -> None:
        return None

else:

    def _chmod(path: Path, mode: int) -> None:
        try:
            os.chmod(path, mode)
        except FileNotFoundError:
            return
        except OSError as exc:  # a file system without modes: best effort only
            log.info("cannot set mode %o on %s: %s", mode, path, exc)


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing; the folder itself becomes owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    _chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file owner-only (a missing one is ignored)."""
    _chmod(path, PRIVATE_FILE)
    return path


def create_private_file(path: Path) -> Path:
    """Create an empty owner-only file (before SQLite opens it: SQLite then uses its mode for the
    WAL and shared-memory files). An existing file is only made private."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return private_file(path)
    os.close(fd)
    return private_file(path)  # the umask may have taken bits away, never added: set exactly


def create_private(path: Path) -> int:
    """A new file (refused if it exists) readable by its owner only: an fd open for writing (the
    package writer streams into it, then renames it into place)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    _chmod(path, PRIVATE_FILE)  # the umask may have taken bits away, never added: set exactly
    return fd


def private_database(database: Path) -> None:
    """The database and whichever of its -wal/-shm/-journal files exist become owner-only."""
    private_file(database)
    for suffix in SQLITE_SIDE_FILES:
        side = Path(f"{database}{suffix}")
        if side.exists():
            private_file(side)


if sys.platform == "win32":

    def owned_by_me(path: Path) -> bool:
        return True  # the temp folder (%TEMP%) is the user's own

else:

    def owned_by_me(path: Path) -> bool:
        """True when the current user owns `path` (the shared /tmp holds other users' folders)."""
        try:
            return path.lstat().st_uid == os.geteuid()
        except OSError:
            return False
