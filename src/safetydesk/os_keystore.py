"""The operating system's key store, where there is one: DPAPI on Windows.

Used for the one secret that must exist before anyone has signed in: the secret of keys/ of an
installation whose administrator has not signed in yet (after that it is sealed to the data key
in the database, services.data_key). DPAPI ties the bytes to this Windows user on this computer,
so a copy of the data folder taken elsewhere cannot read them.

One branch per OS:
- Windows: CryptProtectData / CryptUnprotectData through ctypes (no extra dependency), with
  SafetyDesk's own entropy and no UI. Output: MARK + base64 of the DPAPI blob.
- Everything else: no key store here (no Secret Service is assumed on a school PC); the bytes are
  returned as they are, and the caller keeps them in an owner-only file (file_modes).

Any thread.
"""

from __future__ import annotations

import base64
import sys

MARK = b"dpapi1:"
_ENTROPY = b"SafetyDesk keys v1"


class KeyStoreError(OSError):
    """The OS key store refused (another Windows user, another computer, or no key store)."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import ctypes
    from ctypes import wintypes

    AVAILABLE = True
    _UI_FORBIDDEN = 0x01

    class _Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    _crypt32 = ctypes.windll.crypt32
    _kernel32 = ctypes.windll.kernel32
    _signature = [
        ctypes.POINTER(_Blob),
        wintypes.LPCWSTR,
        ctypes.POINTER(_Blob),
        ctypes.c_void_p,
        ctypes.c_void_p,
        wintypes.DWORD,
        ctypes.POINTER(_Blob),
    ]
    _crypt32.CryptProtectData.argtypes = _signature
    _crypt32.CryptProtectData.restype = wintypes.BOOL
    _crypt32.CryptUnprotectData.argtypes = [
        ctypes.POINTER(_Blob),
        ctypes.POINTER(wintypes.LPWSTR),
        ctypes.POINTER(_Blob),
        ctypes.c_void_p,
        ctypes.c_void_p,
        wintypes.DWORD,
        ctypes.POINTER(_Blob),
    ]
    _crypt32.CryptUnprotectData.restype = wintypes.BOOL
    _kernel32.LocalFree.argtypes = [ctypes.c_void_p]

    def _blob(data: bytes) -> tuple[_Blob, ctypes.Array[ctypes.c_char]]:
        buf = ctypes.create_string_buffer(data, len(data))
        return _Blob(len(data), ctypes.cast(buf, ctypes.POINTER(ctypes.c_char))), buf

    def protect(data: bytes) -> bytes:
        plain, _keep = _blob(data)
        entropy, _keep_too = _blob(_ENTROPY)
        out = _Blob()
        if not _crypt32.CryptProtectData(
            ctypes.byref(plain), "SafetyDesk", ctypes.byref(entropy), None, None, _UI_FORBIDDEN, ctypes.byref(out)
        ):
            raise KeyStoreError(ctypes.FormatError())
        try:
            return MARK + base64.b64encode(ctypes.string_at(out.pbData, out.cbData))
        finally:
            _kernel32.LocalFree(out.pbData)

    def unprotect(blob: bytes) -> bytes:
        if not blob.startswith(MARK):
            return blob  # written before the key store was used
        sealed, _keep = _blob(base64.b64decode(blob[len(MARK) :]))
        entropy, _keep_too = _blob(_ENTROPY)
        out = _Blob()
        if not _crypt32.CryptUnprotectData(
            ctypes.byref(sealed), None, ctypes.byref(entropy), None, None, _UI_FORBIDDEN, ctypes.byref(out)
        ):
            raise KeyStoreError(ctypes.FormatError())
        try:
            return ctypes.string_at(out.pbData, out.cbData)
        finally:
            _kernel32.LocalFree(out.pbData)

else:
    AVAILABLE = False

    def protect(data: bytes) -> bytes:
        return data

    def unprotect(blob: bytes) -> bytes:
        if blob.startswith(MARK):
            raise KeyStoreError("protected by Windows DPAPI on another computer")
        return blob
