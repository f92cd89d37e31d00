"""Daily jobs run once per deployment: the processes sharing a database take a lease."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

from antrian import app as app_module
from antrian.app import create_app, run_daily, start_background
from antrian.shared.core import leases
from antrian.shared.core.db import Database
from tests.support.servers import ROOT

TAKE_ONCE = """
import sys, time
from datetime import timedelta
from antrian.shared.core import leases
from antrian.shared.core.db import Database
db = Database(sys.argv[1])
while time.time() < float(sys.argv[2]):  # start together
    time.sleep(0.001)
print(leases.take(db, "purge_personal_data", timedelta(days=1)))
"""


def test_two_processes_one_takes_the_daily_lease(pg_url):
    start_at = str(time.time() + 3)
    procs = [subprocess.Popen([sys.executable, "-c", TAKE_ONCE, pg_url, start_at], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True) for _ in range(2)]
    answers = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert answers == ["False", "True"]


def test_the_lease_comes_back_when_its_period_ends(office):
    period = timedelta(seconds=1)
    assert leases.take(office.db, "watch", period, holder="a")
    assert not leases.take(office.db, "watch", period, holder="b")
    time.sleep(1.1)
    assert leases.take(office.db, "watch", period, holder="b")
    assert leases.take(office.db, "other", period)  # another job has its own lease


def test_two_apps_on_one_database_purge_once(instance, _seeded_sqlite, monkeypatch):
    import shutil

    shutil.copy(_seeded_sqlite[0], instance / "antrian.db")
    purged = []
    monkeypatch.setattr(app_module.retention, "purge_personal_data",
                        lambda db: purged.append(threading.current_thread().name) or {})
    apps = [create_app({"instance_path": str(instance), "print_spooler": False})
            for _ in range(2)]
    for app in apps:
        start_background(app)
    time.sleep(2)
    assert len(purged) == 1
    for app in apps:
        app.extensions["antrian.db"].dispose()


def test_a_failing_job_still_sleeps_until_the_next_period(office):
    ran, slept = [], []

    def job():
        ran.append(1)
        raise RuntimeError("disk full")

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == 2:
            raise SystemExit  # end the loop for the test

    db: Database = office.db
    with pytest.raises(SystemExit):
        run_daily(db, sleep, "flaky", job, period=timedelta(hours=2))
    assert ran == [1]  # the second wake-up found the lease still held: not run again
    assert 7000 < slept[0] <= 7200
