"""Call-next builds its class-heads query once per counter shape and binds the rest: the
office, the counter, the day and the tickets to skip must come from each call, never from
the call that built the statement."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from antrian.shared.models import Counter, Office, Ticket
from antrian.shared.tickets import lifecycle
from tests.foundation.test_concurrency import kiosk_actor, staff_actor


def _issue(office, service: str = "A") -> int:
    request = lifecycle.IssueRequest(service=service, priority=False, priority_reason=None)
    return lifecycle.issue_ticket(office.db, "demo", request, kiosk_actor(office)).ticket.id


def _heads(office, skip: set[int]) -> list[int]:
    with office.db.read() as s:
        demo = s.scalar(select(Office))
        counter = s.scalar(select(Counter).where(Counter.number == 1))
        return [c.id for c in lifecycle._class_heads(s, demo, counter, skip)]


def test_the_statement_is_built_once_and_each_call_binds_its_own_values(office):
    first, second = _issue(office), _issue(office)
    lifecycle._class_heads_statement.cache_clear()
    assert first in _heads(office, set())
    built = lifecycle._class_heads_statement.cache_info().misses
    assert _heads(office, set()) == _heads(office, set())
    assert lifecycle._class_heads_statement.cache_info().misses == built  # reused
    # skipped tickets are bound per call: the next one of the queue heads it instead
    assert second in _heads(office, {first}) and first not in _heads(office, {first})
    # the day is bound per call: yesterday's waiting ticket is never a head today
    with office.db.write() as s:
        old = s.get(Ticket, first)
        old.service_day = old.service_day - timedelta(days=1)
    assert first not in _heads(office, set()) and second in _heads(office, set())


def test_call_next_calls_in_queue_order_with_the_cached_statement(office):
    issued = [_issue(office) for _ in range(3)]
    actor = staff_actor(office, "loket1")
    called = []
    for _ in issued:
        ticket = lifecycle.call_next(office.db, 1, actor)
        called.append(ticket.id)
        with office.db.write() as s:  # free the counter for its next call
            s.get(Ticket, ticket.id).status = "done"
    assert called == issued
