"""Keys wrapped by a secret a person knows (a password, the recovery code), and the data key
sealed to each of them.

An own key (X25519) is wrapped with AES-256-GCM under argon2id(secret): t=3, 64 MiB, p=4, RFC
9106's second recommended option and the cost of the login hash (services.accounts), so the wraps
are no cheaper to attack offline than the hashes. The first version wrapped the data key itself
with 2 passes over 19 MiB (V1); those wraps are still read, and converted at the next sign-in
(services.data_key). Pure functions; any thread.
"""

from __future__ import annotations

import base64
import os
import secrets

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safetydesk.models.access import KeyWrap
from safetydesk.services.sealed_box import is_sealed, open_value, seal

KDF_T, KDF_M, KDF_P = 3, 65_536, 4  # argon2id: passes, KiB, lanes (= the login hash)
V1 = "argon2id"  # first version: the wrap holds the data key itself
V2 = "argon2id2"  # the wrap holds the account's own key
SEALED = "x25519-sealed"


def kek(secret: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost=t, memory_cost=m, parallelism=p, hash_len=32, type=Type.ID
    )


def user_wrap_name(username: str) -> str:
    return f"user:{username}"


def data_wrap_name(owner: str) -> str:
    return f"data:{owner}"


def raw_public(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes_raw()


def wrap_own_key(name: str, secret: str, own: X25519PrivateKey) -> KeyWrap:
    """An account's (or the recovery code's) own key, under argon2id(secret)."""
    salt = secrets.token_bytes(16)
    nonce = os.urandom(12)
    pub = base64.b64encode(raw_public(own)).decode("ascii")
    ct = AESGCM(kek(secret, salt, KDF_T, KDF_M, KDF_P)).encrypt(
        nonce, own.private_bytes_raw(), (name + pub).encode()
    )
    return KeyWrap(
        name=name,
        kdf=f"{V2}${KDF_T}${KDF_M}${KDF_P}${salt.hex()}${pub}",
        wrapped=base64.b64encode(nonce + ct).decode("ascii"),
    )


def own_public(row: KeyWrap) -> bytes | None:
    """The own key's public half of a second-version wrap (None for a first-version one)."""
    parts = row.kdf.split("$")
    if len(parts) != 6 or parts[0] != V2:
        return None
    try:
        return base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None


def unwrap(row: KeyWrap, secret: str) -> X25519PrivateKey | None:
    """The private key a wrap holds (A for the second version, D itself for the first)."""
    try:
        parts = row.kdf.split("$")
        scheme, t, m, p, salt = parts[:5]
        if scheme == V2 and len(parts) == 6:
            aad = (row.name + parts[5]).encode()
        elif scheme == V1 and len(parts) == 5:
            aad = row.name.encode()
        else:
            return None
        if not (1 <= int(t) <= 64 and 8 <= int(m) <= 1 << 20 and 1 <= int(p) <= 16):
            return None  # costs stored in the database are bounded: no memory exhaustion at sign-in
        raw = base64.b64decode(row.wrapped)
        key = AESGCM(kek(secret, bytes.fromhex(salt), int(t), int(m), int(p))).decrypt(raw[:12], raw[12:], aad)
        return X25519PrivateKey.from_private_bytes(key)
    except (ValueError, InvalidTag):
        return None


def seal_data_key(owner: str, public: bytes, data_key: X25519PrivateKey) -> KeyWrap:
    name = data_wrap_name(owner)
    raw = base64.b64encode(data_key.private_bytes_raw()).decode("ascii")
    return KeyWrap(name=name, kdf=SEALED, wrapped=seal(public, raw, f"key_wrap.{name}"))


def open_data_key(row: KeyWrap | None, own: X25519PrivateKey) -> X25519PrivateKey | None:
    if row is None or not is_sealed(row.wrapped):
        return None
    try:
        raw = open_value(own, row.wrapped, f"key_wrap.{row.name}")
        return X25519PrivateKey.from_private_bytes(base64.b64decode(raw))
    except (ValueError, InvalidTag):
        return None


def new_recovery_code() -> str:
    """25 characters from an unambiguous alphabet (~124 bits), in groups of five for printing."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    chars = "".join(secrets.choice(alphabet) for _i in range(25))
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


def normalise_code(code: str) -> str:
    chars = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(chars[i : i + 5] for i in range(0, len(chars), 5))
