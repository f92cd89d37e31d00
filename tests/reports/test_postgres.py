"""The service report and the IKM trend read the same figures on PostgreSQL (its own epoch
arithmetic) as on SQLite."""

from __future__ import annotations

from datetime import date

import pytest

from antrian.shared.auth.actors import Actor
from antrian.shared.reports import service_report as sr
from tests.reports.conftest import DAY, Desk

HEAD = Actor(kind="user", office_id=None, roles=frozenset({"head"}))


@pytest.mark.postgres
def test_figures_on_postgres(pg_office, clk):
    desk = Desk(pg_office.app.test_client(), pg_office, clk)
    t1 = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:02", f"{DAY} 08:03", f"{DAY} 08:10")
    desk.visit(2, f"{DAY} 08:05", f"{DAY} 08:09", f"{DAY} 08:10", f"{DAY} 08:40")
    t3 = desk.visit(1, f"{DAY} 09:00", f"{DAY} 09:01", f"{DAY} 09:02")
    desk.answer(desk.escalate(t3, 1, f"{DAY} 09:05"), f"{DAY} 09:20")  # due 09:13: late
    desk.rate(t1, 4, f"{DAY} 08:20")
    rep = sr.service_report(pg_office.db, "demo", sr.ReportFilter(date(2026, 11, 2),
                                                                 date(2026, 11, 2)),
                            "hour", HEAD)
    total = rep.total.as_json()
    assert (total["issued"], total["served"]) == (3, 2)
    assert (total["wait_p50_s"], total["wait_p90_s"], total["wait_mean_s"]) == (120, 216, 140)
    assert (total["service_p50_s"], total["service_mean_s"]) == (1110, 1110)
    assert total["within_standard"]["wait"] == 0.6667
    assert total["escalations"]["answer_p50_s"] == 900
    assert rep.total.steps["back_office"] == (0, 1)
    assert [g.key for g in rep.groups] == ["08", "09"] and rep.hourly[8] == 2
    trend = sr.trend(pg_office.db, "demo", sr.ReportFilter(date(2026, 11, 1),
                                                           date(2026, 11, 30)), "week",
                     reader=HEAD)
    w45 = next(p for p in trend.points if p.key == "2026-W45")
    assert w45.ikm.ikm == 100.0 and w45.figures.issued == 3
