"""`antrian print-agent`: prints an office's jobs next to its printer, for a server that
cannot reach the office's network.

It holds a Socket.IO connection (role `print_agent`) so a new job arrives at once, and it
claims jobs over HTTP, so nothing depends on that connection: on every (re)connect, on every
`print.queued` event and every `poll_s` seconds it claims whatever is due (jobs it missed
while away included), prints each with the spooler's own `run_job`, and acknowledges it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import requests
import socketio

from antrian.printing.spooler import PRINT_TIMEOUT_S, run_job

log = logging.getLogger(__name__)


class PrintAgent:
    def __init__(self, server: str, token: str, *, poll_s: float = 10.0,
                 timeout: float = PRINT_TIMEOUT_S) -> None:
        self.server = server.rstrip("/")
        self.poll_s = poll_s
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.token = token
        self.office: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._unacked: list[tuple[int, bool, str | None]] = []
        self.sio = socketio.Client(reconnection=True, reconnection_delay=1,
                                   reconnection_delay_max=30, logger=False)
        self.sio.on("connect", self._on_connect)
        self.sio.on("print.queued", self._on_queued)

    # -- HTTP -------------------------------------------------------------------------------

    def whoami(self) -> dict[str, Any]:
        reply = self.http.get(f"{self.server}/api/v1/print-agent/whoami", timeout=10)
        if reply.status_code in (401, 403):
            raise PermissionError(reply.json()["error"]["message"])
        reply.raise_for_status()
        info = reply.json()
        self.office = info["office"]["code"]
        return info

    def catch_up(self) -> int:
        """Claim, print and acknowledge every due job; returns how many printed."""
        self._flush_acks()
        reply = self.http.post(f"{self.server}/api/v1/print-jobs/claim", timeout=10)
        reply.raise_for_status()
        printed = 0
        for work in reply.json()["jobs"]:
            failure = run_job(work, timeout=self.timeout)
            if failure:
                log.warning("job %s (%s): %s", work["job"], work.get("code"), failure.message)
            else:
                printed += 1
            error = failure.message if failure else None
            self._unacked.append((work["job"], failure is None, error))
            self._flush_acks()
        return printed

    def _flush_acks(self) -> None:
        """Acknowledge what was printed; an ack that fails is kept and sent again later, so
        a printed job is not printed twice after a network blip."""
        while self._unacked:
            job_id, ok, error = self._unacked[0]
            try:
                reply = self.http.post(f"{self.server}/api/v1/print-jobs/{job_id}/ack",
                                       json={"ok": ok, "error": error}, timeout=10)
            except requests.RequestException:
                return
            if reply.status_code >= 500:
                return
            self._unacked.pop(0)  # 2xx, or 4xx: the server will never take this ack

    # -- the connection ---------------------------------------------------------------------

    def _on_connect(self) -> None:
        log.info("print agent connected to %s", self.server)
        self._wake.set()

    def _on_queued(self, _data: Any = None) -> None:
        self._wake.set()

    def _connect(self) -> None:
        if self.sio.connected:
            return
        try:
            self.sio.connect(self.server, transports=["websocket"], wait_timeout=10,
                             auth={"office": self.office, "role": "print_agent",
                                   "token": self.token})
        except socketio.exceptions.ConnectionError as exc:
            log.warning("no connection to %s yet (%s); polling meanwhile", self.server, exc)

    def run(self) -> None:
        """Until `stop()`: stay connected, print what comes, poll as a safety net."""
        if self.office is None:
            self.whoami()
        self._wake.set()
        while not self._stop.is_set():
            self._connect()
            self._wake.wait(self.poll_s)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.catch_up()
            except requests.RequestException as exc:
                log.warning("server unreachable: %s", exc)
        if self.sio.connected:
            self.sio.disconnect()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
