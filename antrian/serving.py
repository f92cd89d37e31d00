"""The one-process server behind `antrian serve`: Werkzeug threads, WebSocket included."""

from __future__ import annotations

from flask import Flask
from werkzeug.serving import WSGIRequestHandler


class KeepAliveHandler(WSGIRequestHandler):
    """HTTP/1.1, so kiosks and consoles reuse one connection instead of opening one (and a
    thread) per request, which Werkzeug's HTTP/1.0 default does."""

    protocol_version = "HTTP/1.1"


def serve(app: Flask, host: str, port: int) -> None:
    hub = app.extensions["antrian.hub"]
    hub.socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False,
                     use_reloader=False, request_handler=KeepAliveHandler)
