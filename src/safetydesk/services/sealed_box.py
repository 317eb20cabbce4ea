"""Sealed boxes: a value or a file encrypted to an X25519 public key, opened with its private key.

`seal` needs only the public key (anyone may write); `open_value` the private key. Format of a
value: `sd1:` + base64(ephemeral public key 32 | nonce 12 | AES-256-GCM ciphertext); the key is
HKDF-SHA256 of the X25519 shared secret, bound to both public keys; the associated data names
where the value belongs (table.column), so a value moved elsewhere fails to open. One ephemeral
key per recipient is kept for the process (a fresh 96-bit nonce per value). Any thread.
"""

from __future__ import annotations

import base64
import os
import threading
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "sd1:"
_INFO = b"safetydesk field v1"

_lock = threading.Lock()
_ephemeral: dict[bytes, tuple[bytes, AESGCM]] = {}  # recipient public -> (eph public, cipher)
_opened: dict[tuple[bytes, bytes], AESGCM] = {}


def _hkdf(shared: bytes, eph: bytes, recipient: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO + eph + recipient).derive(shared)
    return AESGCM(key)


def _sender(public_raw: bytes) -> tuple[bytes, AESGCM]:
    with _lock:
        cached = _ephemeral.get(public_raw)
        if cached is None:
            eph = X25519PrivateKey.generate()
            eph_pub = eph.public_key().public_bytes_raw()
            shared = eph.exchange(X25519PublicKey.from_public_bytes(public_raw))
            cached = (eph_pub, _hkdf(shared, eph_pub, public_raw))
            _ephemeral[public_raw] = cached
    return cached


def _receiver(private: X25519PrivateKey, eph_pub: bytes) -> AESGCM:
    recipient = private.public_key().public_bytes_raw()
    with _lock:
        cipher = _opened.get((recipient, eph_pub))
        if cipher is None:
            shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
            cipher = _hkdf(shared, eph_pub, recipient)
            _opened[(recipient, eph_pub)] = cipher
    return cipher


def seal_bytes(public_raw: bytes, data: bytes, aad: bytes) -> bytes:
    """eph public (32) | nonce (12) | AES-256-GCM ciphertext, readable only with the private key."""
    eph_pub, cipher = _sender(public_raw)
    nonce = os.urandom(12)
    return eph_pub + nonce + cipher.encrypt(nonce, data, aad)


def open_bytes(private: X25519PrivateKey, blob: bytes, aad: bytes) -> bytes:
    """Raises ValueError or InvalidTag when `blob` was not sealed to `private` with `aad`."""
    if len(blob) < 44 + 16:
        raise ValueError("sealed data too short")
    return _receiver(private, blob[:32]).decrypt(blob[32:44], blob[44:], aad)


def seal(public_raw: bytes, value: str, aad: str) -> str:
    return PREFIX + base64.b64encode(seal_bytes(public_raw, value.encode("utf-8"), aad.encode())).decode("ascii")


def open_value(private: X25519PrivateKey, value: str, aad: str) -> str:
    return open_bytes(private, base64.b64decode(value[len(PREFIX) :]), aad.encode()).decode("utf-8")


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)
