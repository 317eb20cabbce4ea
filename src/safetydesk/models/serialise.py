"""One writer at a time for a step several workstations might take at once (issue 16.5).

On SQLite the database has one writer, so nothing is needed here. On PostgreSQL (a hub shared by
several workstations) a step that reads "the last one" and then appends after it — the audit
chain's previous hash, the import's "already imported?" — takes a transaction-level advisory
lock first; it is released by the commit or rollback. Any thread.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# Constants shared by every SafetyDesk process on one database (any distinct 63-bit numbers).
AUDIT_CHAIN = 0x5AFE_D35C_0000_0003
SERIALS = 0x5AFE_D35C_0000_0004  # services.serials: the next record number
STREAMS = 0x5AFE_D35C_0000_0005  # sync.streams.reserve: the next package number


def serialise(session: Session, key: int) -> None:
    """Wait for, then hold until the end of `session`'s transaction, the lock named `key`
    (PostgreSQL only; on SQLite the write lock already serialises writers)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
