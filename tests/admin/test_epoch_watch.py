"""The auth epoch's watch: one per database in a process, kept fresh by the socket guard so a
request reads nothing, and read by the request itself when nobody has looked lately."""

from __future__ import annotations

import time

from sqlalchemy import event

from antrian.shared.auth import actors, revocation
from antrian.shared.realtime import socket_guard


def reads_of_the_epoch(db, work) -> int:
    seen = []

    def count(conn, cursor, statement, *_):
        if "auth_epoch" in statement:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def fake_clock(monkeypatch) -> list[float]:
    """The watch's clock, far from any reading a real clock gave before."""
    now = [time.monotonic() + 1e6]
    monkeypatch.setattr(revocation, "monotonic", lambda: now[0])
    return now


def test_a_request_reads_the_epoch_only_when_nobody_has_lately(office, monkeypatch):
    db, now = office.db, fake_clock(monkeypatch)
    watch = revocation.watch_for(db)
    assert revocation.watch_for(db) is watch  # one per database
    token = office.kiosk_token
    assert reads_of_the_epoch(db, lambda: actors.recent_actor(db, token)) == 1
    now[0] += revocation.STALE_AFTER_S - 0.01
    assert reads_of_the_epoch(db, lambda: actors.recent_actor(db, token)) == 0
    now[0] += 0.02
    assert reads_of_the_epoch(db, lambda: actors.recent_actor(db, token)) == 1
    actors.revoked_here()  # this process revoked something: the next request looks again
    assert reads_of_the_epoch(db, lambda: actors.recent_actor(db, token)) == 1


class QuietHub:
    """The guard's view of the hub: no sockets held, and a sleep that ends the loop."""

    def __init__(self, db, rounds: int):
        self.db, self.rounds = db, rounds
        self.socketio = self

    def holders_here(self):
        return set(), set()

    def sleep(self, seconds):
        self.rounds -= 1
        if not self.rounds:
            self.db.closed = True


def test_the_socket_guard_keeps_the_watch_fresh_for_requests(office, monkeypatch):
    db, now = office.db, fake_clock(monkeypatch)
    # one look, then its sleep ends the loop
    assert reads_of_the_epoch(db, lambda: socket_guard.guard(QuietHub(db, 1), db)) == 1
    db.closed = False
    now[0] += revocation.CHECK_EVERY_S  # the guard's next look is due; a request's is not
    assert reads_of_the_epoch(db, lambda: actors.recent_actor(db, office.kiosk_token)) == 0
