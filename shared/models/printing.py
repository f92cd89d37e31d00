"""Printers and the jobs sent to them; a job outlives any printer failure."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime, utcnow

PRINTER_STATES = ("unknown", "online", "offline", "paper_near_end", "paper_out", "cover_open")
JOB_STATES = ("pending", "printing", "done", "failed")


class Printer(Base):
    __tablename__ = "printer"
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    url: Mapped[str] = mapped_column(String(300))
    paper_mm: Mapped[int] = mapped_column(Integer, default=80)
    native_qr: Mapped[bool] = mapped_column(Boolean, default=False)
    profile: Mapped[str | None] = mapped_column(String(60), nullable=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # True when a print agent in the office drives it, not this server.
    via_agent: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="unknown")
    state_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PrintJob(Base):
    __tablename__ = "print_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    printer_id: Mapped[int | None] = mapped_column(ForeignKey("printer.id"), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True)
    kiosk_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("device_token.id"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="ticket")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The ticket's status page as the issuing request saw the server's address: the spooler
    # and a print agent have no request of their own to take it from.
    status_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
