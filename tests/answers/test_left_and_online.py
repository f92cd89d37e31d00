"""Issue 12 item 4: a walk-in who left while the question was out is called back or reads the
answer at the ticket's status link; an online request goes to the back office like any other
question and is answered from the console once the answer is back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from antrian.shared.desks import online_requests
from antrian.shared.models import Ticket, TicketStep


def status_of(walk, token: str) -> dict:
    res = walk.client.get(f"/api/v1/tickets/{token}")
    assert res.status_code == 200
    return res.json


# ---------------------------------------------------------------- call-back


def test_a_walk_in_who_left_is_called_back_by_the_phone_desk(walk):
    t = walk.escalated()
    no_number = walk.post(f"/api/v1/tickets/{t['id']}/answer-later", status=400,
                          by="callback")
    assert no_number.json["error"]["field"] == "phone"
    res = walk.post(f"/api/v1/tickets/{t['id']}/answer-later", by="callback",
                    phone="0812 3456 7890")
    assert res.json["status"] == "escalated"
    parked = walk.returned(t["id"])
    assert parked["answer_by"] == "callback" and parked["actions"] == []  # not resumed here
    again = walk.post(f"/api/v1/tickets/{t['id']}/answer-later", status=409, by="status_page")
    assert again.json["error"]["code"] == "already_switched"
    calls = walk.get("/api/v1/offices/demo/calls")["callbacks"]
    [row] = [c for c in calls if c["ticket_id"] == t["id"]]
    assert row["channel"] == "kiosk" and row["ready"] is False
    assert row["question"] == "Apakah SK tunjangan sudah terbit?"
    early = walk.post(f"/api/v1/calls/{t['id']}/callback", status=409, outcome="reached")
    assert early.json["error"]["code"] == "not_answered"
    walk.answer(t["id"], "Terbit 20 Desember.")
    [row] = [c for c in walk.get("/api/v1/offices/demo/calls")["callbacks"]
             if c["ticket_id"] == t["id"]]
    assert row["ready"] and row["answer"] == "Terbit 20 Desember."
    walk.post(f"/api/v1/calls/{t['id']}/callback", outcome="reached")
    record = walk.record(t["id"])
    assert (record.answer_text, record.outcome) == ("Terbit 20 Desember.", "escalated")
    with walk.office.db.read() as s:
        assert s.get(Ticket, t["id"]).status == "done"
        steps = [r.step for r in s.scalars(select(TicketStep).where(
            TicketStep.ticket_id == t["id"]).order_by(TicketStep.id))]
    assert steps[-1] == "callback" and "answer" not in steps


def test_the_number_on_the_visit_record_is_enough_for_a_call_back(walk):
    t = walk.escalated()
    walk.client.put(f"/api/v1/tickets/{t['id']}/visit", json={"phone": "081234567890"},
                    headers=walk.office.headers("loket1"))
    walk.post(f"/api/v1/tickets/{t['id']}/answer-later", by="callback")
    assert walk.record(t["id"]).answer_by == "callback"
    assert walk.record(t["id"]).phone == "081234567890"


# ---------------------------------------------------------------- the status page


def test_the_status_page_shows_the_answer_once_it_is_back(walk):
    t = walk.escalated()
    walk.post(f"/api/v1/tickets/{t['id']}/answer-later", by="status_page")
    status = status_of(walk, t["token"])
    assert status["status"] == "escalated" and status.get("answer") is None
    walk.to_main_unit(t["id"])
    walk.answer(t["id"], "Terbit 20 Desember.")
    assert status_of(walk, t["token"]).get("answer") is None  # the back office reviews it first
    review = walk.open_escalation(t["id"])
    walk.post(f"/api/v1/escalations/{review['id']}/pass-on", "backoffice",
              answer="Terbit 20 Desember di laman Info GTK.")
    status = status_of(walk, t["token"])
    assert status["status"] == "done"
    assert status["answer"] == "Terbit 20 Desember di laman Info GTK."
    record = walk.record(t["id"])
    assert (record.answer_text, record.outcome, record.answer_by) == (
        "Terbit 20 Desember di laman Info GTK.", "escalated", "status_page")
    assert ("completed", {"answer_by": "status_page"}) in walk.events(t["id"])
    assert walk.get("/api/v1/counters/1/console")["returned"] == []


def test_switching_when_the_answer_is_already_back_gives_it_at_once(walk):
    t = walk.escalated()
    walk.answer(t["id"], "Sudah terbit.")
    res = walk.post(f"/api/v1/tickets/{t['id']}/answer-later", by="status_page")
    assert res.json["status"] == "done"
    assert status_of(walk, t["token"]).get("answer") == "Sudah terbit."


def test_a_walk_in_who_stayed_has_no_answer_on_its_status_page(walk):
    t = walk.escalated()
    walk.answer(t["id"], "Sudah terbit.")
    walk.post(f"/api/v1/tickets/{t['id']}/resume")
    walk.post(f"/api/v1/tickets/{t['id']}/complete")
    assert status_of(walk, t["token"]).get("answer") is None  # given at the desk, not online


@pytest.mark.parametrize("body, status, code", [
    ({"by": "letter"}, 400, "invalid_input"),
    ({}, 400, None),
    ({"by": "callback", "phone": "abc"}, 400, "invalid_input"),
])
def test_answer_later_refuses_bad_input(walk, body, status, code):
    t = walk.escalated()
    res = walk.post(f"/api/v1/tickets/{t['id']}/answer-later", status=status, **body)
    if code:
        assert res.json["error"]["code"] == code


def test_answer_later_only_for_an_escalated_walk_in(walk):
    t = walk.post("/api/v1/offices/demo/tickets", "kiosk", 201, service="A").json
    waiting = walk.post(f"/api/v1/tickets/{t['id']}/answer-later", status=409,
                        by="status_page")
    assert waiting.json["error"]["code"] == "illegal_transition"
    call = walk.post("/api/v1/offices/demo/calls", status=201, service="A", name="Rina",
                     phone="081234567890", request_text="Kapan cair?").json
    walk.post(f"/api/v1/calls/{call['id']}/forward")
    phone = walk.post(f"/api/v1/tickets/{call['id']}/answer-later", status=409,
                      by="status_page")
    assert phone.json["error"]["code"] == "not_walk_in"
    assert walk.post(f"/api/v1/tickets/{t['id']}/answer-later", "resepsionis", 403,
                     by="status_page")


# ---------------------------------------------------------------- online requests


@pytest.fixture
def online(walk) -> dict:
    ticket, _ = online_requests.submit(walk.office.db, "demo", online_requests.OnlineRequest(
        service="A", name="Dewi", institution="SMAN 3", phone=None, email="dewi@example.org",
        request_text="Syarat pindah tugas?"))
    return {"id": ticket.id, "token": ticket.public_token}


def test_an_online_request_goes_to_the_back_office_and_comes_back(walk, online):
    res = walk.post(f"/api/v1/tickets/{online['id']}/escalate",
                    question="Syarat pindah tugas antarprovinsi?")
    assert res.json["status"] == "escalated"
    [item] = walk.get("/api/v1/counters/1/console")["online"]
    assert item["escalated"] and not item["ready"] and item["level"] == "back_office"
    early = walk.post(f"/api/v1/tickets/{online['id']}/answer-online", status=409, answer="x")
    assert early.json["error"]["code"] == "not_answered"
    esc = walk.open_escalation(online["id"])
    assert esc["channel"] == "online" and esc["visitor"] == "Dewi"
    walk.post(f"/api/v1/escalations/{esc['id']}/forward", "backoffice", 201)
    walk.answer(online["id"], "Surat lolos butuh.")
    [item] = walk.get("/api/v1/counters/1/console")["online"]
    assert not item["ready"]  # still at the back office's review
    review = walk.open_escalation(online["id"])
    walk.post(f"/api/v1/escalations/{review['id']}/pass-on", "backoffice")
    [item] = walk.get("/api/v1/counters/1/console")["online"]
    assert item["ready"] and item["answer"] == "Surat lolos butuh."
    walk.post(f"/api/v1/tickets/{online['id']}/answer-online",
              answer="Surat lolos butuh dan SK terakhir.")
    assert walk.get("/api/v1/counters/1/console")["online"] == []
    assert status_of(walk, online["token"])["answer"] == "Surat lolos butuh dan SK terakhir."
    record = walk.record(online["id"])
    assert (record.answer_text, record.outcome) == ("Surat lolos butuh dan SK terakhir.",
                                                    "escalated")
    with walk.office.db.read() as s:
        steps = [r.step for r in s.scalars(select(TicketStep).where(
            TicketStep.ticket_id == online["id"]).order_by(TicketStep.id))]
    assert steps == ["back_office", "main_unit", "online_days"]


def test_an_online_request_is_escalated_once(walk, online):
    walk.post(f"/api/v1/tickets/{online['id']}/escalate", question="Syarat?")
    twice = walk.post(f"/api/v1/tickets/{online['id']}/escalate", status=409, question="Lagi?")
    assert twice.json["error"]["code"] == "illegal_transition"
    waiting = walk.post("/api/v1/offices/demo/tickets", "kiosk", 201, service="A").json
    walk_in = walk.post(f"/api/v1/tickets/{waiting['id']}/escalate", status=409, question="?")
    assert walk_in.json["error"]["code"] == "illegal_transition"  # a walk-in at a desk only


def test_a_walk_in_not_called_back_in_time_is_a_call_back_miss(walk, monkeypatch):
    from tests.reports.conftest import Clock
    from tests.reports.test_service_figures import report

    clock = Clock(monkeypatch)
    clock.at("2026-11-02 08:00")
    t = walk.escalated()
    walk.post(f"/api/v1/tickets/{t['id']}/answer-later", by="callback", phone="081234567890")
    clock.at("2026-11-02 08:05")
    walk.answer(t["id"], "Sudah terbit.")  # call back within 5 minutes: by 08:10
    clock.at("2026-11-02 08:09")
    assert report(walk.office).total.steps["callback"] == (0, 0)
    clock.at("2026-11-02 08:30")
    assert report(walk.office).total.steps["callback"] == (0, 1)
