"""Where an installation keeps its data: platformdirs, overridable for tests and portable installs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from safetydesk import APP_NAME

ENV_DATA_DIR = "SAFETYDESK_DATA_DIR"


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir` wins, then SAFETYDESK_DATA_DIR, then the platform's user data directory."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """Every file an installation owns lives under `root`."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "safetydesk.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def settings_file(self) -> Path:
        return self.root / "ui-settings.ini"

    @property
    def database_url_file(self) -> Path:
        """A hub on PostgreSQL names its database here (models.database_url)."""
        return self.root / "database.url"

    def is_initialised(self) -> bool:
        return self.database.exists() or self.database_url_file.exists()
