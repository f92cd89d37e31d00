"""What storing each ticket's SOP steps costs the desk's hot path, in-process on SQLite.

Runs the same walk-in cycle (call next, serve, complete) through the services, with the
step measurement on and then off (the timeline's ENDING_KINDS emptied), the two taking turns,
and prints the median time of a cycle and its CPU time.

    .venv/bin/python bench/step_cost.py [--cycles 300] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from antrian import demo, migrate  # noqa: E402
from antrian.shared.auth import actors  # noqa: E402
from antrian.shared.core.db import Database  # noqa: E402
from antrian.shared.models import Counter  # noqa: E402
from antrian.shared.reports import steps  # noqa: E402
from antrian.shared.tickets import lifecycle  # noqa: E402


def cycles(db: Database, kiosk, staff, counter_id: int, n: int) -> tuple[float, float]:
    for _ in range(n):
        lifecycle.issue_ticket(db, "demo", lifecycle.IssueRequest(service="A"), kiosk)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        ticket = lifecycle.call_next(db, counter_id, staff)
        lifecycle.serve(db, ticket.id, staff)
        lifecycle.complete(db, ticket.id, staff)
    return (time.perf_counter() - wall) / n, (time.process_time() - cpu) / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="antrian-step-cost-")
    db = Database(f"sqlite:///{folder}/antrian.db")
    migrate.upgrade(db.engine)
    demo.seed_if_empty(db)
    with db.read() as s:
        kiosk = actors.actor_for_bearer(s, demo_kiosk_token(db))
        counter_id = s.scalar(select(Counter.id).where(Counter.number == 1))
    with db.write() as s:
        raw = actors.create_user_token(s, "loket1")
    with db.read() as s:
        staff = actors.actor_for_bearer(s, raw)
    kinds = steps.ENDING_KINDS
    results: dict[str, list[tuple[float, float]]] = {"steps stored": [], "steps off": []}
    for _ in range(args.rounds):
        for label, ending in (("steps stored", kinds), ("steps off", frozenset())):
            steps.ENDING_KINDS = ending
            results[label].append(cycles(db, kiosk, staff, counter_id, args.cycles))
    steps.ENDING_KINDS = kinds
    print(f"{args.rounds} rounds of {args.cycles} call/serve/complete cycles, SQLite, "
          "in-process; median per cycle")
    for label, runs in results.items():
        wall = statistics.median(r[0] for r in runs) * 1000
        cpu = statistics.median(r[1] for r in runs) * 1000
        print(f"  {label:13s} wall {wall:6.2f} ms   CPU {cpu:6.2f} ms")


def demo_kiosk_token(db: Database) -> str:
    with db.write() as s:
        return actors.create_device_token(s, "demo", "kiosk", "bench")


if __name__ == "__main__":
    main()
