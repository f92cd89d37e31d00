"""Who hears and reads the breaches: the `supervisor` socket (coordinator, head and
administrator, by token or login), API v1's list, and the live view `/admin/live`."""

from __future__ import annotations

import time

from tests.breaches.conftest import DAY, scan_at
from tests.support.factories import OTHER_PASSWORD, second_office, sign_in


def hub_client(office, role: str, who: str | None = None, **extra):
    hub = office.app.extensions["antrian.hub"]
    auth = {"office": "demo", "role": role, **extra}
    if who:
        auth["token"] = office.kiosk_token if who == "kiosk" else office.tokens[who]
    return hub.socketio.test_client(office.app, auth=auth)


def heard(client, name: str, timeout: float = 5.0) -> list[dict]:
    """The `name` messages the hub's publisher has sent this client, waiting up to `timeout`
    for the first (it sends off the commit, a moment later)."""
    deadline = time.monotonic() + timeout
    got: list[dict] = []
    while True:
        got += [m for m in client.get_received() if m["name"] == name]
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.02)


def test_supervisor_sockets_hear_breaches_and_boards_do_not(client, office, desk):
    office.app.extensions["antrian.hub"].start()  # the publisher, as start_background does
    head = hub_client(office, "supervisor", "kepala")
    coordinator = hub_client(office, "supervisor", "koordinator")
    admin = hub_client(office, "supervisor", "admin")
    board = hub_client(office, "display")
    staff_console = hub_client(office, "counter", "loket1", counter=1)
    for listener in (head, coordinator, admin, board, staff_console):
        assert listener.is_connected()
    for refused in ("loket1", "backoffice", "resepsionis", "kiosk"):
        assert not hub_client(office, "supervisor", refused).is_connected(), refused
    assert not hub_client(office, "supervisor").is_connected()  # nobody signed in
    signed = office.app.test_client()  # a coordinator's browser: the login, no token
    res, _ = sign_in(signed, "koordinator", office.passwords["koordinator"])
    assert res.status_code == 302
    by_login = office.app.extensions["antrian.hub"].socketio.test_client(
        office.app, auth={"office": "demo", "role": "supervisor"}, flask_test_client=signed)
    assert by_login.is_connected()
    for listener in (head, coordinator, admin, board, staff_console, by_login):
        listener.get_received()  # the snapshot on connect

    tid = desk.issue(f"{DAY} 08:00")
    assert scan_at(desk, f"{DAY} 08:03:05") == [(tid, "wait")]
    for listener in (head, coordinator, admin, by_login):
        got = heard(listener, "sla.breached")
        assert len(got) == 1, got
        assert got[0]["args"][0]["ticket"] == tid and got[0]["args"][0]["elapsed_s"] == 185
    for outsider in (board, staff_console):
        assert heard(outsider, "sla.breached", timeout=0.5) == []


def test_the_breaches_api_lists_a_period_for_supervisors_only(client, office, desk):
    second = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:02")
    tid = desk.issue(f"{DAY} 08:00")
    assert sorted(scan_at(desk, f"{DAY} 08:10")) == [(second, "call"), (tid, "wait")]
    url = "/api/v1/offices/demo/breaches"
    res = client.get(f"{url}?from={DAY}&to={DAY}", headers=office.headers("kepala"))
    assert res.status_code == 200, res.json
    assert (res.json["from"], res.json["to"], res.json["office"]) == (DAY, DAY, "demo")
    got = [(b["ticket"], b["step"], b["standard_s"], b["elapsed_s"], b["counter"])
           for b in res.json["breaches"]]
    assert sorted(got) == [(second, "call", 180, 480, "Loket 1"), (tid, "wait", 180, 600, None)]
    assert client.get(url, headers=office.headers("koordinator")).json["breaches"]  # today
    assert client.get(f"{url}?from=2026-11-03", headers=office.headers("admin")).json[
        "breaches"] == []
    assert client.get(f"{url}?from=2026-11-01&to=2026-11-01",
                      headers=office.headers("admin")).json["breaches"] == []
    for who, status in (("loket1", 403), ("backoffice", 403), ("kiosk", 403)):
        assert client.get(url, headers=office.headers(who)).status_code == status, who
    assert client.get(url).status_code == 401
    for query, field in (("from=2026-13-01", "from"), ("from=2026-11-03&to=2026-11-02", "to"),
                         ("from=2025-01-01&to=2026-11-02", "to")):
        res = client.get(f"{url}?{query}", headers=office.headers("kepala"))
        assert res.status_code == 400 and res.json["error"]["field"] == field, query
    with office.db.write() as s:
        second_office(s, {"lainkepala": ["head"]})
    other = office.app.test_client()
    sign_in(other, "lainkepala", OTHER_PASSWORD)
    assert other.get(url).status_code == 403  # another office's head


def test_the_live_view_shows_the_office_as_it_is(client, office, desk):
    at_counter = desk.visit(1, f"{DAY} 08:01", f"{DAY} 08:02", f"{DAY} 08:03")
    asked = desk.visit(2, f"{DAY} 08:04", f"{DAY} 08:05", f"{DAY} 08:06")
    desk.escalate(asked, 2, f"{DAY} 08:07")
    waiting = desk.issue(f"{DAY} 08:08")
    # Thursday 09:00: 47 h 20 of its 48 working hours gone by Monday 08:20, near its due time
    online = desk.online_request("2026-10-29 09:00")
    scan_at(desk, f"{DAY} 08:20")
    res, _ = sign_in(client, "kepala", office.passwords["kepala"])
    page = client.get("/admin/live")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-office="demo"' in html and "Pantauan langsung" in html
    section = {name: html.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]
               for name in ("waits", "overdue", "escalations", "online", "counters")}
    over = 'class="age over"'
    assert "A003" in section["waits"] and over in section["waits"]  # 12 of 3 minutes
    # 17 minutes of a 13-minute service at Loket 1
    assert "A001" in section["overdue"] and "Loket 1" in section["overdue"] and over in section[
        "overdue"]
    assert "A001" in section["counters"]
    assert "A002" in section["escalations"] and 'data-step="back_office"' in section[
        "escalations"]
    assert 'data-step="online_days"' in section["online"] and 'class="age over"' not in section[
        "online"]
    breaches = html.split('id="breach-list"', 1)[1].split("</ol>", 1)[0]
    assert breaches.count("<li") == 3  # the wait, the service and the back office
    assert waiting and at_counter and online
    sign_in(client, "loket1", office.passwords["loket1"])
    assert client.get("/admin/live").status_code == 403


def test_a_counter_shows_who_sits_there(client, office, desk):
    desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01")
    sign_in(client, "koordinator", office.passwords["koordinator"])
    html = client.get("/admin/live").get_data(as_text=True)
    row = html.split('data-counter="1"', 1)[1].split("</tr>", 1)[0]
    assert "Petugas Loket 1" in row  # the demo's loket1 sits at counter 1
    assert "A001" in row and "Dipanggil sampai dilayani" in row
    free = html.split('data-counter="2"', 1)[1].split("</tr>", 1)[0]
    assert "Petugas Loket 2" in free and "kosong" in free
