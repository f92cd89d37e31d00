"""A ticket's timeline: one TicketEvent per step, from which time standards and reports are
computed. Every service that changes a ticket appends here, in its own transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor
from antrian.shared.core import clock
from antrian.shared.models import Ticket, TicketEvent


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
