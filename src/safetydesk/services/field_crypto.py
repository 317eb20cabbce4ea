"""Data at rest: sensitive values are sealed to the installation's data key.

Design (why): a sealed box per value. Sealing needs only the data key's PUBLIC half, so writing a
sensitive record never needs a password (demo data, sync import, a class teacher's new case);
reading needs the private half, which only a sign-in (or the recovery code) unlocks
(services.data_key: who holds it, how it is authenticated and replaced). A copy of the database
file (or a backup) alone holds only ciphertext for these columns.

Values look like `sd1:` + base64(ephemeral public key 32 | nonce 12 | AES-GCM ciphertext); the
table and column name are the associated data, so a value moved to another column fails to open.

Hooks are SQLAlchemy mapper events on the models with sealed columns: seal before INSERT/UPDATE,
put the plain value back on the object after, open on load. The public key is read and checked in
the write's own transaction (data_key.current_public). Core statements that write these tables
directly are sealed by `seal_rows` (the sync importer) or afterwards by `seal_existing`. Runs on
any thread; the unlocked keys are held per database file in this process only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, attributes, sessionmaker

import safetydesk.kinds  # every kind registered before the hooks are installed
import safetydesk.models.access  # noqa: F401
from safetydesk.domain.fields import TEXT_KINDS
from safetydesk.domain.registry import RecordKind, all_kinds
from safetydesk.errors import AuthenticationError
from safetydesk.i18n import _
from safetydesk.services import data_key
from safetydesk.services.data_key import (  # noqa: F401  (this module's API since the first version)
    KDF_M,
    KDF_P,
    KDF_T,
    PREFIX,
    PUBLIC,
    RECOVERY,
    ProtectionTampered,
    forget,
    is_protected,
    is_sealed,
    is_unlocked,
    new_recovery_code,
    normalise_code,
    open_value,
    revoke,
    seal,
    user_wrap_name,
)

_db_key = data_key.db_key


def protected_attrs(kind: RecordKind) -> tuple[str, ...]:
    """Columns sealed at rest: every text field of a sensitive kind."""
    if not kind.sensitive:
        return ()
    return tuple(f.attr for f in kind.fields if f.kind in TEXT_KINDS)


# --- signing in ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Protection:
    recovery_code: str


def setup(sessions: sessionmaker[Session], username: str, password: str) -> Protection:
    """Create the installation's data key, give it to `username` and a new recovery code, and seal
    every sensitive value already stored (and in the backups). Returns the recovery code (shown
    once, to be printed)."""
    code = data_key.setup(sessions, username, password)
    seal_existing(sessions)
    key = _db_key(sessions.kw["bind"])
    public = data_key.current_public_of(sessions)
    if key and key != ":memory:" and public is not None:
        seal_backups(Path(key).parent / "backups", public)
    return Protection(code)


def unlock(sessions: sessionmaker[Session], username: str, password: str) -> bool:
    """Open the data key with the account's password; False when it has no (valid) wrap."""
    return data_key.unlock(sessions, username, password).ok


def unlock_with_recovery(sessions: sessionmaker[Session], code: str) -> bool:
    return data_key.unlock_with_recovery(sessions, code)


def grant(sessions: sessionmaker[Session], session: Session, username: str, password: str) -> bool:
    """Give `username` (new account, new password) the unlocked data key, inside `session`.
    False when this process has not unlocked the key (or the installation is not protected)."""
    return data_key.grant(sessions, session, username, password)


# --- sealing what is stored -------------------------------------------------------------------------


def seal_existing(sessions: sessionmaker[Session]) -> int:
    """Seal any sensitive value still stored in clear (rows written before setup or by bulk SQL),
    then compact the file so the clear text does not linger in free pages."""
    n = 0
    key = _db_key(sessions.kw["bind"])
    with sessions.begin() as s:
        public = data_key.current_public(s, key)
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
    """Seal the sensitive values in the backups taken before they were sealed in the database
    (the backup made before a schema upgrade, daily copies...), so none of them reveals a case.
    Returns how many files were changed; a file that cannot be opened as a database is left alone."""
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


# --- replacing the data key --------------------------------------------------------------------------


@dataclass
class Rotation:
    """What a rotation did: values sealed again, accounts of the first key version that lost the
    key (their password must be reset), and a new recovery code when one had to be made."""

    resealed: int = 0
    dropped: list[str] = field(default_factory=list)
    recovery_code: str | None = None


def rotate(sessions: sessionmaker[Session], s: Session, *, renew_recovery: bool = False) -> Rotation:
    """Replace the data key inside `s` (the transaction of the account change that calls for it):
    every sealed value is opened with the old key and sealed to a new one, and the new key is
    handed to every account and the recovery code (services.data_key.hand_over). This process
    holds the new key once `s` commits. Raises AuthenticationError when this process has not
    unlocked the key, ProtectionTampered when the stored public key is not the unlocked key's."""
    key = _db_key(sessions.kw["bind"])
    old = data_key.unlocked_key(sessions)
    if old is None:
        raise AuthenticationError(
            _(
                "This change replaces the key of the protected records, which needs an account "
                "that can open them: sign in with such an account (or the recovery code) first."
            )
        )
    stored = data_key.current_public(s, key)
    if stored != old.public_key().public_bytes_raw():
        raise data_key.tampered()
    new = X25519PrivateKey.generate()
    public = new.public_key().public_bytes_raw()
    out = Rotation()
    for kind in all_kinds():
        attrs = protected_attrs(kind)
        if attrs:
            out.resealed += _reseal_table(s, kind.model, attrs, old, public)
    handover = data_key.hand_over(s, key, old, new, renew_recovery=renew_recovery)
    out.dropped, out.recovery_code = handover.dropped, handover.recovery_code
    event.listen(s, "after_commit", lambda _s: data_key.adopt(key, new), once=True)
    return out


def _reseal_table(s: Session, model: Any, attrs: tuple[str, ...], old: X25519PrivateKey, public: bytes) -> int:
    table = model.__tablename__
    n = 0
    cols = [getattr(model, a) for a in attrs]
    for row in s.execute(select(model.uuid, *cols)).all():
        changed = {}
        for a, v in zip(attrs, row[1:], strict=True):
            if not is_sealed(v):
                continue
            try:
                plain = open_value(old, v, f"{table}.{a}")
            except (ValueError, InvalidTag):
                continue  # sealed to no key we hold: it never opened, and stays as it is
            changed[a] = seal(public, plain, f"{table}.{a}")
        if changed:
            s.execute(
                update(model).where(model.uuid == row[0]).values(**changed).execution_options(
                    synchronize_session=False
                )
            )
            n += len(changed)
    return n


# --- ORM hooks ------------------------------------------------------------------------------------


def _before_write(mapper: Any, connection: Any, target: Any) -> None:
    attrs = _ATTRS.get(type(target))
    if not attrs:
        return
    plain = {a: v for a in attrs if isinstance(v := target.__dict__.get(a), str) and v and not is_sealed(v)}
    if not plain:
        return
    public = data_key.current_public(connection, _db_key(connection))
    if public is None:
        return
    table = mapper.local_table.name
    for a, value in plain.items():
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
    private = data_key._private.get(_db_key(session.get_bind()))
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
        private = data_key._private.get(key)
        if private is None:
            return value
        try:
            return open_value(private, value, aad)
        except (ValueError, InvalidTag):
            return value

    dbapi.create_function(SQL_OPEN, 2, sql_open)


def plain_sql(kind: RecordKind, attr: str) -> Any:
    """A SQL expression for a column's plain value (sealed columns opened by `sd_open`), for
    filters, sorting and the row-by-row search of sealed columns:
    `func.instr(plain_sql(kind, attr), text) > 0`."""
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


def open_row(sessions: sessionmaker[Session], kind: Any, row: dict[str, Any]) -> dict[str, Any]:
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


def reveal(sessions: sessionmaker[Session], kind: Any, attr: str, value: Any) -> Any:
    """Open one stored value read by Core (search, ledgers); unchanged when not sealed/unlocked."""
    if not is_sealed(value):
        return value
    private = data_key._private.get(_db_key(sessions.kw["bind"]))
    if private is None:
        return value
    try:
        return open_value(private, value, f"{kind.model.__tablename__}.{attr}")
    except (ValueError, InvalidTag):
        return value


install()
