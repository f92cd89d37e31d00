"""The record of administrative changes, kept apart from tickets and visitor data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    """One administrative change: who, when, from where, what, and its before and after.

    `office_id` is None for changes above any one office (creating an office). The actor's
    name is copied so that the entry still reads right after the account is renamed.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), nullable=True,
                                                  index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    # "<kind>.<verb>", e.g. "service.create"; the kind is what the log filters on.
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class AuthEpoch(Base):
    """One row whose number goes up whenever a credential stops being valid (a token revoked,
    an account disabled or its roles changed). Every server process reads it cheaply and
    drops its cached actors when it moved: the revocation reaches all processes at once."""

    __tablename__ = "auth_epoch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
