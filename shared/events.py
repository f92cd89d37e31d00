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


def publish_committed(session: Session, listeners: list[Listener]) -> None:
    """Hand the committed events to the listeners; called once the write lock is released."""
    committed = session.info.pop(PENDING, [])
    if not committed:
        return
    for listener in list(listeners):
        try:
            listener(committed)
        except Exception:  # a broken listener must not undo a committed change
            log.exception("event listener %r failed", listener)


def assign_seq(session: Session) -> None:
    """Number the office-wide events; called in the transaction, just before it commits."""
    from shared.db import increment  # db imports this module: a late import breaks the cycle
    from shared.models import OfficeEventSeq

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
