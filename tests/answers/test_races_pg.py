"""Races of the answer's way back, decided in PostgreSQL: back-office staff passing on the same
main-unit answer at once, and two answers to the same main-unit question at once. Exactly one
wins; the others get the 409, and the timeline holds one event."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from antrian.shared.auth import actors
from antrian.shared.core.errors import Conflict
from antrian.shared.desks import escalations
from antrian.shared.models import Escalation, TicketEvent
from tests.answers.conftest import Walk

pytestmark = pytest.mark.postgres
RUNNERS = 3


def race(fn, n: int = RUNNERS) -> list[str]:
    """Run fn in n threads released together: each result "ok" or the Conflict's code."""
    gate = threading.Barrier(n)
    results: list[str] = []

    def run(i: int) -> None:
        gate.wait()
        try:
            fn(i)
            results.append("ok")
        except Conflict as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(results)


@pytest.fixture
def pg_walk(pg_office) -> Walk:
    return Walk(pg_office.app.test_client(), pg_office)


def back_office(office):
    with office.db.read() as s:
        return actors.actor_for_bearer(s, office.tokens["backoffice"])


def count(office, *where) -> int:
    with office.db.read() as s:
        return s.scalar(select(func.count()).select_from(where[0]).where(*where[1:]))


def test_two_back_office_staff_pass_on_the_same_answer_at_once(pg_walk):
    office, actor = pg_walk.office, back_office(pg_walk.office)
    for round_ in range(4):
        t = pg_walk.escalated()
        pg_walk.to_main_unit(t["id"])
        pg_walk.answer(t["id"], "SK terbit.")
        review = pg_walk.open_escalation(t["id"])["id"]
        results = race(lambda i, r=review: escalations.pass_on(
            office.db, r, actor, None if i == 0 else f"SK terbit; koreksi {i}."))
        assert results == ["already_answered"] * (RUNNERS - 1) + ["ok"], round_
        assert count(office, TicketEvent, TicketEvent.ticket_id == t["id"],
                     TicketEvent.kind == "reviewed") == 1
        # the counter sees the one answer that won
        with office.db.read() as s:
            passed = s.get(Escalation, review).answer
        assert pg_walk.returned(t["id"])["answer"] == passed


def test_two_answers_to_the_main_unit_at_once_make_one_review(pg_walk):
    office, actor = pg_walk.office, back_office(pg_walk.office)
    for round_ in range(3):
        t = pg_walk.escalated()
        upper = pg_walk.to_main_unit(t["id"])["id"]
        results = race(lambda i, e=upper: escalations.answer(office.db, e, actor,
                                                             f"Jawaban {i}."))
        assert results == ["already_answered"] * (RUNNERS - 1) + ["ok"], round_
        assert count(office, Escalation, Escalation.review_of_id == upper) == 1
        assert count(office, TicketEvent, TicketEvent.ticket_id == t["id"],
                     TicketEvent.kind == "answered") == 1
