"""The mail outbox: one row per message, written in the transaction that decided to send it
(an online request's answer), so a message is never lost between the decision and the send.

The row holds personal data (the address and the answer): it is purged with the visit's data
(shared/office/retention.py) and never copied into logs or events.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime, utcnow


class MailMessage(Base):
    __tablename__ = "mail_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True,
                                                  index=True)
    to_addr: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # When the sender may try next; empty once sent or given up (then staff retry it).
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A sender is sending it until then (or has died, and another may take it after): kept
    # apart from next_try_at, which staff's "send again" moves to now.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
