"""The office's live picture: what a board, a kiosk or a console shows after (re)connecting."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.orm import Session, selectinload

from antrian.shared.core import clock
from antrian.shared.core.db import Database, is_postgres
from antrian.shared.models import (
    Counter,
    Office,
    OfficeEventSeq,
    Ticket,
    TicketEvent,
    WaitingCount,
)
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets.read_models import TicketView
from antrian.shared.tickets.states import ACTIVE_AT_COUNTER, WAITING
from antrian.shared.tickets.ticket_json import counter_json, ticket_public

RECENT_CALLS = 20  # the board shows eight tickets; recalls of the same ones come in between


def current_seq(session: Session, office_id: int) -> int:
    return session.scalar(
        select(OfficeEventSeq.seq).where(OfficeEventSeq.office_id == office_id)
    ) or 0


# Built once: every ticket issued or called runs it. The counts are kept by the database
# (`WaitingCount`), so this reads a few rows however long the queue.
_WAITING_BY_SERVICE = (
    select(WaitingCount.service_id, WaitingCount.priority, WaitingCount.waiting)
    .where(WaitingCount.office_id == bindparam("office_id"),
           WaitingCount.service_day == bindparam("day"))
)


def recount_waiting(db: Database) -> int:
    """Rebuild the kept counts from the tickets themselves, for a database whose triggers were
    off for a while (a restore with `session_replication_role = replica`, a `TRUNCATE`).
    Returns the number of waiting walk-in tickets counted."""
    key = (Ticket.office_id, Ticket.service_day, Ticket.service_id, Ticket.priority)
    with db.write() as session:
        if is_postgres(session):  # no ticket changes meanwhile
            session.execute(text("LOCK TABLE ticket IN SHARE ROW EXCLUSIVE MODE"))
        session.execute(delete(WaitingCount))
        rows = session.execute(
            select(*key, func.count()).where(Ticket.status == WAITING,
                                             Ticket.channel.in_(WALK_IN_CHANNELS))
            .group_by(*key)).all()
        if rows:
            session.execute(insert(WaitingCount), [
                {"office_id": o, "service_day": d, "service_id": s, "priority": p, "waiting": n}
                for o, d, s, p, n in rows])
        return sum(row[-1] for row in rows)


def waiting_counts(session: Session, office: Office, day: date) -> list[dict[str, Any]]:
    rows = session.execute(_WAITING_BY_SERVICE, {"office_id": office.id, "day": day}).all()
    counts: dict[tuple[int, bool], int] = {(sid, prio): n for sid, prio, n in rows}
    services = office.services  # often loaded already with the office; ordered by position
    issued = issued_today(session, office, day) if any(s.daily_quota for s in services) else {}
    return [
        {
            "service": s.prefix,
            "name": {"id": s.name_id, "en": s.name_en},
            "active": s.active,
            "waiting": counts.get((s.id, False), 0) + counts.get((s.id, True), 0),
            "priority_waiting": counts.get((s.id, True), 0),
            "quota_left": None if s.daily_quota is None else max(
                s.daily_quota - issued.get(s.id, 0), 0
            ),
        }
        for s in services
    ]


def issued_today(session: Session, office: Office, day: date) -> dict[int, int]:
    """Tickets issued today per service id (for daily quotas)."""
    return dict(
        session.execute(
            select(Ticket.service_id, func.count())
            .where(Ticket.office_id == office.id, Ticket.service_day == day)
            .group_by(Ticket.service_id)
        ).all()
    )


def counter_calls(session: Session, office: Office) -> list[dict[str, Any]]:
    counters = session.scalars(
        select(Counter).where(Counter.office_id == office.id).order_by(Counter.number)
    ).all()
    active = session.scalars(
        select(Ticket)
        .options(selectinload(Ticket.service), selectinload(Ticket.counter))
        .where(
            Ticket.office_id == office.id,
            Ticket.status.in_(ACTIVE_AT_COUNTER),
            Ticket.channel.in_(WALK_IN_CHANNELS),
        )
    ).all()
    by_counter = {t.counter_id: t for t in active}
    return [
        {
            "counter": counter_json(c),
            "open": c.is_open,
            "ticket": ticket_public(TicketView.of(by_counter[c.id])) if c.id in by_counter
            else None,
        }
        for c in counters
    ]


def recent_calls(session: Session, office: Office, day: date) -> list[dict[str, Any]]:
    start, end = clock.day_bounds(day, office.timezone)
    rows = session.execute(
        select(TicketEvent, Ticket)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .options(selectinload(Ticket.service))
        .where(
            TicketEvent.office_id == office.id,
            TicketEvent.kind.in_(("called", "recalled")),
            TicketEvent.at >= start,
            TicketEvent.at < end,
            Ticket.channel.in_(WALK_IN_CHANNELS),
        )
        .order_by(TicketEvent.id.desc())
        .limit(RECENT_CALLS)
    ).all()
    counters = {c.id: c for c in session.scalars(select(Counter).where(
        Counter.office_id == office.id))}
    return [
        {
            "code": ticket.code,
            "service": ticket.service.prefix,
            "priority": ticket.priority,
            "counter": counter_json(counters.get(ev.counter_id)),
            "at": ev.at.isoformat(),
            "recall": ev.kind == "recalled",
        }
        for ev, ticket in rows
    ]


def snapshot(session: Session, office: Office) -> dict[str, Any]:
    day = clock.today(office.timezone)
    return {
        "seq": current_seq(session, office.id),
        "office": {"code": office.code, "name": office.name, "timezone": office.timezone},
        "service_day": day.isoformat(),
        "calls": counter_calls(session, office),
        "recent": recent_calls(session, office, day),
        "waiting": waiting_counts(session, office, day),
    }


def office_snapshot(db: Database, office_code: str) -> dict[str, Any]:
    with db.consistent_read() as session:
        return snapshot(session, office_by_code(session, office_code))
