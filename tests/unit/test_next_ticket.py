"""Properties of the call order (shared/tickets/call_order.py), the rule counters fight over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from antrian.shared.tickets.call_order import (
    Candidate,
    CounterView,
    Policy,
    choose_next,
    class_heads,
    eligible,
    may_be_fetched,
    rank,
    regular_streak,
)

T0 = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
SERVICES = (1, 2, 3)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


candidates = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000),
        service_id=st.sampled_from(SERVICES),
        priority=st.booleans(),
        queued_at=st.integers(0, 600).map(at),
        target_counter_id=st.sampled_from([None, None, None, 1, 2]),
    ),
    max_size=30,
    unique_by=lambda c: c.id,
)
counters = st.builds(
    CounterView,
    id=st.sampled_from([1, 2]),
    kind=st.sampled_from(["regular", "priority"]),
    service_ids=st.permutations(SERVICES).map(tuple),
)
policies = st.builds(
    Policy,
    mode=st.sampled_from(["strict", "ratio", "priority_counter_only"]),
    ratio=st.integers(1, 5),
    follow_service_order=st.booleans(),
)


@given(candidates, counters, policies, st.integers(0, 10))
def test_nobody_is_skipped_by_a_later_arrival_of_the_same_class(pool, counter, policy, streak):
    order = rank(pool, counter, policy, streak)
    for i, earlier in enumerate(order):
        for later in order[i + 1:]:
            same_class = earlier.priority == later.priority
            same_lane = not policy.follow_service_order or earlier.service_id == later.service_id
            if same_class and same_lane:
                assert (later.queued_at, later.id) > (earlier.queued_at, earlier.id) or (
                    later.queued_at == earlier.queued_at and later.id > earlier.id
                )


@given(candidates, counters, policies, st.integers(0, 10))
def test_rank_holds_exactly_the_eligible(pool, counter, policy, streak):
    order = rank(pool, counter, policy, streak)
    assert len({c.id for c in order}) == len(order)
    for c in pool:
        eligible = (
            c.service_id in counter.service_ids
            and c.target_counter_id in (None, counter.id)
            and not (policy.mode == "priority_counter_only" and c.priority
                     and counter.kind != "priority")
        )
        assert (c in order) == eligible


@given(candidates, st.integers(0, 10))
def test_strict_calls_every_priority_first(pool, streak):
    counter = CounterView(1, "regular", SERVICES)
    order = rank(pool, counter, Policy("strict"), streak)
    flags = [c.priority for c in order]
    assert flags == sorted(flags, reverse=True)


def test_priority_counter_prefers_priority_even_under_ratio():
    pool = [Candidate(1, 1, False, at(0)), Candidate(2, 1, True, at(5))]
    assert choose_next(pool, CounterView(4, "priority", SERVICES), Policy("ratio", 3), 0).id == 2
    assert choose_next(pool, CounterView(1, "regular", SERVICES), Policy("ratio", 3), 0).id == 1


def test_priority_counter_only_keeps_priority_off_regular_counters():
    pool = [Candidate(1, 1, True, at(0))]
    policy = Policy("priority_counter_only")
    assert choose_next(pool, CounterView(1, "regular", SERVICES), policy) is None
    assert choose_next(pool, CounterView(4, "priority", SERVICES), policy).id == 1


def test_transfer_to_a_counter_is_served_only_there():
    pool = [Candidate(1, 1, False, at(0), target_counter_id=2), Candidate(2, 1, False, at(1))]
    assert choose_next(pool, CounterView(1, "regular", SERVICES), Policy()).id == 2
    assert choose_next(pool, CounterView(2, "regular", SERVICES), Policy()).id == 1


def test_service_order_per_counter():
    pool = [Candidate(1, 1, False, at(0)), Candidate(2, 3, False, at(9))]
    counter = CounterView(1, "regular", (3, 1, 2))
    assert choose_next(pool, counter, Policy(follow_service_order=True)).id == 2
    assert choose_next(pool, counter, Policy(follow_service_order=False)).id == 1


def simulate_ratio(n_regular: int, n_priority: int, ratio: int, calls: int) -> list[bool]:
    """Call `calls` times from a queue that always has both classes waiting."""
    counter = CounterView(1, "regular", SERVICES)
    policy = Policy("ratio", ratio)
    waiting = [Candidate(i, 1, False, at(i)) for i in range(n_regular)] + [
        Candidate(10_000 + i, 1, True, at(i)) for i in range(n_priority)
    ]
    history: list[bool] = []
    for _ in range(calls):
        chosen = choose_next(waiting, counter, policy, regular_streak(history[::-1]))
        if chosen is None:
            break
        waiting.remove(chosen)
        history.append(chosen.priority)
    return history


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 6))
def test_ratio_holds_over_long_runs(ratio):
    history = simulate_ratio(600, 600, ratio, 420)
    # Exactly one priority after every `ratio` regular calls while both classes wait.
    pattern = ([False] * ratio + [True]) * (420 // (ratio + 1) + 1)
    assert history == pattern[:420]


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 6), st.integers(20, 120))
def test_no_regular_ticket_starves_under_ratio(ratio, n_regular):
    # Endless priority arrivals cannot keep a regular ticket waiting beyond ratio+1 calls.
    history = simulate_ratio(n_regular, 1000, ratio, n_regular * (ratio + 2))
    assert history.count(False) == n_regular
    gaps = [len(run) for run in "".join("P" if p else "R" for p in history).split("R")[:-1]]
    assert max(gaps, default=0) <= 1


def test_a_class_with_nobody_waiting_yields_its_turn():
    assert simulate_ratio(0, 5, 3, 5) == [True] * 5
    assert simulate_ratio(5, 0, 1, 5) == [False] * 5


def test_regular_streak():
    assert regular_streak([]) == 0
    assert regular_streak([False, False, True, False]) == 2
    assert regular_streak([True, False]) == 0


# ---------------------------------------------------------------- transferred tickets

def transferred(cid: int, service_id: int, from_counter: int, elsewhere: bool,
                target: int | None = None) -> Candidate:
    return Candidate(cid, service_id, False, at(0), target_counter_id=target,
                     transferred_from_counter_id=from_counter, served_elsewhere=elsewhere)


def test_a_transferred_ticket_does_not_return_to_the_counter_that_sent_it():
    sender = CounterView(1, "regular", (1, 2))
    b001 = transferred(7, 2, from_counter=1, elsewhere=True)
    later = Candidate(8, 1, False, at(5))
    assert choose_next([b001, later], sender, Policy()) == later
    assert choose_next([b001], sender, Policy()) is None
    other = CounterView(2, "regular", (2,))
    assert choose_next([b001, later], other, Policy()) == b001  # it keeps its early place


def test_the_sender_takes_it_back_when_nobody_else_serves_the_new_service():
    sender = CounterView(1, "regular", (1, 2))
    b001 = transferred(7, 2, from_counter=1, elsewhere=False)
    assert choose_next([b001, Candidate(8, 1, False, at(5))], sender, Policy()) == b001


def test_a_transfer_named_to_the_sender_is_the_senders():
    sender = CounterView(1, "regular", (1, 2))
    assert choose_next([transferred(7, 2, 1, True, target=1)], sender, Policy()).id == 7


@given(candidates, counters, policies, st.integers(0, 10))
def test_no_counter_calls_a_ticket_it_sent_away_while_another_serves_it(pool, counter, policy,
                                                                        streak):
    sent = [Candidate(c.id, c.service_id, c.priority, c.queued_at, None,
                      transferred_from_counter_id=counter.id, served_elsewhere=True)
            for c in pool]
    assert rank(sent, counter, policy, streak) == []


@given(candidates, counters, policies, st.integers(0, 10))
def test_the_heads_of_the_classes_give_the_same_next_ticket(pool, counter, policy, streak):
    # What the database fetches (one ticket per service and class) is enough to choose.
    heads = class_heads(pool, counter)
    assert choose_next(heads, counter, policy, streak) == choose_next(pool, counter, policy,
                                                                       streak)
    assert len(heads) <= 2 * len(counter.service_ids)


@given(candidates, counters, policies)
def test_what_the_database_skips_is_never_eligible(pool, counter, policy):
    for c in pool:
        if not may_be_fetched(c, counter):
            assert not eligible(c, counter, policy)
