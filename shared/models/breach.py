"""Breaches of a time standard: a running SOP step that passed its standard, raised once by
the watcher (shared.supervision.watcher) for the supervisors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime


class Breach(Base):
    """One running step of one ticket that passed its standard.

    The unique key is what makes a breach be raised once, also with several server processes
    watching: the second insert of the same step fails in the database, whatever was checked
    before it. A step that runs again (a second question to the back office) starts at another
    moment, so it is another breach.
    """

    __tablename__ = "breach"
    __table_args__ = (
        UniqueConstraint("ticket_id", "step", "started_at"),
        Index("ix_breach_office_breached", "office_id", "breached_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    step: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime] = mapped_column(UTCDateTime)
    standard_s: Mapped[int] = mapped_column(Integer)
    elapsed_s: Mapped[int] = mapped_column(Integer)  # how long it had run when it was raised
    # Who held the ticket then (none while it waits in the lobby).
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
