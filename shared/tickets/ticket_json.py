"""What a ticket looks like to the outside: the API's JSON and the hub's event payloads.

Never any personal data here: these travel to boards, kiosks and logs.
"""

from __future__ import annotations

from typing import Any

from antrian.shared.models import Counter
from antrian.shared.tickets.read_models import CounterRef, TicketView


def counter_json(counter: Counter | CounterRef | None) -> dict[str, Any] | None:
    if counter is None:
        return None
    return {"id": counter.id, "number": counter.number, "name": counter.name, "kind": counter.kind}


def status_url(base_url: str, token: str) -> str:
    """The ticket's status page, where its printed QR code leads."""
    return f"{base_url.rstrip('/')}/t/{token}"


def ticket_public(ticket: TicketView) -> dict[str, Any]:
    """The ticket as a board, a kiosk or the hub may see it."""
    return {
        "id": ticket.id,
        "code": ticket.code,
        "number": ticket.number,
        "service": ticket.service,
        "service_name": {"id": ticket.service_name_id, "en": ticket.service_name_en},
        "priority": ticket.priority,
        "channel": ticket.channel,
        "status": ticket.status,
        "counter": counter_json(ticket.counter),
        "recall_count": ticket.recall_count,
        "issued_at": ticket.issued_at.isoformat(),
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
    }


def ticket_api(
    ticket: TicketView, base_url: str, ahead: int | None, wait_s: int | None
) -> dict[str, Any]:
    """The API v1 ticket object (docs/architecture.md, "The API's ticket"): the public view
    plus its token and position."""
    body = ticket_public(ticket)
    body.update(
        token=ticket.public_token,
        status_url=status_url(base_url, ticket.public_token),
        ahead=ahead,
        estimated_wait_s=wait_s,
    )
    return body
