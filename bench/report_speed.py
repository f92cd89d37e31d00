"""How fast the head's reports render for a busy month: 20,000 tickets on SQLite.

Fills a fresh SQLite database with a month of a busy office (tests/support/busy_office.py:
walk-ins, phone calls with escalations and call-backs, online requests, survey responses),
then times, in this one process and run, each report for that month and for an empty month
(the baseline: the fixed cost of a request, the page and its charts), the two taking turns.
Prints the median of --repeat runs of each, wall and CPU time (on a shared machine the CPU
time of this process is the report's own cost), and the month's figure as a ratio to the
baseline.

    .venv/bin/python bench/report_speed.py [--tickets 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from antrian import demo, migrate  # noqa: E402
from antrian.app import create_app  # noqa: E402
from antrian.shared.core.db import Database
from antrian.shared.models import User
from tests.support import busy_office  # noqa: E402

MONTH = ("2026-10-01", "2026-10-31")
EMPTY = ("2026-01-01", "2026-01-31")

REPORTS = {
    "service JSON (per service)": "/api/v1/offices/demo/reports/service?from={}&to={}",
    "service JSON (per hour)": "/api/v1/offices/demo/reports/service?from={}&to={}&group=hour",
    "service page + charts": "/admin/reports?from={}&to={}&group=staff",
    "service XLSX": "/api/v1/offices/demo/reports/service.xlsx?from={}&to={}",
    "trend page (by day)": "/admin/reports/trend?from={}&to={}&by=day",
    "IKM trend JSON (by week)": "/api/v1/offices/demo/ikm/trend?from={}&to={}&by=week",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="antrian-report-bench-"))
    db = Database(f"sqlite:///{folder / 'antrian.db'}")
    migrate.upgrade(db.engine)
    demo.seed_if_empty(db)
    started = time.perf_counter()
    written = busy_office.fill(db, date.fromisoformat(MONTH[0]), date.fromisoformat(MONTH[1]),
                               args.tickets)
    print(f"filled {written} tickets of {MONTH[0]}..{MONTH[1]} in "
          f"{time.perf_counter() - started:.1f} s (SQLite, {folder})")
    db.dispose()

    app = create_app({"instance_path": str(folder), "print_spooler": False})
    client = app.test_client()
    with app.extensions["antrian.db"].read() as s:
        admin_id = s.scalar(select(User.id).where(User.username == "admin"))
    with client.session_transaction() as sess:
        sess["_user_id"] = str(admin_id)  # Flask-Login's key
        sess["sv"] = 0  # the session version a fresh sign-in gets

    def once(url: str) -> tuple[float, float]:
        """(wall, CPU) seconds of one request; the CPU time of this process is what the
        report costs, the wall time adds whatever else the machine is doing."""
        t0, c0 = time.perf_counter(), time.process_time()
        res = client.get(url)
        elapsed = time.perf_counter() - t0, time.process_time() - c0
        assert res.status_code == 200, (url, res.status_code, res.get_data()[:300])
        return elapsed

    load = os.getloadavg()[0]
    print(f"median of {args.repeat} runs each, the busy and the empty month taking turns "
          "(the machine's noise hits both); baseline = the same report for an empty month; "
          f"load average {load:.1f} on {os.cpu_count()} cores")
    print(f"{'report':28} {'busy wall':>10} {'busy CPU':>10} {'empty wall':>11} "
          f"{'empty CPU':>10} {'ratio (CPU)':>12}")
    for name, pattern in REPORTS.items():
        busy_url, empty_url = pattern.format(*MONTH), pattern.format(*EMPTY)
        once(empty_url), once(busy_url)  # warm up templates and the database's pages
        empty, busy = [], []
        for _ in range(args.repeat):
            empty.append(once(empty_url))
            busy.append(once(busy_url))
        bw, bc = (statistics.median(x) * 1000 for x in zip(*busy, strict=True))
        ew, ec = (statistics.median(x) * 1000 for x in zip(*empty, strict=True))
        print(f"{name:28} {bw:7.0f} ms {bc:7.0f} ms {ew:8.0f} ms {ec:7.0f} ms {bc / ec:11.0f}x")
    app.extensions["antrian.db"].dispose()


if __name__ == "__main__":
    main()
