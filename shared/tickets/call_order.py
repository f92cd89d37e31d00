"""Which waiting ticket a counter calls next: a pure function, no database.

The office chooses a policy:
- ``strict``: every waiting priority ticket before any regular one.
- ``ratio``: one priority ticket after every N regular calls of the office, so neither class
  can starve the other; a class with nobody waiting yields its turn.
- ``priority_counter_only``: priority tickets are called only at priority counters.
- ``priority_counter_first`` (SOP 002: *loket prioritas*): a priority ticket goes to an open
  priority counter; a regular counter takes it only when no open priority counter serves its
  service, or once it has waited past its wait standard (SOP 002's figure), and then first.
  Whether it is overdue depends on "now": the caller passes it in, with each ticket's
  standard on the candidate, so the function stays pure.
Under every policy a priority counter calls priority tickets first, and within one class the
order is by ``queued_at`` (the original issue time, kept by transfers and re-service), or, when
the office follows each counter's service order, by that order first and then by time.

A ticket a counter transferred away does not come back to that counter while another open
counter serves its new service: the visitor was sent on to someone else. Only when the
sending counter is the one left that serves it may it call the ticket again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Candidate:
    id: int
    service_id: int
    priority: bool
    queued_at: datetime
    target_counter_id: int | None = None
    #: The counter that last transferred this ticket away, if any.
    transferred_from_counter_id: int | None = None
    #: Whether an open counter other than the sending one serves the ticket's current service.
    served_elsewhere: bool = False
    #: Whether an open priority counter (other than the calling one) serves its service.
    priority_counter_open: bool = False
    #: Its wait standard in seconds (SOP 002's for a priority ticket); None: no standard.
    wait_standard_s: int | None = None


@dataclass(frozen=True)
class CounterView:
    id: int
    kind: str  # regular | priority | back_office
    service_ids: tuple[int, ...]  # in the counter's order


@dataclass(frozen=True)
class Policy:
    mode: str = "strict"
    ratio: int = 3
    follow_service_order: bool = False


PRIORITY_COUNTER_FIRST = "priority_counter_first"


def eligible(candidate: Candidate, counter: CounterView, policy: Policy,
             now: datetime | None = None) -> bool:
    if not may_be_fetched(candidate, counter):
        return False
    if not candidate.priority or counter.kind == "priority":
        return True
    if policy.mode == "priority_counter_only":
        return False
    if policy.mode == PRIORITY_COUNTER_FIRST:
        return not candidate.priority_counter_open or overdue(candidate, now)
    return True


def overdue(candidate: Candidate, now: datetime | None) -> bool:
    """Waited past its standard (strictly: at the standard's minute it is still on time).
    Without "now" nothing is overdue: a caller that passes no clock gets the plain rule."""
    if now is None or candidate.wait_standard_s is None:
        return False
    return (now - candidate.queued_at).total_seconds() > candidate.wait_standard_s


def sent_away_from(candidate: Candidate, counter: CounterView) -> bool:
    """True when this counter transferred the ticket away and another counter can take it."""
    return (candidate.transferred_from_counter_id == counter.id
            and candidate.target_counter_id != counter.id
            and candidate.served_elsewhere)


def may_be_fetched(candidate: Candidate, counter: CounterView) -> bool:
    """The part of `eligible` the database applies when it fetches candidates: the
    counter's services, a transfer's target counter, and a ticket this counter sent away. A
    rule on a ticket's own fields that `eligible` gains must be added here and to
    `shared.tickets.lifecycle`'s candidate query."""
    return (
        candidate.service_id in counter.service_ids
        and candidate.target_counter_id in (None, counter.id)
        and not sent_away_from(candidate, counter)
    )


def class_heads(candidates: Iterable[Candidate], counter: CounterView) -> list[Candidate]:
    """The first fetchable ticket of each (service, priority) class, in queue order. Within a
    class every policy calls by (queued_at, id), so these are all `rank` needs to find the
    next ticket: the database fetches exactly these with one index lookup per class,
    whatever the queue's length."""
    heads: dict[tuple[int, bool], Candidate] = {}
    for c in candidates:
        if not may_be_fetched(c, counter):
            continue
        key = (c.service_id, c.priority)
        if key not in heads or (c.queued_at, c.id) < (heads[key].queued_at, heads[key].id):
            heads[key] = c
    return list(heads.values())


def rank(
    candidates: Iterable[Candidate],
    counter: CounterView,
    policy: Policy,
    regular_calls_since_priority: int = 0,
    now: datetime | None = None,
) -> list[Candidate]:
    """All eligible candidates in the order this counter should call them; ``now`` is
    needed by ``priority_counter_first`` only (is a priority ticket past its standard?)."""
    position = {service_id: i for i, service_id in enumerate(counter.service_ids)}

    def in_class_order(c: Candidate) -> tuple:
        service_key = position[c.service_id] if policy.follow_service_order else 0
        return (service_key, c.queued_at, c.id)

    pool = [c for c in candidates if eligible(c, counter, policy, now)]
    priority = sorted((c for c in pool if c.priority), key=in_class_order)
    regular = sorted((c for c in pool if not c.priority), key=in_class_order)
    if _priority_turn(counter, policy, regular_calls_since_priority):
        return priority + regular
    return regular + priority


def choose_next(
    candidates: Iterable[Candidate],
    counter: CounterView,
    policy: Policy,
    regular_calls_since_priority: int = 0,
    now: datetime | None = None,
) -> Candidate | None:
    ordered = rank(candidates, counter, policy, regular_calls_since_priority, now)
    return ordered[0] if ordered else None


def _priority_turn(counter: CounterView, policy: Policy, regular_since: int) -> bool:
    if counter.kind == "priority" or policy.mode != "ratio":
        return True
    return regular_since >= max(policy.ratio, 0)


def regular_streak(recent_calls_newest_first: Sequence[bool]) -> int:
    """How many regular tickets were called since the last priority one (True = priority)."""
    streak = 0
    for was_priority in recent_calls_newest_first:
        if was_priority:
            break
        streak += 1
    return streak
