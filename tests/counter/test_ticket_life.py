"""The queue engine's paths no other test walked: transfer, requeue, call by number and the
ratio policy's look-back query; at the service level, on SQLite and (where two counters can
race) on PostgreSQL too. Every service answers with a TicketView read in its transaction."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from antrian.counter.api import SIMPLE_ACTIONS
from antrian.shared.auth import actors
from antrian.shared.core.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from antrian.shared.models import Counter, CounterService, Office, Service, Ticket, TicketEvent
from antrian.shared.tickets import lifecycle
from antrian.shared.tickets import states as st
from antrian.shared.tickets.read_models import TicketView


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request):
    """The demo office on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""
    return request.getfixturevalue("office" if request.param == "sqlite" else "pg_office")


def actor(office, who: str) -> actors.Actor:
    with office.db.write() as s:
        return actors.actor_for_bearer(
            s, office.kiosk_token if who == "kiosk" else office.tokens[who])


def issue(office, service: str = "A", priority: bool = False) -> TicketView:
    req = lifecycle.IssueRequest(service=service, priority=priority,
                                 priority_reason="lansia" if priority else None)
    return lifecycle.issue_ticket(office.db, "demo", req, actor(office, "kiosk")).ticket


def counter_id(office, number: int) -> int:
    with office.db.read() as s:
        return s.scalar(select(Counter.id).where(Counter.number == number))


def timeline(office, ticket_id: int) -> list[TicketEvent]:
    with office.db.read() as s:
        return list(s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                              .order_by(TicketEvent.id)))


def status_of(office, ticket_id: int) -> str:
    with office.db.read() as s:
        return s.get(Ticket, ticket_id).status


def call_and_serve(office, number: int) -> TicketView:
    staff = actor(office, f"loket{number}")
    called = lifecycle.call_next(office.db, counter_id(office, number), staff)
    return lifecycle.serve(office.db, called.id, staff)


# ---------------------------------------------------------------- transfer


def test_transfer_sends_the_ticket_on_with_its_place_and_target_counter(demo):
    first = issue(demo, "A")
    later = issue(demo, "B")
    loket1 = actor(demo, "loket1")
    serving = call_and_serve(demo, 1)
    assert serving.id == first.id and serving.status == st.SERVING

    moved = lifecycle.transfer(demo.db, first.id, loket1, "B", counter_number=2,
                               note="bawa KTP")

    assert isinstance(moved, TicketView)
    assert (moved.status, moved.service, moved.counter) == (st.WAITING, "B", None)
    assert moved.target_counter_id == counter_id(demo, 2)
    assert moved.transferred_from_counter_id == counter_id(demo, 1)
    assert moved.queued_at == first.queued_at and moved.note == "bawa KTP"
    last = timeline(demo, first.id)[-1]
    assert last.kind == "transferred"
    assert last.data == {"from_service": "A", "to_service": "B", "to_counter": 2,
                         "has_note": True}  # the note's text stays off the timeline
    # counter 3 passes over it (it is meant for counter 2) and calls the later ticket
    third = lifecycle.call_next(demo.db, counter_id(demo, 3), actor(demo, "loket3"))
    assert third.id == later.id
    second = lifecycle.call_next(demo.db, counter_id(demo, 2), actor(demo, "loket2"))
    assert second.id == first.id and second.counter.number == 2


def test_transfer_from_hold_and_its_refusals(demo):
    ticket = issue(demo, "A")
    loket1 = actor(demo, "loket1")
    lifecycle.call_next(demo.db, counter_id(demo, 1), loket1)
    with pytest.raises(IllegalTransition):  # called, not yet served
        lifecycle.transfer(demo.db, ticket.id, loket1, "B")
    assert status_of(demo, ticket.id) == st.CALLED
    lifecycle.serve(demo.db, ticket.id, loket1)
    lifecycle.hold(demo.db, ticket.id, loket1)
    with pytest.raises(NotFound) as unknown:
        lifecycle.transfer(demo.db, ticket.id, loket1, "Z")
    assert unknown.value.field == "service"
    with pytest.raises(NotFound) as no_counter:
        lifecycle.transfer(demo.db, ticket.id, loket1, "B", counter_number=9)
    assert no_counter.value.field == "counter"
    with demo.db.write() as s:  # counter 3 stops serving C
        c_id = s.scalar(select(Service.id).where(Service.prefix == "C"))
        s.execute(delete(CounterService).where(CounterService.counter_id == counter_id(demo, 3),
                                               CounterService.service_id == c_id))
    with pytest.raises(InvalidInput) as not_served:
        lifecycle.transfer(demo.db, ticket.id, loket1, "C", counter_number=3)
    assert not_served.value.field == "counter"
    with pytest.raises(InvalidInput):
        lifecycle.transfer(demo.db, ticket.id, loket1, "B", note="x" * 501)
    assert status_of(demo, ticket.id) == st.HELD  # every refusal left it as it was

    moved = lifecycle.transfer(demo.db, ticket.id, loket1, "C")
    assert (moved.status, moved.service, moved.target_counter_id) == (st.WAITING, "C", None)


def test_transfer_racing_complete_lets_exactly_one_win(demo):
    ticket = issue(demo, "A")
    call_and_serve(demo, 1)
    loket1 = actor(demo, "loket1")
    outcomes: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def run(name, step):
        barrier.wait()
        try:
            outcomes[name] = step()
        except IllegalTransition as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(target=run, args=("complete", lambda: lifecycle.complete(
            demo.db, ticket.id, loket1))),
        threading.Thread(target=run, args=("transfer", lambda: lifecycle.transfer(
            demo.db, ticket.id, loket1, "B"))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    won = {name: v for name, v in outcomes.items() if isinstance(v, TicketView)}
    assert len(won) == 1 and len(outcomes) == 2
    (winner, view), = won.items()
    assert status_of(demo, ticket.id) == view.status == (
        st.DONE if winner == "complete" else st.WAITING)
    kinds = [e.kind for e in timeline(demo, ticket.id)]
    assert kinds.count("completed") + kinds.count("transferred") == 1


# ---------------------------------------------------------------- requeue


def test_requeue_returns_a_called_ticket_to_its_original_place(demo):
    first = issue(demo, "A")
    issue(demo, "A")
    loket1 = actor(demo, "loket1")
    called = lifecycle.call_next(demo.db, counter_id(demo, 1), loket1)
    assert called.id == first.id

    back = lifecycle.requeue(demo.db, first.id, loket1)

    assert isinstance(back, TicketView)
    assert (back.status, back.counter, back.queued_at) == (st.WAITING, None, first.queued_at)
    assert timeline(demo, first.id)[-1].kind == "returned"
    # ahead of the ticket issued after it: the next call, at any counter, is it again
    again = lifecycle.call_next(demo.db, counter_id(demo, 2), actor(demo, "loket2"))
    assert again.id == first.id and again.recall_count == 0


def test_requeue_is_refused_unless_called(demo):
    waiting = issue(demo, "A")
    loket1 = actor(demo, "loket1")
    with pytest.raises(IllegalTransition):
        lifecycle.requeue(demo.db, waiting.id, loket1)
    lifecycle.call_next(demo.db, counter_id(demo, 1), loket1)
    lifecycle.serve(demo.db, waiting.id, loket1)
    with pytest.raises(IllegalTransition) as caught:
        lifecycle.requeue(demo.db, waiting.id, loket1)
    assert caught.value.code == "illegal_transition" and caught.value.status == 409
    assert status_of(demo, waiting.id) == st.SERVING


# ---------------------------------------------------------------- call by number


def test_call_by_number_calls_that_ticket_out_of_turn(demo):
    first, second, third = issue(demo, "A"), issue(demo, "A"), issue(demo, "B")
    loket1, loket2 = actor(demo, "loket1"), actor(demo, "loket2")

    called = lifecycle.call_number(demo.db, counter_id(demo, 1), f"  {third.code.lower()} ",
                                   loket1)

    assert isinstance(called, TicketView)
    assert (called.id, called.status, called.counter.number) == (third.id, st.CALLED, 1)
    event = timeline(demo, third.id)[-1]
    assert event.kind == "called" and event.data["by_number"] is True
    with pytest.raises(IllegalTransition):  # already called: another counter cannot take it
        lifecycle.call_number(demo.db, counter_id(demo, 2), third.code, loket2)
    with pytest.raises(Conflict) as busy:  # one visitor at a desk
        lifecycle.call_number(demo.db, counter_id(demo, 1), second.code, loket1)
    assert busy.value.code == "counter_busy"
    with pytest.raises(NotFound):
        lifecycle.call_number(demo.db, counter_id(demo, 2), "Z999", loket2)
    # the queue's order is untouched: call-next still starts at the first ticket
    assert lifecycle.call_next(demo.db, counter_id(demo, 2), loket2).id == first.id


def test_call_by_number_knows_only_todays_tickets_and_open_counters(demo):
    old = issue(demo, "A")
    with demo.db.write() as s:
        ticket = s.get(Ticket, old.id)
        ticket.service_day = ticket.service_day - timedelta(days=1)
    with pytest.raises(NotFound):
        lifecycle.call_number(demo.db, counter_id(demo, 1), old.code, actor(demo, "loket1"))
    today = issue(demo, "A")
    with demo.db.write() as s:
        s.execute(update(Counter).where(Counter.number == 1).values(is_open=False))
    with pytest.raises(Conflict) as closed:
        lifecycle.call_number(demo.db, counter_id(demo, 1), today.code, actor(demo, "loket1"))
    assert closed.value.code == "counter_closed"
    assert status_of(demo, today.id) == st.WAITING


def test_four_counters_calling_one_number_together_call_it_once(demo):
    ticket = issue(demo, "A")
    staff = {n: actor(demo, f"loket{n}") for n in (1, 2, 3, 4)}
    ids = {n: counter_id(demo, n) for n in (1, 2, 3, 4)}
    won, refused, other = [], [], []
    barrier = threading.Barrier(4)

    def one(n: int) -> None:
        barrier.wait()
        try:
            won.append(lifecycle.call_number(demo.db, ids[n], ticket.code, staff[n]))
        except Conflict as exc:  # the table's refusal, or the claim lost in the database
            refused.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            other.append(exc)

    threads = [threading.Thread(target=one, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert other == [] and len(won) == 1 and len(refused) == 3
    assert [e.kind for e in timeline(demo, ticket.id)].count("called") == 1
    with demo.db.read() as s:
        assert s.get(Ticket, ticket.id).counter_id == won[0].counter.id


# ---------------------------------------------------------------- the ratio policy's query


def use_ratio(office, ratio: int) -> None:
    with office.db.write() as s:
        demo = s.scalar(select(Office))
        demo.settings_json = {**demo.settings_json, "call_policy": "ratio",
                              "priority_ratio": ratio}


def test_ratio_policy_counts_todays_first_calls_of_the_whole_office(demo):
    """One priority ticket after every 2 regular calls, whichever regular counter calls;
    recalls are not calls, and yesterday's calls do not count."""
    use_ratio(demo, 2)
    # two regular calls made "yesterday": were they counted, today would open with priority
    for _ in range(2):
        ticket = call_and_serve_new(demo)
        lifecycle.complete(demo.db, ticket.id, actor(demo, "loket1"))
    with demo.db.write() as s:
        for event in s.scalars(select(TicketEvent).where(TicketEvent.kind == "called")):
            event.at -= timedelta(days=1)
    for _ in range(5):
        issue(demo, "A")
    for _ in range(3):
        issue(demo, "B", priority=True)

    called = []
    for i in range(8):
        number = 1 + i % 3  # counters 1-3 are regular ones; 4 always calls priority first
        staff = actor(demo, f"loket{number}")
        ticket = lifecycle.call_next(demo.db, counter_id(demo, number), staff)
        called.append(ticket.priority)
        lifecycle.recall(demo.db, counter_id(demo, number), staff)  # not a call
        lifecycle.serve(demo.db, ticket.id, staff)
        lifecycle.complete(demo.db, ticket.id, staff)
    assert called == [False, False, True, False, False, True, False, True]


def call_and_serve_new(office) -> TicketView:
    issue(office, "C")
    return call_and_serve(office, 1)


def test_ratio_policy_yields_the_turn_when_a_class_is_empty(demo):
    use_ratio(demo, 1)
    regular = [issue(demo, "A") for _ in range(3)]
    staff = actor(demo, "loket1")
    for expected in regular:  # no priority ticket waits: regular ones are called on
        ticket = lifecycle.call_next(demo.db, counter_id(demo, 1), staff)
        assert ticket.id == expected.id
        lifecycle.serve(demo.db, ticket.id, staff)
        lifecycle.complete(demo.db, ticket.id, staff)
    priority = issue(demo, "A", priority=True)
    issue(demo, "A")
    # three regular calls in a row: the priority ticket is due at once
    assert lifecycle.call_next(demo.db, counter_id(demo, 1), staff).id == priority.id


# ---------------------------------------------------------------- the console's buttons


def test_console_state_carries_the_actions_the_table_allows(client, office):
    h, bo = office.headers("loket1"), office.headers("backoffice")
    console = "/api/v1/counters/1/console"
    held, asked = issue(office, "A"), issue(office, "A")
    post = lambda path, **body: client.post(path, json=body, headers=h)  # noqa: E731
    post("/api/v1/counters/1/call-next")
    assert client.get(console, headers=h).json["current"]["actions"] == [
        "recall", "serve", "no-show", "requeue"]
    post(f"/api/v1/tickets/{held.id}/serve")
    assert client.get(console, headers=h).json["current"]["actions"] == [
        "complete", "hold", "transfer", "escalate"]
    post(f"/api/v1/tickets/{held.id}/hold")
    post("/api/v1/counters/1/call-next")
    post(f"/api/v1/tickets/{asked.id}/serve")
    post(f"/api/v1/tickets/{asked.id}/escalate", question="Boleh diwakilkan?")
    parked = {r["code"]: r for r in client.get(console, headers=h).json["returned"]}
    assert parked[held.code]["actions"] == ["resume"]
    # no answer yet: nothing to resume with; the visitor may leave meanwhile
    assert parked[asked.code]["actions"] == ["answer-later"]
    esc = client.get("/api/v1/offices/demo/escalations", headers=bo).json["escalations"][0]
    assert client.post(f"/api/v1/escalations/{esc['id']}/answer", json={"answer": "Boleh."},
                       headers=bo).status_code == 200
    parked = {r["code"]: r for r in client.get(console, headers=h).json["returned"]}
    assert parked[asked.code]["actions"] == ["resume", "answer-later"]


def test_every_action_the_api_and_the_console_offer_is_a_move_of_the_table():
    assert {*SIMPLE_ACTIONS, "transfer", "escalate"} <= set(st.MOVES)
    page = (Path(__file__).resolve().parents[2] / "counter" / "templates" / "counter"
            / "console.html").read_text()
    buttons = set(re.findall(r'data-act="([^"]+)"', page)) | {"transfer", "escalate"}
    assert buttons == set(st.CURRENT_TICKET_ACTIONS)
