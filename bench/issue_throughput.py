"""Tickets per second through the real HTTP API with K concurrent kiosk clients.

Runs one server process on loopback, `antrian serve` and one `gunicorn -k gevent` worker, on
SQLite, and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set; or, with
--url, measures a running deployment. Target on a 2-core machine: >= 300/s on SQLite.
Usage: python bench/issue_throughput.py [--clients 8] [--tickets 2000]
       [--url URL --kiosk-token T]
"""

from __future__ import annotations

import argparse
import threading
import time

import requests
from _common import add_target_args, fresh_postgres, percentile, start_server, token


def run(label: str, database_url: str | None, clients: int, tickets: int,
        gevent: bool = False) -> None:
    server = start_server(database_url, gevent=gevent)
    try:
        measure(label, server.url, token(server, "--office", "demo", "--kind", "kiosk"),
                clients, tickets)
    finally:
        server.stop()


def measure(label: str, url: str, kiosk: str, clients: int, tickets: int) -> None:
    per_client = tickets // clients
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {kiosk}"
        mine = []
        barrier.wait()
        for n in range(per_client):
            t0 = time.perf_counter()
            res = http.post(f"{url}/api/v1/offices/demo/tickets",
                            json={"service": "ABCD"[(i + n) % 4]})
            mine.append(time.perf_counter() - t0)
            if res.status_code != 201:
                errors.append(f"{res.status_code} {res.text[:200]}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    done = len(latencies)
    p50, p99 = (percentile(latencies, p) * 1000 for p in (50, 99))
    print(f"{label:<13} clients={clients} tickets={done} time={elapsed:.2f}s "
          f"rate={done / elapsed:.0f} tickets/s  latency p50={p50:.1f}ms p99={p99:.1f}ms "
          f"errors={len(errors)}")
    if errors:
        print("  first error:", errors[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--tickets", type=int, default=2000)
    add_target_args(parser)
    args = parser.parse_args()
    if args.url:
        if not args.kiosk_token:
            raise SystemExit("--url needs --kiosk-token")
        measure("url", args.url.rstrip("/"), args.kiosk_token, args.clients, args.tickets)
        return
    run("sqlite", None, args.clients, args.tickets)
    run("sqlite/gevent", None, args.clients, args.tickets, gevent=True)
    pg = fresh_postgres()
    if pg:
        run("postgresql", pg, args.clients, args.tickets)
        run("pg/gevent", fresh_postgres(), args.clients, args.tickets, gevent=True)
    else:
        print("postgresql: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)")


if __name__ == "__main__":
    main()
