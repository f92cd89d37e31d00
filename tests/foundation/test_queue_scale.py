"""Call-next fetches the head of each queue by index, and still calls in the policy's order."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from antrian.shared.core import clock
from antrian.shared.models import Counter, Office, Ticket
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.tickets import call_order, lifecycle
from antrian.shared.tickets import states as st
from tests.foundation.test_concurrency import kiosk_actor, staff_actor


def everyone_waiting(session, office: Office) -> list[call_order.Candidate]:
    rows = session.execute(select(
        Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at, Ticket.target_counter_id,
    ).where(Ticket.office_id == office.id, Ticket.status == st.WAITING,
            Ticket.channel.in_(WALK_IN_CHANNELS))).all()
    return [call_order.Candidate(*row) for row in rows]


@pytest.mark.parametrize("mode", ["strict", "ratio", "priority_counter_only"])
def test_calls_follow_the_full_ranking(office, mode):
    kiosk = kiosk_actor(office)
    rng = random.Random(mode)
    for _ in range(60):
        priority = rng.random() < 0.3
        lifecycle.issue_ticket(office.db, "demo", lifecycle.IssueRequest(
            service=rng.choice("ABCD"), priority=priority,
            priority_reason="lansia" if priority else None), kiosk)
    with office.db.write() as s:
        demo = s.scalar(select(Office))
        demo.settings_json = {**demo.settings_json, "call_policy": mode}
        counters = {c.number: c.id for c in s.scalars(select(Counter))}
        start = clock.now() - timedelta(hours=1)
        for ticket in s.scalars(select(Ticket)):  # shuffled arrival times, some transfers
            ticket.queued_at = start + timedelta(seconds=rng.randrange(600))
            if rng.random() < 0.15:
                ticket.target_counter_id = counters[rng.choice([1, 2, 3, 4])]
    called = 0
    for _ in range(80):
        number = rng.choice([1, 2, 3, 4])
        actor = staff_actor(office, f"loket{number}")
        with office.db.read() as s:
            demo = s.scalar(select(Office))
            counter = s.get(Counter, counters[number])
            policy = call_order.Policy(demo.settings.call_policy, demo.settings.priority_ratio,
                                        demo.settings.follow_service_order)
            streak = call_order.regular_streak(lifecycle._recent_call_classes(s, demo))
            expected = call_order.choose_next(
                everyone_waiting(s, demo),
                call_order.CounterView(counter.id, counter.kind, counter.service_ids),
                policy, streak)
        ticket = lifecycle.call_next(office.db, counters[number], actor)
        assert (ticket.id if ticket else None) == (expected.id if expected else None)
        if ticket is not None:
            called += 1
            with office.db.write() as s:  # free the counter for its next call
                s.get(Ticket, ticket.id).status = "done"
    assert called > 30


def test_the_head_query_reads_the_index_in_order(office):
    """On SQLite: a search of ix_ticket_class_head per class, no sort of the waiting rows."""
    statements = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    engine = office.db.engine
    with office.db.read() as s:
        demo = s.scalar(select(Office))
        counter = s.scalar(select(Counter).where(Counter.number == 1))
        _ = counter.service_ids
        event.listen(engine, "before_cursor_execute", capture)
        try:
            lifecycle._class_heads(s, demo, counter, {1, 2})
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        # the services other counters serve come first; then the heads, in one statement
        [(sql, params)] = [(q, p) for q, p in statements if "UNION ALL" in q]
        plan = s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).all()
    details = " | ".join(row[-1] for row in plan)
    assert "ix_ticket_class_head" in details, details
    assert "TEMP B-TREE" not in details, details
    assert "SCAN ticket" not in details, details
