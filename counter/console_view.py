"""What a counter console shows: its current ticket, the waiting list of the services it
serves, the tickets it set aside (held, or escalated with the answer when it comes), and
today's figures. Read-only; every change goes
through `shared.tickets.lifecycle` and the desk services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session, selectinload

from antrian.shared.auth.actors import Actor
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.desks import assistance, online_requests, visits
from antrian.shared.desks.escalations import pending_for_ticket
from antrian.shared.desks.visits import latest_answer
from antrian.shared.models import (
    Counter,
    Office,
    Service,
    Ticket,
    TicketEvent,
    VisitRecord,
    WaitingCount,
)
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.office import standards
from antrian.shared.tickets import access, timeline
from antrian.shared.tickets import states as st
from antrian.shared.tickets.read_models import TicketView
from antrian.shared.tickets.ticket_json import counter_json, ticket_public


def console_state(db: Database, counter_id: int, actor: Actor,
                  page: WaitingPage | None = None) -> dict[str, Any]:
    with db.read() as session:
        counter, office = access.counter_for(session, counter_id, actor, "operate_counter")
        day = clock.today(office.timezone)
        current = session.scalar(
            select(Ticket).options(selectinload(Ticket.service), selectinload(Ticket.counter))
            .where(Ticket.counter_id == counter.id, Ticket.status.in_(st.ACTIVE_AT_COUNTER))
            .order_by(Ticket.called_at.desc()).limit(1)
        )
        waiting = _waiting(session, office, counter, day, page or WaitingPage())
        state = {
            "counter": {**counter_json(counter), "open": counter.is_open,
                        "office": office.code},
            "now": clock.now().isoformat(),
            "recalls_before_no_show": office.settings.recalls_before_no_show,
            "current": _current(session, current) if current else None,
            "waiting": waiting["tickets"],
            "waiting_page": {k: waiting[k] for k in ("total", "offset", "limit")},
            "returned": _returned(session, counter),
            "stats": _stats(session, counter, day),
            "services": [{"prefix": s.prefix, "name": s.name_id} for s in session.scalars(
                select(Service).where(Service.office_id == office.id, Service.active)
                .order_by(Service.position))],
            "counters": [{"number": c.number, "name": c.name} for c in session.scalars(
                select(Counter).where(Counter.office_id == office.id)
                .order_by(Counter.number))],
        }
    state["online"] = online_requests.online_queue(db, office.id, actor)
    return state


def _current(session: Session, ticket: Ticket) -> dict[str, Any]:
    body = ticket_public(TicketView.of(ticket))
    body.update(
        # the buttons the console shows: the ticket's life decides, not the browser
        actions=st.actions(ticket.status, st.CURRENT_TICKET_ACTIONS),
        served_at=ticket.served_at.isoformat() if ticket.served_at else None,
        target_service_s=ticket.service.target_service_s,
        # called until served (SOP 001 step 5; SOP 002's own figure for a priority visitor)
        target_call_s=standards.figures(ticket.service).of("call",
                                                           timeline.held_to_priority(ticket)),
        needs_assistance=ticket.needs_assistance,
        # SOP 002: "help is on the way" once a guard acknowledged the escort request
        assistance=assistance.for_tickets(session, [ticket.id]).get(ticket.id),
        priority_reason=ticket.priority_reason,
        note=ticket.note,
        visit=visits.staff_view(session.get(VisitRecord, ticket.id)),
        answer=_answer_json(latest_answer(session, ticket.id)),
    )
    return body


def _answer_json(escalation) -> dict[str, Any] | None:
    """The back office's answer, whole, with the question it answers: the counter reads it
    while the ticket waits and again once the visitor is back at the desk."""
    if escalation is None:
        return None
    return {"question": escalation.question, "answer": escalation.answer,
            "answered_at": escalation.answered_at.isoformat() if escalation.answered_at
            else None}


WAITING_PAGE = 14  # what the console shows at once
WAITING_PAGE_MAX = 100
WAITING_OFFSET_MAX = 10_000


@dataclass(frozen=True)
class WaitingPage:
    """Which part of the waiting list to send: `offset` tickets skipped, `limit` sent."""

    offset: int = 0
    limit: int = WAITING_PAGE


def _waiting(session: Session, office: Office, counter: Counter, day,
             page: WaitingPage) -> dict[str, Any]:
    """One page of the waiting list, priority first, then by queue time. Each (service,
    class) queue gives at most offset+limit tickets by index, so a page costs the same
    whatever the queue's length; the total comes from the counts the database keeps."""
    where = (Ticket.office_id == office.id, Ticket.status == st.WAITING,
             Ticket.service_day == day, Ticket.channel.in_(WALK_IN_CHANNELS))
    enough = page.offset + page.limit
    heads = [
        select(Ticket.id, Ticket.priority, Ticket.queued_at)
        .where(*where, Ticket.service_id == service_id, Ticket.priority == priority)
        .order_by(Ticket.queued_at, Ticket.id).limit(enough).subquery()
        for service_id in counter.service_ids for priority in (True, False)
    ]
    # Ranked on the heads' keys; only the page's own tickets are then loaded whole.
    keys = session.execute(union_all(*(select(*h.c) for h in heads))).all() if heads else []
    ids = [row.id for row in sorted(keys, key=_queue_order)[page.offset:enough]]
    tickets = sorted(
        session.scalars(select(Ticket).options(selectinload(Ticket.service))
                        .where(Ticket.id.in_(ids))).all(),
        key=_queue_order,
    )
    total = session.scalar(
        select(func.coalesce(func.sum(WaitingCount.waiting), 0))
        .where(WaitingCount.office_id == office.id, WaitingCount.service_day == day,
               WaitingCount.service_id.in_(counter.service_ids))
    ) if counter.service_ids else 0
    now = clock.now()
    helped = assistance.for_tickets(session, [t.id for t in tickets if t.needs_assistance])
    return {"total": total, "offset": page.offset, "limit": page.limit, "tickets": [{
        "id": t.id, "code": t.code, "service": t.service.prefix,
        "service_name": {"id": t.service.name_id, "en": t.service.name_en},
        "transferred": t.transferred_from_counter_id is not None, "priority": t.priority,
        "priority_reason": t.priority_reason, "needs_assistance": t.needs_assistance,
        "assistance": helped.get(t.id),
        "waited_s": int((now - t.queued_at).total_seconds()),
        "target_wait_s": t.service.target_wait_s,
        "for_other_counter": t.target_counter_id not in (None, counter.id),
        "sent_from_here": t.transferred_from_counter_id == counter.id,
    } for t in tickets]}


def _queue_order(row) -> tuple:
    """Priority first, then by queue time: a ticket or a row of its keys."""
    return (not row.priority, row.queued_at, row.id)


def _returned(session: Session, counter: Counter) -> list[dict[str, Any]]:
    """Tickets this counter set aside: held, or escalated and waiting for (or holding) the
    back office's answer. Each stays listed, with *Lanjutkan*, until the counter resumes it."""
    tickets = session.scalars(
        select(Ticket).options(selectinload(Ticket.service))
        .where(Ticket.counter_id == counter.id, Ticket.status.in_((st.HELD, st.ESCALATED)))
        .order_by(Ticket.id)
    ).all()
    out = []
    for t in tickets:
        answered = latest_answer(session, t.id)
        pending = pending_for_ticket(session, t.id)
        record = session.get(VisitRecord, t.id)
        answer_by = record.answer_by if record else None  # a walk-in who left: not resumed
        # an escalated ticket resumes once its answer is in; a held one at any time
        ready = not answer_by and (
            t.status == st.HELD or (answered is not None and pending is None))
        actions = st.actions(t.status, st.SET_ASIDE_ACTIONS) if ready else []
        if not answer_by:  # the visitor left: a call-back, or the answer on the status page
            actions += st.actions(t.status, (st.ANSWER_LATER,))
        out.append({"id": t.id, "code": t.code, "status": t.status, "service": t.service.prefix,
                    "question": pending.question if pending else
                    (answered.question if answered else None),
                    "answer": answered.answer if answered and not pending else None,
                    "due_at": pending.due_at.isoformat() if pending else None,
                    "answer_by": answer_by,
                    "phone": record.phone if record else None,
                    "actions": actions})
    return out


def _todays(counter: Counter, kind: str, start, end) -> tuple:
    """The counter's events of one kind today. The office leads, so the office's index on
    (office, kind, time) reads today's events of that kind only, not every event there is
    (issuing a ticket adds one)."""
    return (TicketEvent.office_id == counter.office_id, TicketEvent.kind == kind,
            TicketEvent.at >= start, TicketEvent.at < end, TicketEvent.counter_id == counter.id)


def _stats(session: Session, counter: Counter, day) -> dict[str, Any]:
    start, end = clock.day_bounds(day, counter.office.timezone)
    served = session.execute(
        select(Ticket.served_at, Ticket.finished_at)
        .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(*_todays(counter, "completed", start, end))
    ).all()
    durations = [(f - s).total_seconds() for s, f in served if s and f]
    no_shows = session.scalar(
        select(func.count()).select_from(TicketEvent)
        .where(*_todays(counter, "no_show", start, end))
    ) or 0
    return {
        "served": len(served),
        "no_shows": no_shows,
        "average_service_s": int(sum(durations) / len(durations)) if durations else None,
    }
