"""The reception desk (SOP 001 steps 2-3, SOP 002 step 2): issue a number for a visitor with
their details taken up front, reprint it, and see the day at a glance."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.desks import visits
from antrian.shared.models import Printer, Ticket
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.tickets import access, lifecycle, office_snapshot


def issue_for_visitor(db: Database, office_code: str, actor: Actor, req: lifecycle.IssueRequest,
                      visitor: visits.VisitInput) -> lifecycle.Issued:
    """One transaction: the ticket (channel reception) and the visitor's record."""
    values = visits.clean(visitor)
    req = replace(req, channel="reception", idempotency_key=None)
    with db.write() as session:
        office = lifecycle.office_by_code(session, office_code)
        require(actor, "reception_desk", office.id)
        issued = lifecycle.issue_in(session, office_code, req, actor)
        if any(values.values()):
            visits.apply(session, issued.row, values)
        return issued.done()


def overview(db: Database, office_code: str, actor: Actor) -> dict[str, Any]:
    """Waiting per service, who is at which counter, the printers, today's last tickets."""
    with db.read() as session:
        office = lifecycle.office_by_code(session, office_code)
        require(actor, "reception_desk", office.id)
        day = clock.today(office.timezone)
        recent = session.scalars(
            select(Ticket).options(selectinload(Ticket.service), selectinload(Ticket.counter))
            .where(Ticket.office_id == office.id, Ticket.service_day == day,
                   Ticket.channel.in_(WALK_IN_CHANNELS))
            .order_by(Ticket.id.desc()).limit(12)
        ).all()
        printers = session.scalars(select(Printer).where(Printer.office_id == office.id)
                                   .order_by(Printer.name)).all()
        return {
            "office": {"code": office.code, "name": office.name},
            "waiting": office_snapshot.waiting_counts(session, office, day),
            "counters": office_snapshot.counter_calls(session, office),
            "printers": [{"id": p.id, "name": p.name, "state": p.state,
                          "state_at": p.state_at.isoformat() if p.state_at else None}
                         for p in printers],
            "recent": [{"id": t.id, "code": t.code, "service": t.service.prefix,
                        "priority": t.priority, "status": t.status,
                        "token": t.public_token} for t in recent],
        }


def printable(db: Database, ticket_id: int, actor: Actor) -> dict[str, Any]:
    """What the on-screen printable ticket shows: the same facts as the paper one, no
    personal data."""
    with db.read() as session:
        ticket, office = access.ticket_for(session, ticket_id, actor, "reprint", lock=False)
        local = ticket.issued_at.astimezone(clock.zone(office.timezone))
        return {
            "office_name": office.name, "header": office.ticket_header,
            "footer": office.ticket_footer, "code": ticket.code,
            "service": ticket.service.name_id, "service_en": ticket.service.name_en,
            "priority": ticket.priority, "token": ticket.public_token,
            "issued": local.strftime("%d-%m-%Y %H:%M ") + clock.zone_abbreviation(
                office.timezone),
        }
