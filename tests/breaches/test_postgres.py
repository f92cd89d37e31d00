"""Two server processes on one PostgreSQL database raise each breach once: the unique key
settles it, not a check before the insert."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

from antrian.shared.auth import actors
from antrian.shared.core.db import Database
from antrian.shared.models import Breach
from antrian.shared.supervision import live, watcher
from tests.breaches.conftest import DAY, rows
from tests.reports.conftest import Desk
from tests.support.servers import ROOT

pytestmark = pytest.mark.postgres

SCAN_ONCE = """
import sys, time
from datetime import datetime
from antrian.shared.auth import actors
from antrian.shared.core.db import Database
from antrian.shared.supervision import live, watcher
db = Database(sys.argv[1])
now = datetime.fromisoformat(sys.argv[3])
while time.time() < float(sys.argv[2]):  # start together
    time.sleep(0.001)
print(len(watcher.scan(db, now)))
"""


def test_two_passes_that_clash_in_the_database_raise_one(pg_office, pg_url, clk):
    desk = Desk(pg_office.app.test_client(), pg_office, clk)
    tid = desk.issue(f"{DAY} 08:00")
    now = clk.at(f"{DAY} 08:05")
    other = Database(pg_url)  # a second process's connection pool
    heard: list = []
    for db in (pg_office.db, other):
        db.subscribe(heard.extend)
    # both found the step due before either inserted it
    found = [watcher.due(db, now) for db in (pg_office.db, other)]
    assert [[r.step for r in f] for f in found] == [["wait"], ["wait"]]
    start, raised = threading.Barrier(2), [None, None]

    def run(i: int, db: Database) -> None:
        start.wait()
        raised[i] = watcher.raise_breaches(db, found[i], now)

    threads = [threading.Thread(target=run, args=(i, db))
               for i, db in enumerate((pg_office.db, other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(len(r) for r in raised) == [0, 1]
    assert rows(pg_office) == [(tid, "wait", 180, 300)]
    assert [e.name for e in heard] == ["sla.breached"]
    assert watcher.scan(other, now) == []
    other.dispose()


def test_two_processes_scanning_together_raise_each_step_once(pg_office, pg_url, clk):
    desk = Desk(pg_office.app.test_client(), pg_office, clk)
    called = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:01")
    waiting = [desk.issue(f"{DAY} 08:0{i}") for i in range(2, 5)]
    now = clk.at(f"{DAY} 08:30")
    start_at = str(time.time() + 3)
    procs = [subprocess.Popen([sys.executable, "-c", SCAN_ONCE, pg_url, start_at,
                               now.isoformat()], cwd=ROOT, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    counts = [int(p.communicate(timeout=60)[0].strip()) for p in procs]
    assert sum(counts) == 4, counts  # one call and three waits, between the two
    with pg_office.db.read() as s:
        got = sorted((b.ticket_id, b.step) for b in s.scalars(select(Breach)))
    assert got == sorted([(called, "call")] + [(t, "wait") for t in waiting])
    # the live view reads the same on PostgreSQL
    with pg_office.db.read() as s:
        head = actors.actor_for_bearer(s, pg_office.tokens["kepala"])
    view = live.live_view(pg_office.db, "demo", head, now)
    assert [w["ticket"] for w in view["waits"]] == waiting
    assert [c["current"]["ticket"] for c in view["counters"] if c["current"]] == [called]
    assert len(view["breaches"]) == 4
