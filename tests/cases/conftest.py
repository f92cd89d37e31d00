"""Helpers for the case tests: a ticket served, rated low, and the case it opened; a clock
the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from antrian.shared.core import clock
from antrian.shared.models import Case
from tests.support.factories import serve_one

LOW = {**{f"u{i}": 3 for i in range(1, 10)}, "u7": 1}  # "sangat kurang" on staff conduct


def rate(client, token: str, answers: dict | None = None, comment: str | None = None):
    res = client.post(f"/api/v1/tickets/{token}/survey",
                      json={"answers": answers or LOW, "comment": comment})
    assert res.status_code == 201, res.json
    return res


def case_of(office, ticket_id: int) -> int | None:
    with office.db.read() as s:
        return s.scalar(select(Case.id).where(Case.ticket_id == ticket_id))


@pytest.fixture
def low_case(client, office):
    """A ticket served at counter 1 by loket1, rated 1 on u7: (case id, ticket id, token)."""
    tid, token = serve_one(client, office)
    rate(client, token, comment="Petugas tidak ramah.")
    return case_of(office, tid), tid, token


class Clock:
    """`shared.core.clock.now` under the test's control."""

    def __init__(self, start: datetime):
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def frozen(monkeypatch):
    fake = Clock(datetime.now(UTC).replace(microsecond=0))
    monkeypatch.setattr(clock, "now", fake)
    return fake


def step(client, office, who: str, case_id: int, name: str, body: dict | None = None):
    return client.post(f"/api/v1/cases/{case_id}/{name}", json=body or {},
                       headers=office.headers(who))


HEARING = {"notes": "Petugas mengakui nada bicaranya keras karena antrean panjang."}
PROPOSAL = {"sanction": "Teguran lisan", "compensation": "reservice_in_person"}
APPROVE = {"decision": "approve", "decree_number": "0179/C7.22/OT.02.02/2026",
           "decree_date": "2026-12-01"}


def drive(client, office, case_id: int, until: str) -> None:
    """Take a case through the flow up to and including step ``until``."""
    flow = [("koordinator", "hearing", HEARING), ("koordinator", "propose", PROPOSAL),
            ("kepala", "verify", APPROVE),
            ("koordinator", "compensate", {"kind": "apology", "text": "Mohon maaf."}),
            ("koordinator", "close", {})]
    for who, name, body in flow:
        res = step(client, office, who, case_id, name, body)
        assert res.status_code == 200, res.json
        if name == until:
            return
