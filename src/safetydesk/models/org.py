"""Shared records every mechanism refers to: organisations, staff, classes, students, attachments."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.models.base import Base, SyncedRecord


class Organisation(SyncedRecord, Base):
    """A school or a township centre, identified on the wire by its code."""

    __tablename__ = "organisation"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    org_type: Mapped[str] = mapped_column(String(16))  # school | township
    school_type: Mapped[str | None] = mapped_column(String(16), default=None)
    parent_code: Mapped[str | None] = mapped_column(String(32), default=None)
    address: Mapped[str | None] = mapped_column(String(200), default=None)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)


class StaffMember(SyncedRecord, Base):
    __tablename__ = "staff_member"

    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(8), default=None)
    position: Mapped[str | None] = mapped_column(String(50), default=None)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)
    active: Mapped[bool] = mapped_column(default=True)


class SchoolClass(SyncedRecord, Base):
    __tablename__ = "school_class"

    name: Mapped[str] = mapped_column(String(50))
    grade: Mapped[str | None] = mapped_column(String(20), default=None)
    school_year: Mapped[str | None] = mapped_column(String(20), default=None)
    head_teacher_uuid: Mapped[str | None] = mapped_column(
        ForeignKey("staff_member.uuid"), default=None
    )
    student_count: Mapped[int | None] = mapped_column(Integer, default=None)


class Student(SyncedRecord, Base):
    """Minimal student data: the law asks for "necessary and minimal" (domain.md §11)."""

    __tablename__ = "student"

    name: Mapped[str] = mapped_column(String(50))
    student_no: Mapped[str | None] = mapped_column(String(40), default=None)
    gender: Mapped[str | None] = mapped_column(String(8), default=None)
    birth_date: Mapped[date | None] = mapped_column(default=None)
    class_uuid: Mapped[str | None] = mapped_column(ForeignKey("school_class.uuid"), default=None)
    guardian_name: Mapped[str | None] = mapped_column(String(50), default=None)
    guardian_phone: Mapped[str | None] = mapped_column(String(40), default=None)


class Attachment(SyncedRecord, Base):
    """A photo or scan; the bytes live in the data directory under attachments/<sha256>."""

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(80), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    record_kind: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    caption: Mapped[str | None] = mapped_column(Text, default=None)
