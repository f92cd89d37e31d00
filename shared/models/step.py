"""Each ticket's SOP steps as measured from its timeline: what reports read instead of
replaying every ticket's events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime


class TicketStep(Base):
    """One ended step of one ticket, with the standard it was held to when it ended.

    Written in the transaction of the event that ends the step (shared.tickets.timeline); a
    step is never rewritten, so a standard changed later does not change past measurements.
    """

    __tablename__ = "ticket_step"
    __table_args__ = (
        # A step begins once at a given moment: the same measurement is never stored twice.
        UniqueConstraint("ticket_id", "step", "started_at"),
        Index("ix_ticket_step_office_step_ended", "office_id", "step", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    step: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_s: Mapped[int] = mapped_column(Integer)
    standard_s: Mapped[int] = mapped_column(Integer)
    within: Mapped[bool] = mapped_column(Boolean)
