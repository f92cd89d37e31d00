"""Domain events, recorded inside a transaction and published only after it commits.

A service function calls `record(session, ...)`. Just before commit the office-wide events get
their per-office `seq` from a row updated in the same transaction (so the order of `seq` is the
order of commits); after commit every listener receives them; on rollback they are dropped with
the session. `Database.write` makes those two calls around its commit.
Listeners are registered on the `Database` by the composition root (`antrian.create_app`):
the realtime hub and the print spooler. The domain never imports them.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PENDING = "antrian_pending_events"


@dataclass
class Event:
    name: str
    office_id: int
    office_code: str
    payload: dict[str, Any]
    # Extra rooms beyond the office's; an event with private rooms only is not office-wide.
    rooms: tuple[str, ...] = ()
    office_wide: bool = True
    seq: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def message(self) -> dict[str, Any]:
        body = dict(self.payload)
        body["office"] = self.office_code
        if self.seq is not None:
            body["seq"] = self.seq
        return body


Listener = Callable[[list[Event]], None]


def record(session: Session, event_: Event) -> None:
    session.info.setdefault(PENDING, []).append(event_)


def has_pending(session: Session) -> bool:
    return bool(session.info.get(PENDING))


def publish_committed(session: Session, listeners: list[Listener]) -> None:
    """Hand the committed events to the listeners; called once the write lock is released."""
    committed = session.info.pop(PENDING, [])
    if committed:
        notify(committed, listeners)


def notify(committed: list[Event], listeners: list[Listener]) -> None:
    for listener in list(listeners):
        try:
            listener(committed)
        except Exception:  # a broken listener must not undo a committed change
            log.exception("event listener %r failed", listener)


def assign_seq(session: Session) -> None:
    """Number the office-wide events; called in the transaction, just before it commits."""
    from antrian.shared.core.db import (
        increment,  # db imports this module: a late import breaks the cycle
    )
    from antrian.shared.models import OfficeEventSeq

    pending: list[Event] = session.info.get(PENDING, [])
    by_office: dict[int, list[Event]] = {}
    for ev in pending:
        if ev.office_wide and ev.seq is None:
            by_office.setdefault(ev.office_id, []).append(ev)
    for office_id, office_events in by_office.items():
        count = len(office_events)
        top = increment(session, OfficeEventSeq, {"office_id": office_id}, "seq", count)
        for offset, ev in enumerate(office_events):
            ev.seq = top - count + offset + 1


class CommitOrder:
    """Hands each transaction's events on in the order the transactions took their `seq`.

    Threads commit concurrently and reach their after-commit hooks in any order, so a listener
    called there would see `seq` 6 before 5. Instead, each writing transaction with events
    reserves a place in line while it still holds the office's `seq` row lock (so places are
    taken in `seq` order) and fills it after the commit (or gives it up after a rollback).
    Ordered listeners are called as soon as the head of the line is settled, under a short
    lock: they must only queue the events (the hub's publisher does the sending).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._line: deque[list] = deque()  # [settled, events]
        self.listeners: list[Listener] = []

    def reserve(self) -> list:
        place = [False, []]
        with self._lock:
            self._line.append(place)
        return place

    def settle(self, place: list, committed: list[Event]) -> None:
        """`committed` is empty for a transaction that rolled back."""
        with self._lock:
            place[0], place[1] = True, committed
            while self._line and self._line[0][0]:
                batch = self._line.popleft()[1]
                if batch:
                    notify(batch, self.listeners)
