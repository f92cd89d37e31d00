"""Test data the suites share: tickets driven through API v1, signed-in sessions, a second
office. Each goes through the same doors a real client uses (the API, the login form), so a
factory breaks when the product does, not silently."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.auth.accounts import add_user
from antrian.shared.models import (
    Counter,
    CounterService,
    Office,
    OfficeSettings,
    Service,
    Ticket,
    User,
)

OTHER_OFFICE = "lain"
OTHER_PASSWORD = "rahasia-123"


def issue_ticket(client, office, service: str = "A", **body) -> dict:
    """A ticket issued by the demo kiosk; its API JSON."""
    res = client.post("/api/v1/offices/demo/tickets", json={"service": service, **body},
                      headers=office.headers("kiosk"))
    assert res.status_code == 201, res.json
    return res.json


def serve_one(client, office, service: str = "A", counter: int = 1, *, finish: bool = True):
    """Issue a ticket and have `loket<counter>` call, serve and (optionally) complete it:
    (ticket id, public token)."""
    issued = client.post("/api/v1/offices/demo/tickets", json={"service": service},
                         headers=office.headers("kiosk"))
    assert issued.status_code == 201, issued.json
    staff = office.headers(f"loket{counter}")
    called = client.post(f"/api/v1/counters/{counter}/call-next", headers=staff)
    assert called.status_code == 200 and called.json["id"] == issued.json["id"], called.json
    tid = issued.json["id"]
    assert client.post(f"/api/v1/tickets/{tid}/serve", headers=staff).status_code == 200
    if finish:
        assert client.post(f"/api/v1/tickets/{tid}/complete", headers=staff).status_code == 200
    return tid, issued.json["token"]


def set_finished(office, ticket_id: int, moment: datetime) -> None:
    with office.db.write() as s:
        s.get(Ticket, ticket_id).finished_at = moment


def user_id(office, username: str) -> int:
    with office.db.read() as s:
        return s.scalar(select(User.id).where(User.username == username))


def sign_in(client, username: str, password: str):
    """Sign in through the login form; returns (response, csrf token of the new session)."""
    page = client.get("/counter/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    res = client.post("/counter/login", data={"username": username, "password": password,
                                              "csrf_token": csrf})
    return res, csrf_of(client)


def csrf_of(client) -> str:
    """The CSRF token of the client's current session, as its pages show it (signing in
    starts a new session with a new token)."""
    page = client.get("/counter/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def second_office(session: Session, users: dict[str, list[str]], *,
                  counter_name: str = "Loket 1", counter_serves_a: bool = True) -> dict:
    """A second office, 'lain', with service A, counter 1 and the given users (password
    OTHER_PASSWORD): {"office_id", "counter_id"}."""
    other = Office(code=OTHER_OFFICE, name="Kantor Lain",
                   settings_json=OfficeSettings().to_json())
    session.add(other)
    session.flush()
    svc = Service(office_id=other.id, prefix="A", name_id="Informasi", name_en="Info")
    session.add(svc)
    session.flush()
    ctr = Counter(office_id=other.id, number=1, name=counter_name, kind="regular")
    if counter_serves_a:
        ctr.service_links = [CounterService(service_id=svc.id, position=0)]
    session.add(ctr)
    for username, roles in users.items():
        add_user(session, username, OTHER_PASSWORD, roles, OTHER_OFFICE)
    session.flush()
    return {"office_id": other.id, "counter_id": ctr.id}
