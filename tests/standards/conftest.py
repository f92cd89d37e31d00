"""The clock under the test's control and the desk of the report tests, plus each ticket's
stored steps and its timeline as API v1 gives it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from antrian.shared.models import TicketStep
from tests.admin.conftest import other_admin, signed_in  # noqa: F401  (fixtures)
from tests.reports.conftest import Clock, Desk


@pytest.fixture
def clk(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def desk(client, office, clk) -> Desk:
    return Desk(client, office, clk)


def stored(office, ticket_id: int) -> list[tuple]:
    """(step, duration_s, standard_s, within) of the ticket's stored steps, in their order."""
    with office.db.read() as s:
        return [(r.step, r.duration_s, r.standard_s, r.within) for r in s.scalars(
            select(TicketStep).where(TicketStep.ticket_id == ticket_id)
            .order_by(TicketStep.ended_at, TicketStep.id))]


def timeline(client, office, ticket_id: int, who: str = "kepala") -> list[dict]:
    res = client.get(f"/api/v1/tickets/{ticket_id}/timeline", headers=office.headers(who))
    assert res.status_code == 200, res.json
    return res.json["steps"]


def steps_of(client, office, ticket_id: int) -> list[tuple]:
    return [(s["step"], s["duration_s"], s["standard_s"], s["within"])
            for s in timeline(client, office, ticket_id)]
