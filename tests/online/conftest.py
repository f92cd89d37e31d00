"""Fixtures of the online-request tests (SOP 000): the public form without its fill wait,
and signed-in staff."""

from __future__ import annotations

import re

import pytest
from aiosmtpd.controller import Controller

from antrian.shared.desks import online_requests
from tests.counter.conftest import staff  # noqa: F401 (the counter's signed-in fixture)
from tests.support.servers import free_port


@pytest.fixture
def no_fill_wait(monkeypatch):
    monkeypatch.setattr(online_requests, "MIN_FILL_S", 0)


def send_form(client, **fields):
    """Post the public online form as a visitor does; returns the redirect's token."""
    page = client.get("/kiosk/demo/online").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {"form_token": token, "website": "", "service": "A", "name": "Dewi",
            "institution": "SMAN 3", "phone": "", "email": "dewi@example.org",
            "request_text": "Mohon info syarat perizinan.", **fields}
    res = client.post("/kiosk/demo/online", data=data)
    assert res.status_code == 302, res.get_data(as_text=True)
    return res.headers["Location"].rsplit("/", 1)[1]


def ticket_id_of(office, token: str) -> int:
    from sqlalchemy import select

    from antrian.shared.models import Ticket
    with office.db.read() as s:
        return s.scalar(select(Ticket.id).where(Ticket.public_token == token))


# A local SMTP server (aiosmtpd) that keeps what it receives: the answers' e-mails.
class Catcher:
    """An aiosmtpd handler that keeps what it was given."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    catcher = Catcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, catcher
    controller.stop()
