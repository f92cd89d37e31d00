"""The one-process server behind `antrian serve`: Werkzeug's HTTP and WebSocket handling on a
pool of threads that outlive their connections."""

from __future__ import annotations

import logging
import queue
import threading

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler

IDLE_THREAD_S = 60  # an idle thread ends after this; a busy hour keeps its threads


class OneRequestHandler(WSGIRequestHandler):
    """Werkzeug ends a connection by sending `Connection: close` with its response. A
    WebSocket's connection ends without an HTTP response, so without this the handler read
    the board's closing frame as a new request and logged garbage as an error."""

    def run_wsgi(self) -> None:
        super().run_wsgi()
        self.close_connection = True


class PooledWSGIServer(BaseWSGIServer):
    """One thread per connection, as Werkzeug's threaded server, but a finished thread waits
    for the next connection instead of exiting. Werkzeug closes every connection after its
    response, so a kiosk or a console opens one per request: starting a thread for each
    blocked the accept loop until the new thread got the GIL, which under load took longer
    than the request. A WebSocket keeps its thread for as long as the board is connected."""

    multithread = True

    def __init__(self, host: str, port: int, app: Flask) -> None:
        super().__init__(host, port, app, handler=OneRequestHandler)
        self._waiting: queue.SimpleQueue = queue.SimpleQueue()  # accepted connections
        self._idle = threading.Semaphore(0)  # one count per thread free to take one

    def process_request(self, request, client_address) -> None:
        self._waiting.put((request, client_address))
        if not self._idle.acquire(blocking=False):
            threading.Thread(target=self._work, name="http", daemon=True).start()

    def _work(self) -> None:
        while True:
            try:
                request, client_address = self._waiting.get(timeout=IDLE_THREAD_S)
            except queue.Empty:
                if self._idle.acquire(blocking=False):
                    return  # took back its own free count: nobody is counting on it
                continue  # a connection was promised to this thread; it is on its way
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)
            self._idle.release()


def serve(app: Flask, host: str, port: int) -> None:
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # One access-log line per request costs more than some requests; DEBUG brings it back.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    PooledWSGIServer(host, port, app).serve_forever()
