"""The installation's data key, who can open it, and how it is replaced (issue 13, points 5 and 6).

Why this shape:
- The data key D is an X25519 key pair. Sensitive values are sealed to D's public key
  (services.field_crypto), so writing needs no password; reading needs D's private key.
- Every account has its own X25519 key pair A. A's private key is wrapped with AES-256-GCM under
  an argon2id key derived from the account's password; D's private key is sealed to A's public
  key. An administrator can therefore hand a NEW data key to every account without knowing their
  passwords, which is what rotation needs. The recovery code works like an account (R).
- argon2id costs t=3, 64 MiB, p=4 (RFC 9106's second recommended option), exactly what the login
  hash costs: a stolen copy of the database is no cheaper to attack through the key wraps than
  through the password hashes. (The first version used 2 passes over 19 MiB.)
- The secret that encrypts the installation's private signing and encryption keys (keys/) is
  sealed to D (row 'keys'), so a copy of the data folder signs and opens nothing without a
  password. Before protection exists (no administrator has signed in yet) it stays in keys/.kek,
  protected by the OS key store where there is one (safetydesk.os_keystore).
- D's public key is signed with the installation's Ed25519 key (row 'public.sig'): a process in
  which nobody signed in checks the signature before sealing to it; a signed-in process compares
  it with D itself. A public key swapped in the database is refused, never used.

Rotation (services.key_rotation) replaces D when an account is removed or a password is reset,
changed or recovered: a new D, every stored value sealed again, D sealed again to every account's
current A, and that account's A is new when its password changed. An old backup plus an old
password then yields only the old D, which opens nothing written or re-sealed since.

key_wrap rows: public, public.sig, user:NAME, data:NAME, recovery, data:@recovery, keys. Rows of
the first version (user:NAME and recovery wrapping D itself, kdf 'argon2id$2$19456$1$...') are
converted at the account's next sign-in; a first-version recovery code is replaced by a new one
at the next administrator sign-in (LoginResult.recovery_code shows it).

Process state (unlocked keys) lives in memory only, per database file. Any thread.
"""

from __future__ import annotations

import base64
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

import safetydesk.models.access  # noqa: F401
from safetydesk.errors import AuthenticationError
from safetydesk.i18n import _
from safetydesk.models import raw_db
from safetydesk.models.access import KeyWrap
from safetydesk.models.database_url import DATABASE_KEY_OPTION
from safetydesk.paths import DataPaths
from safetydesk.services.key_wraps import (  # noqa: F401  (part of this module's API)
    KDF_M,
    KDF_P,
    KDF_T,
    SEALED,
    data_wrap_name,
    new_recovery_code,
    normalise_code,
    open_data_key,
    own_public,
    raw_public,
    seal_data_key,
    unwrap,
    user_wrap_name,
    wrap_own_key,
)
from safetydesk.services.sealed_box import (  # noqa: F401  (part of this module's API)
    PREFIX,
    is_sealed,
    open_bytes,
    open_value,
    seal,
    seal_bytes,
)

PUBLIC = "public"
PUBLIC_SIG = "public.sig"
RECOVERY = "recovery"
KEYS = "keys"
RECOVERY_OWNER = "@recovery"  # user names never hold '@'
SIG_LABEL = b"SafetyDesk data key v1\x00"


class ProtectionTampered(AuthenticationError):
    """The sealing public key in the database is not the installation's: nothing is sealed to it."""


_lock = threading.RLock()
_private: dict[str, X25519PrivateKey] = {}  # database -> the unlocked data key
_secret: dict[str, bytes] = {}  # database -> the keys/ secret, once unlocked
_verified: set[tuple[str, bytes, bytes]] = set()  # (database, public, signature) checked


def tampered() -> ProtectionTampered:
    return ProtectionTampered(
        _(
            "The key that protects sensitive records in this database was changed outside "
            "SafetyDesk, so nothing protected was saved or opened. Restore the database from a "
            "backup made before the change ('safetydesk restore'), or ask for support."
        )
    )


def unconfirmed() -> ProtectionTampered:
    return ProtectionTampered(
        _(
            "Sensitive records can be saved here only after an account that may see them has "
            "signed in once on this version of SafetyDesk. Sign in, then try again."
        )
    )


# --- which database -----------------------------------------------------------------------------


def db_key(bind: Any) -> str:
    """The real path of the database behind an engine, connection or session bind."""
    engine = getattr(bind, "engine", bind)
    named = engine.get_execution_options().get(DATABASE_KEY_OPTION)  # a hub on PostgreSQL
    database = str(named or engine.url.database or "")
    return os.path.realpath(database) if database and database != ":memory:" else database


def key_of(sessions: sessionmaker[Session]) -> str:
    return db_key(sessions.kw["bind"])


def path_key(database: Path) -> str:
    return os.path.realpath(database)


def paths_of(dbk: str) -> DataPaths | None:
    """The data folder of a database (None for an in-memory one)."""
    return DataPaths(Path(dbk).parent) if dbk and dbk != ":memory:" else None


def replace_rows(s: Session, *rows: KeyWrap) -> None:
    for row in rows:
        old = s.get(KeyWrap, row.name)
        if old is not None:
            s.delete(old)
    s.flush()
    s.add_all(rows)
    s.flush()


def _set_own(s: Session, owner: str, wrap_name: str, secret: str, data_key: X25519PrivateKey) -> None:
    """A new own key for an account (or the recovery code), wrapped under `secret`, and the data
    key sealed to it."""
    own = X25519PrivateKey.generate()
    replace_rows(s, wrap_own_key(wrap_name, secret, own), seal_data_key(owner, raw_public(own), data_key))


def _new_recovery(s: Session, data_key: X25519PrivateKey) -> str:
    code = new_recovery_code()
    _set_own(s, RECOVERY_OWNER, RECOVERY, code, data_key)
    return code


# --- the public key and its signature ----------------------------------------------------------------


def _stored(conn: Any) -> tuple[bytes | None, bytes | None]:
    """(public key, its signature) as stored; (None, None) when protection is not set up.
    `conn`: a SQLAlchemy connection or session, or a sqlite3 connection."""
    try:
        if isinstance(conn, sqlite3.Connection | raw_db.PgRaw):
            found = conn.execute(
                "SELECT name, wrapped FROM key_wrap WHERE name IN (?, ?)", (PUBLIC, PUBLIC_SIG)
            ).fetchall()
        else:
            found = conn.execute(
                text("SELECT name, wrapped FROM key_wrap WHERE name IN (:p, :s)"), {"p": PUBLIC, "s": PUBLIC_SIG}
            ).all()
    except (DBAPIError, sqlite3.Error):  # a database without the access tables (before 0004)
        return None, None
    rows = dict(found)
    try:
        public = base64.b64decode(rows[PUBLIC], validate=True) if PUBLIC in rows else None
        sig = base64.b64decode(rows[PUBLIC_SIG], validate=True) if PUBLIC_SIG in rows else None
    except (ValueError, TypeError) as exc:  # not even base64: written by something else
        raise tampered() from exc
    if public is not None and len(public) != 32:
        raise tampered()
    return public, sig


def _signature_ok(dbk: str, public: bytes, sig: bytes) -> bool:
    from safetydesk.sync import keys as sync_keys

    paths = paths_of(dbk)
    if paths is None:
        return False
    try:
        sync_keys.read_public(paths).sign_key().verify(sig, SIG_LABEL + public)
    except (sync_keys.KeysUnavailable, InvalidSignature, ValueError):
        return False
    return True


def signature_row(dbk: str, public: bytes, secret: bytes | None) -> KeyWrap | None:
    """D's public key signed with the installation's signing key (None when keys/ is unusable)."""
    from safetydesk.sync import keys as sync_keys

    paths = paths_of(dbk)
    if paths is None or secret is None or not sync_keys.keys_exist(paths):
        return None
    try:
        sign, _enc = sync_keys.private_keys(paths, secret)
        key_id = sync_keys.read_public(paths).key_id
    except sync_keys.KeysUnavailable:
        return None
    sig = sign.sign(SIG_LABEL + public)
    return KeyWrap(name=PUBLIC_SIG, kdf=f"ed25519:{key_id}", wrapped=base64.b64encode(sig).decode("ascii"))


def current_public(conn: Any, dbk: str) -> bytes | None:
    """The public key to seal to, checked: None when protection is not set up; raises
    ProtectionTampered when the stored key is neither the unlocked data key's nor signed by this
    installation. `conn` is the connection (or session) of the write, so the check sees the key
    of the same transaction (a rotation in another process is picked up, never sealed past)."""
    public, sig = _stored(conn)
    if public is None:
        return None
    private = _private.get(dbk)
    if private is not None and raw_public(private) == public:
        return public
    if sig is None:
        raise unconfirmed()
    if (dbk, public, sig) in _verified:
        return public
    if not _signature_ok(dbk, public, sig):
        raise tampered()
    with _lock:
        _verified.add((dbk, public, sig))
    return public


def current_public_of(sessions: sessionmaker[Session]) -> bytes | None:
    with sessions() as s:
        return current_public(s, key_of(sessions))


def is_protected(sessions: sessionmaker[Session]) -> bool:
    with sessions() as s:
        return _stored(s)[0] is not None


# --- unlocking -----------------------------------------------------------------------------------------


@dataclass
class _Unlock:
    data_key: X25519PrivateKey
    secret: bytes | None = None
    recovery_code: str | None = None
    remove_legacy_secret: bool = False


def _finish(s: Session, dbk: str, data_key: X25519PrivateKey, renew_recovery: bool) -> _Unlock:
    """Inside the unlock's transaction: check D against the stored public key, find the keys/
    secret (moving a legacy keys/.kek into the database), sign the public key when it is not
    signed yet, and replace a first-version recovery code when asked."""
    from safetydesk.sync import keys as sync_keys

    public, sig = _stored(s)
    if public != raw_public(data_key):
        raise tampered()
    out = _Unlock(data_key)
    row = s.get(KeyWrap, KEYS)
    if row is not None:
        try:
            out.secret = open_value(data_key, row.wrapped, f"key_wrap.{KEYS}").encode("ascii")
        except (ValueError, InvalidTag):
            out.secret = None
    paths = paths_of(dbk)
    if out.secret is None and paths is not None:
        legacy = sync_keys.legacy_secret(paths)
        if legacy is not None:  # keys/.kek moves into the database, sealed to D
            replace_rows(s, keys_row(public, legacy))
            out.secret = legacy
            out.remove_legacy_secret = True
    if sig is None or not _signature_ok(dbk, public, sig):
        signed = signature_row(dbk, public, out.secret)
        if signed is not None:
            replace_rows(s, signed)
    if renew_recovery:
        recovery = s.get(KeyWrap, RECOVERY)
        if recovery is None or own_public(recovery) is None:
            out.recovery_code = _new_recovery(s, data_key)
    return out


def keys_row(public: bytes, secret: bytes) -> KeyWrap:
    return KeyWrap(name=KEYS, kdf=SEALED, wrapped=seal(public, secret.decode("ascii"), f"key_wrap.{KEYS}"))


def _adopt(dbk: str, unlocked: _Unlock) -> None:
    from safetydesk.sync import keys as sync_keys

    with _lock:
        _private[dbk] = unlocked.data_key
        if unlocked.secret is not None:
            _secret[dbk] = unlocked.secret
    paths = paths_of(dbk)
    if unlocked.remove_legacy_secret and paths is not None:
        sync_keys.remove_legacy_secret(paths)


@dataclass(frozen=True)
class Unlocked:
    ok: bool
    recovery_code: str | None = None  # a new code replaced a first-version one


def unlock(
    sessions: sessionmaker[Session], username: str, password: str, *, renew_recovery: bool = False
) -> Unlocked:
    """Open the data key with an account's password. Not ok when the account has no (valid) wrap;
    raises ProtectionTampered when the database's public key is not this data key's."""
    dbk = key_of(sessions)
    with sessions.begin() as s:
        row = s.get(KeyWrap, user_wrap_name(username))
        if row is None:
            return Unlocked(False)
        own = unwrap(row, password)
        if own is None:
            return Unlocked(False)
        if own_public(row) is None:  # first version: the wrap held D; give the account its own key
            data_key = own
            _set_own(s, username, row.name, password, data_key)
        else:
            found = open_data_key(s.get(KeyWrap, data_wrap_name(username)), own)
            if found is None:
                return Unlocked(False)
            data_key = found
        done = _finish(s, dbk, data_key, renew_recovery)
    _adopt(dbk, done)
    return Unlocked(True, done.recovery_code)


def unlock_with_recovery(sessions: sessionmaker[Session], code: str) -> bool:
    dbk = key_of(sessions)
    code = normalise_code(code)
    with sessions.begin() as s:
        row = s.get(KeyWrap, RECOVERY)
        own = unwrap(row, code) if row is not None else None
        if row is None or own is None:
            return False
        if own_public(row) is None:
            data_key = own
            _set_own(s, RECOVERY_OWNER, RECOVERY, code, data_key)
        else:
            found = open_data_key(s.get(KeyWrap, data_wrap_name(RECOVERY_OWNER)), own)
            if found is None:
                return False
            data_key = found
        done = _finish(s, dbk, data_key, False)
    _adopt(dbk, done)
    return True


def setup(sessions: sessionmaker[Session], username: str, password: str) -> str:
    """Create the data key, give it to `username` and to a new recovery code (returned, shown
    once), move the keys/ secret into the database and sign the public key."""
    from safetydesk.sync import keys as sync_keys

    dbk = key_of(sessions)
    data_key = X25519PrivateKey.generate()
    public = raw_public(data_key)
    paths = paths_of(dbk)
    legacy = sync_keys.legacy_secret(paths) if paths is not None else None
    with sessions.begin() as s:
        if s.get(KeyWrap, PUBLIC) is not None:
            raise AuthenticationError(_("Protection of sensitive records is already set up."))
        s.add(KeyWrap(name=PUBLIC, kdf="x25519", wrapped=base64.b64encode(public).decode("ascii")))
        s.flush()
        _set_own(s, username, user_wrap_name(username), password, data_key)
        code = _new_recovery(s, data_key)
        if legacy is not None:  # keys/.kek moves into the database, sealed to D
            replace_rows(s, keys_row(public, legacy))
        signed = signature_row(dbk, public, legacy)
        if signed is not None:
            replace_rows(s, signed)
    _adopt(dbk, _Unlock(data_key, legacy, None, legacy is not None))
    return code


def unlocked_key(sessions: sessionmaker[Session]) -> X25519PrivateKey | None:
    return _private.get(key_of(sessions))


def private_for(database: Path) -> X25519PrivateKey | None:
    return _private.get(path_key(database))


def is_unlocked(sessions: sessionmaker[Session]) -> bool:
    return key_of(sessions) in _private


def forget(sessions: sessionmaker[Session] | None = None) -> None:
    """Lock again (sign out); without an argument, every installation of this process."""
    with _lock:
        if sessions is None:
            _private.clear()
            _secret.clear()
            _verified.clear()
        else:
            dbk = key_of(sessions)
            _private.pop(dbk, None)
            _secret.pop(dbk, None)
            _verified.difference_update({v for v in _verified if v[0] == dbk})


# --- accounts ----------------------------------------------------------------------------------------


def grant(sessions: sessionmaker[Session], s: Session, username: str, password: str) -> bool:
    """Give `username` a new own key under `password` and the unlocked data key, inside `s`.
    False when this process has not unlocked the data key."""
    data_key = _private.get(key_of(sessions))
    if data_key is None:
        return False
    _set_own(s, username, user_wrap_name(username), password, data_key)
    return True


def revoke(s: Session, username: str) -> None:
    for name in (user_wrap_name(username), data_wrap_name(username)):
        old = s.get(KeyWrap, name)
        if old is not None:
            s.delete(old)
    s.flush()


def new_recovery(s: Session, data_key: X25519PrivateKey) -> str:
    """A new recovery code for `data_key` (the old code stops working); returned to be shown."""
    return _new_recovery(s, data_key)


def adopt(dbk: str, new: X25519PrivateKey) -> None:
    """After a rotation committed: this process holds the new data key."""
    with _lock:
        _private[dbk] = new


def unlocked_secret(dbk: str) -> bytes | None:
    return _secret.get(dbk)


# --- the keys/ secret -----------------------------------------------------------------------------------


def keys_secret(database: Path) -> bytes | None:
    """The secret of keys/ when this process has unlocked it (a sign-in did), else None."""
    return _secret.get(path_key(database))


def store_keys_secret(database: Path, secret: bytes) -> bool:
    """New keys were made after protection was set up: their secret goes into the database,
    sealed to the data key. False when the installation is not protected (keep it in keys/)."""
    dbk = path_key(database)
    conn = raw_db.connect_pg(database) or sqlite3.connect(database, timeout=10)
    try:
        public, _sig = _stored(conn)
        if public is None:
            return False
        checked = current_public(conn, dbk)
        assert checked is not None
        row = keys_row(checked, secret)
        with conn:
            conn.execute("DELETE FROM key_wrap WHERE name = ?", (KEYS,))
            conn.execute(
                "INSERT INTO key_wrap (name, kdf, wrapped, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                (row.name, row.kdf, row.wrapped),
            )
    finally:
        conn.close()
    with _lock:
        if dbk in _private:
            _secret[dbk] = secret
    return True


def protected_database(database: Path) -> bool:
    """True when the database at `database` has a data key (without opening it through SQLAlchemy)."""
    pg = raw_db.connect_pg(database)
    if pg is None and not database.exists():
        return False
    conn = pg or sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        return _stored(conn)[0] is not None
    finally:
        conn.close()
