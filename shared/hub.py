"""The realtime hub: Flask-SocketIO rooms fed by committed domain events.

Rooms: `office:<code>` (every client of an office: boards, kiosks, consoles, status pages),
`counter:<id>`, `kiosk:<token id>`, `ticket:<public token>`, `agent:<code>` (print agents),
`cases:<code>` (the sanctions-and-compensation screens of coordinator, head and admin),
`user:<id>` and `token:<id>` (whose credential a signed-in or token socket holds).
Office-wide events carry the office's `seq`; a client that sees a gap emits `sync` and gets the
`board` snapshot again, as it does on every (re)connect. Payloads hold no personal data.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import request
from flask import session as web_session
from flask_socketio import SocketIO, join_room
from sqlalchemy import select

from shared import auth, board, events, login
from shared.db import Database
from shared.directory import office_by_code
from shared.errors import DomainError
from shared.models import Counter, Office, Ticket

log = logging.getLogger(__name__)

ROLES = ("display", "counter", "kiosk", "ticket", "print_agent", "cases")


class Hub:
    """One per app: the Socket.IO server, its connection rules, and the event forwarder."""

    def __init__(self, app, db: Database, *, async_mode: str, message_queue: str | None,
                 channel: str = "antrian"):
        self.db = db
        self.socketio = SocketIO(
            app,
            async_mode=async_mode,
            message_queue=message_queue or None,
            channel=channel,
            # WebSocket only: several processes then need no sticky sessions.
            transports=["websocket"],
            cors_allowed_origins=[],
            ping_interval=10,
            ping_timeout=10,
        )
        self.socketio.on_event("connect", self.on_connect)
        self.socketio.on_event("sync", self.on_sync)
        db.subscribe(self.publish)
        app.extensions["antrian.hub"] = self

    def publish(self, batch: list[events.Event]) -> None:
        """Forward committed events to their rooms, office-wide ones in `seq` order."""
        for i, ev in enumerate(sorted(batch, key=lambda e: (e.seq is None, e.seq or 0))):
            if i:
                # Each socket's writer sends everything queued for it in one go: yielding
                # here lets every board hear the call before any hears the next event.
                self.socketio.sleep(0)
            message = ev.message()
            if ev.office_wide:
                self.socketio.emit(ev.name, message, to=f"office:{ev.office_code}")
            for room in ev.rooms:
                if ev.office_wide and room.startswith("ticket:"):
                    continue  # status pages are in the office room already
                self.socketio.emit(ev.name, message, to=room)

    def snapshot(self, office_code: str) -> dict[str, Any] | None:
        try:
            return board.office_snapshot(self.db, office_code)
        except DomainError:
            return None

    def on_connect(self, auth_data: dict | None = None):
        data = auth_data if isinstance(auth_data, dict) else {}
        office_code, role = data.get("office"), data.get("role", "display")
        if not isinstance(office_code, str) or role not in ROLES:
            raise ConnectionRefusedError("auth needs an office and a known role")
        try:
            rooms = self._rooms_for(office_code, role, data)
        except DomainError as exc:
            raise ConnectionRefusedError(exc.message) from None
        for room in rooms:
            join_room(room)
        self.socketio.emit("board", self.snapshot(office_code), to=request.sid)

    def on_sync(self, _data=None):
        for room in self.socketio.server.rooms(request.sid):
            if room.startswith("office:"):
                office_code = room.split(":", 1)[1]
                self.socketio.emit("board", self.snapshot(office_code), to=request.sid)

    def _rooms_for(self, office_code: str, role: str, data: dict) -> list[str]:
        with self.db.read() as session:  # connecting writes nothing: no write lock
            office = office_by_code(session, office_code)
            rooms = [f"office:{office.code}"]
            if role == "ticket":
                token = str(data.get("ticket", ""))
                ticket = session.scalar(select(Ticket).where(Ticket.public_token == token))
                if ticket is None or ticket.office_id != office.id:
                    raise ConnectionRefusedError("unknown ticket")
                rooms.append(f"ticket:{token}")
            elif role in ("counter", "kiosk", "print_agent", "cases"):
                rooms += self._private_rooms(session, office, role, data)
            return rooms

    def _private_rooms(self, session, office: Office, role: str, data: dict) -> list[str]:
        actor = _actor(session, data)
        if actor is None or actor.office_id not in (None, office.id):
            raise ConnectionRefusedError("a token or login for this office is needed")
        holder = holder_rooms(actor)
        if role == "kiosk":
            return holder + ([f"kiosk:{actor.token_id}"] if actor.kind == "kiosk" else [])
        if role == "print_agent":
            auth.require(actor, "print_agent", office.id)
            return [*holder, f"agent:{office.code}"]
        if role == "cases":  # cases judge staff: only those who may read them all
            auth.require(actor, "view_cases", office.id)
            return [*holder, f"cases:{office.code}"]
        if actor.kind != "user":  # a device token reaches its own room only, never staff's
            raise ConnectionRefusedError("staff only")
        counter_id = data.get("counter")
        if counter_id is None:
            return holder
        counter = session.get(Counter, counter_id) if isinstance(counter_id, int) else None
        if counter is None or counter.office_id != office.id:
            raise ConnectionRefusedError("unknown counter")
        auth.require(actor, "operate_counter", office.id)
        return [*holder, f"counter:{counter.id}"]

    # A room per credential, so that a disabled account's or a revoked token's sockets can be
    # closed from the server (shared/socket_guard.py).

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


def holder_rooms(actor: auth.Actor) -> list[str]:
    if actor.user_id is not None:
        return [f"user:{actor.user_id}"]
    return [f"token:{actor.token_id}"] if actor.token_id is not None else []


def _actor(session, data: dict) -> auth.Actor | None:
    """A bearer token from the auth data, else the logged-in browser session's user."""
    token = data.get("token")
    if isinstance(token, str) and token:
        return auth.actor_for_bearer(session, token)
    user = login.session_user(session, web_session.get("user_id"), web_session.get("sv"))
    return auth.actor_for_user(user) if user is not None else None
