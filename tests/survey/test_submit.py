"""Submitting a survey (service and API v1): one response per ticket, every refusal clean."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from antrian.shared.core import clock
from antrian.shared.models import Office, SurveyResponse, TicketEvent
from antrian.shared.satisfaction import responses
from tests.support.factories import serve_one, set_finished, user_id
from tests.survey.conftest import ALL_THREE


def count(office) -> int:
    with office.db.read() as s:
        return s.scalar(select(func.count(SurveyResponse.id)))


def post(client, token, **body):
    body.setdefault("answers", ALL_THREE)
    return client.post(f"/api/v1/tickets/{token}/survey", json=body)


def test_api_stores_the_response_with_who_served(client, office, done):
    tid, token = done
    answers = {**ALL_THREE, "u4": 4, "u7": 1}
    res = post(client, token, answers=answers,
               profile={"age": 67, "sex": "P", "education": "sma", "occupation": "lainnya"},
               comment="  Petugas kurang ramah  ")
    assert res.status_code == 201, res.json
    assert res.json["mode"] == "qr"
    with office.db.read() as s:
        row = s.scalar(select(SurveyResponse))
        kinds = s.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == tid)
                          .order_by(TicketEvent.id)).all()
    assert (row.ticket_id, row.u4, row.u7, row.u1) == (tid, 4, 1, 3)
    assert row.staff_id == user_id(office, "loket1")
    assert row.counter_id == 1 and row.mode == "qr"
    assert (row.age, row.sex, row.education, row.occupation) == (67, "P", "sma", "lainnya")
    assert row.comment == "Petugas kurang ramah"
    assert kinds[-1] == "surveyed"
    assert responses.survey_state(office.db, token) == responses.ANSWERED


def test_the_hub_event_carries_no_scores_or_personal_data(client, office, done):
    seen = []
    office.db.subscribe(seen.extend)
    post(client, done[1], profile={"age": 30}, comment="nama saya Budi 0812")
    (event,) = [e for e in seen if e.name == "survey.submitted"]
    text = repr(event.message())
    assert "Budi" not in text and "0812" not in text and "u1" not in text and "30" not in text
    assert event.rooms == (f"ticket:{done[1]}", "counter:1") and not event.office_wide


@pytest.mark.parametrize("body,field", [
    ({"answers": {k: v for k, v in ALL_THREE.items() if k != "u5"}}, "u5"),
    ({"answers": {**ALL_THREE, "u2": 0}}, "u2"),
    ({"answers": {**ALL_THREE, "u9": 5}}, "u9"),
    ({"answers": {**ALL_THREE, "u1": "3"}}, "u1"),
    ({"answers": {**ALL_THREE, "u3": True}}, "u3"),
    ({"answers": {**ALL_THREE, "u10": 3}}, "u10"),
    ({"answers": ALL_THREE, "profile": {"age": 5}}, "age"),
    ({"answers": ALL_THREE, "profile": {"sex": "X"}}, "sex"),
    ({"answers": ALL_THREE, "profile": {"nik": "3201010101010001"}}, "nik"),
    ({"answers": ALL_THREE, "comment": "x" * 1001}, "comment"),
])
def test_bad_answers_are_400_and_store_nothing(client, office, done, body, field):
    res = client.post(f"/api/v1/tickets/{done[1]}/survey", json=body)
    assert res.status_code == 400
    assert res.json["error"]["code"] == "invalid_input"
    assert res.json["error"]["field"] == field and " / " in res.json["error"]["message"]
    assert count(office) == 0
    assert responses.survey_state(office.db, done[1]) == responses.OPEN


@pytest.mark.parametrize("body", [{}, {"answers": [3] * 9}, {"answers": ALL_THREE,
                                                               "profile": "tua"}])
def test_malformed_bodies_are_400(client, office, done, body):
    res = client.post(f"/api/v1/tickets/{done[1]}/survey", json=body)
    assert res.status_code == 400 and count(office) == 0


def test_not_before_the_ticket_is_done(client, office):
    _, token = serve_one(client, office, finish=False)
    assert responses.survey_state(office.db, token) == responses.NOT_YET
    res = post(client, token)
    assert res.status_code == 409 and res.json["error"]["code"] == "survey_not_yet"
    waiting = client.post("/api/v1/offices/demo/tickets", json={"service": "B"},
                          headers=office.headers("kiosk")).json["token"]
    assert post(client, waiting).json["error"]["code"] == "survey_not_yet"
    assert count(office) == 0


def test_a_second_submission_is_refused(client, office, done):
    assert post(client, done[1]).status_code == 201
    again = post(client, done[1], answers={**ALL_THREE, "u1": 1})
    assert again.status_code == 409 and again.json["error"]["code"] == "survey_answered"
    with office.db.read() as s:
        assert s.scalar(select(SurveyResponse.u1)) == 3
    assert count(office) == 1


def test_a_guessed_token_is_404(client, office, done):
    for token in ("AAAAAAAAAAAAAAAAAAAAAAAA", done[1][:-1], "x" * 200):
        res = post(client, token)
        assert res.status_code == 404 and res.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/tickets/nope/survey").status_code == 404
    assert count(office) == 0


def test_open_for_survey_days_then_expired(client, office, done):
    tid, token = done
    with office.db.read() as s:
        days = s.scalar(select(Office)).settings.survey_days
    set_finished(office, tid, clock.now() - timedelta(days=days) + timedelta(minutes=5))
    assert responses.survey_state(office.db, token) == responses.OPEN
    set_finished(office, tid, clock.now() - timedelta(days=days, seconds=1))
    assert responses.survey_state(office.db, token) == responses.EXPIRED
    res = post(client, token)
    assert res.status_code == 410 and res.json["error"]["code"] == "survey_expired"
    assert count(office) == 0


def test_survey_days_is_the_office_setting(client, office, done):
    tid, token = done
    with office.db.write() as s:
        o = s.scalar(select(Office))
        o.settings_json = {**o.settings_json, "survey_days": 30}
    set_finished(office, tid, clock.now() - timedelta(days=20))
    assert responses.survey_state(office.db, token) == responses.OPEN


def test_a_cancelled_ticket_has_no_survey(client, office):
    issued = client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                         headers=office.headers("kiosk")).json
    client.post(f"/api/v1/tickets/{issued['id']}/cancel", headers=office.headers("loket1"))
    assert responses.survey_state(office.db, issued["token"]) == responses.CLOSED
    assert post(client, issued["token"]).json["error"]["code"] == "survey_closed"


def test_state_endpoint(client, office, done):
    res = client.get(f"/api/v1/tickets/{done[1]}/survey")
    assert res.status_code == 200 and res.json["state"] == "open"
    assert res.json["survey_url"].endswith(f"/survey/{done[1]}")


def test_openapi_lists_the_survey_and_ikm(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "post" in paths["/api/v1/tickets/{token}/survey"]
    assert "get" in paths["/api/v1/offices/{office}/ikm"]
