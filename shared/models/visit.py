"""Visitor data and escalations: the personal and follow-up side of a ticket.

Visitor data is personal data under UU 27/2022 (PDP). It lives apart from the ticket so that
purging it after the retention period leaves the anonymous timings for reports.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime, utcnow

ESCALATION_LEVELS = ("back_office", "main_unit")
# How the answer reaches a walk-in who left while the question was out (None: where they
# asked: at the counter, on the phone, online).
ANSWER_BY = ("callback", "status_page")


class VisitRecord(Base):
    __tablename__ = "visit_record"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    institution: Mapped[str | None] = mapped_column(String(200), nullable=True)
    regency: Mapped[str | None] = mapped_column(String(120), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    nik: Mapped[str | None] = mapped_column(String(16), nullable=True)
    purpose_category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    purpose_detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    authority_doc: Mapped[str | None] = mapped_column(String(30), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    request_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    answer_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    answer_by: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Escalation(Base):
    __tablename__ = "escalation"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    level: Mapped[str] = mapped_column(String(20), default="back_office")
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    # How the answer reaches the visitor: in person, by phone call-back, or online.
    answer_channel: Mapped[str | None] = mapped_column(String(20), nullable=True)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set on the back office's review of a main-unit answer (SOP 001 step 14): the answer it
    # reviews. Unique, so one answer is passed on once.
    review_of_id: Mapped[int | None] = mapped_column(ForeignKey("escalation.id"), nullable=True,
                                                     unique=True)
