"""Helpers for the administration-home tests: signed-in sessions, ids, a second office."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from antrian.shared.auth.accounts import add_user
from antrian.shared.models import Counter, DeviceToken, Office, Service
from tests.support.factories import OTHER_PASSWORD, second_office, sign_in


@pytest.fixture
def signed_in(client, office):
    """signed_in('admin') -> the CSRF token of a fresh browser session for that demo user."""
    def _as(username: str, password: str | None = None) -> str:
        res, csrf = sign_in(client, username, password or office.passwords[username])
        assert res.status_code == 302, res.get_data(as_text=True)
        return csrf
    return _as


@pytest.fixture
def coordinator(office) -> str:
    with office.db.write() as s:
        # not "koordinator": the demo office seeds that one (SOP 004's coordinator)
        add_user(s, "koordinator2", OTHER_PASSWORD, ["coordinator"], "demo")
    return "koordinator2"


@pytest.fixture
def other_admin(office) -> str:
    """The administrator of a second office, 'lain', with a counter and a kiosk of its own."""
    with office.db.write() as s:
        second_office(s, {"lainadmin": ["admin"]}, counter_name="Loket Lain",
                      counter_serves_a=False)
    return "lainadmin"


def counter_id(office, number: int) -> int:
    with office.db.read() as s:
        return s.scalar(select(Counter.id).join(Office).where(Office.code == "demo",
                                                              Counter.number == number))


def counter_open(office, number: int) -> bool:
    with office.db.read() as s:
        return s.get(Counter, counter_id(office, number)).is_open


def service_row(office, prefix: str) -> tuple[int, bool]:
    with office.db.read() as s:
        svc = s.scalar(select(Service).join(Office).where(Office.code == "demo",
                                                          Service.prefix == prefix))
        return svc.id, svc.active


def demo_kiosk_id(office) -> int:
    with office.db.read() as s:
        return s.scalar(select(DeviceToken.id).where(DeviceToken.kind == "kiosk"))


def device_count(office) -> int:
    with office.db.read() as s:
        return len(s.scalars(select(DeviceToken.id).where(DeviceToken.kind == "kiosk")).all())


def pairing_link(html: str) -> str:
    return re.search(r'id="pair-link" href="([^"]+)"', html).group(1)
