"""What services hand back: plain frozen values, built inside the transaction from the rows.

A route serialises these after the session is gone, so nothing here can lazy-load: no
relationship has to be touched beforehand "so that it is loaded", and forgetting one cannot
crash a route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from antrian.shared.models import Counter, Ticket


@dataclass(frozen=True)
class CounterRef:
    id: int
    number: int
    name: str
    kind: str

    @classmethod
    def of(cls, counter: Counter | None) -> CounterRef | None:
        if counter is None:
            return None
        return cls(counter.id, counter.number, counter.name, counter.kind)


@dataclass(frozen=True)
class TicketView:
    """One ticket as it stood when its transaction ended."""

    id: int
    office_id: int
    code: str
    number: int
    service_id: int
    service: str  # the service's prefix
    service_name_id: str
    service_name_en: str
    service_day: date
    priority: bool
    priority_reason: str | None
    channel: str
    status: str
    counter: CounterRef | None
    recall_count: int
    public_token: str
    needs_assistance: bool
    note: str | None
    queued_at: datetime
    issued_at: datetime
    called_at: datetime | None
    served_at: datetime | None
    finished_at: datetime | None
    target_counter_id: int | None
    transferred_from_counter_id: int | None

    @classmethod
    def of(cls, ticket: Ticket) -> TicketView:
        """Read the row (and its service and counter) now, inside its session."""
        service = ticket.service
        return cls(
            id=ticket.id, office_id=ticket.office_id, code=ticket.code, number=ticket.number,
            service_id=service.id, service=service.prefix, service_name_id=service.name_id,
            service_name_en=service.name_en, service_day=ticket.service_day,
            priority=ticket.priority, priority_reason=ticket.priority_reason,
            channel=ticket.channel, status=ticket.status, counter=CounterRef.of(ticket.counter),
            recall_count=ticket.recall_count, public_token=ticket.public_token,
            needs_assistance=ticket.needs_assistance, note=ticket.note,
            queued_at=ticket.queued_at, issued_at=ticket.issued_at, called_at=ticket.called_at,
            served_at=ticket.served_at, finished_at=ticket.finished_at,
            target_counter_id=ticket.target_counter_id,
            transferred_from_counter_id=ticket.transferred_from_counter_id,
        )


def views(tickets: Any) -> list[TicketView]:
    return [TicketView.of(t) for t in tickets]
