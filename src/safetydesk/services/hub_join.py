"""A second workstation for a hub on PostgreSQL (issue 16.5): `safetydesk connect URL`.

Several people of a township or county office work on one PostgreSQL database, each on their own
PC. Each PC has its own data folder (window settings, logs, its signed audit head, attachment
files it stored) bound to the shared database by `database.url`. What a workstation needs from
the installation to sign and open packages are its key files (sync.keys): at `init --database`
they are copied into the database's key_wrap table (rows `keyfile:NAME`), and `connect` writes
them into the new data folder. The private key files are encrypted under the installation's key
secret, which the database holds sealed to the data key (services.data_key), so a workstation
signs or opens a package only after someone signs in there, as on the first PC. The password of
the database itself never enters our files (libpq: ~/.pgpass, PGPASSWORD). Command thread.
"""

from __future__ import annotations

import base64
import os
import shutil

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk import file_modes
from safetydesk.domain.organisation import InstallationInfo
from safetydesk.errors import AlreadyInitialised, SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models import database_url, migrate
from safetydesk.models.access import KeyWrap
from safetydesk.models.base import utcnow
from safetydesk.paths import DataPaths
from safetydesk.sync import keys

PREFIX = "keyfile:"
KDF = "file"  # not a key wrap: a copy of a key file (its private part encrypted as on disk)
FILES = (keys.SIGN_PRIVATE, keys.ENC_PRIVATE, keys.SIGN_PUBLIC, keys.ENC_PUBLIC)
PRIVATE_FILES = (keys.SIGN_PRIVATE, keys.ENC_PRIVATE)


def publish_key_files(storage: object) -> None:
    """Copy the installation's key files into its database (after init --database)."""
    paths: DataPaths = storage.paths  # type: ignore[attr-defined]
    sessions: sessionmaker[Session] = storage.sessions  # type: ignore[attr-defined]
    with sessions.begin() as s:
        for name in FILES:
            data = (paths.keys / name).read_bytes()
            row = s.get(KeyWrap, PREFIX + name)
            if row is None:
                s.add(KeyWrap(name=PREFIX + name, kdf=KDF, wrapped=base64.b64encode(data).decode("ascii"),
                              created_at=utcnow()))
            else:
                row.wrapped = base64.b64encode(data).decode("ascii")


def join(paths: DataPaths, url: str) -> InstallationInfo:
    """Bind the empty data folder `paths` to the hub installation in PostgreSQL at `url`."""
    from safetydesk.services.installation import installation_info
    from safetydesk.services.postgresql_storage import connect

    url = database_url.check_url(url)
    if paths.is_initialised():
        raise AlreadyInitialised(_("{path} already holds a SafetyDesk installation; nothing was "
                                   "changed. Use another --data-dir for a new one.", path=str(paths.root)))
    created = not paths.root.exists()
    file_modes.private_dir(paths.root)
    engine = connect(paths, url)
    try:
        if migrate.current_revision(engine) is None:
            raise SafetyDeskError(_("The PostgreSQL database {url} holds no SafetyDesk installation. "
                                    "Create one with 'safetydesk init township|county --database'.",
                                    url=url))
        with Session(engine) as s:
            stored = {r.name[len(PREFIX):]: r.wrapped for r in
                      s.scalars(select(KeyWrap).where(KeyWrap.name.like(PREFIX + "%")))}
        missing = [n for n in FILES if n not in stored]
        if missing:
            raise SafetyDeskError(_("The installation in {url} has no copy of its key files, so this "
                                    "workstation could not sign packages. Copy the keys folder from "
                                    "the first workstation, or re-create the installation with this "
                                    "version.", url=url))
        file_modes.private_dir(paths.keys)
        for name in FILES:
            target = paths.keys / name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, base64.b64decode(stored[name], validate=True))
            finally:
                os.close(fd)
        database_url.write_url(paths.root, url)
        info = installation_info(sessionmaker(engine))
    except Exception:
        shutil.rmtree(paths.keys, ignore_errors=True)
        paths.database_url_file.unlink(missing_ok=True)
        if created:
            shutil.rmtree(paths.root, ignore_errors=True)
        raise
    finally:
        engine.dispose()
    return info
