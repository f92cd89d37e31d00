"""A display board's socket seen raw: every packet the server sends, in arrival order.

python-socketio's client runs each event handler on a thread of its own, so it cannot tell
whether the server kept order. This one speaks Engine.IO v4 / Socket.IO over one WebSocket
(as `shared/static/hub.js` does) and records the packets as they come, answering pings.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass

import websocket  # websocket-client, a python-socketio test dependency


@dataclass
class Packet:
    name: str
    seq: int | None
    data: dict | None
    at: float


class BoardSocket:
    def __init__(self, base_url: str, office: str = "demo", role: str = "display",
                 **auth: object) -> None:
        self.url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.auth = {"office": office, "role": role, **auth}
        self.packets: list[Packet] = []
        self.changed = threading.Condition()
        self.error: str | None = None
        self._ws: websocket.WebSocket | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> BoardSocket:
        self._ws = websocket.create_connection(self.url, timeout=60)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):  # already gone
                self._ws.close(timeout=1)

    def _run(self) -> None:
        assert self._ws is not None
        try:
            while True:
                text = self._ws.recv()
                if not isinstance(text, str) or not text:
                    continue
                if text[0] == "0":
                    self._ws.send("40" + json.dumps(self.auth))
                elif text[0] == "2":
                    self._ws.send("3")
                elif text.startswith("41"):  # the server let us go
                    with self.changed:
                        self.packets.append(Packet("disconnect", None, None, time.monotonic()))
                        self.changed.notify_all()
                elif text.startswith("44"):
                    raise RuntimeError(f"connect refused: {text[2:]}")
                elif text.startswith("42"):
                    name, *rest = json.loads(text[text.index("["):])
                    data = rest[0] if rest else None
                    seq = data.get("seq") if isinstance(data, dict) else None
                    with self.changed:
                        self.packets.append(Packet(name, seq, data, time.monotonic()))
                        self.changed.notify_all()
        except Exception as exc:  # closed by the test, or the server went away
            with self.changed:
                self.error = repr(exc)
                self.changed.notify_all()

    def send(self, name: str) -> None:
        assert self._ws is not None
        self._ws.send("42" + json.dumps([name]))

    def wait(self, predicate, timeout: float = 15.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self), timeout)

    # ------------------------------------------------------------ what it heard

    def snapshots(self) -> list[Packet]:
        return [p for p in self.packets if p.name == "board"]

    @property
    def last_seq(self) -> int | None:
        seqs = [p.seq for p in self.packets if p.seq is not None]
        return seqs[-1] if seqs else None

    def stream_problems(self) -> list[str]:
        """Where the office stream broke the rule: it starts with a snapshot; each numbered
        event is the previous seq plus one; a later snapshot is never older than what came
        before it (and counts as a resync)."""
        problems, last = [], None
        for p in self.packets:
            if p.seq is None:
                continue
            if p.name == "board":
                if last is not None and p.seq < last:
                    problems.append(f"snapshot at {p.seq} after event {last}")
            elif last is None:
                problems.append(f"event {p.seq} before any snapshot")
            elif p.seq != last + 1:
                problems.append(f"event {p.seq} after {last}")
            last = p.seq
        return problems

    @property
    def resyncs(self) -> int:
        return max(0, len(self.snapshots()) - 1)
