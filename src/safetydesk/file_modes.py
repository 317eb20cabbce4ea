"""Files only their owner may read, where the operating system has file modes.

The one place that knows which OS does what (issue 13, point 9). POSIX: a new private file is
created 0600 and a folder is narrowed to 0700, whatever the umask of the shared PC. Windows has
no POSIX modes: the user's profile folder (where the data folder lives) is already private to
that account through its ACL, so nothing is changed there. Any thread.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700

if os.name == "posix":

    def create_private(path: Path) -> int:
        """A new file (refused if it exists) readable by its owner only; an open fd for writing."""
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)

    def make_private(path: Path) -> None:
        """Narrow an existing file to 0600, or a folder to 0700."""
        os.chmod(path, PRIVATE_DIR if Path(path).is_dir() else PRIVATE_FILE)

else:  # Windows

    def create_private(path: Path) -> int:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))

    def make_private(path: Path) -> None:
        return None
