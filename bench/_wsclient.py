"""A fleet of bare Engine.IO v4 / Socket.IO v5 display sockets read by ONE thread with a
selector, so hundreds of clients cost the benchmark process little and measure the server,
not the client's thread scheduling."""

from __future__ import annotations

import json
import re
import selectors
import threading
import time

import websocket


class DisplayFleet:
    def __init__(self, base_url: str, office: str, size: int, watch: str, on_event):
        self.url = base_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.office, self.size, self.watch, self.on_event = office, size, watch, on_event
        self.selector = selectors.DefaultSelector()
        self.boards = 0
        self.all_ready = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def connect(self, timeout: float = 60) -> DisplayFleet:
        auth = "40" + json.dumps({"office": self.office, "role": "display"})
        for _ in range(self.size):
            ws = websocket.create_connection(self.url, timeout=30)
            ws.recv()  # Engine.IO open packet
            ws.send(auth)
            self.selector.register(ws.sock, selectors.EVENT_READ, ws)
        self._thread.start()
        if not self.all_ready.wait(timeout):
            raise RuntimeError(f"only {self.boards} of {self.size} sockets got their board")
        return self

    def _loop(self) -> None:
        """Reads raw bytes, not parsed frames: server frames are unmasked text, so a marker
        search is enough, and parsing 500 frames in Python would measure the client."""
        watch = f'42["{self.watch}"'.encode()
        ping = b"\x81\x012"  # a text frame holding the Engine.IO ping "2"
        while not self._stop:
            for key, _ in self.selector.select(timeout=0.5):
                ws = key.data
                try:
                    data = key.fileobj.recv(1 << 16)
                except OSError:
                    data = b""
                if not data:
                    self.selector.unregister(key.fileobj)
                    continue
                received = time.perf_counter()
                if watch in data:
                    self.on_event(data, received)
                if b'42["board"' in data:
                    self.boards += 1
                    if self.boards >= self.size:
                        self.all_ready.set()
                if ping in data:
                    ws.send("3")

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        for key in list(self.selector.get_map().values()):
            key.data.shutdown()  # no close handshake: hundreds of them would take minutes


CODE = re.compile(rb'"code":\s*"([A-Z]+\d+)"')


def fanout_latencies(url: str, staff, kiosk, sockets: int, calls: int) -> list[float]:
    """Seconds from each call-next POST to the last of `sockets` display sockets hearing its
    `ticket.called`; a ticket is issued before each call, and served after it."""
    heard: dict[str, list[float]] = {}
    lock = threading.Lock()

    def on_called(raw: bytes, received: float) -> None:
        with lock:
            heard.setdefault(CODE.search(raw).group(1).decode(), []).append(received)

    fleet = DisplayFleet(url, "demo", sockets, "ticket.called", on_called).connect()
    out = []
    try:
        for _ in range(calls):
            kiosk.post(f"{url}/api/v1/offices/demo/tickets", json={"service": "A"}, timeout=10)
            t0 = time.perf_counter()
            ticket = staff.post(f"{url}/api/v1/counters/1/call-next", timeout=10).json()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                with lock:
                    got = list(heard.get(ticket["code"], []))
                if len(got) == sockets:
                    out.append(max(got) - t0)
                    break
                time.sleep(0.001)
            else:
                print(f"  {ticket['code']}: only {len(got)} of {sockets} sockets heard it")
            for action in ("serve", "complete"):
                staff.post(f"{url}/api/v1/tickets/{ticket['id']}/{action}", timeout=10)
            time.sleep(0.02)  # let the last deliveries drain before the next call
    finally:
        fleet.close()
    return out
