"""Each SOP step of a ticket measured from its timeline, with the clock under the test's
control, stored with the event that ends the step, and the same through API v1.

The demo office's figures: wait 3 min, service 13 min, back office 8, main unit 10 (its own
columns); the SOP's call 3, answer 5, closing 5, phone answer 5, call-back 5, online 2
working days; SOP 002's priority call 2, service 5, answer 5.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from antrian.shared.auth import actors
from antrian.shared.models import Counter, Ticket, TicketStep
from antrian.shared.satisfaction import responses
from antrian.shared.tickets import timeline as timeline_steps
from tests.standards.conftest import steps_of, stored, timeline

DAY = "2026-11-02"  # a Monday
ALL_GOOD = {f"u{i}": 4 for i in range(1, 10)}


def desk_survey(office, desk, ticket_id: int, counter: int, at: str) -> None:
    """The visitor fills the survey at the counter's tablet (SOP 001 step 16)."""
    desk.clock.at(at)
    with office.db.read() as s:
        counter_id = s.scalar(select(Counter.id).where(Counter.number == counter))
        actor = actors.actor_for_bearer(s, office.tokens[f"loket{counter}"])
    responses.submit_desk_survey(office.db, counter_id, desk.tokens[ticket_id], ALL_GOOD,
                                 None, None, actor)


def test_a_walk_in_answered_at_once(client, office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:02", f"{DAY} 08:03", f"{DAY} 08:10")
    desk_survey(office, desk, tid, 1, f"{DAY} 08:12")
    # answered at once: identity, details and the answer are one span (13 + 5 minutes)
    expected = [("wait", 120, 180, True), ("call", 60, 180, True),
                ("service", 420, 18 * 60, True), ("closing", 120, 300, True)]
    assert stored(office, tid) == expected
    assert steps_of(client, office, tid) == expected
    [wait] = [s for s in timeline(client, office, tid) if s["step"] == "wait"]
    assert wait["started_at"] == "2026-11-02T01:00:00+00:00"  # 08:00 WIB
    assert wait["ended_at"] == "2026-11-02T01:02:00+00:00"


def test_a_survey_by_the_ticket_s_link_is_not_the_desk_s_closing(client, office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02", f"{DAY} 08:05")
    desk.rate(tid, 4, f"{DAY} 09:00")
    assert [s[0] for s in stored(office, tid)] == ["wait", "call", "service"]


def test_an_escalation_to_the_back_office_and_on_to_the_main_unit(client, office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    esc = desk.escalate(tid, 1, f"{DAY} 08:05")
    # the main unit's answer: to the back office
    desk.answer(desk.forward(esc, f"{DAY} 08:15"), f"{DAY} 08:20")
    desk._post(f"/api/v1/escalations/{desk.open_escalation(tid)}/pass-on", "backoffice",
               f"{DAY} 08:21")  # reviewed and passed on: the direction is back (step 14)
    desk.act(tid, "serve", 1, f"{DAY} 08:22")
    desk.act(tid, "complete", 1, f"{DAY} 08:27")
    expected = [("wait", 60, 180, True), ("call", 60, 180, True),
                ("service", 180, 780, True),  # identity and details, until passed on
                ("back_office", 600, 480, False),  # 10 minutes before passing it up
                ("main_unit", 360, 600, True),  # until the back office passed its answer on
                ("answer", 360, 300, False)]  # the answer back -> the visitor answered
    assert stored(office, tid) == expected
    assert steps_of(client, office, tid) == expected


def test_a_back_office_answer_in_time(client, office, desk):
    tid = desk.visit(2, f"{DAY} 09:00", f"{DAY} 09:00:30", f"{DAY} 09:01")
    esc = desk.escalate(tid, 2, f"{DAY} 09:03")
    desk.answer(esc, f"{DAY} 09:10")
    assert stored(office, tid)[-1] == ("back_office", 420, 480, True)
    # the answer is back: the front office's step runs until the ticket is completed
    running = timeline(client, office, tid)[-1]
    assert (running["step"], running["ended_at"], running["within"]) == ("answer", None, None)


def test_a_priority_visitor_is_held_to_sop_002(client, office, desk):
    prio = desk.issue(f"{DAY} 08:00", priority=True, priority_reason="lansia")
    assert desk.call(4, f"{DAY} 08:01") == prio
    desk.act(prio, "serve", 4, f"{DAY} 08:03:30")
    desk.act(prio, "complete", 4, f"{DAY} 08:07:30")
    assert stored(office, prio) == [("wait", 60, 180, True),
                                    ("call", 150, 120, False),  # escorted in 2 minutes
                                    ("service", 240, 600, True)]  # 5 + 5 minutes
    regular = desk.visit(1, f"{DAY} 09:00", f"{DAY} 09:01", f"{DAY} 09:03:30")
    assert stored(office, regular)[1] == ("call", 150, 180, True)


def test_a_phone_call_forwarded_and_called_back(client, office, desk):
    tid = desk.phone_call(f"{DAY} 09:00")
    esc = desk.forward_call(tid, f"{DAY} 09:04")
    desk.answer(esc, f"{DAY} 09:10")
    desk.callback(tid, f"{DAY} 09:18", "not_reached")
    desk.callback(tid, f"{DAY} 09:20", "reached")
    expected = [("phone_answer", 240, 300, True), ("back_office", 360, 480, True),
                ("callback", 480, 300, False)]  # the first attempt counts
    assert stored(office, tid) == expected
    assert steps_of(client, office, tid) == expected
    with office.db.read() as s:
        assert s.get(Ticket, tid).status == "done"


def test_a_phone_call_answered_on_the_line(client, office, desk):
    tid = desk.phone_call(f"{DAY} 10:00")
    desk.clock.at(f"{DAY} 10:06")
    res = client.post(f"/api/v1/calls/{tid}/answer", json={"answer": "Sudah cair."},
                      headers=office.headers("loket1"))
    assert res.status_code == 200, res.json
    assert stored(office, tid) == [("phone_answer", 360, 300, False)]


def test_online_requests_count_working_days(client, office, desk):
    # Friday 15:00 -> Tuesday 10:00: 9 + 24 + 10 working hours, within two working days
    early = desk.online_request("2026-11-06 15:00")
    desk.answer_online(early, "2026-11-10 10:00")
    # Monday 09:00 -> Thursday 10:00: three working days and an hour
    late = desk.online_request(f"{DAY} 09:00")
    desk.answer_online(late, "2026-11-05 10:00")
    assert stored(office, early) == [("online_days", 43 * 3600, 2 * 86400, True)]
    assert stored(office, late) == [("online_days", 73 * 3600, 2 * 86400, False)]


def test_a_running_step_is_shown_but_not_stored_and_a_no_show_drops_the_call(
        client, office, desk):
    tid = desk.issue(f"{DAY} 08:00")
    desk.clock.at(f"{DAY} 08:02")
    [wait] = timeline(client, office, tid)
    assert (wait["step"], wait["ended_at"], wait["duration_s"], wait["within"]) == (
        "wait", None, 120, None)
    desk.clock.at(f"{DAY} 08:05")
    assert timeline(client, office, tid)[0]["within"] is False  # already past 3 minutes
    assert stored(office, tid) == []
    desk.act(tid, "cancel", 1, f"{DAY} 08:06")
    assert stored(office, tid) == [] and timeline(client, office, tid) == []
    gone = desk.no_show(2, f"{DAY} 08:10", f"{DAY} 08:11", f"{DAY} 08:20")
    assert stored(office, gone) == [("wait", 60, 180, True)]
    assert steps_of(client, office, gone) == [("wait", 60, 180, True)]


def test_a_stored_step_keeps_the_standard_it_ended_under(client, office, desk):
    before = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01", f"{DAY} 08:02")
    res = client.patch("/api/v1/offices/demo/services/A", json={"standards": {"call": 30}},
                       headers=office.headers("admin"))
    assert res.status_code == 200, res.json
    after = desk.visit(2, f"{DAY} 09:00", f"{DAY} 09:01", f"{DAY} 09:02")
    assert stored(office, before)[1] == ("call", 60, 180, True)
    assert stored(office, after)[1] == ("call", 60, 30, False)


def test_tickets_from_before_the_upgrade_are_measured_once(client, office, desk):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:02", f"{DAY} 08:03", f"{DAY} 08:10")
    with office.db.write() as s:  # as if written before the measurements existed
        s.execute(delete(TicketStep))
    assert stored(office, tid) == []
    assert timeline_steps.backfill_steps(office.db, batch=1) >= 1
    assert [r[0] for r in stored(office, tid)] == ["wait", "call", "service"]
    assert timeline_steps.backfill_steps(office.db) == 0  # every ticket has its steps now


def test_an_escort_asked_at_the_kiosk_runs_past_the_ticket_s_completion(client, office,
                                                                        desk):
    """SOP 002 steps 1 and 3: from the assistance asked with the ticket to the guard's "done",
    held to the escort standard (5 min); the guard may still be walking the visitor out when
    the counter completes the ticket, so the escort outlives it, and it is stored when done."""
    tid = desk.issue(f"{DAY} 08:00", priority=True, priority_reason="lansia",
                     assistance="escort")
    guard = office.headers("satpam")
    [request] = client.get("/api/v1/offices/demo/assistance", headers=guard).json["requests"]
    desk.clock.at(f"{DAY} 08:01")
    assert client.post(f"/api/v1/assistance/{request['id']}/acknowledge",
                       headers=guard).status_code == 200
    assert desk.call(4, f"{DAY} 08:02") == tid
    desk.act(tid, "serve", 4, f"{DAY} 08:02")
    desk.act(tid, "complete", 4, f"{DAY} 08:03")
    assert "escort" not in [s[0] for s in stored(office, tid)]
    [running] = [s for s in timeline(client, office, tid) if s["step"] == "escort"]
    assert (running["ended_at"], running["standard_s"]) == (None, 300)
    desk.clock.at(f"{DAY} 08:04")
    assert client.post(f"/api/v1/assistance/{request['id']}/done",
                       headers=guard).status_code == 200
    assert ("escort", 240, 300, True) in stored(office, tid)
