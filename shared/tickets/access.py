"""Reaching a ticket or a counter by id, with the actor's permission checked: the one way
every service gets hold of them, so no path forgets the check."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

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
                permission: str, *load: ORMOption) -> tuple[Counter, Office]:
    """The counter and its office, once the actor may act at it: one query, with what `load`
    joins (a call needs the counter's services and the office's: their product in rows, a
    few dozen for an office of a few services, one round trip instead of three)."""
    row = session.execute(select(Counter, Office).join(Counter.office)
                          .where(Counter.id == counter_id).options(*load)).unique().first()
    if row is None:
        raise NotFound(f"Loket tidak ditemukan / unknown counter: {counter_id}")
    counter, office = row
    require(actor, permission, office.id)
    return counter, office
