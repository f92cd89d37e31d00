"""The realtime hub: Flask-SocketIO rooms fed by committed domain events.

Rooms: `office:<code>` (every client of an office: boards, kiosks, consoles, status pages),
`counter:<id>`, `kiosk:<token id>`, `ticket:<public token>`, `agent:<code>` (print agents),
`cases:<code>` (the sanctions-and-compensation screens of coordinator, head and admin),
`supervisor:<code>` (the live view of coordinator, head and admin: `sla.breached`),
`escort:<code>` (the escort desk of SOP 002: security and the coordinator),
`user:<id>` and `token:<id>` (whose credential a signed-in or token socket holds).
Payloads hold no personal data.

Office-wide events carry the office's `seq`, and every socket hears them in `seq` order, each
once, after a snapshot no newer than the first of them:
- committed batches come in `seq` order (`Database.subscribe(..., ordered=True)`) and go into
  an inbox; the request that committed them does not wait for any socket;
- one publisher task per process takes them from the inbox, sends them to this process's
  sockets through each office's `OfficeStream` (which holds an event until the one before it
  has arrived), and to the other processes through Redis (`RedisLink`), whose events come
  back into the same inbox;
- a socket joins its office's room through the stream, at its snapshot's `seq`;
- a gap that does not close within `HOLD_S` (`LOCAL_HOLD_S` while Redis is down) is resolved by
  one snapshot for the whole room, counted in `stats["room_resyncs"]`; a socket that still
  sees a gap asks with `sync` (counted in `stats["syncs"]`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter as Tally
from typing import Any

from flask import request
from flask_socketio import SocketIO
from sqlalchemy import select

from antrian.shared.auth import actors
from antrian.shared.core import events
from antrian.shared.core.db import Database
from antrian.shared.core.errors import DomainError
from antrian.shared.models import Counter, Office, Ticket
from antrian.shared.office.directory import office_by_code
from antrian.shared.realtime.office_stream import OfficeStream
from antrian.shared.tickets import office_snapshot
from antrian.shared.web import who

log = logging.getLogger(__name__)

ROLES = ("display", "counter", "kiosk", "ticket", "print_agent", "cases", "supervisor", "escort")
HOLD_S = 1.0  # how long an event waits for a missing predecessor from another process
# ...and with no other process to wait for: this process's own events still between their
# commit and the publisher (a socket whose snapshot saw them joins when they go out).
LOCAL_HOLD_S = 0.25
JOIN_TRIES = 5  # snapshot reads before a socket joins a very busy office anyway


class Hub:
    """One per app: the Socket.IO server, its connection rules, and the event publisher."""

    def __init__(self, app, db: Database, *, async_mode: str, message_queue: str | None,
                 channel: str = "antrian"):
        self.db = db
        # No `message_queue`: office events go between processes as data over our own
        # Redis link, so that each process can put them in order before its sockets.
        self.socketio = SocketIO(
            app,
            async_mode=async_mode,
            # WebSocket only: several processes then need no sticky sessions.
            transports=["websocket"],
            cors_allowed_origins=[],
            ping_interval=10,
            ping_timeout=10,
        )
        self.socketio.on_event("connect", self.on_connect)
        self.socketio.on_event("sync", self.on_sync)
        self.socketio.on_event("disconnect", self.on_disconnect)
        eio = self.socketio.server.eio
        self._inbox = eio.create_queue()
        self._inbox_empty = eio.get_queue_empty_exception()
        self._lock = threading.Lock()  # the streams and the user table; never held across I/O
        self._streams: dict[str, OfficeStream] = {}
        self.stats: Tally[str] = Tally()
        self.started = False
        self.link = None
        if message_queue:
            from antrian.shared.realtime.redis_link import RedisLink

            self.link = RedisLink(
                message_queue, channel,
                on_message=lambda m: self._inbox.put(("remote", m)),
                on_up=lambda: self._inbox.put(("up", None)),
                start_task=self.socketio.start_background_task, sleep=self.socketio.sleep,
                make_queue=eio.create_queue,
            )
        db.subscribe(self._committed, ordered=True)
        app.extensions["antrian.hub"] = self

    def start(self) -> None:
        """Start the publisher (and the Redis link): `antrian.app.start_background`."""
        if self.started:
            return
        self.started = True
        self.socketio.start_background_task(self._publish_forever)
        if self.link is not None:
            self.link.start()

    # ------------------------------------------------------------ publishing

    def _committed(self, batch: list[events.Event]) -> None:
        """Called in `seq` order under the database's commit-order lock: only queue."""
        if self.started:
            self._inbox.put(("local", batch))
        elif self.link is not None:
            # A command-line process: no sockets here, but the servers must hear it.
            for ev in batch:
                try:
                    self.link.publish_now(_wire(ev))
                except Exception as exc:  # the servers resync when they see the gap
                    log.warning("hub: could not send %s to Redis: %s", ev.name, exc)

    def _publish_forever(self) -> None:
        while True:
            try:
                item = self._inbox.get(timeout=self._wait_s())
            except self._inbox_empty:
                item = None
            try:
                if item is not None:
                    self._handle(*item)
                self._resolve_gaps()
            except Exception:  # the publisher must outlive any one bad event
                log.exception("hub: publishing failed")

    def _handle(self, kind: str, item: Any) -> None:
        if kind == "local":
            messages = [_wire(ev) for ev in item]
            if self.link is not None:
                for message in messages:
                    self.link.send(message)
                # The other processes' sockets wait on Redis: one turn for the link's sender,
                # so it publishes before this process's own fan-out (measured on two workers,
                # 200 sockets: first to last socket 4.8 ms without it, 3.6 ms with it).
                self.socketio.sleep(0)
            for message in messages:
                self._deliver(message)
        elif kind == "remote":
            if item.get("kind") == "event":
                self._deliver(item)
        elif kind == "up":
            self._catch_up()

    def _deliver(self, message: dict) -> None:
        name, data = message["name"], message["data"]
        if message["office_wide"]:
            with self._lock:
                self._stream(message["office"]).offer(data["seq"], name, data, time.monotonic())
        for room in message["rooms"]:
            self.socketio.server.emit(name, data, to=room)

    # ------------------------------------------------------------ gaps

    def _hold_s(self) -> float:
        """Wait long for a missing event only when another process can still send it."""
        return HOLD_S if self.link is not None and self.link.connected else LOCAL_HOLD_S

    def _wait_s(self) -> float:
        with self._lock:
            since = [t for s in self._streams.values() if (t := s.waiting_since()) is not None]
        if not since:
            return 1.0
        return max(0.0, min(since) + self._hold_s() - time.monotonic())

    def _resolve_gaps(self) -> None:
        now = time.monotonic()
        with self._lock:
            due = [code for code, s in self._streams.items()
                   if (t := s.waiting_since()) is not None and t + self._hold_s() <= now]
        for code in due:
            self._room_snapshot(code, "gap")

    def _catch_up(self) -> None:
        """Redis is back: whatever the others sent meanwhile is lost; the database has it."""
        with self._lock:
            codes = list(self._streams)
        for code in codes:
            self._room_snapshot(code, "Redis back", only_if_behind=True)

    def _room_snapshot(self, code: str, why: str, only_if_behind: bool = False) -> None:
        snapshot = self.snapshot(code)
        with self._lock:
            if snapshot is None:  # the office is gone: stop following it
                self._streams.pop(code, None)
                return
            stream = self._stream(code)
            if only_if_behind and stream.delivered is not None \
                    and snapshot["seq"] <= stream.delivered:
                return
            if not stream.apply_snapshot(snapshot):
                return  # events overtook this read; the next pass reads again if still needed
            self.stats["room_resyncs"] += 1
        log.warning("hub: office %s resynced at seq %s (%s)", code, snapshot["seq"], why)

    # ------------------------------------------------------------ sockets

    def _stream(self, code: str) -> OfficeStream:
        stream = self._streams.get(code)
        if stream is None:
            stream = self._streams[code] = OfficeStream(f"office:{code}", self)
        return stream

    # The `Outlet` of the office streams: only queues packets for this process's sockets.
    def emit(self, name: str, data: Any, to: str) -> None:
        # python-socketio encodes the packet once for the whole room. Queueing it in chunks
        # with a turn for other tasks in between was measured: the last of 2,000 sockets heard
        # the call 20% later, and the reply was no faster (it does not wait for this).
        self.socketio.server.emit(name, data, to=to)

    def enter(self, sid: str, rooms: list[str]) -> None:
        for room in rooms:
            try:
                self.socketio.server.enter_room(sid, room)
            except KeyError:
                return  # the socket went away while it waited to join

    def snapshot(self, office_code: str) -> dict[str, Any] | None:
        try:
            return office_snapshot.office_snapshot(self.db, office_code)
        except DomainError:
            return None

    def _join(self, sid: str, office_code: str, rooms: list[str]) -> None:
        """Send the snapshot and join the rooms at the snapshot's point of the stream."""
        for _ in range(JOIN_TRIES):
            snapshot = self.snapshot(office_code)
            with self._lock:
                if snapshot is None:  # the office is gone: nothing to follow
                    self.emit("board", None, sid)
                    return
                if self._stream(office_code).join(sid, rooms, snapshot, time.monotonic()):
                    return
        with self._lock:  # too busy to catch: a gap follows and the client resyncs
            self.emit("board", snapshot, sid)
            self.enter(sid, rooms)
        log.warning("hub: a socket joined office %s behind its stream", office_code)

    def on_connect(self, auth_data: dict | None = None):
        data = auth_data if isinstance(auth_data, dict) else {}
        office_code, role = data.get("office"), data.get("role", "display")
        if not isinstance(office_code, str) or role not in ROLES:
            raise ConnectionRefusedError("auth needs an office and a known role")
        try:
            rooms = self._rooms_for(office_code, role, data)
        except DomainError as exc:
            raise ConnectionRefusedError(exc.message) from None
        self._join(request.sid, rooms[0].split(":", 1)[1], rooms)

    def on_sync(self, _data=None):
        sid = request.sid
        with self._lock:
            self.stats["syncs"] += 1
        for room in list(self.socketio.server.rooms(sid)):
            if room.startswith("office:"):
                code = room.split(":", 1)[1]
                log.info("hub: socket resync requested (office %s)", code)
                # Out of the room first: the snapshot read after this is at least as new as
                # every event this socket has heard, and it hears no event until it rejoins.
                with self._lock:
                    self.socketio.server.leave_room(sid, room)
                    self._stream(code).leave(sid)
                self._join(sid, code, [room])

    def on_disconnect(self, *_reason):
        sid = request.sid
        with self._lock:
            for stream in self._streams.values():
                stream.leave(sid)

    def _rooms_for(self, office_code: str, role: str, data: dict) -> list[str]:
        """The socket's rooms, the office's first."""
        private = role in ("counter", "kiosk", "print_agent", "cases", "supervisor", "escort")
        # Who connects: the one resolver of every request (it may note a token's use).
        actor = who.socket_actor(data) if private else None
        with self.db.read() as session:  # the rooms need no write lock
            office = office_by_code(session, office_code)
            rooms = [f"office:{office.code}"]
            if role == "ticket":
                token = str(data.get("ticket", ""))
                ticket = session.scalar(select(Ticket).where(Ticket.public_token == token))
                if ticket is None or ticket.office_id != office.id:
                    raise ConnectionRefusedError("unknown ticket")
                rooms.append(f"ticket:{token}")
            elif private:
                if actor is None or actor.office_id not in (None, office.id):
                    raise ConnectionRefusedError("a token or login for this office is needed")
                rooms += self._private_rooms(session, office, role, data, actor)
            return rooms

    def _private_rooms(self, session, office: Office, role: str, data: dict,
                       actor: actors.Actor) -> list[str]:
        holder = holder_rooms(actor)
        if role == "kiosk":
            return holder + ([f"kiosk:{actor.token_id}"] if actor.kind == "kiosk" else [])
        if role == "print_agent":
            actors.require(actor, "print_agent", office.id)
            return [*holder, f"agent:{office.code}"]
        if role == "cases":  # cases judge staff: only those who may read them all
            actors.require(actor, "view_cases", office.id)
            return [*holder, f"cases:{office.code}"]
        if role == "supervisor":  # breaches name staff: supervisors only, never a board
            actors.require(actor, "supervise", office.id)
            return [*holder, f"supervisor:{office.code}"]
        if role == "escort":  # SOP 002's escort desk: who needs a wheelchair, staff only
            actors.require(actor, "escort_desk", office.id)
            return [*holder, f"escort:{office.code}"]
        if actor.kind != "user":  # a device token reaches its own room only, never staff's
            raise ConnectionRefusedError("staff only")
        counter_id = data.get("counter")
        if counter_id is None:
            return holder
        counter = session.get(Counter, counter_id) if isinstance(counter_id, int) else None
        if counter is None or counter.office_id != office.id:
            raise ConnectionRefusedError("unknown counter")
        actors.require(actor, "operate_counter", office.id)
        return [*holder, f"counter:{counter.id}"]

    # A room per credential, so that a disabled account's or a revoked token's sockets can be
    # closed from the server (shared/realtime/socket_guard.py).

    def holders_here(self) -> tuple[set[int], set[int]]:
        """The users and tokens that hold sockets on this process."""
        users, tokens = set(), set()
        for room in list(self.socketio.server.manager.rooms.get("/", {})):
            kind, _, ident = str(room).partition(":")
            if kind in ("user", "token") and ident.isdigit():
                (users if kind == "user" else tokens).add(int(ident))
        return users, tokens

    def disconnect_room(self, room: str) -> int:
        """Close every socket of this process in `room` (each process closes its own)."""
        sids = [sid for sid, _ in self.socketio.server.manager.get_participants("/", room)]
        for sid in sids:
            self.socketio.server.disconnect(sid, ignore_queue=True)
        return len(sids)


def holder_rooms(actor: actors.Actor) -> list[str]:
    if actor.user_id is not None:
        return [f"user:{actor.user_id}"]
    return [f"token:{actor.token_id}"] if actor.token_id is not None else []


def _wire(ev: events.Event) -> dict[str, Any]:
    """An event as data, the same for this process's sockets and for the others'."""
    office_wide = ev.office_wide and ev.seq is not None
    # Status pages are in the office room already: an office-wide event skips their rooms.
    rooms = [r for r in ev.rooms if not (office_wide and r.startswith("ticket:"))]
    return {"kind": "event", "name": ev.name, "office": ev.office_code, "data": ev.message(),
            "office_wide": office_wide, "rooms": rooms}
