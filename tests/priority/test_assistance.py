"""SOP 002's escort desk: a visitor who needs a wheelchair or an escort raises a request with
their ticket; a guard acknowledges it (one guard only, decided in the database) and marks it
done; the counters see that help is on the way. Nothing of it reaches the public board."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select, update

from antrian.shared.auth import actors
from antrian.shared.core.errors import Conflict
from antrian.shared.desks import assistance
from antrian.shared.models import AssistanceRequest, Counter
from antrian.shared.tickets import lifecycle


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request):
    return request.getfixturevalue("office" if request.param == "sqlite" else "pg_office")


def kiosk_issue(client, office, assist: str | None = "wheelchair", **extra) -> dict:
    body = {"service": "A", "priority": True, "priority_reason": "disabilitas",
            "assistance": assist, **extra}
    res = client.post("/api/v1/offices/demo/tickets", json=body, headers=office.headers("kiosk"))
    assert res.status_code == 201, res.json
    return res.json


def listing(client, office, who: str = "satpam"):
    return client.get("/api/v1/offices/demo/assistance", headers=office.headers(who))


def actor(office, who: str) -> actors.Actor:
    with office.db.write() as s:
        return actors.actor_for_bearer(s, office.tokens[who])


# ---------------------------------------------------------------- request, acknowledge, done


def test_a_kiosk_wheelchair_request_reaches_the_escort_desk_and_is_acknowledged_once(
        client, office):
    ticket = kiosk_issue(client, office)
    assert "assistance" not in ticket and "wheelchair" not in str(ticket)  # a public reply
    rows = listing(client, office).json["requests"]
    assert [(r["code"], r["kind"], r["status"]) for r in rows] == [
        (ticket["code"], "wheelchair", "open")]
    request_id = rows[0]["id"]
    assert rows[0]["kind_label"] == {"id": "Kursi roda", "en": "Wheelchair"}
    assert rows[0]["overdue"] is False and rows[0]["due_at"] > rows[0]["requested_at"]

    ack = client.post(f"/api/v1/assistance/{request_id}/acknowledge",
                      headers=office.headers("satpam"))
    assert ack.status_code == 200 and ack.json["status"] == "acknowledged"
    assert ack.json["acknowledged_by"] == "Petugas Keamanan" and ack.json["acknowledged_at"]

    again = client.post(f"/api/v1/assistance/{request_id}/acknowledge",
                        headers=office.headers("koordinator"))
    assert again.status_code == 409
    assert again.json["error"]["code"] == "already_acknowledged"
    assert "Petugas Keamanan" in again.json["error"]["message"]

    done = client.post(f"/api/v1/assistance/{request_id}/done", headers=office.headers("satpam"))
    assert done.status_code == 200 and done.json["status"] == "done" and done.json["done_at"]
    assert listing(client, office).json["requests"] == []  # done leaves the list
    twice = client.post(f"/api/v1/assistance/{request_id}/done", headers=office.headers("satpam"))
    assert twice.status_code == 409 and twice.json["error"]["code"] == "already_done"


def test_done_needs_an_acknowledgement_and_unknown_requests_are_404(client, office):
    kiosk_issue(client, office, "escort")
    request_id = listing(client, office).json["requests"][0]["id"]
    early = client.post(f"/api/v1/assistance/{request_id}/done", headers=office.headers("satpam"))
    assert early.status_code == 409 and early.json["error"]["code"] == "not_acknowledged"
    assert client.post("/api/v1/assistance/99999/acknowledge",
                       headers=office.headers("satpam")).status_code == 404


def test_who_may_use_the_escort_desk(client, office):
    kiosk_issue(client, office)
    assert listing(client, office, "koordinator").status_code == 200
    for refused in ("loket1", "resepsionis", "kepala"):
        assert listing(client, office, refused).status_code == 403, refused
    assert listing(client, office, "kiosk").status_code == 403
    assert client.get("/api/v1/offices/demo/assistance").status_code == 401
    request_id = listing(client, office).json["requests"][0]["id"]
    res = client.post(f"/api/v1/assistance/{request_id}/acknowledge",
                      headers=office.headers("loket1"))
    assert res.status_code == 403


def test_kinds_are_checked_and_reception_and_needs_assistance_ask_for_an_escort(client, office):
    bad = client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                      json={"service": "A", "assistance": "helicopter"})
    assert bad.status_code == 400 and bad.json["error"]["field"] == "assistance"
    plain = client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                        json={"service": "A", "needs_assistance": True})
    assert plain.status_code == 201
    res = client.post("/api/v1/offices/demo/reception/tickets", headers=office.headers(
        "resepsionis"), json={"service": "B", "priority": True, "priority_reason": "lansia",
                              "needs_assistance": True, "visitor": {"name": "Bu Sri"}})
    assert res.status_code == 201
    rows = listing(client, office).json["requests"]
    assert [(r["code"], r["kind"]) for r in rows] == [(plain.json["code"], "escort"),
                                                      (res.json["code"], "escort")]
    assert "Sri" not in str(rows)  # the escort desk needs the number, not the name
    chair = client.post("/api/v1/offices/demo/reception/tickets", headers=office.headers(
        "resepsionis"), json={"service": "C", "priority": True, "priority_reason": "lansia",
                              "needs_assistance": True, "assistance": "wheelchair"})
    assert chair.status_code == 201
    # a regular ticket with no help asked raises nothing
    client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                json={"service": "A"})
    rows = listing(client, office).json["requests"]
    assert [r["kind"] for r in rows] == ["escort", "escort", "wheelchair"]


def test_two_guards_acknowledging_at_once_one_wins_the_other_gets_409(demo):
    """The acknowledge race, decided by the guarded UPDATE (on PostgreSQL both transactions
    really run together: the second waits on the row, then finds it taken)."""
    guards = [actor(demo, "satpam"), actor(demo, "koordinator")]
    kiosk = actors.actor_for_bearer
    with demo.db.write() as s:
        kiosk_actor = kiosk(s, demo.kiosk_token)
    for round_ in range(3):
        req = lifecycle.IssueRequest(service="A", priority=True, priority_reason="lansia",
                                     assistance="escort")
        ticket = lifecycle.issue_ticket(demo.db, "demo", req, kiosk_actor).ticket
        with demo.db.read() as s:
            request_id = s.scalar(select(AssistanceRequest.id)
                                  .where(AssistanceRequest.ticket_id == ticket.id))
        outcomes = _race(demo, request_id, guards)
        assert sorted(outcomes) == ["409", "won"], (round_, outcomes)
        with demo.db.read() as s:
            row = s.get(AssistanceRequest, request_id)
            assert row.status == "acknowledged" and row.acknowledged_by_id in {
                g.user_id for g in guards}


def _race(office, request_id: int, guards: list[actors.Actor]) -> list[str]:
    start = threading.Barrier(len(guards))
    outcomes: list[str] = []

    def press(guard):
        start.wait()
        try:
            assistance.acknowledge(office.db, request_id, guard)
            outcomes.append("won")
        except Conflict as exc:
            assert exc.status == 409 and exc.code == "already_acknowledged"
            outcomes.append("409")

    threads = [threading.Thread(target=press, args=(g,)) for g in guards]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


# ---------------------------------------------------------------- the counter sees it


def test_the_console_shows_help_on_the_way_once_acknowledged(client, office):
    ticket = kiosk_issue(client, office)
    waiting = client.get("/api/v1/counters/4/console", headers=office.headers("loket4")).json
    mine = next(w for w in waiting["waiting"] if w["id"] == ticket["id"])
    assert mine["assistance"]["status"] == "open"
    called = client.post("/api/v1/counters/4/call-next", headers=office.headers("loket4"))
    assert called.json["id"] == ticket["id"]
    state = client.get("/api/v1/counters/4/console", headers=office.headers("loket4")).json
    assert state["current"]["assistance"] == {
        "kind": "wheelchair", "kind_label": {"id": "Kursi roda", "en": "Wheelchair"},
        "status": "open", "acknowledged_at": None}
    request_id = listing(client, office).json["requests"][0]["id"]
    client.post(f"/api/v1/assistance/{request_id}/acknowledge", headers=office.headers("satpam"))
    state = client.get("/api/v1/counters/4/console", headers=office.headers("loket4")).json
    assert state["current"]["assistance"]["status"] == "acknowledged"
    rows = listing(client, office).json["requests"]
    assert rows[0]["counter"]["number"] == 4 and rows[0]["ticket_status"] == "called"


# ---------------------------------------------------------------- the hub


def hub_client(office, role: str, who: str | None = None, **extra):
    hub = office.app.extensions["antrian.hub"]
    auth = {"office": "demo", "role": role, **extra}
    if who:
        auth["token"] = office.kiosk_token if who == "kiosk" else office.tokens[who]
    return hub.socketio.test_client(office.app, auth=auth)


def heard(client, timeout: float = 5.0, want: str | None = None) -> list[dict]:
    """What the publisher has sent this client by now (it sends off the request path)."""
    deadline = time.monotonic() + timeout
    got: list[dict] = []
    while time.monotonic() < deadline:
        got += client.get_received()
        if want is None and got or want in [m["name"] for m in got]:
            break
        time.sleep(0.02)
    return got


def test_escort_room_and_counters_hear_it_boards_and_status_pages_do_not(client, office):
    office.app.extensions["antrian.hub"].start()
    desk = hub_client(office, "escort", "satpam")
    assert desk.is_connected()
    for refused in ("loket1", "resepsionis", "kiosk", None):
        assert not hub_client(office, "escort", refused).is_connected(), refused
    with office.db.read() as s:
        loket4 = s.scalar(select(Counter.id).where(Counter.number == 4))
    console = hub_client(office, "counter", "loket4", counter=loket4)
    board = hub_client(office, "display")
    assert console.is_connected() and board.is_connected()
    for listener in (desk, console, board):
        listener.get_received()  # the snapshot on connect

    ticket = kiosk_issue(client, office)
    status_page = hub_client(office, "ticket", ticket=ticket["token"])
    assert status_page.is_connected()
    status_page.get_received()
    got = heard(desk, want="assistance.requested")
    requested = next(m for m in got if m["name"] == "assistance.requested")
    assert requested["args"][0]["assistance"] == {
        "id": requested["args"][0]["assistance"]["id"], "ticket_id": ticket["id"],
        "code": ticket["code"], "kind": "wheelchair", "status": "open"}
    assert "assistance.requested" in [m["name"] for m in heard(console,
                                                               want="assistance.requested")]

    request_id = requested["args"][0]["assistance"]["id"]
    client.post(f"/api/v1/assistance/{request_id}/acknowledge", headers=office.headers("satpam"))
    acked = [m for m in heard(console, want="assistance.acknowledged")
             if m["name"] == "assistance.acknowledged"]
    assert acked and acked[0]["args"][0]["assistance"]["status"] == "acknowledged"
    assert "assistance.acknowledged" in [m["name"] for m in heard(
        desk, want="assistance.acknowledged")]

    # the public screens heard the ticket (issued) and nothing of the need
    for public in (board, status_page):
        text = str(heard(public, timeout=0.5))
        assert "assistance" not in text and "wheelchair" not in text
    snapshot = client.get("/api/v1/offices/demo/board").get_data(as_text=True)
    public = client.get(f"/api/v1/tickets/{ticket['token']}").get_data(as_text=True)
    for text in (snapshot, public):
        assert "assistance" not in text and "wheelchair" not in text


def test_a_counter_not_serving_the_service_is_not_told(client, office):
    """Events go to the counters that may serve the ticket (and the one it is at) only."""
    with office.db.write() as s:
        s.execute(update(Counter).where(Counter.number == 2).values(is_open=False))
        two = s.scalar(select(Counter).where(Counter.number == 2))
        two.service_links = [link for link in two.service_links
                             if link.service.prefix != "A"]
        two_id = two.id
    office.app.extensions["antrian.hub"].start()
    console = hub_client(office, "counter", "loket2", counter=two_id)
    console.get_received()
    kiosk_issue(client, office)
    assert "assistance.requested" not in [m["name"] for m in heard(console, timeout=0.5)]
