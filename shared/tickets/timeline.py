"""A ticket's timeline: one TicketEvent per step, from which time standards and reports are
computed. Every service that changes a ticket appends here, in its own transaction; an event
that ends an SOP step also stores the step's measurement (TicketStep) in that transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor
from antrian.shared.core import clock
from antrian.shared.core.db import Database, insert_new
from antrian.shared.models import Office, Ticket, TicketEvent, TicketStep
from antrian.shared.office import working_days
from antrian.shared.office.standards import figures
from antrian.shared.office.working_days import WorkingDays
from antrian.shared.reports import steps


def log_event(session: Session, ticket: Ticket, kind: str, actor: Actor | None,
              **data: Any) -> None:
    """Append a step to the ticket's timeline; `data` must hold no personal data."""
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            office_id=ticket.office_id,
            kind=kind,
            at=clock.now(),
            actor_id=actor.user_id if actor else None,
            counter_id=ticket.counter_id,
            data=data,
        )
    )
    if kind in steps.ENDING_KINDS:
        record_steps(session, ticket)


def held_to_priority(ticket: Ticket) -> bool:
    """SOP 002's figures are for vulnerable visitors: a priority ticket with its reason (a
    compensation re-service is priority, but not SOP 002's)."""
    return ticket.priority and ticket.channel != "compensation"


def measure_ticket(session: Session, ticket: Ticket) -> list[steps.Measured]:
    """The ticket's steps, ended and running, from its whole timeline."""
    events = session.execute(
        select(TicketEvent.kind, TicketEvent.at, TicketEvent.data)
        .where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
    ).all()
    office = session.get(Office, ticket.office_id)
    return steps.measure(ticket.channel, held_to_priority(ticket), events,
                         figures(ticket.service), office.timezone, calendar_of(session, ticket))


def calendar_of(session: Session, ticket: Ticket) -> WorkingDays | None:
    """The office's working days for an online request, whose step counts them (read only
    then: every other ticket's events would pay for a query they do not need)."""
    return working_days.of_office(session, ticket.office_id) if ticket.channel == "online" \
        else None


def record_steps(session: Session, ticket: Ticket) -> None:
    """Store the steps that have ended and are not stored yet. Each is written once, with the
    standard of the moment it ended: the unique key (ticket, step, start) keeps the stored
    one, so the ticket's stored steps need no read first."""
    insert_new(session, TicketStep, [
        {"ticket_id": ticket.id, "office_id": ticket.office_id, "step": m.step,
         "started_at": m.started_at, "ended_at": m.ended_at, "duration_s": m.duration_s,
         "standard_s": m.standard_s, "within": m.within}
        for m in measure_ticket(session, ticket) if m.ended_at is not None])


def backfill_steps(db: Database, batch: int = 500) -> int:
    """Store the ended steps of every ticket that has none stored yet (tickets from before the
    step measurements existed); safe to run again. Returns the number of tickets measured."""
    done, after = 0, 0
    while True:
        with db.write() as session:
            ids = list(session.scalars(
                select(Ticket.id).where(Ticket.id > after, ~exists().where(
                    TicketStep.ticket_id == Ticket.id)).order_by(Ticket.id).limit(batch)))
            if not ids:
                return done
            for ticket in session.scalars(select(Ticket).where(Ticket.id.in_(ids))):
                record_steps(session, ticket)
            done += len(ids)
            after = ids[-1]
