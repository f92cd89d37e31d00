"""`priority_counter_first` in the engine: it calls what the pure rule ranks first over the
whole queue, and its cost (statements per call) does not grow with the queue."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import event, select

from antrian.shared.core import clock
from antrian.shared.models import Counter, Office, Service, Ticket
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.office import standards
from antrian.shared.tickets import call_order, lifecycle
from antrian.shared.tickets import states as st
from tests.foundation.test_concurrency import kiosk_actor, staff_actor


def everyone_waiting(session, office: Office, counter: Counter) -> list[call_order.Candidate]:
    """Every waiting ticket with the facts the rule needs, computed the plain way."""
    open_priority = {s for c in session.scalars(select(Counter).where(
        Counter.office_id == office.id, Counter.is_open, Counter.kind == "priority",
        Counter.id != counter.id)) for s in c.service_ids}
    wait = {s.id: standards.figures(s).of("wait", priority=True)
            for s in session.scalars(select(Service))}
    rows = session.execute(select(
        Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at, Ticket.target_counter_id,
    ).where(Ticket.office_id == office.id, Ticket.status == st.WAITING,
            Ticket.channel.in_(WALK_IN_CHANNELS))).all()
    return [call_order.Candidate(*row, priority_counter_open=row.service_id in open_priority,
                                 wait_standard_s=wait[row.service_id] if row.priority else None)
            for row in rows]


def fill(office, rng: random.Random, count: int) -> dict[int, int]:
    kiosk = kiosk_actor(office)
    for _ in range(count):
        priority = rng.random() < 0.3
        lifecycle.issue_ticket(office.db, "demo", lifecycle.IssueRequest(
            service=rng.choice("ABCD"), priority=priority,
            priority_reason="lansia" if priority else None), kiosk)
    with office.db.write() as s:
        start = clock.now() - timedelta(minutes=8)  # some past SOP 002's 3 minutes, some not
        for ticket in s.scalars(select(Ticket)):
            ticket.queued_at = start + timedelta(seconds=rng.randrange(480))
        return {c.number: c.id for c in s.scalars(select(Counter))}


def test_calls_follow_the_full_ranking(office):
    rng = random.Random(2)
    counters = fill(office, rng, 60)
    called = 0
    for round_ in range(60):
        if round_ == 30:  # the priority counter closes half way
            with office.db.write() as s:
                s.get(Counter, counters[4]).is_open = False
        number = rng.choice([1, 2, 3] if round_ >= 30 else [1, 2, 3, 4])
        with office.db.read() as s:
            demo = s.scalar(select(Office))
            counter = s.get(Counter, counters[number])
            policy = call_order.Policy(demo.settings.call_policy)
            expected = call_order.choose_next(
                everyone_waiting(s, demo, counter),
                call_order.CounterView(counter.id, counter.kind, counter.service_ids),
                policy, now=clock.now())
        ticket = lifecycle.call_next(office.db, counters[number],
                                     staff_actor(office, f"loket{number}"))
        assert (ticket.id if ticket else None) == (expected.id if expected else None), round_
        if ticket is not None:
            called += 1
            with office.db.write() as s:
                s.get(Ticket, ticket.id).status = "done"
    assert called > 30


def statements_of_one_call(office, number: int) -> int:
    seen = []
    engine = office.db.engine

    def count(*_args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        ticket = lifecycle.call_next(office.db, number, staff_actor(office, f"loket{number}"))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert ticket is not None
    with office.db.write() as s:
        s.get(Ticket, ticket.id).status = "done"
    return len(seen)


def test_a_call_costs_the_same_whatever_the_queue(office):
    rng = random.Random(5)
    fill(office, rng, 12)
    small = statements_of_one_call(office, 1)
    fill(office, rng, 300)
    large = statements_of_one_call(office, 1)
    print(f"\nstatements per call-next at Loket 1: {small} (12 waiting), {large} (312 waiting)")
    assert large == small
    assert small <= 14  # today's count on SQLite: one more on every call should be a choice
