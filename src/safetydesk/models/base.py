"""Declarative base, shared column recipes and the SyncedRecord mixin.

Times are stored as UTC and always come back timezone-aware. Synced rows are never hard-deleted:
`deleted_at` is a tombstone, so a deletion travels to the township like any other change.
"""

from __future__ import annotations

import uuid as uuid_mod
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

import safetydesk.models.portable_sql  # noqa: F401  (SQLite functions rendered for PostgreSQL)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | str | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a package's canonical UTC text (sync/values._utc_text)
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use domain.clock.now() or an aware time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def new_uuid() -> str:
    return str(uuid_mod.uuid4())


def utcnow() -> datetime:
    from safetydesk.domain import clock

    return clock.now()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class SyncedRecord:
    """Columns every synced row carries: identity, owner, version, who/when, tombstone."""

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    owner: Mapped[str] = mapped_column(String(32), index=False)
    row_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


SYNC_COLUMNS = (
    "uuid", "owner", "row_version", "created_at", "created_by",
    "updated_at", "updated_by", "deleted_at",
)
