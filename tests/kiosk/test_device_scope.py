"""A device token reaches exactly what its device needs: a kiosk issues kiosk tickets and
reads its own office's menu, never printer addresses or counter rooms; a print agent never
joins a counter room. `compensation` tickets come from no caller of the ticket API."""

from __future__ import annotations

import pytest

from antrian.shared.auth import actors
from tests.counter.conftest import other_office  # noqa: F401 - a fixture


def issue(client, headers, channel):
    return client.post("/api/v1/offices/demo/tickets", headers=headers,
                       json={"service": "A", "channel": channel})


@pytest.mark.parametrize("channel", ["reception", "online", "phone", "compensation"])
def test_a_kiosk_token_issues_kiosk_tickets_only(client, office, channel):
    res = issue(client, office.headers("kiosk"), channel)
    assert res.status_code == 403 and res.json["error"]["code"] == "channel_forbidden"
    assert issue(client, office.headers("kiosk"), "kiosk").status_code == 201


@pytest.mark.parametrize("who", ["admin", "resepsionis", "loket1"])
def test_nobody_issues_compensation_tickets_through_the_api(client, office, who):
    res = issue(client, office.headers(who), "compensation")
    assert res.status_code == 403 and res.json["error"]["field"] == "channel"


def test_staff_channels_follow_the_role(client, office):
    assert issue(client, office.headers("resepsionis"), "reception").status_code == 201
    assert issue(client, office.headers("resepsionis"), "online").status_code == 403
    assert issue(client, office.headers("admin"), "online").status_code == 201


def test_a_kiosk_cannot_read_printer_addresses(client, office):
    url = "/api/v1/offices/demo/printers"
    assert client.get(url, headers=office.headers("kiosk")).status_code == 403
    assert client.get(url, headers=office.headers("resepsionis")).status_code == 200


def test_a_kiosk_reads_its_own_menu_only(client, office, other_office):  # noqa: F811
    with office.db.write() as s:
        elsewhere = actors.create_device_token(s, "lain", "kiosk", "Kios lain")
    other = {"Authorization": f"Bearer {elsewhere}"}
    assert client.get("/api/v1/offices/lain/kiosk", headers=other).status_code == 200
    res = client.get("/api/v1/offices/demo/kiosk", headers=other)
    assert res.status_code == 403 and res.json["error"]["code"] == "wrong_office"
    assert client.get("/api/v1/offices/demo/kiosk").status_code == 200  # public, no token


def connects(office, **auth_data) -> bool:
    hub = office.app.extensions["antrian.hub"]
    socket = hub.socketio.test_client(office.app, auth={"office": "demo", **auth_data})
    try:
        return socket.is_connected()
    finally:
        if socket.is_connected():
            socket.disconnect()


def test_devices_never_join_counter_rooms(office):
    with office.db.write() as s:
        agent = actors.create_device_token(s, "demo", "print_agent", "Agen")
    kiosk = office.kiosk_token
    assert not connects(office, role="counter", counter=1, token=kiosk)
    assert not connects(office, role="counter", token=kiosk)
    assert not connects(office, role="counter", counter=1, token=agent)
    assert connects(office, role="kiosk", token=kiosk)
    assert connects(office, role="print_agent", token=agent)
    assert connects(office, role="counter", counter=1, token=office.tokens["loket1"])
    assert not connects(office, role="counter", counter=1, token=office.tokens["admin"])
