"""Ticket-issue latency while anonymous clients flood the staff login with wrong passwords.

One server (`antrian serve`, or with --gevent one `gunicorn -k gevent` worker; SQLite, or
PostgreSQL with --postgres); a kiosk issues a ticket
every 100 ms, first with nobody attacking (the baseline), then while N attackers send wrong
passwords from changing loopback addresses (127.0.x.y), for a known user and for made-up
ones. Prints p50/p95/max of both phases and their ratio, and how many sign-in attempts the
attackers got answered.
Usage: python bench/login_flood.py [--attackers 16] [--seconds 10]
"""

from __future__ import annotations

import argparse
import re
import secrets
import threading
import time

import requests
from _common import fresh_postgres, percentile, start_server, token
from requests.adapters import HTTPAdapter

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class FromAddress(HTTPAdapter):
    """Connections from one loopback source address."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def attacker(url: str, n: int, stop: threading.Event, answered: list[int]) -> None:
    attempt = 0
    while not stop.is_set():
        attempt += 1
        http = requests.Session()
        http.mount("http://", FromAddress(f"127.0.{n + 1}.{attempt % 250 + 1}"))
        try:
            page = http.get(f"{url}/counter/login", timeout=30).text
            username = "loket1" if attempt % 2 else "x" + secrets.token_hex(4)
            http.post(f"{url}/counter/login", timeout=30, data={
                "username": username, "password": "salah-" + secrets.token_hex(4),
                "csrf_token": CSRF.search(page).group(1)})
            answered[n] += 1
        except requests.RequestException:
            pass
        finally:
            http.close()


def issue_for(url: str, kiosk: str, seconds: float) -> list[float]:
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {kiosk}"
    latencies = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        reply = http.post(f"{url}/api/v1/offices/demo/tickets", json={"service": "A"},
                          timeout=60)
        latencies.append(time.perf_counter() - started)
        assert reply.status_code == 201, reply.text
        time.sleep(max(0.0, 0.1 - (time.perf_counter() - started)))
    return latencies


def line(label: str, values: list[float]) -> str:
    p50, p95 = (percentile(values, p) * 1000 for p in (50, 95))
    return (f"{label:<22} n={len(values):3d} p50={p50:7.1f}ms p95={p95:7.1f}ms "
            f"max={max(values) * 1000:7.1f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attackers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--gevent", action="store_true", help="one gunicorn -k gevent worker")
    args = parser.parse_args()
    server = start_server(fresh_postgres() if args.postgres else None, gevent=args.gevent)
    try:
        kiosk = token(server, "--office", "demo", "--kind", "kiosk")
        issue_for(server.url, kiosk, 1)  # warm up
        quiet = issue_for(server.url, kiosk, args.seconds)
        stop = threading.Event()
        answered = [0] * args.attackers
        threads = [threading.Thread(target=attacker, args=(server.url, n, stop, answered),
                                    daemon=True) for n in range(args.attackers)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        flooded = issue_for(server.url, kiosk, args.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        print(line("no attackers", quiet))
        print(line(f"{args.attackers} attackers", flooded))
        ratio = percentile(flooded, 50) / percentile(quiet, 50)
        print(f"p50 ratio flooded/quiet: {ratio:.1f}x; sign-in attempts answered: "
              f"{sum(answered)} in {args.seconds + 2:g}s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
