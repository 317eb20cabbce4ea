"""Password rules and the scrypt hashes of earlier versions: `scrypt$n$r$p$salt$hash`, all hex.

New hashes are argon2id (services.accounts); a stored scrypt hash still verifies here and is
replaced at the next login. Runs on any thread; pure computation.
"""

from __future__ import annotations

import hashlib
import hmac

MIN_LENGTH = 6


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual.hex(), digest)
