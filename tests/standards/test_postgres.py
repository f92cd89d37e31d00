"""The measurements and the standards' JSON on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.reports.conftest import Desk
from tests.standards.conftest import steps_of, stored

DAY = "2026-11-02"


@pytest.mark.postgres
def test_steps_are_stored_and_read_on_postgres(pg_office, clk):
    client = pg_office.app.test_client()
    desk = Desk(client, pg_office, clk)
    res = client.patch("/api/v1/offices/demo/services/A", headers=pg_office.headers("admin"),
                       json={"standards": {"answer": 240, "priority": {"call": 100}}})
    assert res.status_code == 200 and res.json["standards"]["priority"]["call"] == 100
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    desk.answer(desk.escalate(tid, 1, f"{DAY} 08:04"), f"{DAY} 08:10")
    desk.act(tid, "serve", 1, f"{DAY} 08:11")
    desk.act(tid, "complete", 1, f"{DAY} 08:15")
    expected = [("wait", 60, 180, True), ("call", 60, 180, True), ("service", 120, 780, True),
                ("back_office", 360, 480, True), ("answer", 300, 240, False)]
    assert stored(pg_office, tid) == expected
    assert steps_of(client, pg_office, tid) == expected
