"""The floor: a bare Flask-SocketIO server with nothing but the fan-out, configured as antrian
is (gevent, WebSocket only, the same ping interval, Redis between processes when
BARE_REDIS_URL is set). `POST /call {"code": ...}` emits a `ticket.called` of the same shape
and size as antrian's to every board of the office and replies.

One process: python bench/_bare_server.py PORT. Several: gunicorn -k gevent -w 2
--chdir bench _bare_server:app (see baseline_fanout.py, which starts it either way)."""

from __future__ import annotations

if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()

import copy
import os
import sys

from flask import Flask, request
from flask_socketio import SocketIO, join_room

# A real `ticket.called` message of antrian's demo office, captured from a live server.
CALLED = {
    "ticket": {"id": 1, "code": "A001", "number": 1, "service": "A",
               "service_name": {"id": "Informasi", "en": "Information"}, "priority": False,
               "channel": "kiosk", "status": "called",
               "counter": {"id": 1, "number": 1, "name": "Loket 1", "kind": "regular"},
               "recall_count": 0, "issued_at": "2026-12-01T11:22:03.638345+00:00",
               "called_at": "2026-12-01T11:22:03.657466+00:00"},
    "recall": False,
    "announcement": {
        "lang": "id",
        "id": {"text": "Nomor antrian A nol nol satu, silakan menuju loket satu",
               "clips": ["nomor-antrian", "huruf-a", "nol", "nol", "satu", "silakan-menuju",
                         "loket", "satu"]},
        "en": {"text": "Number A zero zero one, please proceed to counter one",
               "clips": ["number", "letter-a", "zero", "zero", "one", "please-proceed-to",
                         "counter", "one"]}},
    "board": True,
    # A first call carries the office's new waiting counts (one event per call, no
    # separate queue.changed): the floor sends them too.
    "waiting": [
        {"service": prefix, "name": {"id": name_id, "en": name_en}, "active": True,
         "waiting": 0, "priority_waiting": 0, "quota_left": None}
        for prefix, name_id, name_en in (("A", "Informasi", "Information"),
                                         ("B", "Pengaduan", "Complaints"),
                                         ("C", "Perizinan", "Permits"),
                                         ("D", "Layanan Umum", "General services"))],
    "office": "demo", "seq": 3,
}

app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent", transports=["websocket"],
                    cors_allowed_origins=[], ping_interval=10, ping_timeout=10,
                    message_queue=os.environ.get("BARE_REDIS_URL") or None,
                    channel=os.environ.get("BARE_REDIS_CHANNEL", "bare"))
seq = 0


@socketio.on("connect")
def connect(auth=None):
    join_room("office:demo")
    socketio.emit("board", {"office": "demo", "seq": seq}, to=request.sid)


@app.post("/call")
def call():
    global seq
    seq += 1
    message = copy.deepcopy(CALLED)
    message["ticket"]["code"] = request.get_json()["code"]
    message["seq"] = seq
    socketio.emit("ticket.called", message, to="office:demo")
    return {"code": message["ticket"]["code"]}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


if __name__ == "__main__":
    import socket

    from gevent import pywsgi

    listener = socket.create_server(("127.0.0.1", int(sys.argv[1])), backlog=2048)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as gunicorn and antrian
    pywsgi.WSGIServer(listener, app, log=None).serve_forever()
