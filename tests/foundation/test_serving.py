"""`antrian serve`'s HTTP server: gevent, no thread per connection, deadlines on reads."""

from __future__ import annotations

import signal
import socket
import time
from pathlib import Path

import pytest
import requests
import socketio

from tests.support.servers import LiveServer

HALF_SENT = b"GET /healthz HTTP/1.1\r\nHost: antrian\r\nX-Slow: "  # never finished


def threads_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no Threads line")


def closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path / "instance", env={"READ_TIMEOUT_S": "2"}).start()
    yield live
    live.stop()


def test_half_sent_requests_hold_no_threads_and_are_dropped(server):
    pid = server.proc.pid
    threads_before = threads_of(pid)
    slow = []
    try:
        for _ in range(3000):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sock.sendall(HALF_SENT)
            slow.append(sock)
        # Every one of them is pending on the server, and a visitor is still served at once.
        started = time.monotonic()
        assert requests.get(server.url + "/healthz", timeout=5).ok
        assert time.monotonic() - started < 1.0
        assert threads_of(pid) <= threads_before + 2  # a greenlet each, not a thread
        # The read deadline ends them all: nothing is held forever.
        time.sleep(3)
        for sock in slow:
            sock.settimeout(5)
        assert all(closed_by_server(sock) for sock in slow)
    finally:
        for sock in slow:
            sock.close()


def test_an_idle_kept_alive_connection_ends(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: antrian\r\n\r\n")
        reply = sock.recv(4096)
        assert reply.startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        while sock.recv(4096):  # the rest of the reply, then the end of the connection
            pass
        assert 1.5 < time.monotonic() - started < 6


def test_a_board_socket_outlives_the_read_deadline(server):
    received = []
    board = socketio.Client()
    board.on("board", lambda data: received.append(data))
    board.connect(server.url, auth={"office": "demo", "role": "display"},
                  transports=["websocket"], wait_timeout=10)
    try:
        time.sleep(4)  # twice the deadline, no message from the board
        assert board.connected
        board.emit("sync")
        deadline = time.monotonic() + 5
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(received) == 2  # the snapshot on connect, and the one asked for
    finally:
        board.disconnect()


def test_a_closed_board_socket_is_not_read_as_a_request(tmp_path):
    server = LiveServer(tmp_path / "instance").start()
    try:
        for _ in range(2):  # a TV switched off, then the same TV reloading
            board = socketio.Client()
            board.connect(server.url, auth={"office": "demo", "role": "display"},
                          transports=["websocket"], wait_timeout=10)
            board.disconnect()
        assert requests.get(server.url + "/healthz", timeout=5).ok
    finally:
        server.stop()
    log = server.log.read_text()
    assert "Bad request" not in log and "Invalid request" not in log, log[-2000:]
    assert "Traceback" not in log, log[-2000:]


def test_ctrl_c_stops_the_server_quickly(server):
    board = socketio.Client()  # an open board must not keep the server up
    board.connect(server.url, auth={"office": "demo", "role": "display"},
                  transports=["websocket"], wait_timeout=10)
    started = time.monotonic()
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    board.disconnect()
    log = server.log.read_text()
    assert "stopped" in log and "Traceback" not in log and "KeyboardInterrupt" not in log


def test_kept_alive_replies_do_not_wait_for_a_delayed_ack(server):
    # The reply's headers and body leave in two writes; without TCP_NODELAY the body of
    # a reply on a kept-alive connection waited about 40 ms for the client's ACK.
    http = requests.Session()
    times = []
    for _ in range(10):
        started = time.monotonic()
        reply = http.post(server.url + "/api/v1/offices/demo/tickets", json={"service": "A"},
                          timeout=5)
        assert reply.status_code == 401
        times.append(time.monotonic() - started)
    assert min(times) < 0.030, times
