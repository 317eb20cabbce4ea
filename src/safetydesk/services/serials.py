"""The next human serial of a record kind at this installation (domain/serials.py says why).

Called inside the creating transaction (services.records.create_in), which SQLite serialises with
every other writer, so two records never get the same number (on PostgreSQL an advisory lock
does the same: models.serialise). Only the owner's own rows count:
a township holding many schools' hazards never numbers a school's records.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safetydesk.domain.registry import RecordKind
from safetydesk.domain.serials import format_serial, parse_serial, year_pattern
from safetydesk.i18n import LOCAL_TZ
from safetydesk.models.serialise import SERIALS, serialise


def next_for(session: Session, kind: RecordKind, owner: str, now: datetime) -> str:
    """The serial after the highest of `owner`'s serials of this kind in `now`'s year (local time)."""
    serialise(session, SERIALS)  # PostgreSQL hub: workstations number one after the other
    year = now.astimezone(LOCAL_TZ).year
    start = year_pattern(kind.serial_prefix, year).rstrip("%")  # "YH-2026-"
    col = kind.model.serial
    stmt = (
        select(col)
        .where(kind.model.owner == owner, col >= start, col < start[:-1] + ".")  # every "YH-2026-…"
        .order_by(func.length(col).desc(), col.desc())
        .limit(1)
    )
    parsed = parse_serial(session.scalar(stmt))
    return format_serial(kind.serial_prefix, year, (parsed[2] if parsed else 0) + 1)
