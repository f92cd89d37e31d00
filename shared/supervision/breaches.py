"""The breaches raised by the watcher, as supervisors read them: the event's body and the
office's list over a period. They name counters and staff members, so only those who
supervise the office (coordinator, head, administrator) read them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import InvalidInput
from antrian.shared.models import Breach, Counter, Service, Ticket, User
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets.step_view import NAMES

MAX_DAYS = 366


def step_label(step: str) -> dict[str, str]:
    name_id, name_en, sop = NAMES.get(step, (step, step, ""))
    return {"id": name_id, "en": name_en, "sop": sop}


def as_json(session: Session, breach: Breach, ticket: Ticket | None = None) -> dict[str, Any]:
    """`{id, ticket, code, service, channel, step, step_label, started_at, breached_at,
    standard_s, elapsed_s, counter, staff}`: the `sla.breached` event and the API's item."""
    ticket = ticket or session.get(Ticket, breach.ticket_id)
    counter = session.get(Counter, breach.counter_id) if breach.counter_id else None
    staff = session.get(User, breach.staff_id) if breach.staff_id else None
    return {
        "id": breach.id, "ticket": ticket.id, "code": ticket.code,
        "service": session.get(Service, ticket.service_id).prefix, "channel": ticket.channel,
        "step": breach.step, "step_label": step_label(breach.step),
        "started_at": breach.started_at.isoformat(), "breached_at": breach.breached_at.isoformat(),
        "standard_s": breach.standard_s, "elapsed_s": breach.elapsed_s,
        "counter": counter.name if counter else None,
        "staff": staff.display_name if staff else None,
    }


def list_breaches(db: Database, office_code: str, actor: Actor | None,
                  date_from: date | None = None, date_to: date | None = None,
                  limit: int | None = None) -> dict[str, Any]:
    """The office's breaches raised from `date_from` to `date_to` (office-local days,
    inclusive; today by default), oldest first; with `limit`, the latest that many."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "supervise", office.id)
        today = clock.today(office.timezone)
        first = date_from or date_to or today
        last = date_to or date_from or today
        if last < first:
            raise InvalidInput("'to' tidak boleh sebelum 'from'. / 'to' must not be before "
                               "'from'.", field="to")
        if last - first >= timedelta(days=MAX_DAYS):
            raise InvalidInput(f"Paling lama {MAX_DAYS} hari. / At most {MAX_DAYS} days.",
                               field="to")
        start, _ = clock.day_bounds(first, office.timezone)
        _, end = clock.day_bounds(last, office.timezone)
        query = (select(Breach, Ticket).join(Ticket, Ticket.id == Breach.ticket_id)
                 .where(Breach.office_id == office.id, Breach.breached_at >= start,
                        Breach.breached_at < end))
        if limit is None:
            rows = session.execute(query.order_by(Breach.breached_at, Breach.id)).all()
        else:
            rows = session.execute(query.order_by(Breach.breached_at.desc(), Breach.id.desc())
                                   .limit(limit)).all()
        return {"office": office.code, "timezone": office.timezone, "from": first.isoformat(),
                "to": last.isoformat(),
                "breaches": [as_json(session, b, t) for b, t in rows]}
