"""The framework's floor: a bare Flask-SocketIO server (bench/_bare_server.py) sending the
same `ticket.called` payload to N display sockets, measured like antrian's fan-out.

`hub_latency.py` runs it side by side with antrian and prints each figure with its ratio to
this floor; run alone, it prints the floor. Shapes: `serve` (one gevent process, as
`antrian serve`) and `workers2` (two gevent workers under gunicorn sharing Redis).
Usage: python bench/baseline_fanout.py [--shape serve|workers2] [--sockets 200,500,2000]
       [--calls 30] [--url URL of a bare server started by hand]
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests
from _common import percentile, ratio, redis_url, rss_mb
from _wsclient import Fanout, measure_fanout

from tests.support.servers import ROOT, free_port

BENCH = Path(__file__).resolve().parent


@dataclass
class BareServer:
    url: str
    proc: subprocess.Popen | None = None

    @property
    def pids(self) -> list[int]:
        return [self.proc.pid] if self.proc else []

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def start_bare(shape: str = "serve") -> BareServer:
    port = free_port()
    env = None
    if shape == "serve":
        command = [sys.executable, str(BENCH / "_bare_server.py"), str(port)]
    else:
        redis = redis_url()
        if not redis:
            raise SystemExit("workers2 needs BENCH_REDIS_URL or TEST_REDIS_URL")
        import os

        env = {**os.environ, "BARE_REDIS_URL": redis,
               "BARE_REDIS_CHANNEL": f"bare-{uuid.uuid4().hex[:8]}"}
        command = [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "2",
                   "--worker-connections", "2000", "--chdir", str(BENCH), "--log-level",
                   "warning", "-b", f"127.0.0.1:{port}", "_bare_server:app"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env)
    server = BareServer(f"http://127.0.0.1:{port}", proc)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(server.url + "/healthz", timeout=1).ok:
                return server
        except requests.RequestException:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("the bare server did not start")


_codes = (f"Z{n:03d}" for n in itertools.count(1))


def bare_fanout(url: str, sockets: int, calls: int, pids: list[int] | None = None) -> Fanout:
    http = requests.Session()

    def call() -> str:
        reply = http.post(f"{url}/call", json={"code": next(_codes)}, timeout=30)
        reply.raise_for_status()
        return reply.json()["code"]

    return measure_fanout(url, sockets, calls, call, probe=lambda: rss_mb(pids or []))


def spread(result: Fanout) -> list[float]:
    """Per call, ms from the first socket hearing it to the last: the fan-out proper."""
    return [(last - first) * 1000 for first, last in zip(result.first_socket,
                                                         result.last_socket, strict=True)]


def describe(label: str, result: Fanout, floor: Fanout | None = None) -> str:
    """POST -> last socket (end to end, as a board sees it), POST -> first socket (the
    server's own work on the call before it sends), first -> last socket (the fan-out)."""
    ms = [s * 1000 for s in result.last_socket]
    first = [s * 1000 for s in result.first_socket]
    reply = [s * 1000 for s in result.replies]
    line = (f"{label:<18} sockets={result.sockets:<5} calls={len(result.replies):<3} "
            f"last p50={percentile(ms, 50):6.1f}ms p95={percentile(ms, 95):6.1f}ms "
            f"first p50={percentile(first, 50):5.1f}ms "
            f"fan-out p50={percentile(spread(result), 50):6.1f}ms "
            f"reply p50={percentile(reply, 50):5.1f}ms missing={result.missing} "
            f"dropped={result.dropped}")
    if result.rss_mb:
        line += f" rss={result.rss_mb:.0f}MB"
    if floor is not None and floor.last_socket and result.last_socket:
        end_to_end = ratio(percentile(ms, 50), percentile(floor.last_socket, 50) * 1000)
        fan_out = ratio(percentile(spread(result), 50), percentile(spread(floor), 50))
        line += f"\n{'':<18} ratio to bare: end to end {end_to_end}, fan-out {fan_out}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=["serve", "workers2"], default="serve")
    parser.add_argument("--sockets", default="200,500,2000")
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--url", help="a bare server already running")
    args = parser.parse_args()
    server = BareServer(args.url.rstrip("/")) if args.url else start_bare(args.shape)
    try:
        for n in (int(x) for x in args.sockets.split(",")):
            print(describe(f"bare/{args.shape}", bare_fanout(server.url, n, args.calls,
                                                             server.pids)), flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
