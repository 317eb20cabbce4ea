"""Replacing the data key (rotation): when an account is removed or a password reset, changed or
recovered, so that an old backup plus an old password opens nothing current.

Inside the transaction of the account change: every sealed value (services.field_crypto) is opened
with the old key and sealed to a new one, the sealed attachment files are written again for the new
key (the old files go once the transaction committed, the new ones if it rolled back), and the new
key is handed to every account and the recovery code (hand_over, below). This process
holds the new key once the transaction commits. Runs on the DB thread (any thread, one session).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain.registry import all_kinds
from safetydesk.errors import AuthenticationError
from safetydesk.i18n import _
from safetydesk.models.access import KeyWrap
from safetydesk.models.org import Attachment
from safetydesk.services import data_key
from safetydesk.services.field_crypto import ATTACHMENT_SEALED, protected_attrs
from safetydesk.services.key_wraps import own_public, raw_public, seal_data_key
from safetydesk.services.sealed_box import is_sealed, open_value, seal


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
    handed to every account and the recovery code (hand_over, below). This process
    holds the new key once `s` commits. Raises AuthenticationError when this process has not
    unlocked the key, ProtectionTampered when the stored public key is not the unlocked key's."""
    key = data_key.key_of(sessions)
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
    out.resealed += _reseal_table(s, Attachment, ATTACHMENT_SEALED, old, public)
    handover = hand_over(s, key, old, new, renew_recovery=renew_recovery)
    out.dropped, out.recovery_code = handover.dropped, handover.recovery_code
    made: list[Path] = []
    replaced: list[Path] = []
    paths = data_key.paths_of(key)
    if paths is not None:
        from safetydesk.services import sealed_attachments

        made, replaced = sealed_attachments.reseal_all(paths, old, public)

        def committed(_s: Session) -> None:
            data_key.adopt(key, new)
            sealed_attachments.remove(replaced)

        event.listen(s, "after_commit", committed, once=True)
        event.listen(s, "after_rollback", lambda _s: sealed_attachments.remove(made), once=True)
    else:
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


@dataclass
class Handover:
    """What replacing the data key did to the wraps."""

    dropped: list[str] = field(default_factory=list)  # first-version accounts left without the key
    recovery_code: str | None = None  # set when the recovery code had to be replaced


def hand_over(
    s: Session, dbk: str, old: X25519PrivateKey, new: X25519PrivateKey, *, renew_recovery: bool = False
) -> Handover:
    """Inside a rotation's transaction: the new data key for every account and the recovery code
    (sealed to their own keys; a new recovery code when `renew_recovery`), the keys/ secret sealed
    to it, its public key stored and signed."""
    out = Handover()
    public = raw_public(new)
    wraps = list(s.scalars(select(KeyWrap)))
    for row in wraps:
        if row.name.startswith("data:"):
            s.delete(row)
    s.flush()
    sealed: list[KeyWrap] = []
    for row in wraps:
        if row.name.startswith("user:") or row.name == data_key.RECOVERY:
            owner = row.name[len("user:") :] if row.name.startswith("user:") else data_key.RECOVERY_OWNER
            theirs = own_public(row)
            if theirs is None:  # first version: it could only ever hold the old key
                s.delete(row)
                if owner != data_key.RECOVERY_OWNER:
                    out.dropped.append(owner)
                continue
            sealed.append(seal_data_key(owner, theirs, new))
    s.add_all(sealed)
    s.flush()
    if renew_recovery or s.get(KeyWrap, data_key.RECOVERY) is None:
        out.recovery_code = data_key.new_recovery(s, new)
    secret = data_key.unlocked_secret(dbk)
    row = s.get(KeyWrap, data_key.KEYS)
    if secret is None and row is not None:
        try:
            secret = open_value(old, row.wrapped, f"key_wrap.{data_key.KEYS}").encode("ascii")
        except (ValueError, InvalidTag):
            secret = None
    stored = s.get(KeyWrap, data_key.PUBLIC)
    assert stored is not None
    stored.wrapped = base64.b64encode(public).decode("ascii")
    rows: list[KeyWrap] = []
    if secret is not None:
        rows.append(data_key.keys_row(public, secret))
    signed = data_key.signature_row(dbk, public, secret)
    old_sig = s.get(KeyWrap, data_key.PUBLIC_SIG)
    if signed is not None:
        rows.append(signed)
    elif old_sig is not None:
        s.delete(old_sig)
    data_key.replace_rows(s, *rows)
    return out
