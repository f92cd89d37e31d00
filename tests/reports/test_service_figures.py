"""Every figure of the service report and the trends, on tickets with known times.

The demo office's standards: wait 3 min, service 13 min, back office 8 min, main unit 10 min,
online answer 2 working days; the SOP's own 3 min (called until served), 5 min (the answer,
the call-back). The steps are those the timelines stored (shared.reports.steps.measure).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from antrian.shared.auth.actors import Actor
from antrian.shared.reports import service_report as sr
from antrian.shared.reports.steps import STEP_KEYS
from tests.reports.conftest import set_zone

DAY = "2026-11-02"  # a Monday


HEAD = Actor(kind="user", office_id=None, roles=frozenset({"head"}))


def report(office, first: str = DAY, last: str = DAY, group: str = "service", **flt):
    return sr.service_report(office.db, "demo", sr.ReportFilter(
        date.fromisoformat(first), date.fromisoformat(last), **flt), group, HEAD)


def by_key(rep) -> dict[str, dict]:
    return {g.key: g.as_json() for g in rep.groups}


def test_an_empty_period_has_no_figures(office, clk):
    rep = report(office)
    body = rep.as_json()
    assert body["groups"] == [] and body["from"] == body["to"] == DAY
    total = body["total"]
    assert (total["issued"], total["served"], total["no_show"], total["cancelled"]) == (0,) * 4
    for name in ("wait_p50_s", "wait_p90_s", "wait_mean_s", "service_p50_s", "service_p90_s",
                 "service_mean_s"):
        assert total[name] is None
    assert total["within_standard"] == dict.fromkeys(STEP_KEYS)
    assert total["escalations"]["count"] == 0 and total["callbacks"]["reached"] == 0
    assert rep.hourly == (0,) * 24 and sum(b.count for b in rep.wait_bins) == 0


def test_one_ticket(office, desk):
    desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:02", f"{DAY} 08:03", f"{DAY} 08:10")
    rep = report(office)
    [only] = rep.as_json()["groups"]
    assert only["key"] == "A" and only["label"] == "A Informasi"
    assert (only["issued"], only["served"], only["no_show"], only["cancelled"]) == (1, 1, 0, 0)
    assert (only["wait_p50_s"], only["wait_p90_s"], only["wait_mean_s"]) == (120, 120, 120)
    assert (only["service_p50_s"], only["service_p90_s"], only["service_mean_s"]) == (420,) * 3
    assert only["within_standard"] == {"wait": 1.0, "call": 1.0, "service": 1.0,
                                       "back_office": None, "main_unit": None,
                                       "answer": None, "closing": None,
                                       "phone_answer": None, "callback": None,
                                       "escort": None, "online": None}
    assert rep.hourly.index(1) == 8 and rep.wait_standard_s == 180, rep.hourly
    # 120 s of a 180 s standard falls in the "½–¾" bin: 1.5 to 2.25 minutes.
    assert [(b.label, b.count) for b in rep.wait_bins if b.count] == [("1,5–2,3", 1)]


def test_counts_percentiles_and_steps_of_the_whole_period(office, morning):
    total = report(office).as_json()["total"]
    assert (total["issued"], total["served"], total["no_show"], total["cancelled"]) == (
        5, 3, 1, 1)
    # waits 60, 120, 240, 600: median (120+240)/2; p90 at rank 2.7: 240 + 0.7 x 360
    assert (total["wait_p50_s"], total["wait_p90_s"], total["wait_mean_s"]) == (180, 492, 255)
    # service 600, 1080, 300: p90 at rank 1.8: 600 + 0.8 x 480
    assert (total["service_p50_s"], total["service_p90_s"], total["service_mean_s"]) == (
        600, 984, 660)
    assert total["measured"]["wait"] == 4 and total["within_standard"]["wait"] == 0.5
    # reaching the desk: 30 s, 300 s (late), 60 s; the no-show never came
    assert total["measured"]["call"] == 3 and total["within_standard"]["call"] == 0.6667
    # answered at once: identity, details and the answer against 13 + 5 minutes
    assert total["measured"]["service"] == 3 and total["within_standard"]["service"] == 1.0


def test_grouped_by_service_counter_staff_channel_hour_and_day(office, morning):
    service = by_key(report(office))
    assert list(service) == ["A", "B"]
    assert (service["A"]["issued"], service["A"]["served"], service["A"]["cancelled"]) == (
        3, 2, 1)
    assert (service["A"]["wait_p50_s"], service["A"]["wait_p90_s"]) == (90, 114)
    assert (service["B"]["no_show"], service["B"]["wait_mean_s"]) == (1, 420)
    counter = by_key(report(office, group="counter"))
    assert {k: g["issued"] for k, g in counter.items()} == {"1": 2, "2": 2, "-": 1}
    assert counter["2"]["label"] == "Loket 2" and counter["2"]["no_show"] == 1
    staff = by_key(report(office, group="staff"))
    assert {k: g["served"] for k, g in staff.items()} == {"loket1": 2, "loket2": 1, "-": 0}
    assert staff["loket2"]["service_p50_s"] == 1080
    channel = by_key(report(office, group="channel"))
    assert list(channel) == ["kiosk"] and channel["kiosk"]["issued"] == 5
    hour = by_key(report(office, group="hour"))
    assert {k: g["issued"] for k, g in hour.items()} == {"08": 2, "09": 2, "10": 1}
    assert hour["08"]["label"] == "08.00–08.59"
    day = by_key(report(office, group="day"))
    assert list(day) == [DAY] and day[DAY]["label"] == "Sen 02-11-2026"


def test_filters_narrow_the_tickets(office, morning):
    assert report(office, service="B").total.issued == 2
    assert report(office, counter=2).total.issued == 2
    assert report(office, staff="loket1").total.served == 2


def test_escalations_and_their_answer_times(office, desk):
    t6 = desk.visit(1, f"{DAY} 11:00", f"{DAY} 11:01", f"{DAY} 11:02")
    e6 = desk.escalate(t6, 1, f"{DAY} 11:05")  # due 11:13
    desk.answer(e6, f"{DAY} 11:10")  # 5 min: within
    desk.act(t6, "resume", 1, f"{DAY} 11:12")
    desk.act(t6, "complete", 1, f"{DAY} 11:20")
    t7 = desk.visit(2, f"{DAY} 11:30", f"{DAY} 11:31", f"{DAY} 11:32")
    e7 = desk.escalate(t7, 2, f"{DAY} 11:35")  # due 11:43, passed on at 12:00: late
    desk.clock.at(f"{DAY} 12:00")
    res = desk.client.post(f"/api/v1/escalations/{e7}/forward", json={},
                           headers=desk.office.headers("backoffice"))
    assert res.status_code == 201
    desk.answer(res.json["id"], f"{DAY} 12:05")  # main unit due 12:10
    desk._post(f"/api/v1/escalations/{desk.open_escalation(t7)}/pass-on", "backoffice",
               f"{DAY} 12:07")  # its answer passed on by the back office: within
    t8 = desk.visit(3, f"{DAY} 13:00", f"{DAY} 13:01", f"{DAY} 13:02")
    desk.escalate(t8, 3, f"{DAY} 13:03")  # due 13:11, still open when the report runs
    desk.clock.at(f"{DAY} 14:00")
    esc = report(office).as_json()["total"]["escalations"]
    assert (esc["count"], esc["answered"], esc["open_overdue"]) == (4, 3, 1)
    # answer times 300, 1500, 300
    assert (esc["answer_p50_s"], esc["answer_p90_s"], esc["answer_mean_s"]) == (300, 1260, 700)
    total = report(office).total
    assert total.steps["back_office"] == (1, 3) and total.steps["main_unit"] == (1, 1)
    per_counter = by_key(report(office, group="counter"))
    assert per_counter["2"]["escalations"]["count"] == 2
    assert per_counter["3"]["escalations"]["open_overdue"] == 1
    # Before its deadline an open escalation is not yet measured.
    desk.clock.at(f"{DAY} 13:05")
    assert report(office).total.steps["back_office"] == (1, 2)


def test_call_backs_reached_and_their_step(office, desk):
    p1 = desk.phone_call(f"{DAY} 09:00")
    e1 = desk.forward_call(p1, f"{DAY} 09:03")
    desk.answer(e1, f"{DAY} 09:08")
    desk.callback(p1, f"{DAY} 09:10", "not_reached")  # 2 min after the answer: within
    desk.callback(p1, f"{DAY} 09:30", "reached")
    p2 = desk.phone_call(f"{DAY} 10:00")
    desk._post(f"/api/v1/calls/{p2}/answer", "loket1", f"{DAY} 10:02", answer="Sudah.")
    p3 = desk.phone_call(f"{DAY} 10:10")
    desk.answer(desk.forward_call(p3, f"{DAY} 10:11"), f"{DAY} 10:15")
    desk.clock.at(f"{DAY} 10:30")  # nobody called p3 back within 5 minutes
    rep = report(office, group="channel")
    phone = by_key(rep)["phone"]
    assert phone["callbacks"] == {"tickets": 1, "attempts": 2, "reached": 1}
    assert phone["measured"]["callback"] == 2 and phone["within_standard"]["callback"] == 0.5
    assert (phone["issued"], phone["served"]) == (3, 2)
    # Calls are not walk-ins: no waiting or desk time, and no visitor in the lobby chart.
    assert phone["wait_p50_s"] is None and phone["service_p50_s"] is None
    assert sum(rep.hourly) == 0


def test_online_answers_in_working_days(office, desk):
    o1 = desk.online_request("2026-11-06 15:00")  # Friday: due Tuesday 15:00
    desk.answer_online(o1, "2026-11-10 14:00")
    desk.online_request("2026-11-09 09:00")  # Monday: due Wednesday 09:00, never answered
    desk.clock.at("2026-11-12 10:00")
    rep = report(office, "2026-11-01", "2026-11-30", group="channel")
    assert by_key(rep)["online"]["measured"]["online"] == 2
    assert rep.total.steps["online"] == (1, 2)
    desk.clock.at("2026-11-10 18:00")  # the second one is not due yet
    assert report(office, "2026-11-01", "2026-11-30").total.steps["online"] == (1, 1)


def test_a_period_across_a_month_boundary(office, desk):
    desk.visit(1, "2026-10-31 10:00", "2026-10-31 10:01", "2026-10-31 10:02",
               "2026-10-31 10:05")
    desk.visit(1, "2026-11-01 10:00", "2026-11-01 10:04", "2026-11-01 10:05",
               "2026-11-01 10:30")
    both = report(office, "2026-10-31", "2026-11-01", group="day")
    assert {k: g["issued"] for k, g in by_key(both).items()} == {"2026-10-31": 1,
                                                                  "2026-11-01": 1}
    assert (both.total.wait.p50, both.total.wait.mean) == (150, 150)
    assert report(office, "2026-11-01", "2026-11-30").total.issued == 1
    assert report(office, "2026-10-01", "2026-10-31").total.wait.p50 == 60


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_the_office_day_and_hour_turn_at_its_own_midnight(office, desk, zone):
    set_zone(office, zone)
    desk.clock.tz = ZoneInfo(zone)
    desk.visit(1, "2026-11-02 23:59:00", "2026-11-02 23:59:30", "2026-11-02 23:59:40",
               "2026-11-02 23:59:50")
    desk.visit(1, "2026-11-03 00:00:30", "2026-11-03 00:01:00", "2026-11-03 00:01:10",
               "2026-11-03 00:02:00")
    assert report(office).total.issued == 1
    assert report(office, "2026-11-03", "2026-11-03").total.issued == 1
    both = report(office, DAY, "2026-11-03", group="hour")
    assert {k: g["issued"] for k, g in by_key(both).items()} == {"00": 1, "23": 1}
    assert both.hourly[23] == both.hourly[0] == 1
    days = by_key(report(office, DAY, "2026-11-03", group="day"))
    assert list(days) == [DAY, "2026-11-03"]


# ---------------------------------------------------------------- trends


def trend(office, by, first="2026-10-01", last="2026-11-30", **kw):
    return sr.trend(office.db, "demo", sr.ReportFilter(date.fromisoformat(first),
                                                       date.fromisoformat(last)), by, **kw)


def test_trend_by_month_week_and_day(office, two_months):
    months = trend_as_reader(office, "month")
    assert [(p.key, p.ikm.ikm, p.ikm.grade, p.figures.issued) for p in months.points] == [
        ("2026-10", 100.0, "A", 1), ("2026-11", 75.0, "C", 1)]
    assert months.points[1].figures.wait.p50 == 240
    weeks = trend_as_reader(office, "week")
    # 31 Oct and 1 Nov are the Saturday and Sunday of ISO week 44
    w44 = next(p for p in weeks.points if p.key == "2026-W44")
    assert (w44.first, w44.last) == (date(2026, 10, 26), date(2026, 11, 1))
    assert (w44.ikm.respondents, w44.ikm.ikm, w44.figures.issued) == (2, 87.5, 2)
    assert weeks.points[0].first == date(2026, 10, 1)  # clipped to the period
    days = trend_as_reader(office, "day", "2026-10-30", "2026-11-02")
    assert [(p.key, p.figures.issued, p.ikm.ikm if p.ikm else None) for p in days.points] == [
        ("2026-10-30", 0, None), ("2026-10-31", 1, 100.0), ("2026-11-01", 1, 75.0),
        ("2026-11-02", 0, None)]


def trend_as_reader(office, by, first="2026-10-01", last="2026-11-30"):
    return trend(office, by, first, last, reader=HEAD)


def test_ikm_trend_api_is_public_like_the_ikm(client, office, two_months):
    res = client.get("/api/v1/offices/demo/ikm/trend?from=2026-10-01&to=2026-11-30&by=month")
    assert res.status_code == 200, res.json
    body = res.json
    assert [(p["period"], p["ikm"], p["grade"], p["respondents"]) for p in body["points"]] == [
        ("2026-10", 100.0, "A", 1), ("2026-11", 75.0, "C", 1)]
    assert body["by"] == "month" and body["weight_setting"] == "exact"
    by_staff = "/api/v1/offices/demo/ikm/trend?from=2026-10-01&to=2026-11-30&staff=loket1"
    assert client.get(by_staff).status_code == 401
    assert client.get(by_staff, headers=office.headers("loket1")).status_code == 403
    assert client.get(by_staff, headers=office.headers("backoffice")).status_code == 200


@pytest.mark.parametrize("query,field", [
    ("by=year", "by"), ("from=2026-11-31", "from"), ("from=2025-01-01&to=2026-11-30&by=day",
                                                      "by"),
])
def test_ikm_trend_api_bad_queries(client, office, query, field):
    res = client.get(f"/api/v1/offices/demo/ikm/trend?{query}")
    assert res.status_code == 400 and res.json["error"]["field"] == field


def test_a_report_leaves_the_garbage_collector_as_it_found_it(office, clk):
    import gc

    assert gc.isenabled()
    report(office)
    assert gc.isenabled()
    gc.disable()
    try:
        report(office)
        assert not gc.isenabled()
    finally:
        gc.enable()
