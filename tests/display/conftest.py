"""A live server for the board's browser tests, and helpers that drive calls over API v1."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.support.servers import LiveServer

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
FAST = "window.ANTRIAN_BOARD_OPTIONS = {chimeMs: 150, silentMsPerChar: 4, silentMinMs: 250};"


class Desk:
    """A kiosk and the counter staff of the demo office, talking to a live server."""

    def __init__(self, server: LiveServer):
        self.server = server
        self.kiosk = requests.Session()
        self.kiosk.headers["Authorization"] = "Bearer " + self._token(
            "--office", "demo", "--kind", "kiosk")
        self.staff: dict[int, requests.Session] = {}
        self.at_counter: dict[int, int] = {}  # counter number -> id of the ticket called there

    def _token(self, *args: str) -> str:
        return self.server.cli("token", "create", *args).strip().splitlines()[0]

    def counter(self, number: int) -> requests.Session:
        if number not in self.staff:
            s = requests.Session()
            s.headers["Authorization"] = "Bearer " + self._token("--user", f"loket{number}")
            self.staff[number] = s
        return self.staff[number]

    def issue(self, service: str = "A", priority: bool = False) -> dict:
        body = {"service": service, "priority": priority}
        if priority:
            body["priority_reason"] = "lansia"
        r = self.kiosk.post(f"{self.server.url}/api/v1/offices/demo/tickets", json=body,
                            timeout=10)
        assert r.status_code == 201, r.text
        return r.json()

    def finish(self, counter: int) -> None:
        """Serve and complete the ticket at ``counter`` so it may call the next one."""
        ticket_id = self.at_counter.pop(counter, None)
        if ticket_id is not None:
            for action in ("serve", "complete"):
                r = self.counter(counter).post(
                    f"{self.server.url}/api/v1/tickets/{ticket_id}/{action}", timeout=10)
                assert r.status_code == 200, r.text

    def call_next(self, counter: int) -> dict:
        self.finish(counter)
        r = self.counter(counter).post(f"{self.server.url}/api/v1/counters/{counter}/call-next",
                                       timeout=10)
        assert r.status_code == 200, r.text
        self.at_counter[counter] = r.json()["id"]
        return r.json()

    def recall(self, counter: int) -> dict:
        r = self.counter(counter).post(f"{self.server.url}/api/v1/counters/{counter}/recall",
                                       timeout=10)
        assert r.status_code == 200, r.text
        return r.json()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("board") / "instance").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def desk(live):
    return Desk(live)
