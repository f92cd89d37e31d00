"""One office's events as this process's sockets hear them: in `seq` order, each once, and
never behind a snapshot.

Events reach a process out of order: its own requests commit concurrently, and the other
processes' events come through Redis a little later than its own. `OfficeStream` holds an
event whose predecessor has not arrived yet, and sends the run as soon as the gap closes. A
socket joins the office's room through the stream too, at the exact point of its snapshot:

- snapshot at the stream's position: send it and join;
- snapshot ahead (events up to it are still on their way): join when the stream reaches it,
  so those events, which the snapshot already shows, are not sent to it;
- snapshot behind (events were sent to the room while it was read): send it, then the events
  after it from a short history, then join. Without that history the caller reads again.

A gap that does not close within the hold time (an event lost while Redis was down, a commit
from a process that is not connected) is the caller's to resolve with one snapshot for the
whole room (`apply_snapshot`), not one per socket.

Not thread-safe: the hub calls it under its lock. `Outlet` does the sending; its calls only
queue packets for the sockets, so the lock is held briefly.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Protocol

Snapshot = dict[str, Any]
HISTORY = 512  # events kept to catch up a socket whose snapshot is a little behind


class Outlet(Protocol):
    def emit(self, name: str, data: Any, to: str) -> None: ...

    def enter(self, sid: str, rooms: list[str]) -> None: ...


@dataclass
class _Joining:
    rooms: list[str]
    snapshot: Snapshot
    since: float


class OfficeStream:
    def __init__(self, room: str, outlet: Outlet, history: int = HISTORY) -> None:
        self.room = room
        self.outlet = outlet
        self.delivered: int | None = None  # the last seq sent to the room
        self._held: dict[int, tuple[str, dict, float]] = {}
        self._joining: dict[str, _Joining] = {}
        self._history: deque[tuple[int, str, dict]] = deque(maxlen=history)

    # ------------------------------------------------------------ events

    def offer(self, seq: int, name: str, message: dict, now: float) -> None:
        """An office event, from this process or another; duplicates are dropped."""
        if self.delivered is None:
            self.delivered = seq - 1  # nobody has joined yet: start here
        if seq <= self.delivered or seq in self._held:
            return
        self._held[seq] = (name, message, now)
        self._flush()

    def _flush(self) -> None:
        assert self.delivered is not None
        while self.delivered + 1 in self._held:
            name, message, _ = self._held.pop(self.delivered + 1)
            self.delivered += 1
            self.outlet.emit(name, message, self.room)
            self._history.append((self.delivered, name, message))
            self._admit_caught_up()

    # ------------------------------------------------------------ sockets

    def join(self, sid: str, rooms: list[str], snapshot: Snapshot, now: float) -> bool:
        """Send `sid` its snapshot and put it in `rooms` at the right point of the stream.
        False: the snapshot is too old to catch up from here; read a newer one."""
        seq = snapshot["seq"]
        if self.delivered is None:
            self.delivered = seq
        if seq > self.delivered:
            self._joining[sid] = _Joining(rooms, snapshot, now)
            return True
        return self._admit(sid, rooms, snapshot)

    def leave(self, sid: str) -> None:
        self._joining.pop(sid, None)

    def _admit(self, sid: str, rooms: list[str], snapshot: Snapshot) -> bool:
        seq = snapshot["seq"]
        missed = [h for h in self._history if h[0] > seq]
        if len(missed) != self.delivered - seq:
            return False
        self.outlet.emit("board", snapshot, sid)
        for _seq, name, message in missed:
            self.outlet.emit(name, message, sid)
        self.outlet.enter(sid, rooms)
        return True

    def _admit_caught_up(self) -> None:
        for sid, j in list(self._joining.items()):
            if j.snapshot["seq"] == self.delivered:
                del self._joining[sid]
                self._admit(sid, j.rooms, j.snapshot)

    # ------------------------------------------------------------ gaps

    def waiting_since(self) -> float | None:
        """Since when an event or a socket has been waiting for a missing seq (None: none)."""
        times = [t for *_, t in self._held.values()] + [j.since for j in self._joining.values()]
        return min(times) if times else None

    def apply_snapshot(self, snapshot: Snapshot) -> bool:
        """Resolve a gap: the whole room (and every socket still joining) gets `snapshot`.
        False if the room has already heard an event newer than it."""
        seq = snapshot["seq"]
        if self.delivered is not None and seq < self.delivered:
            return False
        self.outlet.emit("board", snapshot, self.room)
        self.delivered = seq
        self._history.clear()  # the events before it are no longer a run ending here
        for held in [s for s in self._held if s <= seq]:
            del self._held[held]
        for sid, j in list(self._joining.items()):
            if j.snapshot["seq"] <= seq:
                del self._joining[sid]
                self.outlet.emit("board", snapshot, sid)
                self.outlet.enter(sid, j.rooms)
        self._flush()
        return True
