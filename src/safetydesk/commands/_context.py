"""What every command handler receives: the data folder, output helpers, opened storage."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from safetydesk.paths import DataPaths


@dataclass
class CommandContext:
    paths: DataPaths
    lang: str
    user: str | None = None
    password_file: str | None = None
    _storage: Any = field(default=None, repr=False)

    def storage(self) -> Any:
        """The installation's storage, opened (and migrated) on first use."""
        if self._storage is None:
            from safetydesk.services.storage import open_storage

            self._storage = open_storage(self.paths)
        return self._storage

    def close(self) -> None:
        if self._storage is not None:
            self._storage.close()
            self._storage = None

    @staticmethod
    def out(text: str = "") -> None:
        sys.stdout.write(text + "\n")

    @staticmethod
    def out_json(data: Any) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
