"""A clock under the test's control and a desk that drives tickets through API v1 at the
times a test names, so every figure of a report is known in advance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from antrian.shared.core import clock
from antrian.shared.desks import online_requests
from antrian.shared.models import Escalation, Office

WIB = "Asia/Jakarta"


class Clock:
    """Replaces shared.core.clock.now: every service reads the time from it."""

    def __init__(self, monkeypatch, tz_name: str = WIB):
        self.tz = ZoneInfo(tz_name)
        self.moment = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
        monkeypatch.setattr(clock, "now", lambda: self.moment)

    def at(self, local: str) -> datetime:
        """Set the clock to an office-local time "YYYY-MM-DD HH:MM[:SS]"."""
        self.moment = datetime.fromisoformat(local).replace(tzinfo=self.tz).astimezone(UTC)
        return self.moment

    def later(self, **delta) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment


class Desk:
    """Staff and visitors acting through API v1, each step at a given local time."""

    def __init__(self, client, office, clk: Clock):
        self.client, self.office, self.clock = client, office, clk
        self.tokens: dict[int, str] = {}  # ticket id -> public token, for the survey

    def _post(self, url: str, who: str, at: str | None, status: int = 200, **body):
        if at:
            self.clock.at(at)
        res = self.client.post(url, json=body, headers=self.office.headers(who))
        assert res.status_code == status, (url, res.json)
        return res.json

    def issue(self, at: str, service: str = "A", **body) -> int:
        issued = self._post("/api/v1/offices/demo/tickets", "kiosk", at, 201, service=service,
                            **body)
        self.tokens[issued["id"]] = issued["token"]
        return issued["id"]

    def rate(self, ticket_id: int, score: int, at: str) -> None:
        self.clock.at(at)
        res = self.client.post(f"/api/v1/tickets/{self.tokens[ticket_id]}/survey",
                               json={"answers": {f"u{i}": score for i in range(1, 10)}})
        assert res.status_code == 201, res.json

    def call(self, counter: int, at: str) -> int:
        return self._post(f"/api/v1/counters/{counter}/call-next", f"loket{counter}", at)["id"]

    def act(self, ticket_id: int, action: str, counter: int, at: str, **body) -> dict:
        return self._post(f"/api/v1/tickets/{ticket_id}/{action}", f"loket{counter}", at,
                          **body)

    def visit(self, counter: int, issued: str, called: str, served: str | None = None,
              done: str | None = None, service: str = "A") -> int:
        """A walk-in ticket issued, called at ``counter``, served and completed."""
        tid = self.issue(issued, service)
        assert self.call(counter, called) == tid
        if served:
            self.act(tid, "serve", counter, served)
        if done:
            self.act(tid, "complete", counter, done)
        return tid

    def no_show(self, counter: int, issued: str, called: str, gone: str,
                service: str = "A") -> int:
        tid = self.issue(issued, service)
        assert self.call(counter, called) == tid
        for _ in range(2):  # the demo office asks for two recalls first
            self._post(f"/api/v1/counters/{counter}/recall", f"loket{counter}", None)
        self.act(tid, "no-show", counter, gone)
        return tid

    def escalate(self, ticket_id: int, counter: int, at: str) -> int:
        self.act(ticket_id, "escalate", counter, at, question="Berapa lama prosesnya?")
        return self.open_escalation(ticket_id)

    def open_escalation(self, ticket_id: int) -> int:
        with self.office.db.read() as s:
            return s.scalar(select(Escalation.id).where(
                Escalation.ticket_id == ticket_id, Escalation.answered_at.is_(None)))

    def answer(self, escalation_id: int, at: str) -> None:
        self._post(f"/api/v1/escalations/{escalation_id}/answer", "backoffice", at,
                   answer="Dua hari kerja.")

    def forward(self, escalation_id: int, at: str) -> int:
        """The back office sends the question on to the main unit: the main unit's
        escalation's id."""
        return self._post(f"/api/v1/escalations/{escalation_id}/forward", "backoffice", at,
                          201)["id"]

    def phone_call(self, at: str, service: str = "A") -> int:
        return self._post("/api/v1/offices/demo/calls", "loket1", at, 201, service=service,
                          name="Penelepon", phone="08123456789",
                          request_text="Status tunjangan?")["id"]

    def forward_call(self, ticket_id: int, at: str) -> int:
        self._post(f"/api/v1/calls/{ticket_id}/forward", "loket1", at)
        return self.open_escalation(ticket_id)

    def callback(self, ticket_id: int, at: str, outcome: str) -> None:
        self._post(f"/api/v1/calls/{ticket_id}/callback", "loket1", at, outcome=outcome)

    def online_request(self, at: str, service: str = "A") -> int:
        self.clock.at(at)
        ticket, _ = online_requests.submit(self.office.db, "demo", online_requests.OnlineRequest(
            service=service, name="Pemohon", institution=None, phone="0812345678", email=None,
            request_text="Mohon informasi."))
        return ticket.id

    def answer_online(self, ticket_id: int, at: str) -> None:
        self._post(f"/api/v1/tickets/{ticket_id}/answer-online", "loket1", at,
                   answer="Sudah kami kirim.")


def set_zone(office, tz_name: str) -> None:
    with office.db.write() as s:
        s.scalar(select(Office)).timezone = tz_name


@pytest.fixture
def clk(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def desk(client, office, clk) -> Desk:
    return Desk(client, office, clk)


DAY = "2026-11-02"  # a Monday


@pytest.fixture
def morning(desk):
    """Five tickets of one Monday morning (waits 60, 120, 240, 600 s; one cancelled)."""
    t1 = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:01:30", f"{DAY} 08:11:30")
    t2 = desk.visit(2, f"{DAY} 08:05", f"{DAY} 08:07", f"{DAY} 08:12", f"{DAY} 08:30")
    t3 = desk.visit(1, f"{DAY} 09:00", f"{DAY} 09:04", f"{DAY} 09:05", f"{DAY} 09:10",
                    service="B")
    t4 = desk.no_show(2, f"{DAY} 09:10", f"{DAY} 09:20", f"{DAY} 09:25", service="B")
    t5 = desk.issue(f"{DAY} 10:00")
    desk.act(t5, "cancel", 1, f"{DAY} 10:05")
    return t1, t2, t3, t4, t5


@pytest.fixture
def two_months(desk):
    """A ticket rated all 4 on 31 Oct (Saturday) and one rated all 3 on 1 Nov (Sunday)."""
    t1 = desk.visit(1, "2026-10-31 10:00", "2026-10-31 10:01", "2026-10-31 10:02",
                    "2026-10-31 10:05")
    desk.rate(t1, 4, "2026-10-31 10:10")
    t2 = desk.visit(1, "2026-11-01 10:00", "2026-11-01 10:04", "2026-11-01 10:05",
                    "2026-11-01 10:30")
    desk.rate(t2, 3, "2026-11-01 10:40")
    return t1, t2
