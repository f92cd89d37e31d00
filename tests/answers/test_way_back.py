"""Issue 12 item 4, the answer's way back (SOP 001 steps 12-15): the main unit answers to
the back office, which passes the answer on unchanged or corrected; the front office gives it
and the visit record keeps it."""

from __future__ import annotations

from sqlalchemy import select

from antrian.shared.models import TicketStep


def test_the_main_unit_answers_to_the_back_office_not_to_the_counter(walk):
    t = walk.escalated()
    esc = walk.to_main_unit(t["id"])
    assert esc["level"] == "main_unit" and esc["review"] is False
    walk.post(f"/api/v1/escalations/{esc['id']}/answer", "backoffice",
              answer="SK terbit 20 Desember.")
    # the counter has nothing yet: no answer listed, nothing to resume with
    parked = walk.returned(t["id"])
    assert parked["answer"] is None and "resume" not in parked["actions"]
    early = walk.post(f"/api/v1/tickets/{t['id']}/resume", status=409)
    assert early.json["error"]["code"] == "not_answered"
    # the back office has it to review, with the main unit's answer
    review = walk.open_escalation(t["id"])
    assert review["review"] is True and review["level"] == "back_office"
    assert review["proposed"] == "SK terbit 20 Desember."
    assert review["level_label"].startswith("Tinjau")
    # a review is passed on or corrected, not sent up again
    up = walk.post(f"/api/v1/escalations/{review['id']}/forward", "backoffice", 409)
    assert up.json["error"]["code"] == "in_review"


def test_the_back_office_passes_it_on_unchanged(walk):
    t = walk.escalated()
    walk.to_main_unit(t["id"])
    walk.answer(t["id"], "SK terbit 20 Desember.")
    review = walk.open_escalation(t["id"])
    walk.post(f"/api/v1/escalations/{review['id']}/pass-on", "backoffice")
    twice = walk.post(f"/api/v1/escalations/{review['id']}/pass-on", "backoffice", 409)
    assert twice.json["error"]["code"] == "already_answered"
    parked = walk.returned(t["id"])
    assert parked["answer"] == "SK terbit 20 Desember." and "resume" in parked["actions"]
    kinds = [(k, d.get("review"), d.get("corrected")) for k, d in walk.events(t["id"])
             if k in ("answered", "reviewed")]
    assert kinds == [("answered", True, None), ("reviewed", None, False)]


def test_a_corrected_answer_is_what_the_visitor_gets_and_the_record_keeps(walk):
    t = walk.escalated()
    walk.client.put(f"/api/v1/tickets/{t['id']}/visit", json={"name": "Pak Budi"},
                    headers=walk.office.headers("loket1"))
    walk.to_main_unit(t["id"])
    walk.answer(t["id"], "SK terbit 20 Desember.")
    review = walk.open_escalation(t["id"])
    walk.post(f"/api/v1/escalations/{review['id']}/pass-on", "backoffice",
              answer="SK terbit 20 Desember; bawa salinan SK pembagian tugas.")
    assert walk.returned(t["id"])["answer"] == (
        "SK terbit 20 Desember; bawa salinan SK pembagian tugas.")
    walk.post(f"/api/v1/tickets/{t['id']}/resume")
    current = walk.get("/api/v1/counters/1/console")["current"]
    assert current["answer"]["answer"].endswith("pembagian tugas.")
    walk.post(f"/api/v1/tickets/{t['id']}/complete")
    record = walk.record(t["id"])
    assert record.name == "Pak Budi" and record.outcome == "escalated"
    assert record.answer_text == "SK terbit 20 Desember; bawa salinan SK pembagian tugas."
    reviewed = [d for k, d in walk.events(t["id"]) if k == "reviewed"]
    assert reviewed == [{"level": "main_unit", "escalation_id": review["id"],
                         "corrected": True}]


def test_answering_a_review_is_passing_it_on_with_that_text(walk):
    t = walk.escalated()
    walk.to_main_unit(t["id"])
    walk.answer(t["id"], "Belum ada SK.")
    walk.answer(t["id"], "Belum ada SK; cek lagi Senin.")  # the review, answered
    rows = walk.escalation_rows(t["id"])
    assert [(r.level, r.review_of_id is not None, r.answer) for r in rows] == [
        ("back_office", False, None), ("main_unit", False, "Belum ada SK."),
        ("back_office", True, "Belum ada SK; cek lagi Senin.")]
    assert "reviewed" in [k for k, _ in walk.events(t["id"])]


def test_pass_on_refuses_what_is_not_a_review(walk):
    t = walk.escalated()
    esc = walk.open_escalation(t["id"])
    res = walk.post(f"/api/v1/escalations/{esc['id']}/pass-on", "backoffice", 409)
    assert res.json["error"]["code"] == "not_review"
    assert walk.post(f"/api/v1/escalations/{esc['id']}/pass-on", "loket1", 403)
    assert walk.post("/api/v1/escalations/99999/pass-on", "backoffice", 404)


def test_the_words_the_counter_wrote_are_kept_over_the_back_office_s(walk):
    t = walk.escalated()
    walk.answer(t["id"], "Sudah terbit.")
    walk.post(f"/api/v1/tickets/{t['id']}/resume")
    walk.client.put(f"/api/v1/tickets/{t['id']}/visit", headers=walk.office.headers("loket1"),
                    json={"answer_text": "Sudah terbit; diambil di loket 3."})
    walk.post(f"/api/v1/tickets/{t['id']}/complete")
    record = walk.record(t["id"])
    assert (record.answer_text, record.outcome) == ("Sudah terbit; diambil di loket 3.",
                                                    "escalated")


def test_a_visit_answered_at_once_keeps_no_escalation_outcome(walk):
    t = walk.post("/api/v1/offices/demo/tickets", "kiosk", 201, service="A").json
    walk.post("/api/v1/counters/1/call-next")
    walk.post(f"/api/v1/tickets/{t['id']}/serve")
    walk.post(f"/api/v1/tickets/{t['id']}/complete")
    assert walk.record(t["id"]) is None


def test_the_main_unit_step_runs_until_its_answer_is_passed_on(walk, monkeypatch):
    from tests.reports.conftest import Clock

    clock = Clock(monkeypatch)
    clock.at("2026-11-02 08:00")
    t = walk.escalated()
    clock.at("2026-11-02 08:04")
    walk.to_main_unit(t["id"])
    clock.at("2026-11-02 08:10")
    walk.answer(t["id"], "Dua hari kerja.")
    clock.at("2026-11-02 08:16")
    review = walk.open_escalation(t["id"])
    walk.post(f"/api/v1/escalations/{review['id']}/pass-on", "backoffice")
    clock.at("2026-11-02 08:18")
    walk.post(f"/api/v1/tickets/{t['id']}/resume")
    clock.at("2026-11-02 08:20")
    walk.post(f"/api/v1/tickets/{t['id']}/complete")
    with walk.office.db.read() as s:
        steps = {r.step: (r.duration_s, r.standard_s, r.within) for r in s.scalars(
            select(TicketStep).where(TicketStep.ticket_id == t["id"]))}
    assert steps["back_office"] == (240, 480, True)
    assert steps["main_unit"] == (720, 600, False)  # 08:04 -> 08:16, passed on
    assert steps["answer"] == (240, 300, True)  # 08:16 -> 08:20


def test_a_review_left_open_past_the_main_unit_s_due_time_is_a_main_unit_miss(walk,
                                                                               monkeypatch):
    from tests.reports.conftest import Clock
    from tests.reports.test_service_figures import report

    clock = Clock(monkeypatch)
    clock.at("2026-11-02 08:00")
    t = walk.escalated()
    walk.to_main_unit(t["id"])  # main unit due 08:10
    clock.at("2026-11-02 08:05")
    walk.answer(t["id"], "Dua hari kerja.")  # in time, but the back office sits on it
    clock.at("2026-11-02 08:09")
    total = report(walk.office).total
    assert total.steps["main_unit"] == (0, 0)  # not due yet: not measured
    clock.at("2026-11-02 09:00")
    body = report(walk.office).as_json()["total"]
    assert report(walk.office).total.steps["main_unit"] == (0, 1)
    # two escalations (back office, main unit), both answered: the review is not a third
    assert (body["escalations"]["count"], body["escalations"]["answered"]) == (2, 2)


def test_the_main_unit_sees_its_questions_and_not_the_review_of_its_answer(walk):
    from antrian.shared.auth import actors
    from antrian.shared.auth.accounts import add_user

    with walk.office.db.write() as s:
        add_user(s, "unitutama", "rahasia-unit-utama-1", ["main_unit"], "demo")
        token = actors.create_user_token(s, "unitutama")
    unit = {"Authorization": f"Bearer {token}"}
    t = walk.escalated()
    walk.to_main_unit(t["id"])
    [esc] = walk.client.get("/api/v1/offices/demo/escalations", headers=unit).json[
        "escalations"]
    res = walk.client.post(f"/api/v1/escalations/{esc['id']}/answer", headers=unit,
                           json={"answer": "Dua hari kerja."})
    assert res.status_code == 200
    assert walk.client.get("/api/v1/offices/demo/escalations", headers=unit).json[
        "escalations"] == []  # the review is the back office's
    review = walk.open_escalation(t["id"])
    res = walk.client.post(f"/api/v1/escalations/{review['id']}/pass-on", headers=unit,
                           json={})
    assert res.status_code == 403 and res.json["error"]["code"] == "back_office_only"
