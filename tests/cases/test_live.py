"""Case events reach the coordinator's and the head's screens live through the hub's private
`cases:` room, and nobody else's."""

from __future__ import annotations

import time
from datetime import timedelta

from antrian.app import check_overdue_cases
from antrian.shared.core import clock
from antrian.shared.models import Case


def hub_client(office, role: str, who: str | None = None):
    hub = office.app.extensions["antrian.hub"]
    auth = {"office": "demo", "role": role}
    if who:
        auth["token"] = office.tokens[who]
    return hub.socketio.test_client(office.app, auth=auth)


def received(client, timeout: float = 5.0) -> list[dict]:
    """What the hub's publisher task has sent this client by now (it sends off the request
    path, so the messages come a moment after the commit)."""
    deadline = time.monotonic() + timeout
    while True:
        got = client.get_received()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.02)


def names(client, timeout: float = 5.0) -> list[str]:
    return [m["name"] for m in received(client, timeout)]


def test_overdue_reaches_coordinator_and_head_not_boards_or_staff(client, office, low_case):
    case_id, _, _ = low_case
    office.app.extensions["antrian.hub"].start()  # the publisher, as start_background does
    head = hub_client(office, "cases", "kepala")
    coordinator = hub_client(office, "cases", "koordinator")
    board = hub_client(office, "display")
    assert head.is_connected() and coordinator.is_connected() and board.is_connected()
    for refused in ("loket1", "backoffice", "kiosk"):
        if refused == "kiosk":
            intruder = office.app.extensions["antrian.hub"].socketio.test_client(
                office.app, auth={"office": "demo", "role": "cases",
                                  "token": office.kiosk_token})
        else:
            intruder = hub_client(office, "cases", refused)
        assert not intruder.is_connected(), refused
    assert not hub_client(office, "cases").is_connected()  # anonymous
    for listener in (head, coordinator, board):
        listener.get_received()  # the snapshot on connect

    with office.db.write() as s:
        s.get(Case, case_id).due_at = clock.now() - timedelta(minutes=1)
    assert check_overdue_cases(office.db) == 1
    for listener in (head, coordinator):
        got = received(listener)
        assert [m["name"] for m in got] == ["case.overdue"]
        assert got[0]["args"][0]["case"]["id"] == case_id
    assert "case.overdue" not in names(board, timeout=0.5)

    res = client.post(f"/api/v1/cases/{case_id}/hearing", json={"notes": "Didengar."},
                      headers=office.headers("koordinator"))
    assert res.status_code == 200 and res.json["overdue"] is True
    assert names(head) == ["case.updated"]
    assert "case.updated" not in names(board, timeout=0.5)
