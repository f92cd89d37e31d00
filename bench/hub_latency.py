"""From a call-next POST to the last of N display sockets receiving its `ticket.called`, side
by side with the framework's floor (a bare Flask-SocketIO server, bench/baseline_fanout.py)
sending the same payload to the same number of sockets: each figure with its ratio.

Shapes: `serve` (one `antrian serve`, SQLite) and `workers2` (two `gunicorn -k gevent`
workers sharing Redis, on PostgreSQL when TEST_DATABASE_URL/BENCH_DATABASE_URL is set); the
bare server runs in the same shape. For each N, the bare server and antrian are measured one
after the other with a fresh fleet each; the fleet answers pings while it connects. Printed
per run: fan-out p50/p95, the call-next reply p50, deliveries missing, sockets dropped, the
server's memory (RSS, with its workers) with the fleet connected.
Targets: fan-out p50 <= 1.5x the bare server's; reply p50 at 500 sockets <= 2x at none.
Usage: python bench/hub_latency.py [--shape serve --shape workers2] [--sockets 0,200,500,2000]
       [--calls 30] [--url URL --kiosk-token T --staff-token T --server-pid PID]
"""

from __future__ import annotations

import argparse

from _common import add_target_args, open_target, percentile
from _wsclient import antrian_fanout
from baseline_fanout import bare_fanout, describe, start_bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=["serve", "workers2"])
    parser.add_argument("--sockets", default="0,200,500,2000")
    parser.add_argument("--calls", type=int, default=30)
    add_target_args(parser)
    args = parser.parse_args()
    sizes = [int(x) for x in args.sockets.split(",")]
    for shape in args.shape or ["serve"]:
        bare = start_bare(shape)
        target = open_target(args, shape)
        replies: dict[int, float] = {}
        try:
            for n in sizes:
                floor = bare_fanout(bare.url, n, args.calls, bare.pids)
                print(describe(f"bare/{shape}", floor), flush=True)
                mine = antrian_fanout(target.url, target.staff, target.kiosk, n, args.calls,
                                      probe=target.rss_mb)
                label = "antrian/" + ("url" if args.url else shape)
                print(describe(label, mine, floor), flush=True)
                replies[n] = percentile(mine.replies, 50) * 1000
        finally:
            target.stop()
            bare.stop()
        if 0 in replies:
            for n in sizes:
                if n:
                    print(f"call-next reply p50 with {n} sockets / with none: "
                          f"{replies[n]:.1f} / {replies[0]:.1f} ms = "
                          f"{replies[n] / replies[0]:.2f}x", flush=True)


if __name__ == "__main__":
    main()
