"""Input no database could store is refused at the door, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from antrian.shared.models import Ticket


def count_tickets(office) -> int:
    with office.db.read() as s:
        return s.scalar(select(func.count(Ticket.id)))


@pytest.mark.parametrize("body", [
    '{"service": "A", "idempotency_key": "abcdefgh\\u0000"}',
    '{"service": "A\\u0000"}',
])
def test_nul_in_json_is_refused_and_nothing_stored(client, office, body):
    res = client.post("/api/v1/offices/demo/tickets", data=body,
                      headers={**office.headers("kiosk"), "Content-Type": "application/json"})
    assert res.status_code == 400 and res.json["error"]["code"] == "invalid_input"
    assert count_tickets(office) == 0


def test_nul_in_path_query_or_form_is_refused(client):
    assert client.get("/api/v1/tickets/a%00b").status_code == 400
    assert client.get("/api/v1/offices/demo/board?x=%00").status_code == 400
    assert client.post("/counter/login", data={"username": "a\x00"}).status_code == 400


@pytest.mark.parametrize("path", [
    "/api/v1/counters/99999999999999999999/call-next",
    "/api/v1/tickets/9223372036854775808/serve",
    "/api/v1/counters/2147483648/recall",
])
def test_ids_beyond_any_row_are_404_not_500(client, office, path):
    assert client.post(path, headers=office.headers()).status_code == 404


def test_numbers_beyond_the_column_are_400(client, office):
    h = office.headers()
    client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                headers=office.headers("kiosk"))
    tid = client.post("/api/v1/counters/1/call-next", headers=h).json["id"]
    client.post(f"/api/v1/tickets/{tid}/serve", headers=h)
    res = client.post(f"/api/v1/tickets/{tid}/transfer", headers=h,
                      json={"service": "B", "counter": 10**30})
    assert res.status_code == 400 and res.json["error"]["field"] == "counter"


def test_a_non_ascii_csrf_token_is_refused_not_a_crash(client, office):
    with client.session_transaction() as session:
        session["_user_id"] = "3"
        session["csrf"] = "token"
    res = client.post("/api/v1/counters/1/call-next", headers={"X-CSRF-Token": "é"})
    assert res.status_code == 403 and res.json["error"]["code"] == "csrf"
    page = client.post("/counter/login", data={"username": "x", "csrf_token": "ü🙂"})
    assert page.status_code == 400
