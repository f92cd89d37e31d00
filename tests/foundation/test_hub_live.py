"""The realtime hub on a live server, heard by a real python-socketio client."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests
import socketio

from antrian.shared.auth import actors
from antrian.shared.core.db import Database
from antrian.shared.tickets import lifecycle
from tests.support.servers import LiveServer


class Listener:
    """A display client that records every board and event it receives."""

    def __init__(self, url: str, on_called=None):
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                      reconnection_delay_max=0.5)
        self.boards: list[dict] = []
        self.events: list[tuple[str, dict]] = []
        self.changed = threading.Condition()
        self.url = url

        @self.client.on("board")
        def board(data):
            with self.changed:
                self.boards.append(data)
                self.changed.notify_all()

        @self.client.on("*")
        def any_event(name, data):
            if name == "ticket.called" and on_called:
                on_called(data)
            with self.changed:
                self.events.append((name, data))
                self.changed.notify_all()

    def connect(self):
        self.client.connect(self.url, auth={"office": "demo", "role": "display"},
                            transports=["websocket"], wait_timeout=10)
        return self

    def close(self) -> None:
        """Disconnect without waiting on the close handshake: websocket-client can block in it
        for minutes on a busy machine, and the server drops the socket anyway."""
        closer = threading.Thread(target=self.client.disconnect, daemon=True)
        closer.start()
        closer.join(timeout=5)

    def wait(self, predicate, timeout: float = 10.0):
        with self.changed:
            assert self.changed.wait_for(predicate, timeout), "hub event did not arrive"

    def names(self):
        return [n for n, _ in self.events]


@pytest.fixture
def server(tmp_path):
    srv = LiveServer(tmp_path / "instance").start()
    yield srv
    srv.stop()


def staff(server: LiveServer, username: str) -> requests.Session:
    http = requests.Session()
    token = server.cli("token", "create", "--user", username).strip()
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def kiosk(server: LiveServer) -> requests.Session:
    http = requests.Session()
    token = server.cli("token", "create", "--office", "demo", "--kind", "kiosk").strip()
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def test_called_arrives_after_commit_with_contiguous_seq_and_resync(server):
    seen_status = []

    def on_called(data):
        # Asked from inside the event handler: the call must already be committed.
        body = requests.get(f"{server.url}/api/v1/offices/demo/board", timeout=5).json()
        recent = [r["code"] for r in body["recent"]]
        seen_status.append((data["ticket"]["code"], data["ticket"]["code"] in recent,
                            body["seq"] >= data["seq"]))

    listener = Listener(server.url, on_called).connect()
    listener.wait(lambda: listener.boards)
    start_seq = listener.boards[0]["seq"]

    k, loket = kiosk(server), staff(server, "loket1")
    for _ in range(3):
        assert k.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": "A"}
                      ).status_code == 201
    for _ in range(3):
        ticket = loket.post(f"{server.url}/api/v1/counters/1/call-next").json()
        loket.post(f"{server.url}/api/v1/tickets/{ticket['id']}/serve")
        loket.post(f"{server.url}/api/v1/tickets/{ticket['id']}/complete")
    listener.wait(lambda: listener.names().count("ticket.called") == 3
                  and listener.names().count("ticket.updated") == 6)

    assert sorted(seen_status) == [("A001", True, True), ("A002", True, True),
                                   ("A003", True, True)]
    # python-socketio's client runs each message's handler on its own thread, so arrival
    # order is not recorded order; what must hold is that no seq is missing or repeated.
    seqs = sorted(d["seq"] for _, d in listener.events)
    assert seqs == list(range(start_seq + 1, start_seq + 1 + len(seqs)))
    called = [d for n, d in listener.events if n == "ticket.called"][0]
    assert called["announcement"]["id"]["text"] == (
        "Nomor antrian A nol nol satu, silakan menuju loket satu")
    assert "office" in called and called["ticket"]["counter"]["number"] == 1

    # A reconnect (the server sees a new connection) brings the snapshot again, at the seq
    # the client last saw.
    listener.close()
    again = Listener(server.url).connect()
    again.wait(lambda: again.boards)
    assert again.boards[0]["seq"] == seqs[-1]
    recent = [r["code"] for r in again.boards[0]["recent"]]
    assert recent[:3] == ["A003", "A002", "A001"]
    again.close()


def test_a_server_restart_is_followed_by_a_new_snapshot(server):
    listener = Listener(server.url).connect()
    listener.wait(lambda: listener.boards)
    server.stop()
    # Issued while the server is down (straight into its database): no event can reach the
    # client, so only the snapshot after reconnecting can tell it.
    db = Database(f"sqlite:///{server.instance / 'antrian.db'}")
    lifecycle.issue_ticket(db, "demo", lifecycle.IssueRequest(service="B"),
                       actors.Actor(kind="kiosk", office_id=1))
    db.dispose()
    server.start()
    listener.wait(lambda: any(w["service"] == "B" and w["waiting"] == 1
                              for w in listener.boards[-1]["waiting"]), timeout=30)
    assert len(listener.boards) >= 2
    listener.close()


def test_refused_without_office_or_with_a_foreign_ticket(server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth={"role": "display"}, transports=["websocket"])
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth={"office": "demo", "role": "ticket", "ticket": "x"},
                       transports=["websocket"])
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth={"office": "demo", "role": "counter",
                                         "token": "bad"}, transports=["websocket"])


@pytest.mark.redis
def test_an_event_from_one_process_reaches_a_client_of_another(tmp_path, redis_url):
    env = {"REDIS_URL": redis_url, "REDIS_CHANNEL": f"antrian-test-{uuid.uuid4().hex[:8]}"}
    first = LiveServer(tmp_path / "shared", env=env).start()
    second = LiveServer(tmp_path / "shared", env=env).start()  # same database, other process
    try:
        listener = Listener(second.url).connect()
        listener.wait(lambda: listener.boards)
        time.sleep(0.5)  # let the second process's Redis subscription settle
        k = kiosk(first)
        assert k.post(f"{first.url}/api/v1/offices/demo/tickets", json={"service": "C"}
                      ).status_code == 201
        listener.wait(lambda: "ticket.issued" in listener.names())
        issued = dict(listener.events)["ticket.issued"]
        assert issued["ticket"]["code"] == "C001"
        listener.close()
    finally:
        first.stop()
        second.stop()


def test_a_sync_mid_stream_never_goes_back_and_loses_nothing(server):
    """A socket that asks for the snapshot again while events flow gets one at least as new as
    every event it heard, then the events after it, each once."""
    from tests.support.board_socket import BoardSocket

    board = BoardSocket(server.url).start()
    k = kiosk(server)
    stop = threading.Event()

    def issue_steadily():
        while not stop.is_set():
            k.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": "A"}, timeout=10)

    issuer = threading.Thread(target=issue_steadily)
    try:
        assert board.wait(lambda b: b.snapshots())
        issuer.start()
        for n in range(2, 7):
            time.sleep(0.3)
            board.send("sync")
            assert board.wait(lambda b, n=n: len(b.snapshots()) >= n), board.error
        stop.set()
        issuer.join()
        seq = requests.get(f"{server.url}/api/v1/offices/demo/board", timeout=5).json()["seq"]
        assert board.wait(lambda b: b.last_seq == seq)
        assert board.stream_problems() == []
        issued = [p.data["ticket"]["code"] for p in board.packets if p.name == "ticket.issued"]
        assert len(issued) == len(set(issued))  # none twice, even across the snapshots
        assert board.resyncs == 5
    finally:
        stop.set()
        board.close()
