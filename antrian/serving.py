"""The one-process server behind `antrian serve`: gevent's WSGI server, one greenlet per
connection, so that two thousand open boards and status pages cost memory, not threads.

Every read on a connection has a deadline (`read_timeout_s`): a client that sends half a
request, or keeps an idle connection open, loses it instead of holding its greenlet forever.
A WebSocket reads on its own copy of the socket, without that deadline (the hub's pings keep
it honest)."""

from __future__ import annotations

import logging
import socket
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nothing else before `patch()`: see antrian.entry
    from flask import Flask

READ_TIMEOUT_S = 30.0


def patch() -> None:
    """Make the standard library's sockets, threads and sleeps cooperative. Must run before
    psycopg, SQLAlchemy or the app are imported (`antrian.entry` does it first); a later call
    still works, with a warning from gevent, but a database driver imported earlier blocks."""
    from gevent import monkey

    if not monkey.is_module_patched("socket"):
        monkey.patch_all()


def make_server(app: Flask, host: str, port: int, read_timeout_s: float = READ_TIMEOUT_S):
    from gevent import pywsgi

    class Handler(pywsgi.WSGIHandler):
        def handle(self) -> None:
            self.socket.settimeout(read_timeout_s)
            # The server writes a reply's headers and body separately: without this, on a
            # kept-alive connection the body waits for the client's delayed ACK (40 ms).
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().handle()

        def _handle_client_error(self, ex):
            if isinstance(ex, TimeoutError):
                return None  # a half-sent request ran out of time: close, nothing to log
            return super()._handle_client_error(ex)

        def handle_one_response(self) -> None:
            super().handle_one_response()
            if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                # The WebSocket worked on a copy of this socket and has closed it: what
                # follows on this one is not an HTTP request (no "Bad request" in the log).
                self.close_connection = True

    # One access-log line per request costs more than some requests; DEBUG brings it back.
    access_log = sys.stderr if logging.getLogger().getEffectiveLevel() <= logging.DEBUG else None
    return pywsgi.WSGIServer((host, port), app, handler_class=Handler, log=access_log,
                             error_log=logging.getLogger("antrian.serving"))


def serve(app: Flask, host: str, port: int, read_timeout_s: float = READ_TIMEOUT_S) -> None:
    """Serve until Ctrl-C (or SIGTERM, which ends the process)."""
    import gevent

    hub = gevent.get_hub()
    hub.NOT_ERROR = (*hub.NOT_ERROR, KeyboardInterrupt)  # Ctrl-C is no error to print
    try:
        make_server(app, host, port, read_timeout_s).serve_forever()
    except KeyboardInterrupt:
        logging.getLogger(__name__).warning("berhenti / stopped")
