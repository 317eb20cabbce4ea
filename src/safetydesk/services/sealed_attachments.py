"""Attachments of sensitive records, encrypted at rest under names that say nothing.

A photo or scan of a psychological case is stored as attachments/sealed/<attachment uuid>-<tag>:
a sealed box to the data key's public key (services.data_key.seal_bytes, associated data
"attachment:<uuid>"), so writing needs no password and reading needs a sign-in. The name holds a
random row id and `tag` (16 hex of SHA-256 of the public key it is sealed to): neither the
content's hash nor the original file name, which are sealed in the attachment row
(services.field_crypto). When the data key is replaced, new files are written under the new tag
beside the old ones; the old ones go only once the replacement committed.

Other attachments stay content-addressed in clear under attachments/<sha256>
(services.attachments). Any thread.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from safetydesk import file_modes
from safetydesk.paths import DataPaths
from safetydesk.services import data_key

FOLDER = "sealed"


def folder(paths: DataPaths) -> Path:
    return paths.attachments / FOLDER


def tag(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def _aad(uuid: str) -> bytes:
    return f"attachment:{uuid}".encode()


def path_for(paths: DataPaths, uuid: str, public: bytes) -> Path:
    return folder(paths) / f"{uuid}-{tag(public)}"


def find(paths: DataPaths, uuid: str) -> list[Path]:
    """The sealed files of one attachment (normally one; two for a moment during a rotation)."""
    here = folder(paths)
    return sorted(here.glob(f"{uuid}-*")) if here.is_dir() else []


def _write(target: Path, data: bytes) -> None:
    from safetydesk.sync.package import write_atomically  # owner-only, all or nothing

    file_modes.private_dir(target.parent)
    write_atomically(target, data)


def write(paths: DataPaths, uuid: str, content: bytes, public: bytes) -> Path:
    target = path_for(paths, uuid, public)
    _write(target, data_key.seal_bytes(public, content, _aad(uuid)))
    return target


def read(paths: DataPaths, uuid: str, private: X25519PrivateKey) -> bytes:
    """The content; OSError when the file is missing, ValueError/InvalidTag when it is not
    sealed to `private`."""
    public = private.public_key().public_bytes_raw()
    return data_key.open_bytes(private, path_for(paths, uuid, public).read_bytes(), _aad(uuid))


def reseal_all(paths: DataPaths, old: X25519PrivateKey, new_public: bytes) -> tuple[list[Path], list[Path]]:
    """Write every file sealed to `old` again for `new_public`: (new files, old files). The caller
    deletes the old ones once its transaction committed, or the new ones when it rolled back."""
    old_tag = tag(old.public_key().public_bytes_raw())
    made: list[Path] = []
    replaced: list[Path] = []
    here = folder(paths)
    for f in sorted(here.glob(f"*-{old_tag}")) if here.is_dir() else []:
        uuid = f.name[: -len(old_tag) - 1]
        content = data_key.open_bytes(old, f.read_bytes(), _aad(uuid))
        made.append(write(paths, uuid, content, new_public))
        replaced.append(f)
    return made, replaced


def remove(files: list[Path]) -> None:
    for f in files:
        f.unlink(missing_ok=True)


def tidy(paths: DataPaths, public: bytes) -> int:
    """Delete files sealed to an older key whose file for the current key exists (a rotation
    that committed but stopped before its clean-up)."""
    current = tag(public)
    here = folder(paths)
    n = 0
    for f in list(here.iterdir()) if here.is_dir() else []:
        uuid, _sep, t = f.name.rpartition("-")
        if t != current and (here / f"{uuid}-{current}").exists():
            f.unlink(missing_ok=True)
            n += 1
    return n
