"""Sync bookkeeping (local, never travels): trusted peers, outgoing streams, imported packages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.models.base import Base, utcnow


class TrustedPeer(Base):
    """A school or township whose identity a person confirmed by reading the fingerprint digits."""

    __tablename__ = "trusted_peer"

    org_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    org_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    # A school's kind (primary, middle, kindergarten...) from its identity file: its drill and
    # education-hour rules depend on it. None for a township, or an identity file without it.
    school_type: Mapped[str | None] = mapped_column(String(16), default=None)
    key_id: Mapped[str] = mapped_column(String(64), unique=True)
    sign_public_key: Mapped[str] = mapped_column(String(100))  # base64 raw Ed25519
    enc_public_key: Mapped[str] = mapped_column(String(100))  # base64 raw X25519
    fingerprint: Mapped[str] = mapped_column(String(40))
    trusted_at: Mapped[datetime] = mapped_column(default=utcnow)
    trusted_by: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class OutgoingStream(Base):
    """Our stream to one recipient: the next sequence number, and what it acknowledged.

    A stream is bound to the recipient's key (its epoch): when the recipient is trusted again with
    a new key (a reinstalled PC), the next export starts a new epoch at number 1."""

    __tablename__ = "outgoing_stream"

    recipient_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    recipient_key_id: Mapped[str] = mapped_column(String(32), default="")
    next_seq: Mapped[int] = mapped_column(default=1)
    acknowledged_seq: Mapped[int] = mapped_column(default=0)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    last_manifest_sha256: Mapped[str | None] = mapped_column(String(64), default=None)


class SentPackage(Base):
    """A package we wrote, and whether the recipient's receipt says it arrived."""

    __tablename__ = "sent_package"

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    recipient_code: Mapped[str] = mapped_column(String(32))
    recipient_key_id: Mapped[str] = mapped_column(String(32), default="")  # the stream's epoch
    seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    row_counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    receipt_imported_at: Mapped[datetime | None] = mapped_column(default=None)
    __table_args__ = (UniqueConstraint("recipient_code", "recipient_key_id", "seq"),)


class ImportedPackage(Base):
    """A package we imported: the stream position and what it changed."""

    __tablename__ = "imported_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_code: Mapped[str] = mapped_column(String(32))
    sender_key_id: Mapped[str] = mapped_column(String(32), default="")  # the stream's epoch
    seq: Mapped[int] = mapped_column(Integer)
    package_id: Mapped[str] = mapped_column(String(36))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column()
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64), default="")
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    __table_args__ = (UniqueConstraint("sender_code", "sender_key_id", "seq"),)


class ImportAttempt(Base):
    """Every import attempt, accepted or not: the only row a rejected import may add."""

    __tablename__ = "import_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[str] = mapped_column(String(64), default="")
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    sender_code: Mapped[str | None] = mapped_column(String(32), default=None)
    seq: Mapped[int | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16))  # imported | duplicate | rejected
    code: Mapped[str | None] = mapped_column(String(40), default=None)
    message: Mapped[str | None] = mapped_column(String(1000), default=None)
    alarm: Mapped[bool] = mapped_column(default=False)


class ReferralSent(Base):
    """A referred case we sent to a recipient: if its referral is withdrawn (or the case deleted),
    every later package to that recipient carries the withdrawal, so the case text leaves the
    recipient too (sync/privacy.py)."""

    __tablename__ = "referral_sent"

    recipient_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class WithdrawnRecord(Base):
    """A referred case whose referral its school withdrew: the row is gone from here, and a copy
    of version `row_version` or older arriving late (packages in any order) is not taken in."""

    __tablename__ = "withdrawn_record"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner: Mapped[str] = mapped_column(String(32))
    row_version: Mapped[int] = mapped_column(Integer)
    withdrawn_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditAnchor(Base):
    """(entry number, hash) of an audit chain held by another organisation: at a township, the
    latest a school's package carried (chain_owner = the school, holder = us); at a school, the
    one the township echoed back in its receipt (chain_owner = us, holder = the township)."""

    __tablename__ = "audit_anchor"

    chain_owner: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), default="")  # the chain owner's key (its epoch)
    entry: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)  # the package that carried it
    at: Mapped[datetime] = mapped_column(default=utcnow)
