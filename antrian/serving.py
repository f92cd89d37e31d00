"""The one-process server behind `antrian serve`: Werkzeug threads, WebSocket included."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.serving import WSGIRequestHandler


class KeepAliveHandler(WSGIRequestHandler):
    """HTTP/1.1, so kiosks and consoles reuse one connection instead of opening one (and a
    thread) per request, which Werkzeug's HTTP/1.0 default does."""

    protocol_version = "HTTP/1.1"


def serve(app: Flask, host: str, port: int) -> None:
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # One access-log line per request costs more than some requests; DEBUG brings it back.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    hub = app.extensions["antrian.hub"]
    hub.socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False,
                     use_reloader=False, request_handler=KeepAliveHandler)
