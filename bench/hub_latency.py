"""From a call-next POST to the last of N display sockets receiving its `ticket.called`.

One `antrian serve` process (threading) on loopback; N bare WebSocket display clients; M calls
made over HTTP one after another. Prints p50/p95/p99. Target on a 2-core machine: p99 <= 30 ms
with 200 clients.
Usage: python bench/hub_latency.py [--clients 200] [--calls 100]
"""

from __future__ import annotations

import argparse
import re
import threading
import time

import requests
from _common import percentile, start_server, token
from _wsclient import DisplayFleet

CODE = re.compile(rb'"code":\s*"([A-Z]+\d+)"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()

    server = start_server()
    try:
        kiosk = requests.Session()
        kiosk.headers["Authorization"] = "Bearer " + token(
            server, "--office", "demo", "--kind", "kiosk")
        staff = requests.Session()
        staff.headers["Authorization"] = "Bearer " + token(server, "--user", "loket1")
        for _ in range(args.calls):
            kiosk.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": "A"})

        receipts: dict[str, list[float]] = {}
        lock = threading.Lock()

        def on_called(raw: bytes, received: float) -> None:
            code = CODE.search(raw).group(1).decode()
            with lock:
                receipts.setdefault(code, []).append(received)

        fleet = DisplayFleet(server.url, "demo", args.clients, "ticket.called", on_called)
        fleet.connect()

        latencies = []
        for _ in range(args.calls):
            t0 = time.perf_counter()
            ticket = staff.post(f"{server.url}/api/v1/counters/1/call-next").json()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with lock:
                    got = receipts.get(ticket["code"], [])
                    if len(got) == args.clients:
                        latencies.append(max(got) - t0)
                        break
                time.sleep(0.001)
            else:
                print(f"  {ticket['code']}: only {len(got)} of {args.clients} sockets heard it")
            staff.post(f"{server.url}/api/v1/tickets/{ticket['id']}/serve")
            staff.post(f"{server.url}/api/v1/tickets/{ticket['id']}/complete")
            time.sleep(0.02)
        ms = [x * 1000 for x in latencies]
        print(f"hub latency clients={args.clients} calls={len(ms)}: "
              f"p50={percentile(ms, 50):.1f}ms p95={percentile(ms, 95):.1f}ms "
              f"p99={percentile(ms, 99):.1f}ms max={max(ms):.1f}ms")
        fleet.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
