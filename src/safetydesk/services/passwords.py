"""Password rules, and the scrypt hashes of the first version (`scrypt$n$r$p$salt$hash`, hex).

A password here is more than a door: it derives the key that opens minors' sensitive records, and
a stolen backup can be attacked offline, where no login delay applies. So at least 10 characters,
and none of the passwords an attacker tries first: a common one, a run such as 1234567890 or
abcdefghij, a handful of repeated characters, or the user's own name. argon2id then makes every
guess cost about a quarter of a second of one core (services.data_key).
"""

from __future__ import annotations

import hashlib
import hmac
from itertools import pairwise

from safetydesk.i18n import _

MIN_LENGTH = 10
MIN_DISTINCT = 5
# Tried first by anyone guessing (worldwide and Chinese lists), at least MIN_LENGTH long.
COMMON = frozenset(
    {
        "1234567890", "0123456789", "0987654321", "9876543210", "1234554321", "1122334455",
        "1314520520", "5201314520", "5201314521", "woaini1314", "woaini5201314", "iloveyou12",
        "qwertyuiop", "1qaz2wsx3edc", "1q2w3e4r5t", "q1w2e3r4t5", "zxcvbnm123", "asdfghjkl1",
        "qwerty1234", "qwer123456", "abc1234567", "a123456789", "aa12345678", "password12",
        "password123", "password1!", "p@ssw0rd12", "admin12345", "admin123456", "administrator",
        "12345678910", "123456789a", "123456789q", "1234567890a", "1234qwer!@", "abcd123456",
    }
)


def _is_run(text: str) -> bool:
    """Every character one code point after (or before) the last: 1234567890, abcdefghij."""
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return steps <= {1} or steps <= {-1} or text in "12345678901234567890" or text in "09876543210987654321"


def weakness(password: str, username: str = "") -> str | None:
    """Why `password` is refused (a translated sentence), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("The password needs at least {n} characters.", n=MIN_LENGTH)
    folded = password.casefold()
    if (
        folded in COMMON
        or len(set(folded)) < MIN_DISTINCT
        or _is_run(folded)
    ):
        return _(
            "This password is among the first an attacker tries (a common password, a run such as "
            "1234567890, or few different characters). Choose a longer phrase only you know."
        )
    if len(username) >= 3 and username.casefold() in folded:
        return _("The password must not contain the user name.")
    return None


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
