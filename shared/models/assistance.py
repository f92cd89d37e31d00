"""A visitor's request for an escort or a wheelchair (SOP 002 steps 1 and 3): the escort
desk's work list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from antrian.shared.models.base import Base, UTCDateTime
from antrian.shared.models.ticket import Ticket

ASSISTANCE_KINDS = ("wheelchair", "escort")
# open -> acknowledged (a guard is on the way) -> done; a request is never reopened.
ASSISTANCE_STATUSES = ("open", "acknowledged", "done")


class AssistanceRequest(Base):
    """One per ticket. The status moves by a guarded UPDATE (shared.desks.assistance), so two
    guards pressing *Terima* at once cannot both take it."""

    __tablename__ = "assistance_request"
    __table_args__ = (Index("ix_assistance_request_office_status", "office_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"),
                                                           nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)

    ticket: Mapped[Ticket] = relationship()
