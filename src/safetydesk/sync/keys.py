"""An installation's own keys: Ed25519 to sign packages, X25519 to receive encrypted payloads.

Files under DataPaths.keys:
  sign_private.pem, enc_private.pem   PKCS#8 PEM, encrypted (BestAvailableEncryption) under the
                                      key-encryption secret; mode 0600
  sign_public.b64,  enc_public.b64    raw public key bytes, base64
  .kek                                the key-encryption secret, only until protection is set up
                                      (mode 0600; DPAPI-protected on Windows). At the first
                                      administrator sign-in it moves into the database, sealed to
                                      the data key (services.data_key): from then on only a
                                      sign-in opens the private keys (key_encryption_secret()).

The fingerprint is what two people read to each other over the phone: SHA-256 over a fixed label
and both public keys, as 6 groups of 5 decimal digits. Pure functions; any thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from safetydesk import file_modes, os_keystore
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.paths import DataPaths

FINGERPRINT_LABEL = b"SafetyDesk fingerprint v1"
SIGN_PRIVATE = "sign_private.pem"
ENC_PRIVATE = "enc_private.pem"
SIGN_PUBLIC = "sign_public.b64"
ENC_PUBLIC = "enc_public.b64"
KEK_FILE = ".kek"
RAW_KEY_BYTES = 32


class KeysUnavailable(SafetyDeskError):
    """The installation's key files are missing, damaged or cannot be unlocked."""


@dataclass(frozen=True)
class PublicKeys:
    sign: bytes  # raw Ed25519, 32 bytes
    enc: bytes  # raw X25519, 32 bytes

    @property
    def key_id(self) -> str:
        return key_id(self.sign)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign, self.enc)

    @property
    def sign_b64(self) -> str:
        return base64.b64encode(self.sign).decode("ascii")

    @property
    def enc_b64(self) -> str:
        return base64.b64encode(self.enc).decode("ascii")

    def sign_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.sign)

    def enc_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.enc)


class KeyPair:
    """The installation's keys. `public` is always there; the private halves are decrypted when
    first used, and only while their secret is available: after a sign-in of this process
    (services.data_key), or from keys/.kek before protection is set up. Otherwise using them
    raises KeysUnavailable, saying to sign in. (Constructed with private keys, it simply holds
    them: tests and tools that make throw-away keys.)"""

    def __init__(
        self,
        sign_private: Ed25519PrivateKey | None,
        enc_private: X25519PrivateKey | None,
        public: PublicKeys,
        paths: DataPaths | None = None,
    ) -> None:
        self._sign = sign_private
        self._enc = enc_private
        self.public = public
        self._paths = paths

    def _private(self) -> tuple[Ed25519PrivateKey, X25519PrivateKey]:
        if self._sign is not None and self._enc is not None:
            return self._sign, self._enc
        assert self._paths is not None
        return _decrypted(self._paths, self.public)

    @property
    def sign_private(self) -> Ed25519PrivateKey:
        return self._private()[0]

    @property
    def enc_private(self) -> X25519PrivateKey:
        return self._private()[1]


def key_id(sign_public: bytes) -> str:
    """Hex of the first 16 bytes of SHA-256 of the raw signing public key."""
    return hashlib.sha256(sign_public).digest()[:16].hex()


def fingerprint(sign_public: bytes, enc_public: bytes) -> str:
    """6 groups of 5 digits, e.g. '04821 99310 ...'; each group is 5 hash bytes mod 100000."""
    digest = hashlib.sha256(FINGERPRINT_LABEL + sign_public + enc_public).digest()
    groups = [int.from_bytes(digest[i * 5 : (i + 1) * 5], "big") % 100_000 for i in range(6)]
    return " ".join(f"{g:05d}" for g in groups)


def normalise_digits(text: str) -> str:
    """Digits typed by a person: spaces (and other whitespace) ignored, nothing else forgiven."""
    return "".join(text.split())


def decode_public_key(text: str) -> bytes:
    """Raw 32-byte key from base64; ValueError when it is not exactly that."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise ValueError("public key is not base64") from exc
    if len(raw) != RAW_KEY_BYTES:
        raise ValueError("public key must be 32 bytes")
    return raw


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _sign_in_needed() -> KeysUnavailable:
    return KeysUnavailable(
        _(
            "This installation's private keys are protected: sign in to sign or open packages "
            "(--user NAME --password-file FILE on the command line)."
        )
    )


def key_encryption_secret(paths: DataPaths, *, create: bool = False) -> bytes:
    """The secret that encrypts the private key files.

    Before protection is set up it is keys/.kek (owner-only; on Windows protected by DPAPI,
    safetydesk.os_keystore). Once an administrator has signed in it lives in the database, sealed
    to the data key (services.data_key), and only a sign-in of this process opens it: a copy of
    the data folder signs nothing without a password. `create` makes a new secret (new keys).
    """
    from safetydesk.services import data_key

    legacy = legacy_secret(paths)
    if legacy is not None:
        return legacy
    unlocked = data_key.keys_secret(paths.database)
    if unlocked is not None:
        return unlocked
    protected = data_key.protected_database(paths.database)
    if create:
        secret = secrets.token_hex(32).encode("ascii")
        if protected:
            try:
                data_key.store_keys_secret(paths.database, secret)
            except data_key.ProtectionTampered as exc:
                raise _sign_in_needed() from exc
            return secret
        paths.keys.mkdir(parents=True, exist_ok=True)
        _write_private(paths.keys / KEK_FILE, os_keystore.protect(secret))
        return secret
    if protected:
        raise _sign_in_needed()
    kek = paths.keys / KEK_FILE
    raise KeysUnavailable(
        _(
            "The key-protection file {path} is missing, so this installation "
            "cannot sign or open packages. Restore the data folder from a backup.",
            path=str(kek),
        )
    )


def keys_exist(paths: DataPaths) -> bool:
    return all((paths.keys / n).exists() for n in (SIGN_PRIVATE, ENC_PRIVATE, SIGN_PUBLIC, ENC_PUBLIC))


def ensure_keys(paths: DataPaths) -> KeyPair:
    """Load the installation's keys, creating them first when none exist yet."""
    if not keys_exist(paths):
        if any((paths.keys / n).exists() for n in (SIGN_PRIVATE, ENC_PRIVATE)):
            # Half a key set: never overwrite a private key that might still be needed.
            raise KeysUnavailable(
                _(
                    "The key folder {path} is incomplete. Nothing was overwritten; restore it from a backup.",
                    path=str(paths.keys),
                )
            )
        _create_keys(paths)
    return load_keys(paths)


def _create_keys(paths: DataPaths) -> None:
    file_modes.private_dir(paths.keys)
    secret = key_encryption_secret(paths, create=True)
    sign = Ed25519PrivateKey.generate()
    enc = X25519PrivateKey.generate()
    algo = serialization.BestAvailableEncryption(secret)
    for name, key in ((SIGN_PRIVATE, sign), (ENC_PRIVATE, enc)):
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, algo)
        _write_private(paths.keys / name, pem)
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    for name, pub in (
        (SIGN_PUBLIC, sign.public_key().public_bytes(*raw)),
        (ENC_PUBLIC, enc.public_key().public_bytes(*raw)),
    ):
        tmp = paths.keys / (name + ".tmp")
        tmp.write_text(base64.b64encode(pub).decode("ascii") + "\n", encoding="ascii")
        os.replace(tmp, paths.keys / name)


_CACHE: dict[tuple[str, tuple[int, ...], bytes], tuple[Ed25519PrivateKey, X25519PrivateKey]] = {}


def load_keys(paths: DataPaths) -> KeyPair:
    """The key pair: public keys now, private keys decrypted on first use (see KeyPair)."""
    return KeyPair(None, None, read_public(paths), paths)


def _decrypted(paths: DataPaths, public: PublicKeys) -> tuple[Ed25519PrivateKey, X25519PrivateKey]:
    """The private keys, decrypted once per process and secret (a PEM costs a deliberate ~0.1 s).
    The secret is asked for every time, so signing out locks them again."""
    secret = key_encryption_secret(paths)
    try:
        stamp = tuple((paths.keys / n).stat().st_mtime_ns for n in (SIGN_PRIVATE, ENC_PRIVATE))
    except OSError:
        stamp = ()
    key = (str(paths.keys.resolve()), stamp, hashlib.sha256(secret).digest())
    cached = _CACHE.get(key)
    if cached is None:
        sign, enc, found = _load_keys_with(paths, secret)
        if found != public:
            raise KeysUnavailable(
                _(
                    "The installation's keys in {path} cannot be read ({error}). Restore "
                    "the data folder from a backup.",
                    path=str(paths.keys),
                    error="public and private keys differ",
                )
            )
        cached = _CACHE[key] = (sign, enc)
    return cached


def legacy_secret(paths: DataPaths) -> bytes | None:
    """The secret kept in keys/.kek (before protection is set up), or None when there is none."""
    kek = paths.keys / KEK_FILE
    try:
        return os_keystore.unprotect(kek.read_bytes().strip())
    except FileNotFoundError:
        return None
    except os_keystore.KeyStoreError as exc:
        raise KeysUnavailable(
            _(
                "The installation's keys in {path} cannot be read ({error}). Restore "
                "the data folder from a backup.",
                path=str(paths.keys),
                error=str(exc),
            )
        ) from exc


def remove_legacy_secret(paths: DataPaths) -> None:
    (paths.keys / KEK_FILE).unlink(missing_ok=True)


def read_public(paths: DataPaths) -> PublicKeys:
    """The installation's public keys (no secret needed)."""
    try:
        sign_pub = decode_public_key((paths.keys / SIGN_PUBLIC).read_text("ascii").strip())
        enc_pub = decode_public_key((paths.keys / ENC_PUBLIC).read_text("ascii").strip())
    except (OSError, ValueError) as exc:
        raise KeysUnavailable(
            _(
                "The installation's keys in {path} cannot be read ({error}). Restore "
                "the data folder from a backup.",
                path=str(paths.keys),
                error=str(exc),
            )
        ) from exc
    return PublicKeys(sign_pub, enc_pub)


def private_keys(paths: DataPaths, secret: bytes) -> tuple[Ed25519PrivateKey, X25519PrivateKey]:
    """Decrypt the private key files with `secret`."""
    sign, enc, _public = _load_keys_with(paths, secret)
    return sign, enc


def _load_keys_with(
    paths: DataPaths, secret: bytes
) -> tuple[Ed25519PrivateKey, X25519PrivateKey, PublicKeys]:
    try:
        sign = serialization.load_pem_private_key((paths.keys / SIGN_PRIVATE).read_bytes(), secret)
        enc = serialization.load_pem_private_key((paths.keys / ENC_PRIVATE).read_bytes(), secret)
        sign_pub = decode_public_key((paths.keys / SIGN_PUBLIC).read_text("ascii").strip())
        enc_pub = decode_public_key((paths.keys / ENC_PUBLIC).read_text("ascii").strip())
    except (OSError, ValueError, TypeError) as exc:
        raise KeysUnavailable(
            _(
                "The installation's keys in {path} cannot be read ({error}). Restore "
                "the data folder from a backup.",
                path=str(paths.keys),
                error=str(exc),
            )
        ) from exc
    if not isinstance(sign, Ed25519PrivateKey) or not isinstance(enc, X25519PrivateKey):
        raise KeysUnavailable(
            _(
                "The installation's keys in {path} cannot be read ({error}). Restore "
                "the data folder from a backup.",
                path=str(paths.keys),
                error="key type",
            )
        )
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    if sign.public_key().public_bytes(*raw) != sign_pub or enc.public_key().public_bytes(*raw) != enc_pub:
        raise KeysUnavailable(
            _(
                "The installation's keys in {path} cannot be read ({error}). Restore "
                "the data folder from a backup.",
                path=str(paths.keys),
                error="public and private keys differ",
            )
        )
    return sign, enc, PublicKeys(sign_pub, enc_pub)


def public_key_pem(public: PublicKeys) -> bytes:
    """The Ed25519 public key as SubjectPublicKeyInfo PEM (for `openssl pkeyutl -verify`)."""
    return public.sign_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
