"""How long a new ticket will wait: the visitors ahead, the pace of recent service, the
counters open for it."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from statistics import median

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from antrian.shared.models import Counter, CounterService, Service, Ticket
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.tickets.states import DONE, WAITING

RECENT_SAMPLE = 20


def estimate_wait_s(
    ahead: int, recent_durations_s: Sequence[float], standard_s: int, open_counters: int
) -> int:
    """Median recent service time (or the service's time standard until there are enough
    samples) times the visitors ahead, shared by the open counters."""
    pace = median(recent_durations_s) if len(recent_durations_s) >= 3 else standard_s
    return math.ceil(ahead * pace / max(open_counters, 1))


def tickets_ahead(session: Session, ticket: Ticket) -> int:
    """Waiting tickets of the same service that will be called before this one.

    Priority tickets go before regular ones, so a regular ticket counts every waiting priority
    ticket of its service; a priority ticket counts only earlier priority ones.
    """
    walk_in = ticket.channel in WALK_IN_CHANNELS
    same_queue = (
        (Ticket.office_id == ticket.office_id)
        & (Ticket.service_id == ticket.service_id)
        & (Ticket.status == WAITING)
        & (Ticket.channel.in_(WALK_IN_CHANNELS) if walk_in else Ticket.channel == ticket.channel)
        & (Ticket.id != ticket.id)
    )
    if walk_in:  # yesterday's leftovers are never called; online requests span days
        same_queue &= Ticket.service_day == ticket.service_day
    earlier = (Ticket.queued_at < ticket.queued_at) | (
        (Ticket.queued_at == ticket.queued_at) & (Ticket.id < ticket.id)
    )
    if ticket.priority:
        ahead_clause = Ticket.priority.is_(True) & earlier
    else:
        ahead_clause = or_(Ticket.priority.is_(True), earlier)
    return session.scalar(select(func.count()).where(same_queue & ahead_clause)) or 0


def recent_durations(session: Session, service_id: int) -> list[float]:
    rows = session.execute(
        select(Ticket.served_at, Ticket.finished_at)
        .where(
            Ticket.service_id == service_id,
            Ticket.status == DONE,
            Ticket.served_at.is_not(None),
            Ticket.finished_at.is_not(None),
        )
        .order_by(Ticket.finished_at.desc())
        .limit(RECENT_SAMPLE)
    ).all()
    return [(end - start).total_seconds() for start, end in rows]


def open_counters_for(session: Session, service_id: int) -> int:
    return session.scalar(
        select(func.count(Counter.id))
        .join(CounterService, CounterService.counter_id == Counter.id)
        .where(CounterService.service_id == service_id, Counter.is_open.is_(True))
    ) or 0


PACE_TTL_S = 10.0
_pace_cache: dict[tuple[str, int], tuple[float, list[float], int]] = {}


def _pace(session: Session, service: Service) -> tuple[list[float], int]:
    """Recent durations and open counters of a service, reused for a few seconds: the pace
    changes slowly, and a busy kiosk morning should not pay two queries per ticket for it."""
    key = (str(session.get_bind().url), service.id)
    now = time.monotonic()
    hit = _pace_cache.get(key)
    if hit and hit[0] > now:
        return hit[1], hit[2]
    durations = recent_durations(session, service.id)
    counters = open_counters_for(session, service.id)
    _pace_cache[key] = (now + PACE_TTL_S, durations, counters)
    return durations, counters


def estimate_for(session: Session, service: Service, ahead: int) -> int:
    durations, counters = _pace(session, service)
    return estimate_wait_s(ahead, durations, service.target_service_s, counters)


def estimate_fresh(session: Session, service: Service, ahead: int) -> int:
    """Without the pace cache: the kiosk's menu shows a closed counter's effect at once."""
    return estimate_wait_s(ahead, recent_durations(session, service.id),
                           service.target_service_s, open_counters_for(session, service.id))


def for_ticket(session: Session, ticket: Ticket) -> tuple[int, int]:
    """(ahead, estimated_wait_s) for a waiting ticket."""
    ahead = tickets_ahead(session, ticket)
    return ahead, estimate_for(session, ticket.service, ahead)
