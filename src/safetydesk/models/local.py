"""Tables that belong to this installation only and never travel: identity, settings, accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.models.base import Base, utcnow


class Installation(Base):
    """Exactly one row: who this installation is."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # school | township | county
    org_code: Mapped[str] = mapped_column(String(32))
    org_name: Mapped[str] = mapped_column(String(100))
    township_code: Mapped[str | None] = mapped_column(String(32), default=None)
    township_name: Mapped[str | None] = mapped_column(String(100), default=None)
    # at a township: the county bureau it reports to (None until set)
    county_code: Mapped[str | None] = mapped_column(String(32), default=None)
    county_name: Mapped[str | None] = mapped_column(String(100), default=None)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """A key/value setting (semester calendar, county rules, UI choices); values are JSON."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column()


class UserAccount(Base):
    __tablename__ = "user_account"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(300))
    staff_uuid: Mapped[str | None] = mapped_column(String(36), default=None)
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
