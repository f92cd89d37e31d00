"""API v1 as antrian/openapi.py describes it: the happy path and every kind of bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from antrian.shared.models import Ticket, TicketEvent


def issue(client, office, **body):
    body.setdefault("service", "A")
    return client.post("/api/v1/offices/demo/tickets", json=body, headers=office.headers("kiosk"))


def test_healthz(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_issue_returns_the_contract_fields(client, office):
    res = issue(client, office)
    assert res.status_code == 201
    body = res.json
    for key in ("id", "code", "number", "service", "priority", "status", "token", "status_url",
                "ahead", "estimated_wait_s", "issued_at"):
        assert key in body
    assert body["code"] == "A001" and body["number"] == 1 and body["status"] == "waiting"
    assert body["status_url"].endswith("/t/" + body["token"])
    assert body["ahead"] == 0 and body["estimated_wait_s"] == 0


def test_priority_ticket_has_its_own_series(client, office):
    issue(client, office)
    res = issue(client, office, service="B", priority=True, priority_reason="lansia")
    assert res.json["code"] == "PB001" and res.json["service"] == "B" and res.json["priority"]
    again = issue(client, office, service="A", priority=True, priority_reason="lansia")
    assert again.json["code"] == "PA001"  # each service has its own priority series


def test_remote_channels_leave_the_walk_in_series_without_gaps(client, office):
    first = issue(client, office)
    phone = client.post("/api/v1/offices/demo/tickets", headers=office.headers("loket1"),
                        json={"service": "A", "channel": "phone"})
    second = issue(client, office)
    assert phone.status_code == 201, phone.json
    assert [first.json["code"], phone.json["code"], second.json["code"]] == [
        "A001", "TA001", "A002"]


def test_ahead_and_estimate_grow_with_the_queue(client, office):
    for _ in range(3):
        issue(client, office)
    res = issue(client, office)
    assert res.json["ahead"] == 3
    # 3 ahead x the 13-minute standard, shared by the 4 open counters
    assert res.json["estimated_wait_s"] == 3 * 13 * 60 / 4


def test_idempotency_key_returns_the_same_ticket(client, office):
    headers = {**office.headers("kiosk"), "Idempotency-Key": "tap-123456"}
    first = client.post("/api/v1/offices/demo/tickets", json={"service": "A"}, headers=headers)
    again = client.post("/api/v1/offices/demo/tickets", json={"service": "A"}, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json["id"] == again.json["id"]
    with office.db.read() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 1


def test_public_status_by_token(client, office):
    token = issue(client, office).json["token"]
    res = client.get(f"/api/v1/tickets/{token}")
    assert res.status_code == 200 and res.json["code"] == "A001" and res.json["ahead"] == 0
    assert client.get("/api/v1/tickets/not-a-token").status_code == 404


def test_call_next_serve_complete(client, office):
    issue(client, office)
    h = office.headers("loket1")
    called = client.post("/api/v1/counters/1/call-next", headers=h)
    assert called.status_code == 200 and called.json["status"] == "called"
    assert called.json["counter"]["number"] == 1
    tid = called.json["id"]
    assert client.post(f"/api/v1/tickets/{tid}/serve", headers=h).json["status"] == "serving"
    assert client.post(f"/api/v1/tickets/{tid}/complete", headers=h).json["status"] == "done"
    assert client.post("/api/v1/counters/1/call-next", headers=h).status_code == 204
    with office.db.read() as s:
        kinds = s.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == tid)
                          .order_by(TicketEvent.id)).all()
    assert kinds == ["issued", "called", "serving", "completed"]


def test_board_shows_the_call(client, office):
    issue(client, office)
    client.post("/api/v1/counters/2/call-next", headers=office.headers("loket2"))
    board = client.get("/api/v1/offices/demo/board").json
    assert set(board) >= {"seq", "calls", "recent", "waiting"}
    at_two = next(c for c in board["calls"] if c["counter"]["number"] == 2)
    assert at_two["ticket"]["code"] == "A001"
    assert board["recent"][0]["code"] == "A001"
    assert board["seq"] >= 3


@pytest.mark.parametrize("body,code,status", [
    ({"service": "Z"}, "not_found", 404),
    ({}, "invalid_input", 400),
    ({"service": 1}, "invalid_input", 400),
    ({"service": "A", "priority": "yes"}, "invalid_input", 400),
    ({"service": "A", "priority": True}, "invalid_input", 400),
    ({"service": "A", "priority": True, "priority_reason": "vip"}, "invalid_input", 400),
    ({"service": "A", "channel": "fax"}, "invalid_input", 400),
])
def test_bad_issue_requests_are_clear_4xx(client, office, body, code, status):
    res = issue(client, office, **body) if "service" in body else client.post(
        "/api/v1/offices/demo/tickets", json=body, headers=office.headers("kiosk"))
    assert res.status_code == status
    assert res.json["error"]["code"] == code and res.json["error"]["message"]
    with office.db.read() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 0


def test_malformed_json_and_wrong_content_type(client, office):
    h = office.headers("kiosk")
    res = client.post("/api/v1/offices/demo/tickets", data="{not json",
                      headers={**h, "Content-Type": "application/json"})
    assert res.status_code == 400 and res.json["error"]["code"] == "invalid_input"
    res = client.post("/api/v1/offices/demo/tickets", data="service=A", headers=h,
                      content_type="application/x-www-form-urlencoded")
    assert res.status_code == 400
    res = client.post("/api/v1/offices/demo/tickets", json=["A"], headers=h)
    assert res.status_code == 400


def test_unknown_office(client, office):
    res = client.post("/api/v1/offices/nowhere/tickets", json={"service": "A"},
                      headers=office.headers("kiosk"))
    assert res.status_code == 404 and res.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/offices/nowhere/board").status_code == 404


def test_tokens_missing_unknown_or_wrong_role(client, office):
    url = "/api/v1/offices/demo/tickets"
    assert client.post(url, json={"service": "A"}).status_code == 401
    res = client.post(url, json={"service": "A"}, headers={"Authorization": "Bearer nope"})
    assert res.status_code == 401
    res = client.post(url, json={"service": "A"}, headers={"Authorization": "Basic x"})
    assert res.status_code == 400
    # A kiosk may issue but not call; a receptionist may not call either.
    assert client.post("/api/v1/counters/1/call-next",
                       headers=office.headers("kiosk")).status_code == 403
    assert client.post("/api/v1/counters/1/call-next",
                       headers=office.headers("resepsionis")).status_code == 403


def test_foreign_office_token_is_refused(client, office):
    from antrian.shared.auth.accounts import add_user
    from antrian.shared.models import Office

    with office.db.write() as s:
        s.add(Office(code="lain", name="Kantor Lain", timezone="Asia/Makassar",
                     settings_json={}))
        s.flush()
        add_user(s, "petugaslain", "rahasia123", ["front_office"], "lain")
        from antrian.shared.auth import actors

        other = actors.create_user_token(s, "petugaslain")
    res = client.post("/api/v1/counters/1/call-next",
                      headers={"Authorization": f"Bearer {other}"})
    assert res.status_code == 403


def test_illegal_transition_is_409_with_a_message(client, office):
    tid = issue(client, office).json["id"]
    res = client.post(f"/api/v1/tickets/{tid}/complete", headers=office.headers())
    assert res.status_code == 409
    assert res.json["error"]["code"] == "illegal_transition"
    assert "A001" in res.json["error"]["message"]


def test_unknown_action_and_ticket(client, office):
    tid = issue(client, office).json["id"]
    assert client.post(f"/api/v1/tickets/{tid}/explode", headers=office.headers()).status_code \
        == 404
    assert client.post("/api/v1/tickets/99999/serve", headers=office.headers()).status_code == 404
    assert client.post("/api/v1/counters/99/call-next", headers=office.headers()).status_code \
        == 404


def test_openapi_lists_every_route(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    for path in ("/api/v1/offices/{office}/tickets", "/api/v1/tickets/{token}",
                 "/api/v1/counters/{counter_id}/call-next", "/api/v1/counters/{counter_id}/recall",
                 "/api/v1/tickets/{ticket_id}/{action}", "/api/v1/offices/{office}/board"):
        assert path in doc["paths"]


@pytest.mark.postgres
def test_the_whole_flow_on_postgres(pg_office):
    client = pg_office.app.test_client()
    res = issue(client, pg_office)
    assert res.status_code == 201 and res.json["code"] == "A001"
    prio = issue(client, pg_office, service="B", priority=True, priority_reason="lansia")
    assert prio.json["code"] == "PB001"
    h = pg_office.headers("loket4")
    called = client.post("/api/v1/counters/4/call-next", headers=h).json
    assert called["code"] == "PB001"  # the priority counter calls priority first
    for action, status in (("serve", "serving"), ("complete", "done")):
        assert client.post(f"/api/v1/tickets/{called['id']}/{action}", headers=h
                           ).json["status"] == status
    board = client.get("/api/v1/offices/demo/board").json
    assert board["recent"][0]["code"] == "PB001" and board["waiting"][0]["waiting"] == 1
    assert client.post(f"/api/v1/tickets/{called['id']}/serve", headers=h).status_code == 409


def test_openapi_describes_every_api_route(app, client):
    documented = set(client.get("/api/v1/openapi.json").json["paths"])
    routed = {
        "/" + "/".join("{" + part.split(":")[-1].strip("<>") + "}" if part.startswith("<")
                       else part for part in rule.rule.strip("/").split("/"))
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
    }
    assert routed - documented == set()
