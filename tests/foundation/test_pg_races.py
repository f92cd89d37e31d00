"""The daily quota and "one visitor per counter" hold on PostgreSQL under real parallel HTTP
requests to a live server: the database decides (a row lock, a partial unique index), not a
SELECT before the write."""

from __future__ import annotations

import threading
from collections import Counter as Tally

import pytest
import requests
from sqlalchemy import func, select, update

from antrian.shared.core.db import Database
from antrian.shared.models import Service, Ticket
from antrian.shared.tickets import states as st
from tests.support.servers import LiveServer

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_server(tmp_path, pg_url):
    server = LiveServer(tmp_path / "instance", env={"DATABASE_URL": pg_url}).start()
    try:
        yield server
    finally:
        server.stop()


def bearer(server: LiveServer, *args: str) -> dict[str, str]:
    raw = server.cli("token", "create", *args).strip().splitlines()[0]
    return {"Authorization": f"Bearer {raw}"}


def in_parallel(count: int, send) -> list[requests.Response]:
    """`count` requests released together, each on its own connection."""
    barrier = threading.Barrier(count)
    replies: list[requests.Response] = [None] * count  # type: ignore[list-item]

    def one(i: int) -> None:
        barrier.wait()
        replies[i] = send(i)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return replies


def test_quota_of_10_left_issues_exactly_10_of_40_parallel_requests(pg_server, pg_url):
    kiosk = bearer(pg_server, "--office", "demo", "--kind", "kiosk")
    url = f"{pg_server.url}/api/v1/offices/demo/tickets"
    for _ in range(2):  # two issued before the race: 10 of 12 are left
        assert requests.post(url, json={"service": "A"}, headers=kiosk).status_code == 201
    db = Database(pg_url)
    try:
        with db.write() as s:
            s.execute(update(Service).where(Service.prefix == "A").values(daily_quota=12))

        def ask(i: int) -> requests.Response:
            body = {"service": "A"}
            if i % 3 == 0:  # priority tickets take another number series, same quota
                body |= {"priority": True, "priority_reason": "lansia"}
            return requests.post(url, json=body, headers=kiosk, timeout=60)

        replies = in_parallel(40, ask)
        tally = Tally(r.status_code for r in replies)
        assert tally == {201: 10, 409: 30}, tally
        assert {r.json()["error"]["code"] for r in replies if r.status_code == 409} == {
            "quota_reached"}
        with db.read() as s:
            service_a = s.scalar(select(Service.id).where(Service.prefix == "A"))
            issued = s.scalar(select(func.count()).where(Ticket.service_id == service_a))
        assert issued == 12
    finally:
        db.dispose()


def test_three_parallel_call_next_leave_one_ticket_called_at_the_counter(pg_server, pg_url):
    kiosk = bearer(pg_server, "--office", "demo", "--kind", "kiosk")
    staff = bearer(pg_server, "--user", "loket1")
    base = pg_server.url
    db = Database(pg_url)
    try:
        for _ in range(10):
            for _ in range(3):
                res = requests.post(f"{base}/api/v1/offices/demo/tickets",
                                    json={"service": "A"}, headers=kiosk)
                assert res.status_code == 201
            replies = in_parallel(3, lambda i: requests.post(
                f"{base}/api/v1/counters/1/call-next", headers=staff, timeout=60))
            tally = Tally(r.status_code for r in replies)
            assert tally == {200: 1, 409: 2}, tally
            assert all(r.json()["error"]["code"] == "counter_busy"
                       for r in replies if r.status_code == 409)
            with db.read() as s:
                active = list(s.scalars(select(Ticket.id).where(
                    Ticket.counter_id == 1, Ticket.status.in_(st.ACTIVE_AT_COUNTER))))
            assert len(active) == 1
            called = next(r.json() for r in replies if r.status_code == 200)
            for action in ("serve", "complete"):
                res = requests.post(f"{base}/api/v1/tickets/{called['id']}/{action}",
                                    headers=staff)
                assert res.status_code == 200
    finally:
        db.dispose()
