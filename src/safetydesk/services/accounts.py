"""Accounts: roles, login with a growing delay after failed attempts, password change and reset.

Passwords are hashed with argon2id (argon2-cffi, t=3, 64 MiB, p=4: the same cost as the key
wraps, services.data_key). Hashes written earlier with scrypt (services.passwords) still verify
and are replaced by argon2id at the next login. Every account also holds its own key, which opens
the installation's data key (services.data_key), so a login unlocks the sensitive records this
process may then show (the access policy decides which).

Removing an account, resetting, changing or recovering a password replaces the data key
(services.key_rotation) in the same transaction: an old backup plus an old password then opens
nothing current. A recovery code is replaced once it has been used.

Runs on any thread; each call opens its own session and returns plain dataclasses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain.roles import (  # noqa: F401  (re-exported: callers name them here)
    ADMIN_ROLES,
    ROLE_TITLES,
    ROLES,
    SCHOOL_ROLES,
    TOWNSHIP_ROLES,
    role_title,
)
from safetydesk.errors import AuthenticationError, PermissionDenied, ValidationError
from safetydesk.i18n import _
from safetydesk.models.local import UserAccount
from safetydesk.services import audit, data_key, field_crypto
from safetydesk.services.changes import Actor
from safetydesk.services.passwords import verify_password as verify_scrypt
from safetydesk.services.passwords import weakness

FREE_ATTEMPTS = 5  # wrong passwords before the first wait
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
USERNAME_RE = re.compile(r"[A-Za-z0-9_.-]{2,64}")  # always fullmatch: `$` accepts a final newline

# argon2id, RFC 9106's second recommended option, fixed here so a library default never lowers it.
_hasher = PasswordHasher(time_cost=data_key.KDF_T, memory_cost=data_key.KDF_M, parallelism=data_key.KDF_P)


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    staff_uuid: str | None
    active: bool
    failed_attempts: int


@dataclass(frozen=True)
class LoginResult:
    actor: Actor
    account: Account
    unlocked: bool  # sensitive values can be read in this process
    recovery_code: str | None = None  # set once, when protection was set up by this login


class LoginDelayed(AuthenticationError):
    def __init__(self, message: str, wait_seconds: int) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password: str, stored: str) -> bool:
    if stored.startswith("scrypt$"):
        return verify_scrypt(password, stored)
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _needs_rehash(stored: str) -> bool:
    if not stored.startswith("$argon2id$"):
        return True
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def wait_after(failed: int) -> timedelta:
    """How long to wait after `failed` consecutive wrong passwords: none for the first few, then
    doubling from 30 s up to 15 minutes."""
    if failed < FREE_ATTEMPTS:
        return timedelta(0)
    return min(FIRST_WAIT * (2 ** (failed - FREE_ATTEMPTS)), LONGEST_WAIT)


def _account(row: UserAccount) -> Account:
    return Account(row.username, row.display_name, row.role, row.staff_uuid, row.active, row.failed_attempts)


def _check_password_rules(password: str, username: str = "") -> None:
    msg = weakness(password, username)
    if msg:
        raise ValidationError(msg, {"password": msg})


def _remaining_wait(row: UserAccount, now: datetime) -> int:
    wait = wait_after(row.failed_attempts)
    if not wait or row.last_failed_at is None:
        return 0
    left = (row.last_failed_at + wait - now).total_seconds()
    return max(0, int(left + 0.999))


def login(sessions: sessionmaker[Session], org_code: str, username: str, password: str) -> LoginResult:
    """Check a password. Wrong: counted, and from the fifth on the next attempt must wait. During
    a wait nothing is checked (the message says how long). Right: the count resets, an old hash is
    upgraded to argon2id, and the data key is unlocked (set up on the first administrator login)."""
    now = clock.now()
    with sessions.begin() as s:
        row = s.get(UserAccount, username)
        if row is None or not row.active:
            audit.append(s, Actor(username or "?", org_code, ""), "login_failed", detail="unknown")
            raise AuthenticationError(_("Wrong user name or password."))
        left = _remaining_wait(row, now)
        if left:
            raise LoginDelayed(_("Too many wrong passwords. Wait {n} seconds, then try again.", n=left), left)
        if not check_password(password, row.password_hash):
            row.failed_attempts += 1
            row.last_failed_at = now
            audit.append(
                s, Actor(username, org_code, row.role), "login_failed", detail=str(row.failed_attempts)
            )
            failed = row.failed_attempts
        else:
            failed = 0
            row.failed_attempts = 0
            row.last_failed_at = None
            if _needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            actor = Actor(row.username, org_code, row.role)
            account = _account(row)
            audit.append(s, actor, "login")
    if failed:
        wait = wait_after(failed)
        if wait:
            raise LoginDelayed(
                _(
                    "Wrong password. Too many wrong passwords: wait {n} seconds before the next try.",
                    n=int(wait.total_seconds()),
                ),
                int(wait.total_seconds()),
            )
        raise AuthenticationError(_("Wrong user name or password."))
    opened = data_key.unlock(sessions, username, password, renew_recovery=account.role in ADMIN_ROLES)
    unlocked, code = opened.ok, opened.recovery_code
    if unlocked:
        field_crypto.seal_existing(sessions)  # rows written by bulk SQL or an earlier version
    if not unlocked and account.role in ADMIN_ROLES and not field_crypto.is_protected(sessions):
        code = field_crypto.setup(sessions, username, password).recovery_code
        unlocked = True
    return LoginResult(actor, account, unlocked, code)


def _rotate(sessions: sessionmaker[Session], s: Session, *, renew_recovery: bool = False) -> str | None:
    """Replace the data key in `s` when the installation is protected; a new recovery code when
    one was made. Accounts of the first key version lose the key (their password must be reset)."""
    if not data_key.is_protected(sessions):
        return None
    from safetydesk.services import key_rotation

    return key_rotation.rotate(sessions, s, renew_recovery=renew_recovery).recovery_code


def _require_admin(actor: Actor) -> None:
    if actor.role not in ADMIN_ROLES:
        raise PermissionDenied(_("Only an administrator can manage accounts."))


def list_accounts(sessions: sessionmaker[Session]) -> list[Account]:
    with sessions() as s:
        return [_account(r) for r in s.scalars(select(UserAccount).order_by(UserAccount.username))]


def get_account(sessions: sessionmaker[Session], username: str) -> Account | None:
    with sessions() as s:
        row = s.get(UserAccount, username)
        return _account(row) if row is not None else None


def add_account(
    sessions: sessionmaker[Session],
    actor: Actor,
    username: str,
    role: str,
    password: str,
    display_name: str = "",
    staff_uuid: str | None = None,
) -> Account:
    """Create an account (administrators only). The data key is wrapped for it when this process
    has unlocked it (an administrator's login does)."""
    _require_admin(actor)
    errors = {}
    if not USERNAME_RE.fullmatch(username or ""):
        errors["username"] = _("A user name has 2–64 letters, digits, '.', '_' or '-'.")
    if role not in ROLES:
        errors["role"] = _("Unknown role {role}; choose one of: {roles}.", role=role, roles=", ".join(ROLES))
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)
    _check_password_rules(password, username)
    with sessions.begin() as s:
        if s.get(UserAccount, username) is not None:
            msg = _("The user name {name} is taken.", name=username)
            raise ValidationError(msg, {"username": msg})
        row = UserAccount(
            username=username,
            display_name=(display_name or username)[:50],
            role=role,
            password_hash=hash_password(password),
            staff_uuid=staff_uuid or None,
        )
        s.add(row)
        field_crypto.grant(sessions, s, username, password)
        audit.append(s, actor, "user_add", detail=f"{username} {role}")
        return _account(row)


def update_account(
    sessions: sessionmaker[Session],
    actor: Actor,
    username: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    staff_uuid: str | None = None,
    display_name: str | None = None,
) -> Account:
    _require_admin(actor)
    if role is not None and role not in ROLES:
        raise ValidationError(
            _("Unknown role {role}; choose one of: {roles}.", role=role, roles=", ".join(ROLES))
        )
    with sessions.begin() as s:
        row = s.get(UserAccount, username)
        if row is None:
            raise ValidationError(_("There is no account {name}.", name=username))
        changes = {}
        for attr, value in (
            ("role", role),
            ("active", active),
            ("staff_uuid", staff_uuid),
            ("display_name", display_name),
        ):
            if value is not None and getattr(row, attr) != value:
                changes[attr] = [getattr(row, attr), value]
                setattr(row, attr, value)
        if active is False:
            field_crypto.revoke(s, username)
            _rotate(sessions, s)  # the removed person's password opens nothing current
        audit.append(s, actor, "user_change", detail=username, changes=changes)
        return _account(row)


def change_password(sessions: sessionmaker[Session], actor: Actor, old: str, new: str) -> None:
    """The signed-in person changes their own password (the old one is checked again). Their key
    is new and the data key is replaced, so the old password opens nothing current."""
    _check_password_rules(new, actor.username)
    with sessions.begin() as s:
        row = s.get(UserAccount, actor.username)
        if row is None or not check_password(old, row.password_hash):
            msg = _("The current password is wrong.")
            raise ValidationError(msg, {"old": msg})
        row.password_hash = hash_password(new)
        if field_crypto.grant(sessions, s, actor.username, new):
            _rotate(sessions, s)
        else:
            field_crypto.revoke(s, actor.username)
        audit.append(s, actor, "password_change", detail=actor.username)


def reset_password(sessions: sessionmaker[Session], actor: Actor, username: str, new: str) -> None:
    """An administrator sets someone's password (and lifts any wait). The password may have
    leaked: the account gets a new key and the data key is replaced."""
    _require_admin(actor)
    _check_password_rules(new, username)
    with sessions.begin() as s:
        row = s.get(UserAccount, username)
        if row is None:
            raise ValidationError(_("There is no account {name}.", name=username))
        row.password_hash = hash_password(new)
        row.failed_attempts = 0
        row.last_failed_at = None
        field_crypto.revoke(s, username)
        if field_crypto.grant(sessions, s, username, new):
            _rotate(sessions, s)
        elif data_key.is_protected(sessions):
            _rotate(sessions, s)  # raises: the administrator must be able to open the key
        audit.append(s, actor, "password_reset", detail=username)


def recover(
    sessions: sessionmaker[Session], org_code: str, code: str, username: str, new_password: str
) -> str:
    """The administrator forgot the password: the recovery code unlocks the data key and sets a
    new password for `username` (an administrator account). The code is used up: the data key is
    replaced and a NEW recovery code is returned, to be printed and kept instead."""
    _check_password_rules(new_password, username)
    if not field_crypto.unlock_with_recovery(sessions, code):
        raise AuthenticationError(_("The recovery code is wrong."))
    with sessions.begin() as s:
        row = s.get(UserAccount, username)
        if row is None or row.role not in ADMIN_ROLES:
            raise ValidationError(_("{name} is not an administrator account.", name=username))
        row.password_hash = hash_password(new_password)
        row.failed_attempts = 0
        row.last_failed_at = None
        field_crypto.grant(sessions, s, username, new_password)
        new_code = _rotate(sessions, s, renew_recovery=True)
        audit.append(s, Actor(username, org_code, row.role), "password_recovered", detail=username)
    assert new_code is not None  # the recovery code opened the key: the installation is protected
    return new_code


def needs_first_admin(sessions: sessionmaker[Session]) -> bool:
    """True when no account exists yet (an installation created without an administrator
    password): the first start asks for it before anything else."""
    with sessions() as s:
        return s.scalar(select(UserAccount.username).limit(1)) is None


def create_first_admin(sessions: sessionmaker[Session], org_code: str, password: str) -> LoginResult:
    """Create the administrator `admin` of an installation that has no account, and sign in."""
    _check_password_rules(password, "admin")
    with sessions.begin() as s:
        if s.scalar(select(UserAccount.username).limit(1)) is not None:
            raise AuthenticationError(_("This installation already has accounts; sign in."))
        s.add(
            UserAccount(
                username="admin",
                display_name=_("Administrator"),
                role="admin",
                password_hash=hash_password(password),
            )
        )
        audit.append(s, Actor("admin", org_code, "admin"), "user_add", detail="admin admin")
    return login(sessions, org_code, "admin", password)
