"""The hub's publisher sends committed events after the reply, in seq order."""

from __future__ import annotations

import threading


def test_the_reply_to_call_next_does_not_wait_for_the_sockets(office, client, monkeypatch):
    hub = office.app.extensions["antrian.hub"]
    sent: list[tuple[str, int | None]] = []
    done = threading.Condition()
    network_free = threading.Event()

    def stuck_emit(name, data=None, to=None, **_kw):  # screens behind a network that hangs
        network_free.wait(30)  # until the test frees it (a reply that waited: 30 s, then fails)
        with done:
            sent.append((name, data.get("seq") if isinstance(data, dict) else None))
            done.notify_all()

    def call_cycle() -> None:
        assert client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                           headers=office.headers("kiosk")).status_code == 201
        r = client.post("/api/v1/counters/1/call-next", headers=office.headers("loket1"))
        assert r.status_code == 200
        for action in ("serve", "complete"):
            assert client.post(f"/api/v1/tickets/{r.json['id']}/{action}",
                               headers=office.headers("loket1")).status_code == 200

    call_cycle()  # warm: the first request of an app pays for imports and caches
    monkeypatch.setattr(hub.socketio.server, "emit", stuck_emit)
    hub.start()
    for _ in range(3):
        call_cycle()
        with done:  # every reply came back while the first send was still stuck
            assert sent == []
    network_free.set()
    with done:
        assert done.wait_for(lambda: [n for n, _ in sent].count("ticket.called") == 3, 60)
    seqs = [seq for _, seq in sent if seq is not None]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
