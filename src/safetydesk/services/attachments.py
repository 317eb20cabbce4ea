"""Photos and scans attached to records: content-addressed files in the data folder.

A file is stored once under attachments/<sha256> (hashing also proves it arrived intact after
sync); each attachment row links one file to one record and travels like any synced row.

A record saved together with its new photos is one use-case and one transaction
(`save_with_attachments`): if a file cannot be read or stored, the record is not saved either,
so trying again never makes a second record. (A file already copied into the store by a failed
attempt stays there unlinked; the store is content-addressed, so a retry reuses it.)
Runs on the database thread (or any thread in the CLI).

Attachments of sensitive records are different once the installation is protected: each is
encrypted to the data key under a name that says nothing (services.sealed_attachments), and its
row's hash, file name and caption are sealed too (services.field_crypto). Reading them needs a
sign-in; `read_bytes` and `viewing_copy` open them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk import file_modes
from safetydesk.domain import clock
from safetydesk.domain.registry import get_kind
from safetydesk.errors import AuthenticationError, SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.base import new_uuid
from safetydesk.models.org import Attachment
from safetydesk.paths import DataPaths
from safetydesk.services import data_key, private_temp, records, sealed_attachments
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
    sealed: bool = False  # encrypted at rest: open with read_bytes / viewing_copy

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    def content(self) -> bytes:
        """The file's bytes (a sealed one is opened with the signed-in key)."""
        return read_bytes(DataPaths(self.path.parents[2]) if self.sealed else DataPaths(self.path.parents[1]), self)


def sensitive_kinds() -> frozenset[str]:
    import safetydesk.kinds  # noqa: F401  (registers every kind)
    from safetydesk.domain.registry import all_kinds

    return frozenset(k.key for k in all_kinds() if k.sensitive)


def _check_source(source: Path) -> int:
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
    return size


def store_file(paths: DataPaths, source: Path) -> tuple[str, int]:
    """Copy `source` into the attachment store (once per content); returns (sha256, size)."""
    size = _check_source(source)
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
    with sessions.begin() as s:
        return attach_in(s, paths, actor, kind_key, record_uuid, source, caption)


def attach_in(s: Session, paths: DataPaths, actor: Actor, kind_key: str, record_uuid: str,
              source: Path, caption: str | None = None) -> Changes:
    """Store the file and link it to the record inside the caller's transaction (a failure to
    read or store the file raises, and the caller's whole use-case rolls back). For a sensitive
    record of a protected installation the file is encrypted to the data key (no password
    needed) under a name that says nothing."""
    public = (data_key.current_public(s, data_key.db_key(s.get_bind()))
              if kind_key in sensitive_kinds() else None)
    uuid = new_uuid()
    if public is None:
        sha, size = store_file(paths, source)
    else:
        size = _check_source(source)
        try:
            content = source.read_bytes()
        except OSError as exc:
            raise SafetyDeskError(_("The file {path} cannot be read: {error}", path=str(source),
                                    error=exc.strerror or str(exc))) from exc
        sha, size = hashlib.sha256(content).hexdigest(), len(content)
        try:
            sealed_attachments.write(paths, uuid, content, public)
        except OSError as exc:
            raise SafetyDeskError(_("The file could not be stored: {error}",
                                    error=exc.strerror or str(exc))) from exc
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    now = clock.now()
    s.add(Attachment(uuid=uuid, owner=actor.org_code, created_by=actor.username,
                     updated_by=actor.username, created_at=now, updated_at=now, sha256=sha,
                     filename=source.name[:200], mime_type=mime, size=size, record_kind=kind_key,
                     record_uuid=record_uuid, caption=caption))
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


def _info(paths: DataPaths, r: Attachment) -> AttachmentInfo:
    private = data_key.private_for(paths.database)
    found = sealed_attachments.find(paths, r.uuid)
    if not found:
        return AttachmentInfo(r.uuid, r.sha256, r.filename, r.mime_type, r.size, paths.attachments / r.sha256)
    current = (
        sealed_attachments.path_for(paths, r.uuid, private.public_key().public_bytes_raw())
        if private is not None else found[0]
    )
    return AttachmentInfo(r.uuid, r.sha256, r.filename, r.mime_type, r.size,
                          current if current.exists() else found[0], sealed=True)


def attachments_of(sessions: sessionmaker[Session], paths: DataPaths, record_uuid: str) -> list[AttachmentInfo]:
    with sessions() as s:
        rows = s.scalars(select(Attachment).where(Attachment.record_uuid == record_uuid,
                                                  Attachment.deleted_at.is_(None))
                         .order_by(Attachment.created_at))
        return [_info(paths, r) for r in rows]


def read_bytes(paths: DataPaths, info: AttachmentInfo) -> bytes:
    """The attachment's content; a sealed one needs this process to be signed in."""
    if not info.sealed:
        return info.path.read_bytes()
    private = data_key.private_for(paths.database)
    if private is None:
        raise AuthenticationError(_("Sign in with an account that may see this record to open its attachments."))
    try:
        return sealed_attachments.read(paths, info.uuid, private)
    except (OSError, ValueError) as exc:
        raise SafetyDeskError(_("The file could not be read: {error}", error=str(exc))) from exc


def viewing_copy(info: AttachmentInfo) -> Path:
    """A path another program can open: the stored file, or for a sealed one a decrypted copy in
    an owner-only temp folder (private_temp: removed at every start and close)."""
    if not info.sealed:
        return info.path
    content = info.content()
    target = private_temp.new_folder(private_temp.VIEW_PREFIX) / f"{info.uuid[:8]}{Path(info.filename).suffix}"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return target


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
    if info.sealed:
        target.write_bytes(info.content())
    else:
        shutil.copyfile(info.path, target)
    return target


# --- sync: the files of a package, and the files a package brought ---------------------------------


def package_files(paths: DataPaths, rows: Iterable[Mapping[str, Any]]) -> dict[str, bytes]:
    """sha256 -> content of the live attachment rows `rows` (their sealed values opened), for a
    package; a file missing or not matching its hash is left out."""
    out: dict[str, bytes] = {}
    private = data_key.private_for(paths.database)
    for r in rows:
        sha = r["sha256"]
        if sha in out or r.get("deleted_at") is not None:
            continue
        data: bytes | None = None
        if sealed_attachments.find(paths, r["uuid"]) and private is not None:
            try:
                data = sealed_attachments.read(paths, r["uuid"], private)
            except (OSError, ValueError):
                data = None
        elif (paths.attachments / sha).is_file():
            data = (paths.attachments / sha).read_bytes()
        if data is not None and hashlib.sha256(data).hexdigest() == sha:
            out[sha] = data
    return out


def _write_clear(folder: Path, sha: str, content: bytes) -> None:
    """Content-addressed: a file already stored under its sha256 is the same file."""
    from safetydesk.sync.package import write_atomically

    target = folder / sha
    if not target.exists():
        write_atomically(target, content)


def store_received(paths: DataPaths, sessions: sessionmaker[Session], files: Mapping[str, bytes],
                   rows: Iterable[Mapping[str, Any]]) -> None:
    """Store the files a package brought (sync import): those of sensitive records sealed to the
    data key per attachment row, the others content-addressed in clear."""
    sensitive = sensitive_kinds()
    rows = list(rows)
    file_modes.private_dir(paths.attachments)
    public = None
    if any(r["record_kind"] in sensitive for r in rows):
        public = data_key.current_public_of(sessions)
    sealed_only: set[str] = set()
    if public is not None:
        for r in rows:
            if r["record_kind"] in sensitive and r["sha256"] in files:
                sealed_attachments.write(paths, r["uuid"], files[r["sha256"]], public)
                sealed_only.add(r["sha256"])
        sealed_only -= {r["sha256"] for r in rows if r["record_kind"] not in sensitive}
    for sha, content in files.items():
        if sha not in sealed_only:
            _write_clear(paths.attachments, sha, content)


def seal_stored(paths: DataPaths, s: Session, public: bytes) -> int:
    """Encrypt the clear files of sensitive records' attachments (stored before the installation
    was protected); a clear file no other record uses is deleted. Inside the sealing transaction,
    before the rows' values are sealed."""
    from safetydesk.services.data_key import is_sealed

    sensitive = sensitive_kinds()
    done = 0
    loose: set[str] = set()
    rows = s.execute(select(Attachment.uuid, Attachment.sha256).where(Attachment.record_kind.in_(sensitive)))
    for uuid, sha in rows.all():
        clear = paths.attachments / str(sha)
        if is_sealed(sha) or sealed_attachments.find(paths, uuid) or not clear.is_file():
            continue
        sealed_attachments.write(paths, uuid, clear.read_bytes(), public)
        loose.add(sha)
        done += 1
    for sha in loose:
        used = s.scalar(select(func.count()).select_from(Attachment).where(
            Attachment.sha256 == sha, Attachment.record_kind.not_in(sensitive)))
        if not used:
            (paths.attachments / sha).unlink(missing_ok=True)
    return done
