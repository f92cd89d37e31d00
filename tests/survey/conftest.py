"""Helpers for the survey tests: tickets driven to done through API v1, valid answers."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from antrian.shared.models import Ticket, User

ALL_THREE = {f"u{i}": 3 for i in range(1, 10)}


def serve_one(client, office, service: str = "A", counter: int = 1, *, finish: bool = True):
    """Issue a ticket and have `loket<counter>` call, serve and (optionally) complete it."""
    issued = client.post("/api/v1/offices/demo/tickets", json={"service": service},
                         headers=office.headers("kiosk"))
    assert issued.status_code == 201, issued.json
    staff = office.headers(f"loket{counter}")
    called = client.post(f"/api/v1/counters/{counter}/call-next", headers=staff)
    assert called.status_code == 200 and called.json["id"] == issued.json["id"], called.json
    tid = issued.json["id"]
    assert client.post(f"/api/v1/tickets/{tid}/serve", headers=staff).status_code == 200
    if finish:
        assert client.post(f"/api/v1/tickets/{tid}/complete", headers=staff).status_code == 200
    return tid, issued.json["token"]


def set_finished(office, ticket_id: int, moment: datetime) -> None:
    with office.db.write() as s:
        s.get(Ticket, ticket_id).finished_at = moment


def user_id(office, username: str) -> int:
    with office.db.read() as s:
        return s.scalar(select(User.id).where(User.username == username))


@pytest.fixture
def done(client, office):
    """A completed ticket at counter 1: (ticket id, public token)."""
    return serve_one(client, office)
