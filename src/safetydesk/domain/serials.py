"""Human serial numbers of records (隐患编号 YH-2026-0007): what paper refers to, never a uuid.

A kind that is referred to on paper declares `serial_prefix` and a `serial` field (see
RecordKind). The installation that owns a record gives it the next number of its year when the
record is created (services.records.create_in); the serial then never changes and travels with
the row, so the school, the township and every printed form name the record the same way. Numbers
count per owner, per kind and per calendar year of creation (China Standard Time), and tombstoned
records keep theirs, so a number is never given twice by one installation.

Pure: no database, no clock.
"""

from __future__ import annotations

import re

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.i18n import N_

SERIAL_ATTR = "serial"
DIGITS = 4  # YH-2026-0007; the number simply grows wider after 9999
SERIAL_LENGTH = 24

_SERIAL = re.compile(r"^(?P<prefix>[A-Z]{2,6})-(?P<year>\d{4})-(?P<number>\d{" + str(DIGITS) + r",})$")


def format_serial(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:0{DIGITS}d}"


def parse_serial(text: str | None) -> tuple[str, int, int] | None:
    """("YH", 2026, 7) for "YH-2026-0007"; None for anything else."""
    m = _SERIAL.match(text or "")
    if m is None:
        return None
    return m["prefix"], int(m["year"]), int(m["number"])


def year_pattern(prefix: str, year: int) -> str:
    """The SQL LIKE pattern of one prefix and year ("YH-2026-%")."""
    return f"{prefix}-{year:04d}-%"


def next_serial(prefix: str, year: int, taken: list[str | None]) -> str:
    """The serial after the highest of `taken` (serials of this prefix and year; others ignored)."""
    highest = 0
    for serial in taken:
        parsed = parse_serial(serial)
        if parsed is not None and parsed[0] == prefix and parsed[1] == year:
            highest = max(highest, parsed[2])
    return format_serial(prefix, year, highest + 1)


def serial_field(width: int = 12) -> Field:
    """The `serial` field a kind with a serial prefix declares (read-only in forms)."""
    return Field(
        SERIAL_ATTR,
        N_("Serial No."),
        FieldKind.TEXT,
        max_length=SERIAL_LENGTH,
        width=width,
        editable=False,
        help=N_("Given when the record is created; it never changes and is what printed forms cite."),
    )
