"""The clock under the test's control, the desk that drives tickets through API v1 at given
times, and what the watcher raised: its breach rows and the events it recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from antrian.shared.models import Breach
from antrian.shared.supervision import watcher
from tests.reports.conftest import Clock, Desk

DAY = "2026-11-02"  # a Monday


@pytest.fixture
def clk(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def desk(client, office, clk) -> Desk:
    return Desk(client, office, clk)


@pytest.fixture
def heard(office) -> list:
    """Every committed event, as the hub hears it."""
    got: list = []
    office.db.subscribe(got.extend)
    return got


def scan_at(desk: Desk, at: str) -> list[tuple[int, str]]:
    """One pass of the watcher at a local time: (ticket id, step) of each breach it raised."""
    desk.clock.at(at)
    return [(b["ticket"], b["step"]) for b in watcher.scan(desk.office.db)]


def rows(office) -> list[tuple]:
    """(ticket, step, standard_s, elapsed_s) of every breach stored, in the order raised."""
    with office.db.read() as s:
        return [(b.ticket_id, b.step, b.standard_s, b.elapsed_s) for b in s.scalars(
            select(Breach).order_by(Breach.id))]
