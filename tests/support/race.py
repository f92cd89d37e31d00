"""Four counters racing over live servers: each calls the next ticket, serves and completes it,
again and again, while a kiosk keeps the queue filled. Counters and kiosk requests are spread
over the servers given, as a load balancer would.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field

import requests

from tests.support.servers import LiveServer


def bearer(server: LiveServer, *token_args: str) -> requests.Session:
    session = requests.Session()
    token = server.cli("token", "create", *token_args).strip().splitlines()[0]
    session.headers["Authorization"] = f"Bearer {token}"
    return session


@dataclass
class RaceResult:
    calls: list[str] = field(default_factory=list)  # ticket codes, as the counters called them
    issued: int = 0
    call_next_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        p50 = statistics.median(self.call_next_ms) if self.call_next_ms else 0.0
        return (f"{len(self.calls)} calls, {self.issued} tickets issued, "
                f"call-next p50 {p50:.0f} ms, {len(self.errors)} errors")


class CounterRace:
    def __init__(self, servers: list[LiveServer], counters: tuple[int, ...] = (1, 2, 3, 4),
                 kiosk_interval_s: float = 0.15, waiting_target: int = 12,
                 pause_s: float = 0.0) -> None:
        self.servers = servers
        self.pause_s = pause_s  # between a completed ticket and the next call
        self.counters = counters
        self.kiosk_interval_s = kiosk_interval_s
        self.waiting_target = waiting_target
        self.kiosk = bearer(servers[0], "--office", "demo", "--kind", "kiosk")
        self.staff = {n: bearer(servers[0], "--user", f"loket{n}") for n in counters}
        self.result = RaceResult()
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _server(self, i: int) -> str:
        return self.servers[i % len(self.servers)].url

    def _keep_filled(self) -> None:
        i = 0
        while not self._stop.is_set():
            url = self._server(i)
            try:
                board = self.kiosk.get(f"{url}/api/v1/offices/demo/board", timeout=10).json()
                if sum(w["waiting"] for w in board["waiting"]) < self.waiting_target:
                    r = self.kiosk.post(f"{url}/api/v1/offices/demo/tickets",
                                        json={"service": "ABCD"[i % 4]}, timeout=10)
                    if r.status_code == 201:
                        with self._lock:
                            self.result.issued += 1
                    else:
                        self._error(f"issue: {r.status_code} {r.text[:200]}")
            except requests.RequestException as exc:
                self._error(f"issue: {exc}")
            i += 1
            self._stop.wait(self.kiosk_interval_s)

    def _counter(self, number: int) -> None:
        http, url = self.staff[number], self._server(number)
        while not self._stop.is_set():
            try:
                started = time.perf_counter()
                r = http.post(f"{url}/api/v1/counters/{number}/call-next", timeout=10)
                elapsed = (time.perf_counter() - started) * 1000
                if r.status_code == 204:
                    self._stop.wait(0.2)
                    continue
                if r.status_code != 200:
                    self._error(f"call-next {number}: {r.status_code} {r.text[:200]}")
                    self._stop.wait(0.2)
                    continue
                ticket = r.json()
                with self._lock:
                    self.result.calls.append(ticket["code"])
                    self.result.call_next_ms.append(elapsed)
                for action in ("serve", "complete"):
                    r = http.post(f"{url}/api/v1/tickets/{ticket['id']}/{action}", timeout=10)
                    if r.status_code != 200:
                        self._error(f"{action} {number}: {r.status_code} {r.text[:200]}")
                self._stop.wait(self.pause_s)
            except requests.RequestException as exc:
                self._error(f"counter {number}: {exc}")

    def _error(self, text: str) -> None:
        with self._lock:
            self.result.errors.append(text)

    def run(self, seconds: float) -> RaceResult:
        threads = [threading.Thread(target=self._keep_filled, daemon=True)]
        threads += [threading.Thread(target=self._counter, args=(n,), daemon=True)
                    for n in self.counters]
        for t in threads:
            t.start()
        time.sleep(seconds)
        self._stop.set()
        for t in threads:
            t.join(timeout=30)
        return self.result
