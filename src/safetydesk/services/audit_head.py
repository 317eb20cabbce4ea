"""The audit log's head, kept outside the database and signed (issue 13, point 4).

After every commit that added audit entries, `update` writes `audit-head.json` in the data
folder (atomically): the last entry's number and hash, the hashes of recent entries and of every
CHECKPOINT_EVERY-th entry, signed with the installation's Ed25519 key (sync.keys). The head only
moves forward: it is rewritten only when the entry it names still has the hash it recorded, so a
cut or rewritten chain never overwrites the evidence. `services.audit.verify` compares the chain
with it and names the missing range or the first entry that no longer matches. The first signed
head leaves a marker in the database, so a deleted head file is noticed too.

Limits: someone who kept an old head file and the key can put both back; the anchors a township
keeps from packages (and echoes back) cover that case. A restore puts the head of the restored
database in place (`rebase`). Any thread; `update` never raises.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from safetydesk.errors import SafetyDeskError
from safetydesk.models import database_url, raw_db
from safetydesk.paths import DataPaths

log = logging.getLogger(__name__)

HEAD_FILE = "audit-head.json"
FORMAT = "safetydesk-audit-head"
VERSION = 1
MARKER = "audit.head"  # setting key: a signed head was written for this database
KEEP_RECENT = 256  # every one of the last entries is anchored: a rewrite among them is named exactly
CHECKPOINT_EVERY = 1000  # and every 1000th entry for ever, so older rewrites are found within 1000
_LOCK = threading.Lock()


class HeadDamaged(SafetyDeskError):
    """The head file is unreadable, or its signature is not this installation's."""


@dataclass(frozen=True)
class Head:
    entry: int
    hash: str
    anchors: dict[int, str]  # entry number -> hash, the head included


def head_file(root: Path) -> Path:
    return Path(root) / HEAD_FILE


def _body(head: Head, org_code: str, key_id: str) -> dict[str, object]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "org_code": org_code,
        "key_id": key_id,
        "entry": head.entry,
        "hash": head.hash,
        "anchors": [[n, h] for n, h in sorted(head.anchors.items())],
    }


def _canonical(body: dict[str, object]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _public_key(root: Path) -> Ed25519PublicKey | None:
    from safetydesk.sync import keys

    path = DataPaths(root).keys / keys.SIGN_PUBLIC
    if not path.exists():
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(keys.decode_public_key(path.read_text("ascii").strip()))
    except (OSError, ValueError) as exc:
        raise HeadDamaged(str(exc)) from exc


def read(root: Path) -> Head | None:
    """The signed head, or None when there is none; HeadDamaged when it was changed."""
    path = head_file(root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HeadDamaged(str(exc)) from exc
    try:
        body = json.loads(raw)
        signature = base64.b64decode(body.pop("signature"), validate=True)
        public = _public_key(root)
        if public is None:
            raise HeadDamaged("no public key")
        public.verify(signature, _canonical(body))
        if body["format"] != FORMAT or body["version"] != VERSION:
            raise HeadDamaged("format")
        anchors = {int(n): str(h) for n, h in body["anchors"]}
        head = Head(int(body["entry"]), str(body["hash"]), anchors)
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, InvalidSignature) as exc:
        raise HeadDamaged(type(exc).__name__) from exc
    if head.anchors.get(head.entry) != head.hash:
        raise HeadDamaged("anchors")
    return head


def _prune(anchors: dict[int, str], last: int) -> dict[int, str]:
    return {n: h for n, h in anchors.items() if n % CHECKPOINT_EVERY == 0 or n > last - KEEP_RECENT}


def _write(root: Path, head: Head, org_code: str) -> bool:
    """Sign and write; False when the key cannot be used now (the head then stays as it was)."""
    from safetydesk.sync import keys, package

    try:
        pair = keys.ensure_keys(DataPaths(root))
        body = _body(head, org_code, pair.public.key_id)
        # The private key opens only after a sign-in (services.data_key): until then the head waits.
        body["signature"] = base64.b64encode(pair.sign_private.sign(_canonical(body))).decode("ascii")
    except SafetyDeskError as exc:
        log.info("audit head not signed now: %s", exc.user_message)
        return False
    package.write_atomically(head_file(root), _canonical(body) + b"\n")
    return True


def _connect(database: Path) -> Any:
    """sqlite3, or for a hub on PostgreSQL its look-alike (models.raw_db)."""
    pg = raw_db.connect_pg(database)
    if pg is not None:
        return pg
    conn = sqlite3.connect(database, timeout=10)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def marker_key(root: Path) -> str:
    """The setting that says a signed head was written. Workstations sharing a PostgreSQL
    database each keep their own head file, so each has its own marker (docs/postgresql.md)."""
    if database_url.read_url(Path(root)) is None:
        return MARKER
    return f"{MARKER}@{database_url.workstation_id(Path(root))}"


def _org_code(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT org_code FROM installation WHERE id = 1").fetchone()
    return row[0] if row else ""


def _set_marker(conn: Any, present: bool, key: str = MARKER) -> None:
    with conn:
        if present:
            conn.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (key, json.dumps({"signed": True})),
            )
        else:
            conn.execute("DELETE FROM setting WHERE key = ?", (key,))


def update(database: Path) -> None:
    """Move the head forward to the database's last entry (after a commit that added entries)."""
    root = Path(database).parent
    with _LOCK:
        try:
            old = read(root)
        except HeadDamaged as exc:
            log.warning("audit head left as it is (changed: %s)", exc)
            return
        try:
            conn = _connect(database)
            try:
                start = old.entry if old is not None else 0
                if old is None and marker_set(conn, marker_key(root)):
                    log.warning("audit head file missing: not written again")
                    return
                if old is not None:
                    still = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (old.entry,)).fetchone()
                    if still is None or still[0] != old.hash:
                        log.warning("audit head left as it is: entry %s changed or removed", old.entry)
                        return
                new = conn.execute(
                    "SELECT id, hash FROM audit_log WHERE id > ? ORDER BY id", (start,)
                ).fetchall()
                if not new:
                    return
                last, last_hash = new[-1]
                anchors = _prune({**(old.anchors if old else {}), **dict(new)}, last)
                if _write(root, Head(last, last_hash, anchors), _org_code(conn)) and old is None:
                    _set_marker(conn, True, marker_key(root))
            finally:
                conn.close()
        except (OSError, sqlite3.Error) as exc:
            log.warning("audit head not written: %s", exc)


def rebase(root: Path) -> None:
    """After a restore: the head of the database now in place (the replaced one is kept apart)."""
    database = DataPaths(root).database
    with _LOCK:
        conn = _connect(database)
        try:
            rows = conn.execute("SELECT id, hash FROM audit_log ORDER BY id").fetchall()
            head_file(root).unlink(missing_ok=True)
            if not rows:
                _set_marker(conn, False, marker_key(root))
                return
            last, last_hash = rows[-1]
            head = Head(last, last_hash, _prune(dict(rows), last))
            _set_marker(conn, _write(root, head, _org_code(conn)), marker_key(root))
        finally:
            conn.close()


def marker_set(conn: Any, key: str = MARKER) -> bool:
    return conn.execute("SELECT 1 FROM setting WHERE key = ?", (key,)).fetchone() is not None
