"""The watcher raises a breach the moment a running SOP step passes its standard, once per
step, for every step the timeline measures; with the clock under the test's control.

The demo office's figures: wait 3 min, service 13, back office 8, main unit 10 (the service's
columns); the SOP's call 3, answer 5, phone answer 5, call-back 5, online 2 working days;
SOP 002's priority call 2.
"""

from __future__ import annotations

from antrian.shared.supervision import watcher
from tests.breaches.conftest import DAY, rows, scan_at


def breached(heard) -> list:
    return [e for e in heard if e.name == "sla.breached"]


def test_a_wait_breaches_once_just_past_its_standard(client, office, desk, heard):
    tid = desk.issue(f"{DAY} 08:00")
    assert scan_at(desk, f"{DAY} 08:03:00") == []  # at the standard: not past it
    assert scan_at(desk, f"{DAY} 08:03:01") == [(tid, "wait")]
    assert scan_at(desk, f"{DAY} 08:03:02") == []  # once per step
    assert scan_at(desk, f"{DAY} 08:30") == []
    assert rows(office) == [(tid, "wait", 180, 181)]
    [event] = breached(heard)
    # to the supervisors only: it names counter and staff, which no board may show
    assert (event.rooms, event.office_wide) == (("supervisor:demo",), False)
    body = event.message()
    assert {k: body[k] for k in ("ticket", "step", "standard_s", "elapsed_s", "counter",
                                 "staff", "office")} == {
        "ticket": tid, "step": "wait", "standard_s": 180, "elapsed_s": 181, "counter": None,
        "staff": None, "office": "demo"}
    assert body["code"] == "A001" and body["step_label"]["en"] == "Waiting to be called"
    # the ticket's timeline says the same of the running step
    [wait] = client.get(f"/api/v1/tickets/{tid}/timeline",
                        headers=office.headers("kepala")).json["steps"]
    assert (wait["step"], wait["within"], wait["duration_s"]) == ("wait", False, 1800)


def test_call_and_service_name_the_counter_and_the_staff_member(office, desk, heard):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01")
    assert scan_at(desk, f"{DAY} 08:04:00") == []  # the wait ended at 1 min; call at 3:00
    assert scan_at(desk, f"{DAY} 08:04:01") == [(tid, "call")]
    desk.act(tid, "serve", 1, f"{DAY} 08:05")
    assert scan_at(desk, f"{DAY} 08:18:00") == []  # 13 minutes of service
    assert scan_at(desk, f"{DAY} 08:18:01") == [(tid, "service")]
    desk.act(tid, "complete", 1, f"{DAY} 08:20")
    assert scan_at(desk, f"{DAY} 09:00") == []  # nothing runs any more
    assert rows(office) == [(tid, "call", 180, 181), (tid, "service", 780, 781)]
    call, service = (e.message() for e in breached(heard))
    assert (call["counter"], call["staff"]) == ("Loket 1", service["staff"])
    assert call["staff"]


def test_a_priority_visitor_is_held_to_sop_002(office, desk):
    tid = desk.issue(f"{DAY} 08:00", priority=True, priority_reason="lansia")
    assert desk.call(4, f"{DAY} 08:01") == tid
    assert scan_at(desk, f"{DAY} 08:03:00") == []
    assert scan_at(desk, f"{DAY} 08:03:01") == [(tid, "call")]
    assert rows(office) == [(tid, "call", 120, 121)]


def test_escalations_and_the_answer_each_breach_once(client, office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    esc = desk.escalate(tid, 1, f"{DAY} 08:05")  # the service step ends here, in time
    assert scan_at(desk, f"{DAY} 08:13:00") == []
    assert scan_at(desk, f"{DAY} 08:13:01") == [(tid, "back_office")]
    main_unit = desk.forward(esc, f"{DAY} 08:14")
    assert scan_at(desk, f"{DAY} 08:24:01") == [(tid, "main_unit")]
    desk.answer(main_unit, f"{DAY} 08:25")  # back to the back office (step 14)
    assert scan_at(desk, f"{DAY} 08:29") == []  # main_unit runs on until it is passed on
    desk.clock.at(f"{DAY} 08:30")
    listed = client.get("/api/v1/offices/demo/escalations", headers=office.headers("backoffice"))
    [review] = [e["id"] for e in listed.json["escalations"] if e["review"]]
    res = client.post(f"/api/v1/escalations/{review}/pass-on", json={},
                      headers=office.headers("backoffice"))
    assert res.status_code == 200, res.json
    assert scan_at(desk, f"{DAY} 08:35:00") == []
    assert scan_at(desk, f"{DAY} 08:35:01") == [(tid, "answer")]
    desk.act(tid, "serve", 1, f"{DAY} 08:36")
    desk.act(tid, "complete", 1, f"{DAY} 08:37")
    assert [r[1:3] for r in rows(office)] == [("back_office", 480), ("main_unit", 600),
                                              ("answer", 300)]


def test_a_second_question_is_another_back_office_step(office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    first = desk.escalate(tid, 1, f"{DAY} 08:03")
    assert scan_at(desk, f"{DAY} 08:14") == [(tid, "back_office")]
    desk.answer(first, f"{DAY} 08:15")
    desk.act(tid, "serve", 1, f"{DAY} 08:16")
    desk.escalate(tid, 1, f"{DAY} 08:17")
    assert scan_at(desk, f"{DAY} 08:25:01") == [(tid, "back_office")]
    assert scan_at(desk, f"{DAY} 08:40") == []


def test_a_phone_call_its_answer_and_its_call_back(office, desk):
    tid = desk.phone_call(f"{DAY} 09:00")
    assert scan_at(desk, f"{DAY} 09:05:00") == []
    assert scan_at(desk, f"{DAY} 09:05:01") == [(tid, "phone_answer")]
    esc = desk.forward_call(tid, f"{DAY} 09:06")
    desk.answer(esc, f"{DAY} 09:10")
    assert scan_at(desk, f"{DAY} 09:15:00") == []
    assert scan_at(desk, f"{DAY} 09:15:01") == [(tid, "callback")]
    desk.callback(tid, f"{DAY} 09:16", "not_reached")
    assert scan_at(desk, f"{DAY} 10:00") == []
    assert [r[1:3] for r in rows(office)] == [("phone_answer", 300), ("callback", 300)]


def test_an_online_request_counts_working_days(office, desk):
    tid = desk.online_request("2026-11-06 15:00")  # Friday: due Tuesday 15:00 (2 working days)
    assert scan_at(desk, "2026-11-09 23:00") == []  # the weekend does not count
    assert scan_at(desk, "2026-11-10 15:00:00") == []
    assert scan_at(desk, "2026-11-10 15:00:01") == [(tid, "online_days")]
    assert rows(office) == [(tid, "online_days", 2 * 86400, 2 * 86400 + 1)]


def test_a_finished_ticket_raises_nothing(office, desk):
    gone = desk.issue(f"{DAY} 08:00")
    desk.act(gone, "cancel", 1, f"{DAY} 08:01")
    desk.no_show(1, f"{DAY} 08:02", f"{DAY} 08:03", f"{DAY} 08:05")
    assert scan_at(desk, f"{DAY} 12:00") == []
    assert rows(office) == []


def test_two_passes_that_found_the_same_step_raise_it_once(office, desk, heard):
    """Two processes see the same step due: the database takes one insert and refuses the
    other, whatever each checked before."""
    tid = desk.issue(f"{DAY} 08:00")
    now = desk.clock.at(f"{DAY} 08:05")
    first, second = watcher.due(office.db, now), watcher.due(office.db, now)
    assert [r.step for r in first] == [r.step for r in second] == ["wait"]
    assert len(watcher.raise_breaches(office.db, first, now)) == 1
    assert watcher.raise_breaches(office.db, second, now) == []
    assert rows(office) == [(tid, "wait", 180, 300)]
    assert len(breached(heard)) == 1


def test_a_pass_raises_a_bounded_number_the_latest_first(office, desk, monkeypatch):
    monkeypatch.setattr(watcher, "PER_PASS", 2)
    first, second, third = (desk.issue(f"{DAY} 08:0{i}") for i in range(3))
    assert scan_at(desk, f"{DAY} 08:10") == [(first, "wait"), (second, "wait")]
    assert scan_at(desk, f"{DAY} 08:10:01") == [(third, "wait")]


def test_an_escort_runs_from_the_request_to_done_and_breaches_once(client, office, desk):
    """SOP 002: a visitor who asked for a wheelchair is met and taken in within the escort
    standard (5 min), measured from the request to the guard's "done"."""
    tid = desk.issue(f"{DAY} 08:00", priority=True, priority_reason="disabilitas",
                     assistance="wheelchair")

    def escort_breaches(at: str) -> list:
        return [b for b in scan_at(desk, at) if b[1] == "escort"]

    assert escort_breaches(f"{DAY} 08:05:00") == []
    assert escort_breaches(f"{DAY} 08:05:01") == [(tid, "escort")]
    assert escort_breaches(f"{DAY} 08:06") == []  # once
    guard = office.headers("satpam")
    [request] = client.get("/api/v1/offices/demo/assistance", headers=guard).json["requests"]
    for action, at in (("acknowledge", "08:06"), ("done", "08:07")):
        desk.clock.at(f"{DAY} {at}")
        res = client.post(f"/api/v1/assistance/{request['id']}/{action}", headers=guard)
        assert res.status_code == 200, res.json
        if action == "acknowledge":  # the guard's desk shows it late too, until it is done
            [late] = client.get("/api/v1/offices/demo/assistance",
                                headers=guard).json["requests"]
            assert late["overdue"] is True
    timeline = client.get(f"/api/v1/tickets/{tid}/timeline",
                          headers=office.headers("kepala")).json["steps"]
    [escort] = [s for s in timeline if s["step"] == "escort"]
    assert (escort["duration_s"], escort["standard_s"], escort["within"]) == (420, 300, False)
    assert escort_breaches(f"{DAY} 09:00") == []  # done: nothing runs any more


def test_a_review_left_at_the_back_office_breaches_the_main_unit_step(desk):
    """The main unit answered in time, but its answer sits at the back office's review: the
    main unit's step runs on (SOP 001 step 14), and is raised once past its 10 minutes."""
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    esc = desk.escalate(tid, 1, f"{DAY} 08:03")
    desk.answer(desk.forward(esc, f"{DAY} 08:04"), f"{DAY} 08:06")  # in time; now the review waits
    assert scan_at(desk, f"{DAY} 08:14:00") == []
    assert scan_at(desk, f"{DAY} 08:14:01") == [(tid, "main_unit")]
    assert scan_at(desk, f"{DAY} 09:30") == []  # once


def test_a_walk_in_switched_to_a_call_back_breaches_the_call_back(client, office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    esc = desk.escalate(tid, 1, f"{DAY} 08:03")
    desk.act(tid, "answer-later", 1, f"{DAY} 08:04", by="callback", phone="0812 3456 7890")
    desk.answer(esc, f"{DAY} 08:05")  # the answer is back: the phone desk calls back
    assert scan_at(desk, f"{DAY} 08:10:00") == []
    assert scan_at(desk, f"{DAY} 08:10:01") == [(tid, "callback")]


def test_an_online_request_at_the_back_office_still_counts_its_working_days(office, desk):
    tid = desk.online_request("2026-11-06 15:00")  # Friday: due Tuesday 15:00
    desk.escalate(tid, 1, "2026-11-09 09:00")  # passed to the back office on Monday
    found = scan_at(desk, "2026-11-10 15:00:01")
    assert (tid, "online_days") in found


def test_the_office_s_days_off_do_not_count_against_an_online_request(client, office, desk):
    admin = office.headers("admin")
    assert client.post("/api/v1/offices/demo/days-off", headers=admin,
                       json={"day": "2026-11-09"}).status_code == 201  # Monday off
    tid = desk.online_request("2026-11-06 15:00")  # Friday: due Wednesday 15:00 now
    assert scan_at(desk, "2026-11-10 15:00:01") == []
    assert scan_at(desk, "2026-11-11 15:00:01") == [(tid, "online_days")]
