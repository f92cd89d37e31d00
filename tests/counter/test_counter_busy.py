"""A counter has one visitor at a time: resuming a held ticket while another is called there
is refused by the database's index with a clean 409, never a second active ticket."""

from __future__ import annotations


def test_resuming_a_held_ticket_at_a_busy_counter_is_a_clean_409(client, office):
    kiosk, staff = office.headers("kiosk"), office.headers("loket1")
    for _ in range(2):
        assert client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                           headers=kiosk).status_code == 201
    first = client.post("/api/v1/counters/1/call-next", headers=staff).json
    for action in ("serve", "hold"):
        assert client.post(f"/api/v1/tickets/{first['id']}/{action}",
                           headers=staff).status_code == 200
    second = client.post("/api/v1/counters/1/call-next", headers=staff)
    assert second.status_code == 200
    res = client.post(f"/api/v1/tickets/{first['id']}/resume", headers=staff)
    assert res.status_code == 409 and res.json["error"]["code"] == "counter_busy"
    assert client.get(f"/api/v1/tickets/{second.json['id']}/complete").status_code == 405
    # Once the other visitor is done, the held one is served again.
    for action in ("serve", "complete"):
        assert client.post(f"/api/v1/tickets/{second.json['id']}/{action}",
                           headers=staff).status_code == 200
    assert client.post(f"/api/v1/tickets/{first['id']}/resume", headers=staff).status_code == 200
