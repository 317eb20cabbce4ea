"""Photos and scans attached to records: content-addressed files in the data folder.

A file is stored once under attachments/<sha256> (hashing also proves it arrived intact after
sync); each attachment row links one file to one record and travels like any synced row.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk import file_modes
from safetydesk.domain import clock
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.org import Attachment
from safetydesk.paths import DataPaths
from safetydesk.services.changes import Actor, Changes

MAX_BYTES = 25 * 1024 * 1024
ALLOWED_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".pdf"}
ATTACHMENT_KIND = "attachment"


@dataclass(frozen=True)
class AttachmentInfo:
    uuid: str
    sha256: str
    filename: str
    mime_type: str
    size: int
    path: Path

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


def store_file(paths: DataPaths, source: Path) -> tuple[str, int]:
    """Copy `source` into the attachment store (once per content); returns (sha256, size)."""
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise SafetyDeskError(_("The file {path} cannot be read: {error}", path=str(source),
                                error=exc.strerror or str(exc))) from exc
    if source.suffix.lower() not in ALLOWED_SUFFIXES:
        raise SafetyDeskError(_("Only photos (JPG, PNG…) and PDF scans can be attached: {name}",
                                name=source.name))
    if size > MAX_BYTES:
        raise SafetyDeskError(_("{name} is larger than {mb} MB; attach a smaller photo or scan.",
                                name=source.name, mb=MAX_BYTES // (1024 * 1024)))
    file_modes.private_dir(paths.attachments)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=paths.attachments)
    try:
        with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        target = paths.attachments / digest.hexdigest()
        if target.exists():
            os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SafetyDeskError(_("The file could not be stored: {error}", error=exc.strerror or str(exc))) from exc
    return digest.hexdigest(), size


def attach(sessions: sessionmaker[Session], paths: DataPaths, actor: Actor, kind_key: str,
           record_uuid: str, source: Path, caption: str | None = None) -> Changes:
    sha, size = store_file(paths, source)
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    now = clock.now()
    with sessions.begin() as s:
        s.add(Attachment(owner=actor.org_code, created_by=actor.username, updated_by=actor.username,
                         created_at=now, updated_at=now, sha256=sha, filename=source.name[:200],
                         mime_type=mime, size=size, record_kind=kind_key, record_uuid=record_uuid,
                         caption=caption))
    return Changes.of(kind_key, ATTACHMENT_KIND)


def attachments_of(sessions: sessionmaker[Session], paths: DataPaths, record_uuid: str) -> list[AttachmentInfo]:
    with sessions() as s:
        rows = s.scalars(select(Attachment).where(Attachment.record_uuid == record_uuid,
                                                  Attachment.deleted_at.is_(None))
                         .order_by(Attachment.created_at))
        return [AttachmentInfo(r.uuid, r.sha256, r.filename, r.mime_type, r.size,
                               paths.attachments / r.sha256) for r in rows]


def detach(sessions: sessionmaker[Session], actor: Actor, attachment_uuid: str) -> Changes:
    """Tombstone the link (the file stays: other records or an undo may still use it)."""
    with sessions.begin() as s:
        row = s.get(Attachment, attachment_uuid)
        if row is None or row.deleted_at is not None:
            return Changes()
        now = clock.now()
        row.deleted_at = now
        row.updated_at = now
        row.updated_by = actor.username
        row.row_version += 1
        return Changes.of(row.record_kind, ATTACHMENT_KIND)


def export_copy(info: AttachmentInfo, target: Path) -> Path:
    shutil.copyfile(info.path, target)
    return target
