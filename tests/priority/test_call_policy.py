"""The `priority_counter_first` call policy (SOP 002): the pure rule in call_order, each case,
and the engine's query that feeds it, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as hs
from sqlalchemy import select, update

from antrian import cli
from antrian.shared.auth import actors
from antrian.shared.models import Counter, Office, Service, Ticket
from antrian.shared.tickets import call_order, lifecycle
from antrian.shared.tickets.call_order import Candidate, CounterView, Policy, choose_next, rank
from tests.support.factories import sign_in

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
FIRST = Policy(call_order.PRIORITY_COUNTER_FIRST)
REGULAR = CounterView(1, "regular", (1,))
PRIORITY = CounterView(4, "priority", (1,))


def ticket(id_: int, minutes_ago: float, priority: bool, open_: bool = True,
           standard: int | None = 180) -> Candidate:
    return Candidate(id_, 1, priority, T0 - timedelta(minutes=minutes_ago),
                     priority_counter_open=open_, wait_standard_s=standard if priority else None)


# ---------------------------------------------------------------- the pure rule


def test_an_open_priority_counter_takes_the_priority_ticket_and_a_regular_one_leaves_it():
    pool = [ticket(1, 10, False), ticket(2, 1, True)]
    assert choose_next(pool, PRIORITY, FIRST, now=T0).id == 2
    assert choose_next(pool, REGULAR, FIRST, now=T0).id == 1
    # only the priority ticket waits: the regular counter leaves it for the priority counter
    assert choose_next([ticket(2, 1, True)], REGULAR, FIRST, now=T0) is None


def test_with_no_priority_counter_open_a_regular_counter_calls_priority_first():
    pool = [ticket(1, 10, False), ticket(2, 1, True, open_=False)]
    assert [c.id for c in rank(pool, REGULAR, FIRST, now=T0)] == [2, 1]


def test_past_its_standard_a_regular_counter_takes_it_and_first():
    on_time = [ticket(1, 10, False), ticket(2, 3, True)]  # exactly at the standard: not past
    assert choose_next(on_time, REGULAR, FIRST, now=T0).id == 1
    late = [ticket(1, 10, False), ticket(2, 3.1, True)]
    assert choose_next(late, REGULAR, FIRST, now=T0).id == 2
    # the standard is the ticket's own (its service's SOP 002 figure)
    assert choose_next([ticket(2, 3.1, True, standard=600)], REGULAR, FIRST, now=T0) is None


def test_without_a_clock_or_a_standard_nothing_is_overdue():
    late = ticket(2, 60, True)
    assert choose_next([late], REGULAR, FIRST) is None
    assert choose_next([ticket(2, 60, True, standard=None)], REGULAR, FIRST, now=T0) is None


def test_the_other_policies_ignore_the_new_facts():
    pool = [ticket(1, 10, False), ticket(2, 1, True)]
    assert choose_next(pool, REGULAR, Policy("strict"), now=T0).id == 2
    assert choose_next(pool, REGULAR, Policy("priority_counter_only"), now=T0).id == 1
    assert choose_next([ticket(2, 99, True)], REGULAR, Policy("priority_counter_only"),
                       now=T0) is None


pools = hs.lists(hs.builds(
    Candidate, id=hs.integers(1, 10_000), service_id=hs.just(1), priority=hs.booleans(),
    queued_at=hs.integers(0, 30).map(lambda m: T0 - timedelta(minutes=m)),
    priority_counter_open=hs.booleans(), wait_standard_s=hs.sampled_from([None, 60, 300])),
    max_size=20, unique_by=lambda c: c.id)


@given(pools, hs.sampled_from([REGULAR, PRIORITY]))
def test_class_heads_are_enough(pool, counter):
    """The engine fetches only each class's head: the choice among heads equals the choice
    among all, because "past the standard" only grows with the time waited."""
    # one service, so every priority ticket shares the head's facts
    same = [Candidate(c.id, 1, c.priority, c.queued_at,
                      priority_counter_open=pool[0].priority_counter_open,
                      wait_standard_s=pool[0].wait_standard_s) for c in pool]
    heads = call_order.class_heads(same, counter)
    assert choose_next(heads, counter, FIRST, now=T0) == choose_next(same, counter, FIRST, now=T0)


# ---------------------------------------------------------------- the engine's query


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request):
    return request.getfixturevalue("office" if request.param == "sqlite" else "pg_office")


def _actor(office, who: str) -> actors.Actor:
    with office.db.write() as s:
        return actors.actor_for_bearer(
            s, office.kiosk_token if who == "kiosk" else office.tokens[who])


def _issue(office, priority: bool):
    req = lifecycle.IssueRequest(service="A", priority=priority,
                                 priority_reason="lansia" if priority else None)
    return lifecycle.issue_ticket(office.db, "demo", req, _actor(office, "kiosk")).ticket


def _counter(office, number: int) -> int:
    with office.db.read() as s:
        return s.scalar(select(Counter.id).where(Counter.number == number))


def _call(office, number: int):
    staff = _actor(office, f"loket{number}")
    return lifecycle.call_next(office.db, _counter(office, number), staff)


def _age(office, ticket_id: int, seconds: int) -> None:
    """Move a ticket's queue time back: it has waited `seconds` longer."""
    with office.db.write() as s:
        row = s.get(Ticket, ticket_id)
        row.queued_at = row.queued_at - timedelta(seconds=seconds)


def test_the_demo_office_follows_priority_counter_first(demo):
    with demo.db.read() as s:
        settings = s.scalar(select(Office).where(Office.code == "demo")).settings
    assert settings.call_policy == "priority_counter_first"


def test_the_engine_sends_priority_to_loket4_until_it_closes_or_the_ticket_is_late(demo):
    regular = _issue(demo, False)
    prio = _issue(demo, True)
    # Loket 4 (priority) is open: Loket 1 calls the regular ticket, not the priority one
    assert _call(demo, 1).id == regular.id
    assert _call(demo, 2) is None  # the priority one is left for Loket 4
    assert _call(demo, 4).id == prio.id

    # past its SOP 002 wait standard (3 min, read from the service): a regular counter takes it
    late = _issue(demo, True)
    fresh = _issue(demo, False)
    with demo.db.read() as s:
        standard = s.scalar(select(Service).where(Service.prefix == "A")).standards
    assert not (standard or {}).get("priority")  # the SOP's figure: 180 s
    _age(demo, late.id, 120)
    assert _call(demo, 2).id == fresh.id
    _age(demo, late.id, 70)
    assert _call(demo, 3).id == late.id

    # Loket 4 closes: a regular counter takes a fresh priority ticket at once, before regular
    with demo.db.write() as s:
        s.execute(update(Counter).where(Counter.number == 4).values(is_open=False))
    before = _issue(demo, False)
    after = _issue(demo, True)
    loket1 = _actor(demo, "loket1")
    lifecycle.complete(demo.db, lifecycle.serve(demo.db, regular.id, loket1).id, loket1)
    assert _call(demo, 1).id == after.id
    assert before.id != after.id


def test_a_priority_standard_set_by_the_administrator_is_the_one_used(demo):
    with demo.db.write() as s:
        service = s.scalar(select(Service).where(Service.prefix == "A"))
        service.standards = {"priority": {"wait": 600}}
    prio = _issue(demo, True)
    _age(demo, prio.id, 300)  # past the SOP's 3 min, within the office's 10 min
    assert _call(demo, 1) is None
    _age(demo, prio.id, 301)
    assert _call(demo, 1).id == prio.id



# ---------------------------------------------------------------- where the office sets it


def test_the_policy_is_offered_by_the_api_the_page_the_cli_and_the_document(
        client, office, instance, monkeypatch):
    admin = office.headers("admin")
    res = client.patch("/api/v1/offices/demo", headers=admin,
                       json={"settings": {"call_policy": "strict"}})
    assert res.status_code == 200 and res.json["settings"]["call_policy"] == "strict"
    res = client.patch("/api/v1/offices/demo", headers=admin,
                       json={"settings": {"call_policy": "priority_counter_first"}})
    assert res.json["settings"]["call_policy"] == "priority_counter_first"
    assert "priority_counter_first" in client.get("/api/v1/openapi.json").get_data(as_text=True)
    sign_in(client, "admin", office.passwords["admin"])
    page = client.get("/admin/office").get_data(as_text=True)
    assert 'value="priority_counter_first" selected' in page

    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for policy in ("ratio", "priority_counter_first"):
        result = CliRunner().invoke(cli.main, ["office", "edit", "demo", "--set",
                                               f"call_policy={policy}"])
        assert result.exit_code == 0, result.output
    with office.db.read() as s:
        assert s.scalar(select(Office).where(Office.code == "demo")).settings.call_policy == (
            "priority_counter_first")
