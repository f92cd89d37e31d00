"""Committed events reach the hub in seq order, and a snapshot's seq agrees with its rows."""

from __future__ import annotations

import threading

import pytest

from antrian.shared.tickets import lifecycle, office_snapshot
from tests.foundation.test_concurrency import kiosk_actor, run_threads


def ordered_seqs_while_racing(office, threads: int = 8, each: int = 40) -> list[int]:
    seen: list[int] = []
    office.db.subscribe(lambda batch: seen.extend(e.seq for e in batch if e.seq), ordered=True)
    actor = kiosk_actor(office)

    def issue(i: int) -> None:
        for _ in range(each):
            lifecycle.issue_ticket(office.db, "demo", lifecycle.IssueRequest(service="ABCD"[i % 4]),
                               actor)

    assert run_threads(threads, issue) == []
    return seen


def assert_one_run(seen: list[int]) -> None:
    assert seen, "no events"
    assert seen == list(range(seen[0], seen[0] + len(seen)))


def test_ordered_listener_hears_seq_in_order_sqlite(office):
    assert_one_run(ordered_seqs_while_racing(office))


@pytest.mark.postgres
def test_ordered_listener_hears_seq_in_order_postgres(pg_office):
    assert_one_run(ordered_seqs_while_racing(pg_office))


@pytest.mark.postgres
def test_snapshot_is_one_consistent_read_on_postgres(pg_office, monkeypatch):
    """A ticket issued while the snapshot is half read must be in neither its seq nor its
    waiting counts (READ COMMITTED would count it in the rows read after the seq)."""
    actor = kiosk_actor(pg_office)
    before = office_snapshot.office_snapshot(pg_office.db, "demo")
    real_counter_calls = office_snapshot.counter_calls

    def counter_calls_after_a_commit(session, office):
        worker = threading.Thread(target=lifecycle.issue_ticket, args=(
            pg_office.db, "demo", lifecycle.IssueRequest(service="A"), actor))
        worker.start()
        worker.join(timeout=30)
        return real_counter_calls(session, office)

    monkeypatch.setattr(office_snapshot, "counter_calls", counter_calls_after_a_commit)
    during = office_snapshot.office_snapshot(pg_office.db, "demo")
    monkeypatch.setattr(office_snapshot, "counter_calls", real_counter_calls)
    after = office_snapshot.office_snapshot(pg_office.db, "demo")

    def waiting(snapshot):
        return sum(w["waiting"] for w in snapshot["waiting"])

    assert (during["seq"], waiting(during)) == (before["seq"], waiting(before))
    assert after["seq"] > before["seq"] and waiting(after) == waiting(before) + 1
