"""A fake realtime hub that speaks the contract `shared/static/hub.js` is built against.

It runs in its own process (``python -m tests.hubjs.fake_hub --port N``) so a test can kill
it and start it again on the same port, the way a real server restart looks to a browser:
the Werkzeug server started by ``socketio.run`` has no clean stop, and killing the process is
exactly the abrupt loss a display board must survive.

Tests drive it over loopback HTTP through :class:`FakeHub`, which posts to ``/_test/*``
control routes: emit the next office event, skip a seq, repeat the last one, send an event
with a chosen seq (out of order), send a targeted event without seq, delay the answer to
`sync`, and read counters (connections, sync requests, refused connects).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.support import workers

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OFFICE_ROOM = "office:{}"


def create_app(seq: int = 0, ping_interval: float = 25, ping_timeout: float = 20):
    """Build the Flask app and its SocketIO server; imports stay local to the subprocess."""
    from flask import Flask, jsonify, request, send_from_directory
    from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

    app = Flask(__name__, static_folder=str(REPO / "shared" / "static"), static_url_path="/static")
    socketio = SocketIO(
        app,
        async_mode="threading",
        transports=["websocket"],  # production is WebSocket-only; so is hub.js
        ping_interval=ping_interval,
        ping_timeout=ping_timeout,
    )
    lock = threading.Lock()
    state = {"seq": seq, "last": None, "syncs": 0, "refused": 0, "connects": 0, "sids": {},
             "sync_delay": 0.0}

    def board(office: str) -> dict:
        return {"office": office, "seq": state["seq"], "calls": [], "waiting": {}}

    @socketio.on("connect")
    def on_connect(auth):
        office = (auth or {}).get("office")
        if not office:
            with lock:
                state["refused"] += 1
            # flask_socketio's ConnectionRefusedError carries its message to the client as
            # 44{"message": ...}; the builtin one only yields a generic text.
            raise ConnectionRefusedError("office is required")
        join_room(OFFICE_ROOM.format(office))
        with lock:
            state["connects"] += 1
            state["sids"][request.sid] = office
            emit("board", board(office))

    @socketio.on("disconnect")
    def on_disconnect(*_reason):
        with lock:
            state["sids"].pop(request.sid, None)

    @socketio.on("sync")
    def on_sync(*_args):
        with lock:
            state["syncs"] += 1
            snapshot = board(state["sids"].get(request.sid, "demo"))
            delay = state["sync_delay"]
        # Read now, sent later: events emitted meanwhile reach the page before this snapshot.
        socketio.sleep(delay)
        emit("board", snapshot)

    @app.post("/_test/sync-delay")
    def post_sync_delay():
        with lock:
            state["sync_delay"] = float(request.get_json()["seconds"])
        return jsonify({})

    @app.get("/")
    def page():
        return send_from_directory(HERE, "page.html")

    @app.get("/_test/state")
    def get_state():
        with lock:
            return jsonify({k: v for k, v in state.items() if k != "last"}
                           | {"clients": len(state["sids"])})

    @app.post("/_test/emit")
    def post_emit():
        """Emit one event. mode: next (seq+1), skip (seq+2, one event lost), dup (repeat the
        last seq'd event), at (the given seq, out of order; the board follows the highest),
        targeted (no seq, to each connected client's own room)."""
        body = request.get_json()
        mode, name = body["mode"], body.get("name", "ticket.called")
        data = dict(body.get("data") or {})
        office = body.get("office", "demo")
        with lock:
            if mode == "targeted":
                for sid in list(state["sids"]):
                    socketio.emit(name, data, to=sid)
                return jsonify({"sent": name})
            if mode == "dup":
                name, data = state["last"]
            elif mode == "at":
                data["seq"] = body["seq"]
                state["seq"] = max(state["seq"], body["seq"])
            else:
                state["seq"] += 2 if mode == "skip" else 1
                data["seq"] = state["seq"]
                state["last"] = (name, data)
            socketio.emit(name, data, to=OFFICE_ROOM.format(office))
            return jsonify({"sent": name, "seq": data["seq"]})

    return app, socketio


class FakeHub:
    """Runs the fake hub in a child process that can be killed, frozen and restarted."""

    def __init__(self, log_path: Path, ping_interval: float = 25, ping_timeout: float = 20):
        self.port = workers.free_port()  # this worker's: a restart finds it free
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.ping = (ping_interval, ping_timeout)
        self.proc: subprocess.Popen | None = None

    def start(self, seq: int = 0, timeout: float = 15) -> None:
        env = {k: v for k, v in os.environ.items() if k != "FLASK_RUN_FROM_CLI"}
        cmd = [sys.executable, "-m", "tests.hubjs.fake_hub", "--port", str(self.port),
               "--seq", str(seq), "--ping-interval", str(self.ping[0]),
               "--ping-timeout", str(self.ping[1])]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                self.state()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"fake hub did not start:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def freeze(self) -> None:
        """SIGSTOP: the TCP connection stays up but no ping ever comes (a hung server)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def _call(self, path: str, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            return json.loads(resp.read())

    def state(self) -> dict:
        return self._call("/_test/state")

    def next(self, name: str = "ticket.called", **data) -> int:
        return self._call("/_test/emit", {"mode": "next", "name": name, "data": data})["seq"]

    def skip(self, name: str = "ticket.called", **data) -> int:
        return self._call("/_test/emit", {"mode": "skip", "name": name, "data": data})["seq"]

    def at(self, seq: int, name: str = "ticket.called", **data) -> int:
        return self._call("/_test/emit", {"mode": "at", "seq": seq, "name": name,
                                          "data": data})["seq"]

    def delay_sync(self, seconds: float) -> None:
        self._call("/_test/sync-delay", {"seconds": seconds})

    def duplicate(self) -> int:
        return self._call("/_test/emit", {"mode": "dup"})["seq"]

    def targeted(self, name: str = "print.done", **data) -> None:
        self._call("/_test/emit", {"mode": "targeted", "name": name, "data": data})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seq", type=int, default=0)
    parser.add_argument("--ping-interval", type=float, default=25)
    parser.add_argument("--ping-timeout", type=float, default=20)
    args = parser.parse_args()
    app, socketio = create_app(args.seq, args.ping_interval, args.ping_timeout)
    # stdin is not a TTY here, so Flask-SocketIO refuses Werkzeug unless told otherwise.
    socketio.run(app, host="127.0.0.1", port=args.port, allow_unsafe_werkzeug=True,
                 use_reloader=False, log_output=False)


if __name__ == "__main__":
    main()
