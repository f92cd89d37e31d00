"""A fleet of bare Engine.IO v4 / Socket.IO v5 display sockets read by ONE thread with a
selector, so thousands of clients cost the benchmark process little and measure the server,
not the client's thread scheduling. The reader runs while the fleet connects, so the first
sockets answer the server's pings during the minute two thousand take to open."""

from __future__ import annotations

import contextlib
import json
import re
import selectors
import threading
import time
from dataclasses import dataclass, field

import websocket

PING = b"\x81\x012"  # a text frame holding the Engine.IO ping "2"
TAIL = 512  # bytes kept per socket: a marker (under 250 bytes) split across two reads is found


class DisplayFleet:
    def __init__(self, base_url: str, office: str, size: int, watch: str):
        self.url = base_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.office, self.size = office, size
        self.marker = re.compile(rb'42\["' + re.escape(watch.encode()) +
                                 rb'".{0,200}?"code":\s*"([A-Z]+\d+)"', re.S)
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        self.ready: set[int] = set()  # sockets that got their board snapshot
        self.heard: dict[str, dict[int, float]] = {}  # code -> socket -> first time heard
        self.dropped = 0
        self.last_data = 0.0  # perf_counter of the latest bytes (not a lone ping) received
        self.last_rx: dict[int, float] = {}  # the same, per socket
        self.gone: set[int] = set()  # sockets the server closed
        self.all_ready = threading.Event()
        self._tails: dict[int, bytes] = {}
        self._stop = False
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def connect(self, timeout: float = 180) -> DisplayFleet:
        self._thread.start()
        if self.size == 0:
            self.all_ready.set()
            return self
        auth = "40" + json.dumps({"office": self.office, "role": "display"})
        started = time.monotonic()
        for i in range(self.size):
            ws = websocket.create_connection(self.url, timeout=30)
            ws.recv()  # Engine.IO open packet
            ws.send(auth)
            ws.sock.setblocking(False)
            with self.lock:
                self._tails[i] = b""
                self.selector.register(ws.sock, selectors.EVENT_READ, (i, ws))
        if not self.all_ready.wait(max(timeout - (time.monotonic() - started), 1)):
            raise RuntimeError(f"only {len(self.ready)} of {self.size} sockets got their board")
        return self

    def _loop(self) -> None:
        """Reads raw bytes, not parsed frames: server frames are unmasked text, so a marker
        search is enough, and parsing thousands of frames in Python would measure the client."""
        while not self._stop:
            # epoll: sockets registered by the connecting thread are watched from the next
            # wait on; the lock only guards what the reads record.
            events = self.selector.select(timeout=0.05)
            received = time.perf_counter()
            with self.lock:
                for key, _ in events:
                    self._read(key, received)

    def _read(self, key, received: float) -> None:
        i, ws = key.data
        try:
            data = key.fileobj.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.selector.unregister(key.fileobj)
            self.dropped += 1
            self.gone.add(i)
            return
        if data != PING:  # the server's pings never stop: only events make it busy
            self.last_data = self.last_rx[i] = received
        window = self._tails[i] + data
        for match in self.marker.finditer(window):
            self.heard.setdefault(match.group(1).decode(), {}).setdefault(i, received)
        self._tails[i] = window[-TAIL:]
        if i not in self.ready and b'42["board"' in window:
            self.ready.add(i)
            if len(self.ready) >= self.size:
                self.all_ready.set()
        if PING in data:
            with contextlib.suppress(OSError):
                ws.sock.send(b"\x81\x81\x00\x00\x00\x003")  # masked text frame "3" (pong)

    def wait_quiet(self, quiet_s: float = 0.1, timeout: float = 10.0, since: float = 0.0) -> None:
        """Until no socket has received anything for `quiet_s`, nor has anything else happened
        since `since`: the events of the untimed steps (issuing, serving) are delivered before
        the next timed call starts, and every call starts after the same pause, whatever the
        number of sockets (a call after a pause was measured 4 ms slower on this machine than
        one right after another: a fleet of none must not run its calls back to back)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if time.perf_counter() - max(self.last_data, since) >= quiet_s:
                return
            time.sleep(quiet_s / 4)

    def wait_reached(self, since: float, timeout: float = 10.0) -> None:
        """Until every socket has received an event sent after `since` (a perf_counter taken
        before an untimed step). Quiet alone is not enough: right after the step's reply, its
        events may not have left the server yet, and the fleet is still quiet."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                behind = sum(1 for i in self._tails
                             if i not in self.gone and self.last_rx.get(i, 0.0) < since)
            if not behind:
                return
            time.sleep(0.002)

    def heard_by(self, code: str) -> dict[int, float]:
        with self.lock:
            return dict(self.heard.get(code, {}))

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        for key in list(self.selector.get_map().values()):
            with contextlib.suppress(OSError):
                key.data[1].shutdown()  # no close handshake: thousands would take minutes


@dataclass
class Fanout:
    """Per call: seconds from the POST to its reply, to the first socket hearing it and to the
    last. The first socket's time holds the server's own work on the call (antrian's
    transaction, nothing for the bare server); from the first socket to the last is the
    fan-out proper."""

    sockets: int
    replies: list[float] = field(default_factory=list)
    first_socket: list[float] = field(default_factory=list)
    last_socket: list[float] = field(default_factory=list)
    missing: int = 0  # deliveries that never came (sockets x calls - heard)
    dropped: int = 0  # sockets the server closed during the run
    rss_mb: float | None = None  # the server's memory with the fleet connected


def measure_fanout(url: str, sockets: int, calls: int, call, prepare=None, finish=None,
                   probe=None, watch: str = "ticket.called", settle_s: float = 1.0) -> Fanout:
    """`call()` makes one call over HTTP and returns its ticket's code: timed to its reply
    and to the last socket hearing it. `prepare()` (issue a ticket) runs before it and
    `finish(code)` (serve and complete) after, untimed. `probe()` gives the server's
    memory once the fleet is connected."""
    fleet = DisplayFleet(url, "demo", sockets, watch).connect()
    result = Fanout(sockets)
    try:
        fleet.wait_quiet(0.2, timeout=settle_s * 30)  # the connect storm's snapshots first
        result.rss_mb = probe() if probe is not None else None
        for _ in range(calls):
            if prepare is not None:
                step = time.perf_counter()
                prepare()
                fleet.wait_reached(step)
            fleet.wait_quiet(since=time.perf_counter())
            t0 = time.perf_counter()
            code = call()
            result.replies.append(time.perf_counter() - t0)
            deadline = time.monotonic() + 20
            got: dict[int, float] = {}
            while time.monotonic() < deadline:
                got = fleet.heard_by(code)
                if len(got) >= sockets:
                    break
                time.sleep(0.001)
            if sockets and got:
                result.first_socket.append(min(got.values()) - t0)
                result.last_socket.append(max(got.values()) - t0)
            result.missing += sockets - len(got)
            if finish is not None:
                step = time.perf_counter()
                finish(code)
                fleet.wait_reached(step)
            fleet.wait_quiet()
        result.dropped = fleet.dropped
    finally:
        fleet.close()
    return result


def fanout_latencies(url: str, staff, kiosk, sockets: int, calls: int) -> list[float]:
    """Seconds from each call-next POST to the last of `sockets` display sockets hearing its
    `ticket.called`; a ticket is issued before each call, and served after it."""
    return antrian_fanout(url, staff, kiosk, sockets, calls).last_socket


def antrian_fanout(url: str, staff, kiosk, sockets: int, calls: int, probe=None) -> Fanout:
    tickets: dict[str, int] = {}

    def prepare() -> None:
        kiosk.post(f"{url}/api/v1/offices/demo/tickets", json={"service": "A"}, timeout=10)

    def call() -> str:
        reply = staff.post(f"{url}/api/v1/counters/1/call-next", timeout=30)
        reply.raise_for_status()
        ticket = reply.json()
        tickets[ticket["code"]] = ticket["id"]
        return ticket["code"]

    def finish(code: str) -> None:
        for action in ("serve", "complete"):
            staff.post(f"{url}/api/v1/tickets/{tickets[code]}/{action}", timeout=10)

    return measure_fanout(url, sockets, calls, call, prepare, finish, probe)
