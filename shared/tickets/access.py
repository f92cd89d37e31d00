"""Reaching a ticket or a counter by id, with the actor's permission checked: the one way
every service gets hold of them, so no path forgets the check."""

from __future__ import annotations

from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core.db import is_postgres
from antrian.shared.core.errors import NotFound
from antrian.shared.models import Counter, Office, Ticket


def locked_ticket(session: Session, ticket_id: int, lock: bool = True) -> Ticket:
    """The ticket, row-locked on PostgreSQL unless only read; NotFound when it does not
    exist."""
    ticket = session.get(Ticket, ticket_id, with_for_update=lock and is_postgres(session))
    if ticket is None:
        raise NotFound(f"Tiket tidak ditemukan / unknown ticket: {ticket_id}")
    return ticket


def ticket_for(session: Session, ticket_id: int, actor: Actor | None,
               permission: str, lock: bool = True) -> tuple[Ticket, Office]:
    """The ticket (locked for a change) and its office, once the actor may act on it: the
    one way every service reaches a ticket by id."""
    ticket = locked_ticket(session, ticket_id, lock)
    office = session.get(Office, ticket.office_id)
    require(actor, permission, office.id)
    return ticket, office


def counter_for(session: Session, counter_id: int, actor: Actor | None,
                permission: str) -> tuple[Counter, Office]:
    """The counter and its office, once the actor may act at it."""
    counter = session.get(Counter, counter_id)
    if counter is None:
        raise NotFound(f"Loket tidak ditemukan / unknown counter: {counter_id}")
    office = session.get(Office, counter.office_id)
    require(actor, permission, office.id)
    return counter, office
