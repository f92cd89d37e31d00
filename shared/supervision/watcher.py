"""The watcher: raises `sla.breached` the moment a running SOP step passes its standard, once
per step.

`scan` is one pass; the server runs it every `sla_watch_s` seconds in the one process of the
deployment that holds its lease (antrian.app.start_background, shared.core.leases). The lease
saves the work, the database makes it right: a breach is a row whose unique key is the ticket,
the step and the moment the step started, so of two passes that find the same step (two
processes, a lease that ran out mid-pass) exactly one inserts it, and only that one records
the event. The event goes to the office's supervisors only (`supervisor:<office>`): it names
the counter and the staff member, which no board may show.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antrian.shared.core import clock, events
from antrian.shared.core.db import Database
from antrian.shared.models import Breach, Office, Ticket
from antrian.shared.reports.steps import running_duration
from antrian.shared.supervision import breaches
from antrian.shared.supervision.running import Running, running_steps
from antrian.shared.tickets import timeline

EVENT = "sla.breached"
# At most this many breaches per pass, the most late first, so that one pass never holds the
# write lock long (500 at once took about a second on SQLite); the rest come a period later.
PER_PASS = 100


def room(office_code: str) -> str:
    return f"supervisor:{office_code}"


def due(db: Database, now: datetime) -> list[Running]:
    """The running steps past their standard with no breach yet (a read: nothing is locked
    while nothing is due)."""
    with db.read() as session:
        found = [r for r in running_steps(session, now, due_only=True) if r.over]
    found.sort(key=lambda r: r.elapsed_s - r.standard_s, reverse=True)
    return found


def raise_breaches(db: Database, found: list[Running], now: datetime) -> list[dict[str, Any]]:
    """Confirm each step against its ticket's timeline and insert its breach; returns the
    breaches this call inserted (a step another pass inserted first is skipped)."""
    if not found:
        return []
    raised: list[dict[str, Any]] = []
    with db.write() as session:
        for step in found:
            if len(raised) == PER_PASS:  # counted in breaches raised: a step the timeline
                break  # does not confirm never holds back one that it does
            breach = _confirmed(session, step, now)
            if breach is None:
                continue
            try:
                with session.begin_nested():  # a clash undoes this insert only
                    session.add(breach)
            except IntegrityError:
                continue  # raised already, by another pass
            office = session.get(Office, breach.office_id)
            body = breaches.as_json(session, breach)
            events.record(session, events.Event(EVENT, office.id, office.code, body,
                                                rooms=(room(office.code),), office_wide=False))
            raised.append(body)
    return raised


def _confirmed(session: Session, step: Running, now: datetime) -> Breach | None:
    """The breach of this step as the ticket's timeline measures it, if it is over its
    standard there too."""
    ticket = session.get(Ticket, step.ticket_id)
    office = session.get(Office, step.office_id)
    for m in timeline.measure_ticket(session, ticket):
        if m.ended_at is not None or m.step != step.step:
            continue
        elapsed = running_duration(m, now, office.timezone,
                                   timeline.calendar_of(session, ticket))
        if elapsed <= m.standard_s:
            return None
        waiting = m.step == "wait"  # nobody holds a ticket in the lobby
        return Breach(office_id=ticket.office_id, ticket_id=ticket.id, step=m.step,
                      started_at=m.started_at, breached_at=now, standard_s=m.standard_s,
                      elapsed_s=elapsed, counter_id=None if waiting else ticket.counter_id,
                      staff_id=None if waiting else ticket.staff_id)
    return None


def scan(db: Database, now: datetime | None = None) -> list[dict[str, Any]]:
    """One pass over every office: the breaches it raised."""
    now = now or clock.now()
    return raise_breaches(db, due(db, now), now)
