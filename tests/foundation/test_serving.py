"""`antrian serve`'s HTTP server: threads kept for the next connection, never too few."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
from flask import Flask

from antrian import serving
from tests.support.servers import LiveServer


def http_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "http")


@pytest.fixture
def serve_app():
    servers = []

    def start(app: Flask) -> str:
        server = serving.PooledWSGIServer("127.0.0.1", 0, app)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()


def test_threads_are_reused_across_connections(serve_app):
    app = Flask(__name__)

    @app.get("/")
    def count_on_this_thread():
        thread = threading.current_thread()
        thread.served = getattr(thread, "served", 0) + 1
        return str(thread.served)

    url = serve_app(app)
    served = [int(requests.get(url, timeout=5).text) for _ in range(40)]
    # Werkzeug closes each connection; 40 of them one after another were served by a thread
    # or two (one lingers briefly after its response), not by 40 new ones.
    assert max(served) >= 15


def test_every_concurrent_connection_gets_a_thread(serve_app):
    together = threading.Barrier(12, timeout=10)

    app = Flask(__name__)

    @app.get("/")
    def wait_for_all():  # answers only once all twelve requests are being served at once
        together.wait()
        return "ok"

    url = serve_app(app)
    with ThreadPoolExecutor(12) as pool:
        replies = list(pool.map(lambda _: requests.get(url, timeout=15).text, range(12)))
    assert replies == ["ok"] * 12


def test_idle_threads_end(serve_app, monkeypatch):
    monkeypatch.setattr(serving, "IDLE_THREAD_S", 0.2)
    app = Flask(__name__)
    app.add_url_rule("/", view_func=lambda: "ok")
    url = serve_app(app)
    before = http_threads()
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: requests.get(url, timeout=5).text, range(6)))
    assert http_threads() > before
    deadline = time.monotonic() + 10
    while http_threads() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert http_threads() == before
    assert requests.get(url, timeout=5).text == "ok"  # and a new connection still gets one


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
    assert "Bad request" not in log and "Bad HTTP" not in log, log[-2000:]
