"""Tables of people and access that never travel: the audit trail, key wraps, break-glass grants.

The audit log is append-only (SQLite triggers refuse UPDATE and DELETE) and hash-chained, so an
edit made around the triggers is still found by `services.audit.verify`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.models.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32), default="")
    org_code: Mapped[str] = mapped_column(String(32), default="")
    action: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="", index=True)
    record_uuid: Mapped[str | None] = mapped_column(String(36), default=None)
    detail: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class KeyWrap(Base):
    """The installation's private data key, wrapped by one secret (a user's password or the
    recovery code). `public_key` is stored in clear on the row named 'public'."""

    __tablename__ = "key_wrap"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)  # user:NAME | recovery | public
    kdf: Mapped[str] = mapped_column(String(200), default="")
    wrapped: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BreakGlassGrant(Base):
    __tablename__ = "break_glass_grant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    seen_by_principal: Mapped[bool] = mapped_column(default=False)
