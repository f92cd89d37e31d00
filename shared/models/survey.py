"""Survey responses (SKM), and the sanctions-and-compensation cases low ratings open."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime, utcnow

# A case's steps (SOP 004): open -> heard -> proposed -> approved (or returned, then heard
# again or proposed again) -> compensated -> closed. shared/cases/workflow.py holds the transitions.
CASE_STATES = ("open", "heard", "proposed", "returned", "approved", "compensated", "closed")
# Where a case came from: a low survey rating, or a complaint by one of SOP 004's channels.
CASE_CHANNELS = ("survey", "letter", "phone", "whatsapp", "social_media", "email", "web",
                 "in_person")
COMPENSATIONS = ("apology", "reservice_in_person", "reservice_online")


class SurveyResponse(Base):
    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    # The staff member who served: SOP 004 needs it to hear them on a low rating.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    u1: Mapped[int] = mapped_column(Integer)
    u2: Mapped[int] = mapped_column(Integer)
    u3: Mapped[int] = mapped_column(Integer)
    u4: Mapped[int] = mapped_column(Integer)
    u5: Mapped[int] = mapped_column(Integer)
    u6: Mapped[int] = mapped_column(Integer)
    u7: Mapped[int] = mapped_column(Integer)
    u8: Mapped[int] = mapped_column(Integer)
    u9: Mapped[int] = mapped_column(Integer)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    education: Mapped[str | None] = mapped_column(String(20), nullable=True)
    occupation: Mapped[str | None] = mapped_column(String(40), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    mode: Mapped[str] = mapped_column(String(20), default="qr")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Case(Base):
    """A sanctions-and-compensation case (SOP 004): a low rating or a complaint, the hearing
    of the staff member, the proposal, the head's decree, the visitor's compensation."""

    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    # One case per survey response at most: the unique constraint backs it against races.
    survey_response_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_response.id"), nullable=True, unique=True)
    # Indexed: every ticket status request looks for its case's compensation.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True,
                                                  index=True)
    channel: Mapped[str] = mapped_column(String(20), default="survey")
    # A complaint's words and how to reach the complainant: personal, purged with the rest.
    complaint_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    complainant_contact: Mapped[str | None] = mapped_column(String(200), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    hearing_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    heard_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sanction: Mapped[str | None] = mapped_column(Text, nullable=True)
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    verification_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    decree_number: Mapped[str | None] = mapped_column(String(80), nullable=True)
    decree_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The proposed kind until compensation is given, then the kind given.
    compensation: Mapped[str | None] = mapped_column(String(40), nullable=True)
    compensation_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    compensated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reservice_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True)
    closing_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When the periodic check announced the case overdue: set once, so it is announced once.
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CaseEvent(Base):
    """One change of a case, with who and when (SOP 004 asks every step to be accountable).

    ``data`` holds the step's choices (decision, decree number, compensation kind), never the
    free text: that lives on the case, where the retention purge blanks it.
    """

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class SurveyCheck(Base):
    """The back office's daily check of the survey (SOP 004): who, when, how many low
    ratings. One row per office and day: the primary key refuses a second mark."""

    __tablename__ = "survey_check"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    low_ratings: Mapped[int] = mapped_column(Integer, default=0)
