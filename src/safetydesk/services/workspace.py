"""An opened installation as the UI and commands use it: storage, identity, the acting person."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

import safetydesk.kinds
import safetydesk.services.field_crypto  # noqa: F401  (sensitive text sealed before anything writes)
from safetydesk.paths import DataPaths
from safetydesk.services.changes import Actor
from safetydesk.services.installation import InstallationInfo, installation_info
from safetydesk.services.storage import Storage, open_storage


@dataclass
class Workspace:
    storage: Storage
    info: InstallationInfo
    actor: Actor

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.storage.sessions

    @property
    def paths(self) -> DataPaths:
        return self.storage.paths

    def close(self) -> None:
        self.storage.close()


def open_workspace(paths: DataPaths, username: str = "admin", role: str = "admin") -> Workspace:
    storage = open_storage(paths)
    try:
        info = installation_info(storage.sessions)
    except Exception:
        storage.close()
        raise
    return Workspace(storage, info, Actor(username=username, org_code=info.org_code, role=role))
