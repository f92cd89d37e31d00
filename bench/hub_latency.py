"""From a call-next POST to the last of N display sockets receiving its `ticket.called`.

One server process on loopback, measured twice: `antrian serve` (threading, the one-box
default) and one `gunicorn -k gevent` worker (the production shape). N bare WebSocket display
clients read by one selector thread; M calls made over HTTP one after another. Prints
p50/p95/p99. Target on a 2-core machine: p99 <= 30 ms with 200 clients.
Usage: python bench/hub_latency.py [--clients 200] [--calls 100]
"""

from __future__ import annotations

import argparse

from _common import bearer_session, percentile, start_server
from _wsclient import fanout_latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()

    for label, gevent in (("threading", False), ("gevent", True)):
        server = start_server(gevent=gevent)
        try:
            kiosk = bearer_session(server, "--office", "demo", "--kind", "kiosk")
            staff = bearer_session(server, "--user", "loket1")
            ms = [s * 1000 for s in fanout_latencies(server.url, staff, kiosk, args.clients,
                                                     args.calls)]
            print(f"hub latency {label:<9} clients={args.clients} calls={len(ms)}: "
                  f"p50={percentile(ms, 50):.1f}ms p95={percentile(ms, 95):.1f}ms "
                  f"p99={percentile(ms, 99):.1f}ms max={max(ms):.1f}ms")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
