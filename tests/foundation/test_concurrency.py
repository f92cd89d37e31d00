"""No number is ever handed out twice, and no ticket is ever called twice, under real
concurrency: threads, separate processes, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter as Tally

import pytest
from sqlalchemy import select

from antrian.shared.auth import actors
from antrian.shared.models import Ticket
from antrian.shared.tickets import lifecycle
from tests.support.servers import ROOT


def kiosk_actor(office) -> actors.Actor:
    with office.db.write() as s:
        return actors.actor_for_bearer(s, office.kiosk_token)


def staff_actor(office, username: str) -> actors.Actor:
    with office.db.write() as s:
        return actors.actor_for_bearer(s, office.tokens[username])


def numbers(office, series: str) -> list[int]:
    with office.db.read() as s:
        return sorted(s.scalars(select(Ticket.number).where(Ticket.series == series)))


def run_threads(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def runner(i: int) -> None:
        try:
            barrier.wait()
            target(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def issue_from_threads(office, threads: int = 8, each: int = 100) -> None:
    """Half the threads share series A; the others each have a series of their own, so
    transactions also run side by side and race for the office's event counter."""
    actor = kiosk_actor(office)

    def issue(i: int) -> None:
        service = "A" if i % 2 == 0 else "BCD"[i // 2 % 3]
        for _ in range(each):
            lifecycle.issue_ticket(
                office.db, "demo", lifecycle.IssueRequest(service=service), actor
            )

    assert run_threads(threads, issue) == []


def assert_8x100_numbering(office) -> None:
    assert numbers(office, "A") == list(range(1, 401))
    assert numbers(office, "B") == list(range(1, 201))
    assert numbers(office, "C") == list(range(1, 101))
    assert numbers(office, "D") == list(range(1, 101))


def test_numbering_8_threads_x_100_sqlite(office):
    issue_from_threads(office)
    assert_8x100_numbering(office)


@pytest.mark.postgres
def test_numbering_8_threads_x_100_postgres(pg_office):
    issue_from_threads(pg_office)
    assert_8x100_numbering(pg_office)


def issue_from_processes(office, url: str, processes: int = 2, each: int = 100) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.issue_many", url, str(each), "B"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err


def test_numbering_two_processes_one_sqlite_file(office):
    issue_from_processes(office, office.db.url)
    assert numbers(office, "B") == list(range(1, 201))


@pytest.mark.postgres
def test_numbering_two_processes_postgres(pg_office):
    issue_from_processes(pg_office, pg_office.db.url)
    assert numbers(pg_office, "B") == list(range(1, 201))


def race_call_next(office, tickets: int = 120) -> Tally:
    kiosk = kiosk_actor(office)
    for i in range(tickets):
        service = "ABCD"[i % 4]
        priority = i % 7 == 0
        lifecycle.issue_ticket(
            office.db,
            "demo",
            lifecycle.IssueRequest(
                service=service, priority=priority, priority_reason="lansia" if priority else None
            ),
            kiosk,
        )
    called: Tally = Tally()
    lock = threading.Lock()

    def counter_loop(i: int) -> None:
        number = i + 1
        actor = staff_actor(office, f"loket{number}")
        while True:
            ticket = lifecycle.call_next(office.db, number, actor)
            if ticket is None:
                return
            with lock:
                called[ticket.id] += 1
            lifecycle.serve(office.db, ticket.id, actor)
            lifecycle.complete(office.db, ticket.id, actor)

    assert run_threads(4, counter_loop) == []
    return called


def test_four_counters_race_call_next_sqlite(office):
    called = race_call_next(office)
    assert len(called) == 120 and set(called.values()) == {1}


@pytest.mark.postgres
def test_four_counters_race_call_next_postgres(pg_office):
    called = race_call_next(pg_office)
    assert len(called) == 120 and set(called.values()) == {1}


def test_service_day_follows_the_office_time_zone(office):
    """A ticket issued at 23:30 UTC belongs to the next day in Jakarta (UTC+7)."""
    from datetime import UTC, datetime

    from antrian.shared.core import clock

    late = datetime(2026, 11, 21, 23, 30, tzinfo=UTC)
    assert clock.service_day(late, "Asia/Jakarta").isoformat() == "2026-11-22"
    assert clock.service_day(late, "Asia/Jayapura").isoformat() == "2026-11-22"
    early = datetime(2026, 11, 21, 16, 30, tzinfo=UTC)  # 23:30 WIB, 00:30 WIT
    assert clock.service_day(early, "Asia/Jakarta").isoformat() == "2026-11-21"
    assert clock.service_day(early, "Asia/Jayapura").isoformat() == "2026-11-22"
