"""Photos and scans attached to records: content-addressed files in the data folder.

A file is stored once under attachments/<sha256> (hashing also proves it arrived intact after
sync); each attachment row links one file to one record and travels like any synced row.

A record saved together with its new photos is one use-case and one transaction
(`save_with_attachments`): if a file cannot be read or stored, the record is not saved either,
so trying again never makes a second record. (A file already copied into the store by a failed
attempt stays there unlinked; the store is content-addressed, so a retry reuses it.)
Runs on the database thread (or any thread in the CLI).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.org import Attachment
from safetydesk.paths import DataPaths
from safetydesk.services import records
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
    paths.attachments.mkdir(parents=True, exist_ok=True)
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
    with sessions.begin() as s:
        return attach_in(s, paths, actor, kind_key, record_uuid, source, caption)


def attach_in(s: Session, paths: DataPaths, actor: Actor, kind_key: str, record_uuid: str,
              source: Path, caption: str | None = None) -> Changes:
    """Store the file and link it to the record inside the caller's transaction (a failure to
    read or store the file raises, and the caller's whole use-case rolls back)."""
    sha, size = store_file(paths, source)
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    now = clock.now()
    s.add(Attachment(owner=actor.org_code, created_by=actor.username, updated_by=actor.username,
                     created_at=now, updated_at=now, sha256=sha, filename=source.name[:200],
                     mime_type=mime, size=size, record_kind=kind_key, record_uuid=record_uuid,
                     caption=caption))
    s.flush()
    return Changes.of(kind_key, ATTACHMENT_KIND)


def save_with_attachments(sessions: sessionmaker[Session], paths: DataPaths, actor: Actor, kind_key: str,
                          values: Mapping[str, Any], uuid: str | None = None, *,
                          add: Sequence[Path] = (), remove: Sequence[str] = (),
                          reason: str | None = None) -> records.SaveResult:
    """Save a record (create when uuid is None), attach the files `add` and unlink the
    attachments `remove`, all in one transaction: all of it is saved, or none of it."""
    with sessions.begin() as s:
        result = records.save_in(s, actor, get_kind(kind_key), values, uuid, reason=reason)
        changes = result.changes
        for source in add:
            changes |= attach_in(s, paths, actor, kind_key, result.uuid, Path(source))
        for attachment_uuid in remove:
            changes |= detach_in(s, actor, attachment_uuid, record_uuid=result.uuid)
    return records.SaveResult(result.uuid, changes)


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
        return detach_in(s, actor, attachment_uuid)


def detach_in(s: Session, actor: Actor, attachment_uuid: str, *, record_uuid: str | None = None) -> Changes:
    """`detach` inside the caller's transaction; with `record_uuid`, only that record's own."""
    row = s.get(Attachment, attachment_uuid)
    if row is None or row.deleted_at is not None:
        return Changes()
    if record_uuid is not None and row.record_uuid != record_uuid:
        raise SafetyDeskError(_("That photo or scan belongs to another record; nothing was changed."))
    now = clock.now()
    row.deleted_at = now
    row.updated_at = now
    row.updated_by = actor.username
    row.row_version += 1
    return Changes.of(row.record_kind, ATTACHMENT_KIND)


def export_copy(info: AttachmentInfo, target: Path) -> Path:
    shutil.copyfile(info.path, target)
    return target
