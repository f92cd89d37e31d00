"""The service report counts the steps the timelines stored: not a replay of the events, so a
standard changed afterwards leaves the past as it was measured."""

from __future__ import annotations

from datetime import date

from antrian.shared.auth.actors import Actor
from antrian.shared.reports import service_report as sr

DAY = "2026-11-02"
HEAD = Actor(kind="user", office_id=None, roles=frozenset({"head"}))


def steps(office) -> dict[str, tuple[int, int]]:
    day = date.fromisoformat(DAY)
    return sr.service_report(office.db, "demo", sr.ReportFilter(day, day), "service",
                             HEAD).total.steps


def test_the_report_counts_every_stored_step(client, office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    desk.answer(desk.escalate(tid, 1, f"{DAY} 08:05"), f"{DAY} 08:09")
    desk.act(tid, "serve", 1, f"{DAY} 08:10")
    desk.act(tid, "complete", 1, f"{DAY} 08:20")  # 11 minutes after the answer: late
    call = desk.phone_call(f"{DAY} 09:00")
    desk._post(f"/api/v1/calls/{call}/answer", "loket1", f"{DAY} 09:02", answer="Sudah.")
    got = steps(office)
    assert (got["service"], got["back_office"], got["answer"]) == ((1, 1), (1, 1), (0, 1))
    assert got["phone_answer"] == (1, 1) and got["closing"] == (0, 0)


def test_a_standard_changed_later_does_not_rewrite_the_report(client, office, desk):
    desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:03")  # called 2 minutes
    assert steps(office)["call"] == (1, 1)
    res = client.patch("/api/v1/offices/demo/services/A", json={"standards": {"call": 60}},
                       headers=office.headers("admin"))
    assert res.status_code == 200
    assert steps(office)["call"] == (1, 1)  # measured against the 3 minutes of its day
