"""Helpers for the desk tests: browser-session sign-in and a second office."""

from __future__ import annotations

import re

import pytest

from antrian.shared.auth.accounts import add_user
from antrian.shared.models import Counter, CounterService, Office, OfficeSettings, Service


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


@pytest.fixture
def staff(client, office):
    """A signed-in browser session for a demo user: staff('loket1') -> headers with CSRF."""
    def _as(username: str) -> dict[str, str]:
        res, csrf = sign_in(client, username, office.passwords[username])
        assert res.status_code == 302, res.get_data(as_text=True)
        return {"X-CSRF-Token": csrf}
    return _as


@pytest.fixture
def other_office(office):
    """A second office, 'lain', with one service, one counter and a front-office user."""
    with office.db.write() as s:
        other = Office(code="lain", name="Kantor Lain", settings_json=OfficeSettings().to_json())
        s.add(other)
        s.flush()
        svc = Service(office_id=other.id, prefix="A", name_id="Informasi", name_en="Info")
        s.add(svc)
        s.flush()
        ctr = Counter(office_id=other.id, number=1, name="Loket 1", kind="regular")
        ctr.service_links = [CounterService(service_id=svc.id, position=0)]
        s.add(ctr)
        add_user(s, "lainloket", "rahasia-123", ["front_office"], "lain")
        add_user(s, "lainbo", "rahasia-123", ["back_office"], "lain")
        s.flush()
        return {"office_id": other.id, "counter_id": ctr.id}
