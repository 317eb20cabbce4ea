"""Data at rest: the text columns of sensitive record kinds are sealed to the installation's key.

Design (why): a sealed-box per value. The installation has one X25519 key pair. The public key is
stored in clear (`key_wrap` row 'public'), so *writing* a sensitive record never needs a password
(demo data, sync import, a class teacher's new case). The private key is stored only wrapped:
once per account (AES-256-GCM under an argon2id key derived from the account's password) and once
under the recovery code printed at setup. Reading unlocks the private key at login; a copy of the
database file (or a backup) alone holds only ciphertext for those columns.

Values look like `sd1:` + base64(ephemeral public key 32 | nonce 12 | AES-GCM ciphertext); the
table and column name are the associated data, so a value moved to another column fails to open.

Hooks are SQLAlchemy mapper events on the sensitive kinds' models: encrypt before INSERT/UPDATE,
put the plain text back on the object after, decrypt on load. Core statements that write these
tables directly (bulk imports) are sealed afterwards by `seal_existing`. Runs on any thread; the
unlocked keys are held per database file in this process only.
"""

from __future__ import annotations

import base64
import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import event, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, attributes, sessionmaker

import safetydesk.kinds  # every kind registered before the hooks are installed
import safetydesk.models.access  # noqa: F401
from safetydesk.domain.fields import TEXT_KINDS
from safetydesk.domain.registry import RecordKind, all_kinds
from safetydesk.errors import AuthenticationError
from safetydesk.i18n import _
from safetydesk.models.access import KeyWrap

PREFIX = "sd1:"
PUBLIC = "public"
RECOVERY = "recovery"
KDF_T, KDF_M, KDF_P = 2, 19_456, 1  # argon2id, OWASP's minimum (19 MiB)
_INFO = b"safetydesk field v1"

_lock = threading.Lock()
_public: dict[str, bytes | None] = {}  # database path -> raw public key (None: not protected)
_private: dict[str, X25519PrivateKey] = {}
_ephemeral: dict[bytes, tuple[bytes, AESGCM]] = {}  # recipient public -> (eph public, cipher)
_opened: dict[tuple[str, bytes], AESGCM] = {}


def user_wrap_name(username: str) -> str:
    return f"user:{username}"


def protected_attrs(kind: RecordKind) -> tuple[str, ...]:
    """Columns sealed at rest: every text field of a sensitive kind."""
    if not kind.sensitive:
        return ()
    return tuple(f.attr for f in kind.fields if f.kind in TEXT_KINDS)


def _db_key(bind: Any) -> str:
    engine = getattr(bind, "engine", bind)
    database = str(engine.url.database or "")
    return os.path.realpath(database) if database and database != ":memory:" else database


# --- sealing values ------------------------------------------------------------------------------


def _hkdf(shared: bytes, eph: bytes, recipient: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO + eph + recipient).derive(shared)
    return AESGCM(key)


def seal(public_raw: bytes, value: str, aad: str) -> str:
    with _lock:
        cached = _ephemeral.get(public_raw)
        if cached is None:
            eph = X25519PrivateKey.generate()
            eph_pub = eph.public_key().public_bytes_raw()
            shared = eph.exchange(X25519PublicKey.from_public_bytes(public_raw))
            cached = (eph_pub, _hkdf(shared, eph_pub, public_raw))
            _ephemeral[public_raw] = cached
    eph_pub, cipher = cached
    nonce = os.urandom(12)
    ct = cipher.encrypt(nonce, value.encode("utf-8"), aad.encode())
    return PREFIX + base64.b64encode(eph_pub + nonce + ct).decode("ascii")


def open_value(private: X25519PrivateKey, value: str, aad: str) -> str:
    raw = base64.b64decode(value[len(PREFIX) :])
    eph_pub, nonce, ct = raw[:32], raw[32:44], raw[44:]
    recipient = private.public_key().public_bytes_raw()
    with _lock:
        cipher = _opened.get((recipient, eph_pub))
        if cipher is None:
            shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
            cipher = _hkdf(shared, eph_pub, recipient)
            _opened[(recipient, eph_pub)] = cipher
    return cipher.decrypt(nonce, ct, aad.encode()).decode("utf-8")


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


# --- wrapping the private key --------------------------------------------------------------------


def _kek(secret: str, salt: bytes, t: int = KDF_T, m: int = KDF_M, p: int = KDF_P) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost=t, memory_cost=m, parallelism=p, hash_len=32, type=Type.ID
    )


def _wrap(private: X25519PrivateKey, secret: str, name: str) -> KeyWrap:
    salt = secrets.token_bytes(16)
    nonce = os.urandom(12)
    ct = AESGCM(_kek(secret, salt)).encrypt(nonce, private.private_bytes_raw(), name.encode())
    return KeyWrap(
        name=name,
        kdf=f"argon2id${KDF_T}${KDF_M}${KDF_P}${salt.hex()}",
        wrapped=base64.b64encode(nonce + ct).decode("ascii"),
    )


def _unwrap(row: KeyWrap, secret: str) -> X25519PrivateKey | None:
    try:
        scheme, t, m, p, salt = row.kdf.split("$")
        if scheme != "argon2id":
            return None
        raw = base64.b64decode(row.wrapped)
        key = AESGCM(_kek(secret, bytes.fromhex(salt), int(t), int(m), int(p))).decrypt(
            raw[:12], raw[12:], row.name.encode()
        )
    except (ValueError, InvalidTag):
        return None
    return X25519PrivateKey.from_private_bytes(key)


def new_recovery_code() -> str:
    """25 characters from an unambiguous alphabet (~124 bits), in groups of five for printing."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    chars = "".join(secrets.choice(alphabet) for _i in range(25))
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


def normalise_code(code: str) -> str:
    chars = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(chars[i : i + 5] for i in range(0, len(chars), 5))


# --- per-installation state ----------------------------------------------------------------------


@dataclass(frozen=True)
class Protection:
    recovery_code: str


def _public_of(session: Session) -> bytes | None:
    key = _db_key(session.get_bind())
    if key not in _public:
        row = session.get(KeyWrap, PUBLIC)
        _public[key] = base64.b64decode(row.wrapped) if row is not None else None
    return _public[key]


def is_protected(sessions: sessionmaker[Session]) -> bool:
    with sessions() as s:
        return _public_of(s) is not None


def forget(sessions: sessionmaker[Session] | None = None) -> None:
    """Lock again (log out); without an argument, every installation of this process."""
    with _lock:
        if sessions is None:
            _private.clear()
            _public.clear()
        else:
            key = _db_key(sessions.kw["bind"])
            _private.pop(key, None)
            _public.pop(key, None)


def setup(sessions: sessionmaker[Session], username: str, password: str) -> Protection:
    """Create the installation's key pair, wrap it for `username` and a new recovery code, and seal
    every sensitive value already stored. Returns the recovery code (shown once, to be printed)."""
    private = X25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    code = new_recovery_code()
    with sessions.begin() as s:
        if s.get(KeyWrap, PUBLIC) is not None:
            raise AuthenticationError(_("Protection of sensitive records is already set up."))
        s.add(KeyWrap(name=PUBLIC, kdf="x25519", wrapped=base64.b64encode(public).decode("ascii")))
        s.add(_wrap(private, password, user_wrap_name(username)))
        s.add(_wrap(private, code, RECOVERY))
    key = _db_key(sessions.kw["bind"])
    with _lock:
        _public[key] = public
        _private[key] = private
    seal_existing(sessions)
    if key and key != ":memory:":
        seal_backups(Path(key).parent / "backups", public)
    return Protection(code)


def unlock(sessions: sessionmaker[Session], username: str, password: str) -> bool:
    """Unwrap the private key with the account's password; False when it has no (valid) wrap."""
    with sessions() as s:
        row = s.get(KeyWrap, user_wrap_name(username))
        if row is None:
            return False
        private = _unwrap(row, password)
        _public_of(s)
    if private is None:
        return False
    with _lock:
        _private[_db_key(sessions.kw["bind"])] = private
    return True


def unlock_with_recovery(sessions: sessionmaker[Session], code: str) -> bool:
    with sessions() as s:
        row = s.get(KeyWrap, RECOVERY)
        private = _unwrap(row, normalise_code(code)) if row is not None else None
        _public_of(s)
    if private is None:
        return False
    with _lock:
        _private[_db_key(sessions.kw["bind"])] = private
    return True


def grant(sessions: sessionmaker[Session], session: Session, username: str, password: str) -> bool:
    """Wrap the unlocked private key for `username` (new account, new password), inside `session`.
    False when this process has not unlocked the key (or the installation is not protected)."""
    private = _private.get(_db_key(sessions.kw["bind"]))
    if private is None:
        return False
    name = user_wrap_name(username)
    old = session.get(KeyWrap, name)
    if old is not None:
        session.delete(old)
        session.flush()
    session.add(_wrap(private, password, name))
    return True


def revoke(session: Session, username: str) -> None:
    old = session.get(KeyWrap, user_wrap_name(username))
    if old is not None:
        session.delete(old)


def seal_existing(sessions: sessionmaker[Session]) -> int:
    """Seal any sensitive value still stored in clear (rows written before setup or by bulk SQL),
    then compact the file so the clear text does not linger in free pages."""
    n = 0
    with sessions.begin() as s:
        public = _public_of(s)
        if public is None:
            return 0
        for kind in all_kinds():
            attrs = protected_attrs(kind)
            if not attrs:
                continue
            model = kind.model
            cols = [getattr(model, a) for a in attrs]
            for row in s.execute(select(model.uuid, *cols)).all():
                changed = {
                    a: seal(public, v, f"{model.__tablename__}.{a}")
                    for a, v in zip(attrs, row[1:], strict=True)
                    if isinstance(v, str) and v and not is_sealed(v)
                }
                if changed:
                    s.execute(update(model).where(model.uuid == row[0]).values(**changed))
                    n += 1
    if n:
        compact(sessions)
    return n


def seal_backups(folder: Path, public: bytes) -> int:
    """Seal the sensitive text in the backups taken before protection was set up (the backup made
    before the schema upgrade, daily copies...), so none of them reveals a case. Returns how many
    files were changed; a file that cannot be opened as a database is left alone."""
    changed_files = 0
    for path in sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []:
        try:
            conn = sqlite3.connect(path)
        except sqlite3.Error:
            continue
        try:
            n = 0
            for kind in all_kinds():
                table = kind.model.__tablename__
                for attr in protected_attrs(kind):
                    try:
                        rows = conn.execute(f'SELECT rowid, "{attr}" FROM "{table}"').fetchall()
                    except sqlite3.Error:
                        continue  # an older schema without this table or column
                    for rowid, value in rows:
                        if isinstance(value, str) and value and not is_sealed(value):
                            conn.execute(
                                f'UPDATE "{table}" SET "{attr}" = ? WHERE rowid = ?',
                                (seal(public, value, f"{table}.{attr}"), rowid),
                            )
                            n += 1
            if n:
                conn.commit()
                conn.execute("VACUUM")
                changed_files += 1
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return changed_files


def compact(sessions: sessionmaker[Session]) -> None:
    """VACUUM and checkpoint: no old page with clear text stays in the file or its WAL."""
    raw = sessions.kw["bind"].raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.execute("VACUUM")
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.close()
    finally:
        raw.close()


# --- ORM hooks ------------------------------------------------------------------------------------


def _before_write(mapper: Any, connection: Any, target: Any) -> None:
    attrs = _ATTRS.get(type(target))
    if not attrs:
        return
    key = _db_key(connection)
    public = _public.get(key, b"")
    if public == b"":
        try:
            row = connection.execute(
                text("SELECT wrapped FROM key_wrap WHERE name = :n"), {"n": PUBLIC}
            ).first()
        except DBAPIError:  # a database without the access tables (not migrated to 0004)
            row = None
        public = base64.b64decode(row[0]) if row else None
        _public[key] = public
    if public is None:
        return
    plain = {}
    table = mapper.local_table.name
    for a in attrs:
        value = target.__dict__.get(a)
        if isinstance(value, str) and value and not is_sealed(value):
            plain[a] = value
            setattr(target, a, seal(public, value, f"{table}.{a}"))
    target.__dict__["_sd_plain"] = plain


def _after_write(mapper: Any, connection: Any, target: Any) -> None:
    plain = target.__dict__.pop("_sd_plain", None)
    for a, value in (plain or {}).items():
        attributes.set_committed_value(target, a, value)


def _on_load(target: Any, context: Any, *_args: Any) -> None:
    attrs = _ATTRS.get(type(target))
    session = getattr(context, "session", None)
    if not attrs or session is None:
        return
    private = _private.get(_db_key(session.get_bind()))
    if private is None:
        return
    table = type(target).__tablename__
    for a in attrs:
        value = target.__dict__.get(a)
        if is_sealed(value):
            try:
                attributes.set_committed_value(target, a, open_value(private, value, f"{table}.{a}"))
            except (ValueError, InvalidTag):
                continue


_ATTRS: dict[type, tuple[str, ...]] = {}


# --- searching sealed columns in SQL ---------------------------------------------------------------

SQL_OPEN = "sd_open"


def _register_sql_open(conn: Any) -> None:
    """Give every connection `sd_open(value, 'table.column')`: the plain text when this process
    has unlocked the installation's key, else the value unchanged (so a search finds nothing)."""
    dbapi = conn.connection.dbapi_connection
    key = _db_key(conn.engine)

    def sql_open(value: Any, aad: str) -> Any:
        if not is_sealed(value):
            return value
        private = _private.get(key)
        if private is None:
            return value
        try:
            return open_value(private, value, aad)
        except (ValueError, InvalidTag):
            return value

    dbapi.create_function(SQL_OPEN, 2, sql_open)


def plain_sql(kind: RecordKind, attr: str) -> Any:
    """A SQL expression for a column's plain text (sealed columns opened by `sd_open`), for the
    row-by-row search of sensitive kinds: `func.instr(plain_sql(kind, attr), text) > 0`."""
    from sqlalchemy import func

    column = getattr(kind.model, attr)
    if attr not in protected_attrs(kind):
        return column
    return getattr(func, SQL_OPEN)(column, f"{kind.model.__tablename__}.{attr}")


def install() -> None:
    """Hook every sensitive kind's model and every engine's connections (idempotent)."""
    from sqlalchemy import Engine

    if not event.contains(Engine, "engine_connect", _register_sql_open):
        event.listen(Engine, "engine_connect", _register_sql_open)
    for kind in all_kinds():
        attrs = protected_attrs(kind)
        if not attrs or kind.model in _ATTRS:
            continue
        _ATTRS[kind.model] = attrs
        event.listen(kind.model, "before_insert", _before_write)
        event.listen(kind.model, "before_update", _before_write)
        event.listen(kind.model, "after_insert", _after_write)
        event.listen(kind.model, "after_update", _after_write)
        event.listen(kind.model, "load", _on_load)
        event.listen(kind.model, "refresh", _on_load)


def open_row(sessions: sessionmaker[Session], kind: RecordKind, row: dict[str, Any]) -> dict[str, Any]:
    """A row read by Core (sync export of a referred case) with its sealed values opened.
    Raises AuthenticationError when a value stays sealed (nobody with the key signed in)."""
    out = dict(row)
    for attr in protected_attrs(kind):
        if attr in out:
            out[attr] = reveal(sessions, kind, attr, out[attr])
            if is_sealed(out[attr]):
                raise AuthenticationError(
                    _(
                        "Protected records can only be sent after signing in with an account that may "
                        "see them (--user NAME --password-file FILE)."
                    )
                )
    return out


def reveal(sessions: sessionmaker[Session], kind: RecordKind, attr: str, value: Any) -> Any:
    """Open one stored value read by Core (search, ledgers); unchanged when not sealed/unlocked."""
    if not is_sealed(value):
        return value
    private = _private.get(_db_key(sessions.kw["bind"]))
    if private is None:
        return value
    try:
        return open_value(private, value, f"{kind.model.__tablename__}.{attr}")
    except (ValueError, InvalidTag):
        return value


install()
