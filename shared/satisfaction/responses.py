"""The satisfaction survey (SKM) of one ticket: when it may be filled, and storing it.

A visitor reaches the survey from the ticket's QR code (mode "qr") or at the counter's tablet
with a staff member's help (mode "desk", SOP 002 step 7). The survey opens when the ticket is
done and stays open for the office's ``survey_days``; one response per ticket, ever (the
database's unique ``ticket_id`` backs the check). The response keeps the ticket's service,
counter and the staff member who served, because SOP 004 asks who served a low rating.

The ticket's public status page asks :func:`survey_state` whether to show or link the survey.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.cases import workflow
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database, is_postgres
from antrian.shared.core.errors import Conflict, Gone, InvalidInput, NotFound
from antrian.shared.models import Office, SurveyResponse, Ticket
from antrian.shared.satisfaction.instrument import SurveyInputError, validate_response
from antrian.shared.tickets import access, timeline
from antrian.shared.tickets import states as st

# What the survey of a ticket is doing right now.
NOT_YET = "not_yet"  # the ticket is still queued or being served
OPEN = "open"  # done, no response yet, within survey_days
ANSWERED = "answered"  # a response is stored
EXPIRED = "expired"  # done more than survey_days ago without a response
CLOSED = "closed"  # ended without service (no-show, cancelled): nothing to rate
STATES = (NOT_YET, OPEN, ANSWERED, EXPIRED, CLOSED)

MODES = ("qr", "desk")
# How many of a counter's latest completed tickets the desk tablet offers.
DESK_CHOICES = 5


@dataclass(frozen=True)
class SurveyContext:
    """What the survey page needs about a ticket; no personal data."""

    state: str
    token: str
    code: str
    office_code: str
    office_name: str
    service_id: str
    service_en: str
    counter_name: str | None
    finished_at: datetime | None
    open_until: datetime | None  # when the survey closes (UTC), for an open or expired one
    timezone: str


@dataclass(frozen=True)
class DeskTicket:
    """A completed ticket the counter's tablet may take the survey for."""

    token: str
    code: str
    service_id: str
    service_en: str
    finished_at: datetime


# ---------------------------------------------------------------- state


def _state(session: Session, ticket: Ticket, office: Office, now: datetime) -> str:
    if ticket.status in (st.NO_SHOW, st.CANCELLED):
        return CLOSED
    if ticket.status != st.DONE or ticket.finished_at is None:
        return NOT_YET
    answered = session.scalar(
        select(SurveyResponse.id).where(SurveyResponse.ticket_id == ticket.id)
    )
    if answered is not None:
        return ANSWERED
    if now >= _open_until(ticket, office):
        return EXPIRED
    return OPEN


def _open_until(ticket: Ticket, office: Office) -> datetime:
    return ticket.finished_at + timedelta(days=office.settings.survey_days)


def _ticket_by_token(session: Session, token: str, *, lock: bool = False) -> Ticket:
    if not isinstance(token, str) or not token or len(token) > 64:
        raise NotFound("Tiket tidak ditemukan. / Ticket not found.")
    query = (
        select(Ticket)
        .options(selectinload(Ticket.service), selectinload(Ticket.counter))
        .where(Ticket.public_token == token)
    )
    if lock and is_postgres(session):
        query = query.with_for_update()
    ticket = session.scalar(query)
    if ticket is None:
        raise NotFound("Tiket tidak ditemukan. / Ticket not found.")
    return ticket


def survey_context(db: Database, token: str) -> SurveyContext:
    """The survey's state for a ticket token and what its page shows; NotFound if unknown."""
    with db.read() as session:
        ticket = _ticket_by_token(session, token)
        office = session.get(Office, ticket.office_id)
        state = _state(session, ticket, office, clock.now())
        return SurveyContext(
            state=state,
            token=ticket.public_token,
            code=ticket.code,
            office_code=office.code,
            office_name=office.name,
            service_id=ticket.service.name_id,
            service_en=ticket.service.name_en,
            counter_name=ticket.counter.name if ticket.counter else None,
            finished_at=ticket.finished_at,
            open_until=_open_until(ticket, office) if ticket.finished_at else None,
            timezone=office.timezone,
        )


def survey_state(db: Database, token: str) -> str:
    """One of "not_yet", "open", "answered", "expired", "closed" for a ticket's QR token.

    For the ticket's status page: link or redirect to ``/survey/<token>`` when "open", thank
    the visitor when "answered". Raises NotFound for an unknown token.
    """
    return survey_context(db, token).state


# ---------------------------------------------------------------- submitting


def submit_survey(
    db: Database,
    token: str,
    answers: Mapping[str, Any],
    profile: Mapping[str, Any] | None,
    comment: str | None,
    mode: str = "qr",
    actor: Actor | None = None,
) -> SurveyResponse:
    """Store a ticket's one survey response, in one transaction with its ``surveyed`` event.

    Refusals, each before anything is stored: invalid answers (InvalidInput naming the field),
    an unknown token (NotFound), a ticket not yet done (Conflict "survey_not_yet"), one that
    ended unserved (Conflict "survey_closed"), a second response (Conflict
    "survey_answered"), a survey past its days (Gone "survey_expired").
    """
    if mode not in MODES:
        raise InvalidInput(f"Mode survei tidak dikenal / unknown survey mode: {mode}",
                           field="mode")
    try:
        checked = validate_response(answers, profile, comment)
    except SurveyInputError as exc:
        raise InvalidInput(exc.message, field=exc.field) from None
    try:
        with db.write() as session:
            ticket = _ticket_by_token(session, token, lock=True)
            office = session.get(Office, ticket.office_id)
            if mode == "desk":
                require(actor, "operate_counter", office.id)
            _refuse_unless_open(_state(session, ticket, office, clock.now()))
            response = SurveyResponse(
                ticket_id=ticket.id,
                office_id=office.id,
                service_id=ticket.service_id,
                counter_id=ticket.counter_id,
                staff_id=ticket.staff_id,
                **checked.answers,
                age=checked.age,
                sex=checked.sex,
                education=checked.education,
                occupation=checked.occupation,
                comment=checked.comment,
                mode=mode,
                submitted_at=clock.now(),
            )
            session.add(response)
            session.flush()
            timeline.log_event(session, ticket, "surveyed", actor, mode=mode)
            workflow.open_for_low_rating(session, office, ticket, response)  # SOP 004
            _publish(session, office, ticket, mode)
            return response
    except IntegrityError:
        # Two submissions raced past the check; the unique ticket_id kept only the first.
        _refuse_unless_open(ANSWERED)
        raise


def _refuse_unless_open(state: str) -> None:
    if state == OPEN:
        return
    if state == ANSWERED:
        raise Conflict("Survei tiket ini sudah diisi. Terima kasih. / "
                       "This ticket's survey has already been answered. Thank you.",
                       code="survey_answered")
    if state == EXPIRED:
        raise Gone("Waktu pengisian survei tiket ini sudah berakhir. / "
                   "The survey for this ticket has closed.", code="survey_expired")
    if state == CLOSED:
        raise Conflict("Tiket ini tidak dilayani, jadi tidak ada survei. / "
                       "This ticket was not served, so there is no survey.",
                       code="survey_closed")
    raise Conflict("Survei tersedia setelah layanan selesai. / "
                   "The survey opens once the service is complete.", code="survey_not_yet")


def _publish(session: Session, office: Office, ticket: Ticket, mode: str) -> None:
    """Tell the ticket's status page and the counter; no scores, comment or profile."""
    payload = {"ticket": {"id": ticket.id, "code": ticket.code,
                          "service": ticket.service.prefix}, "mode": mode}
    rooms = [f"ticket:{ticket.public_token}"]
    if ticket.counter_id is not None:
        rooms.append(f"counter:{ticket.counter_id}")
    events.record(session, events.Event("survey.submitted", office.id, office.code, payload,
                                        rooms=tuple(rooms), office_wide=False))


# ---------------------------------------------------------------- the counter's tablet


@dataclass(frozen=True)
class Desk:
    counter_id: int
    counter_name: str
    office_code: str
    office_name: str
    timezone: str
    pending: tuple[DeskTicket, ...]


def desk_pending(db: Database, counter_id: int, actor: Actor | None) -> Desk:
    """The counter's latest tickets completed today whose survey is still open, newest first.

    Staff at the counter (``operate_counter``) pick the visitor in front of them; usually it
    is the first one.
    """
    with db.read() as session:
        counter, office = access.counter_for(session, counter_id, actor, "operate_counter")
        start, _ = clock.day_bounds(clock.today(office.timezone),
                                    office.timezone)
        answered = select(SurveyResponse.ticket_id)
        tickets = session.scalars(
            select(Ticket)
            .options(selectinload(Ticket.service))
            .where(Ticket.counter_id == counter.id, Ticket.status == st.DONE,
                   Ticket.finished_at >= start, Ticket.id.not_in(answered))
            .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
            .limit(DESK_CHOICES)
        ).all()
        return Desk(
            counter_id=counter.id,
            counter_name=counter.name,
            office_code=office.code,
            office_name=office.name,
            timezone=office.timezone,
            pending=tuple(DeskTicket(t.public_token, t.code, t.service.name_id,
                                     t.service.name_en, t.finished_at) for t in tickets),
        )


def desk_ticket(db: Database, counter_id: int, token: str, actor: Actor | None) -> SurveyContext:
    """The survey of a ticket this counter served, for its tablet; NotFound for any other."""
    with db.read() as session:
        counter, _ = access.counter_for(session, counter_id, actor, "operate_counter")
        ticket = _ticket_by_token(session, token)
        if ticket.counter_id != counter.id:
            raise NotFound("Tiket ini tidak dilayani di loket ini. / "
                           "This ticket was not served at this counter.")
    return survey_context(db, token)


def submit_desk_survey(
    db: Database, counter_id: int, token: str, answers: Mapping[str, Any],
    profile: Mapping[str, Any] | None, comment: str | None, actor: Actor | None,
) -> SurveyResponse:
    """A survey filled at the counter's tablet: only for a ticket this counter served."""
    desk_ticket(db, counter_id, token, actor)
    return submit_survey(db, token, answers, profile, comment, mode="desk", actor=actor)
