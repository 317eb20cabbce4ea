"""Data at rest: sensitive values are sealed to the installation's data key.

What is sealed (protected_attrs): on a sensitive kind (psychological cases, special-group students,
follow-ups, guardian-reported conditions, bullying cases) every text, choice and person/class/staff
reference column, so a copied database links no student to a risk level or a condition; only the
sync columns, dates, yes/no flags, numbers and links to another record of the same area stay
readable. On ordinary kinds, the fields marked sensitive (a home visit's family situation, a
guardian contact's content and feedback). On attachments of sensitive records: the file's hash,
name and caption (the file itself is encrypted: services.sealed_attachments).

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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import String, event, select, update
from sqlalchemy.orm import Session, attributes, sessionmaker

import safetydesk.kinds  # every kind registered before the hooks are installed
import safetydesk.models.access  # noqa: F401
from safetydesk.domain.fields import FieldKind
from safetydesk.domain.registry import RecordKind, all_kinds
from safetydesk.domain.serials import SERIAL_ATTR
from safetydesk.errors import AuthenticationError
from safetydesk.i18n import _
from safetydesk.models.local import Setting
from safetydesk.models.org import Attachment
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
ATTACHMENT_SEALED = ("sha256", "filename", "caption")  # of attachments of sensitive records
# What the sealing covers, by version: 1 the text of sensitive kinds; 2 also links and
# classifications of sensitive kinds, sensitive fields of ordinary kinds, attachments. A sign-in
# that finds a lower version in the database seals the rest there and in the backups.
SEALED_VERSION = 2
SEALED_SETTING = "protection.sealed"


def protected_attrs(kind: Any) -> tuple[str, ...]:
    """Columns sealed at rest (see the module docstring). `kind`: a RecordKind or a sync WireKind."""
    key = (kind.key, kind.model, kind.sensitive)
    found = _PROTECTED.get(key)
    if found is None:
        columns = kind.model.__table__.c
        chosen = (
            # a serial (XL-2026-0004) names the record as its uuid does, and is numbered in SQL
            [f for f in kind.fields if f.kind is not FieldKind.RECORD and f.attr != SERIAL_ATTR]
            if kind.sensitive
            else [f for f in kind.fields if f.sensitive]
        )
        found = _PROTECTED[key] = tuple(
            f.attr for f in chosen if f.attr in columns and isinstance(columns[f.attr].type, String)
        )
    return found


_PROTECTED: dict[tuple[str, type, bool], tuple[str, ...]] = {}


@cache
def sensitive_keys() -> frozenset[str]:
    return frozenset(k.key for k in all_kinds() if k.sensitive)


# --- signing in ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Protection:
    recovery_code: str


def setup(sessions: sessionmaker[Session], username: str, password: str) -> Protection:
    """Create the installation's data key, give it to `username` and a new recovery code, and seal
    every sensitive value already stored (and in the backups). Returns the recovery code (shown
    once, to be printed)."""
    code = data_key.setup(sessions, username, password)
    seal_existing(sessions)  # and the backups: the database has no sealing version yet
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


def _seal_table(s: Session, model: Any, attrs: tuple[str, ...], public: bytes, where: Any = None) -> int:
    cols = [getattr(model, a) for a in attrs]
    stmt = select(model.uuid, *cols)
    if where is not None:
        stmt = stmt.where(where)
    n = 0
    for row in s.execute(stmt).all():
        changed = {
            a: seal(public, v, f"{model.__tablename__}.{a}")
            for a, v in zip(attrs, row[1:], strict=True)
            if isinstance(v, str) and v and not is_sealed(v)
        }
        if changed:
            s.execute(
                update(model).where(model.uuid == row[0]).values(**changed).execution_options(
                    synchronize_session=False
                )
            )
            n += 1
    return n


def seal_existing(sessions: sessionmaker[Session]) -> int:
    """Seal any sensitive value still stored in clear (rows written before setup, by an earlier
    version or by bulk SQL) and the clear files of sensitive records' attachments, then compact
    the file so the clear text does not linger in free pages. When the database was sealed by an
    earlier version (fewer columns), the backups are sealed too."""
    from safetydesk.services import attachments, sealed_attachments

    n = 0
    key = _db_key(sessions.kw["bind"])
    paths = data_key.paths_of(key)
    with sessions.begin() as s:
        public = data_key.current_public(s, key)
        if public is None:
            return 0
        if paths is not None:
            n += attachments.seal_stored(paths, s, public)
            sealed_attachments.tidy(paths, public)
        for kind in all_kinds():
            attrs = protected_attrs(kind)
            if attrs:
                n += _seal_table(s, kind.model, attrs, public)
        n += _seal_table(s, Attachment, ATTACHMENT_SEALED, public, Attachment.record_kind.in_(sensitive_keys()))
        marker = s.get(Setting, SEALED_SETTING)
        backups_due = marker is None or (marker.value or {}).get("version", 0) < SEALED_VERSION
        if backups_due:
            if marker is None:
                s.add(Setting(key=SEALED_SETTING, value={"version": SEALED_VERSION}))
            else:
                marker.value = {"version": SEALED_VERSION}
    if n:
        compact(sessions)
    if backups_due and paths is not None:
        seal_backups(paths.backups, public)
    return n


def seal_rows(s: Session, wk: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows about to be written by Core (the sync importer), with their protected values sealed
    to the checked public key inside `s`'s transaction; `rows` themselves are left as they are.
    Sealing needs no password. Unchanged when the installation is not protected."""
    if wk.key == "attachment":
        sensitive = sensitive_keys()
        pick = [r for r in rows if r.get("record_kind") in sensitive]
        attrs: tuple[str, ...] = ATTACHMENT_SEALED
    else:
        pick = rows
        attrs = protected_attrs(wk)
    if not attrs or not pick:
        return rows
    public = data_key.current_public(s, _db_key(s.get_bind()))
    if public is None:
        return rows
    table = wk.model.__tablename__
    chosen = {id(r) for r in pick}
    out = []
    for r in rows:
        if id(r) in chosen:
            r = dict(r)
            for a in attrs:
                v = r.get(a)
                if isinstance(v, str) and v and not is_sealed(v):
                    r[a] = seal(public, v, f"{table}.{a}")
        out.append(r)
    return out


def opened_rows(
    sessions: sessionmaker[Session], wk: Any, rows: Iterable[Mapping[str, Any]]
) -> Iterable[Mapping[str, Any]]:
    """Rows read by Core for a package (sync export), their sealed values opened; `rows` itself
    when the kind seals nothing. Raises AuthenticationError when a value must be opened and this
    process has not unlocked the data key."""
    if wk.key == "attachment":
        attrs: tuple[str, ...] = ATTACHMENT_SEALED
    else:
        attrs = protected_attrs(wk)
    if not attrs:
        return rows
    return _opening(sessions, wk.model.__tablename__, attrs, rows)


def _opening(
    sessions: sessionmaker[Session], table: str, attrs: tuple[str, ...], rows: Iterable[Mapping[str, Any]]
) -> Iterator[dict[str, Any]]:
    private = data_key._private.get(_db_key(sessions.kw["bind"]))
    for row in rows:
        out = dict(row)
        for a in attrs:
            v = out.get(a)
            if not is_sealed(v):
                continue
            if private is None:
                raise _sign_in_to_send()
            try:
                out[a] = open_value(private, v, f"{table}.{a}")
            except (ValueError, InvalidTag):
                continue
        yield out


def _sign_in_to_send() -> AuthenticationError:
    return AuthenticationError(
        _(
            "Protected records can only be sent after signing in with an account that may "
            "see them (--user NAME --password-file FILE)."
        )
    )


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
            n += _seal_backup_attachments(conn, public)
            if n:
                conn.commit()
                conn.execute("VACUUM")
                changed_files += 1
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return changed_files


def _seal_backup_attachments(conn: sqlite3.Connection, public: bytes) -> int:
    keys = sorted(sensitive_keys())
    marks = ", ".join("?" * len(keys))
    n = 0
    for attr in ATTACHMENT_SEALED:
        try:
            rows = conn.execute(
                f'SELECT rowid, "{attr}" FROM attachment WHERE record_kind IN ({marks})', keys
            ).fetchall()
        except sqlite3.Error:
            return n
        for rowid, value in rows:
            if isinstance(value, str) and value and not is_sealed(value):
                conn.execute(
                    f'UPDATE attachment SET "{attr}" = ? WHERE rowid = ?', (seal(public, value, f"attachment.{attr}"), rowid)
                )
                n += 1
    return n


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


def _write_attrs(target: Any) -> tuple[str, ...]:
    if isinstance(target, Attachment):
        return ATTACHMENT_SEALED if target.record_kind in sensitive_keys() else ()
    return _ATTRS.get(type(target), ())


def _before_write(mapper: Any, connection: Any, target: Any) -> None:
    attrs = _write_attrs(target)
    if not attrs:
        return
    for a in attrs:  # a column default would be written as it is, in clear: set it here
        if target.__dict__.get(a) is None:
            default = getattr(mapper.columns[a].default, "arg", None)
            if isinstance(default, str) and default:
                setattr(target, a, default)
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
    attrs = ATTACHMENT_SEALED if isinstance(target, Attachment) else _ATTRS.get(type(target))
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
    if not hasattr(dbapi, "create_function"):  # PostgreSQL: sd_open renders as the value itself
        return
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


def plain_column(model: Any, attr: str) -> Any:
    """A column's plain value in SQL, for any model whose column may hold sealed values
    (attachments: `plain_column(Attachment, "filename")`)."""
    from sqlalchemy import func

    return getattr(func, SQL_OPEN)(getattr(model, attr), f"{model.__tablename__}.{attr}")


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
    models = [(kind.model, protected_attrs(kind)) for kind in all_kinds()]
    for model, attrs in [*models, (Attachment, ATTACHMENT_SEALED)]:
        if not attrs or model in _ATTRS:
            continue
        _ATTRS[model] = attrs
        event.listen(model, "before_insert", _before_write)
        event.listen(model, "before_update", _before_write)
        event.listen(model, "after_insert", _after_write)
        event.listen(model, "after_update", _after_write)
        event.listen(model, "load", _on_load)
        event.listen(model, "refresh", _on_load)


def open_row(sessions: sessionmaker[Session], kind: Any, row: dict[str, Any]) -> dict[str, Any]:
    """A row read by Core (sync export of a referred case) with its sealed values opened.
    Raises AuthenticationError when a value stays sealed (nobody with the key signed in)."""
    out = dict(row)
    for attr in protected_attrs(kind):
        if attr in out:
            out[attr] = reveal(sessions, kind, attr, out[attr])
            if is_sealed(out[attr]):
                raise _sign_in_to_send()
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
