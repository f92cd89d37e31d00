"""Helpers the benchmarks share: the server under test (started here on loopback, or any
running deployment named by --url), tokens, percentiles, memory, ratios."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.postgres import create_database  # noqa: E402
from tests.support.servers import LiveServer  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor and floor == floor else "n/a"


def fresh_postgres() -> str | None:
    """A new empty database on the server of BENCH_DATABASE_URL or TEST_DATABASE_URL."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    return create_database(url, prefix="antrian_bench")


def redis_url() -> str | None:
    return os.environ.get("BENCH_REDIS_URL") or os.environ.get("TEST_REDIS_URL") or None


def start_server(database_url: str | None = None, env: dict | None = None,
                 gevent: bool = False, workers: int = 1) -> LiveServer:
    """`antrian serve`, or with gevent=True `gunicorn -k gevent -w <workers>`."""
    instance = Path(tempfile.mkdtemp(prefix="antrian-bench-"))
    extra = {"LOG_LEVEL": "ERROR", **(env or {})}
    if database_url:
        extra["DATABASE_URL"] = database_url
    return LiveServer(instance, env=extra, gevent=gevent, workers=workers).start()


def start_shape(shape: str) -> LiveServer:
    """`serve`: one `antrian serve` on SQLite, the one-box default. `workers2`: two gevent
    workers sharing events through Redis, on PostgreSQL when one is configured."""
    if shape == "serve":
        return start_server()
    redis = redis_url()
    if not redis:
        raise SystemExit("workers2 needs BENCH_REDIS_URL or TEST_REDIS_URL")
    env = {"REDIS_URL": redis, "REDIS_CHANNEL": f"bench-{uuid.uuid4().hex[:8]}"}
    return start_server(fresh_postgres(), env=env, gevent=True, workers=2)


def token(server: LiveServer, *args: str) -> str:
    return server.cli("token", "create", *args).strip().splitlines()[0]


def bearer_session(server: LiveServer, *token_args: str) -> requests.Session:
    """An HTTP session with a new bearer token: `--office demo --kind kiosk`, `--user loket1`."""
    return _session(token(server, *token_args))


def _session(raw: str) -> requests.Session:
    http = requests.Session()
    http.headers["Authorization"] = "Bearer " + raw
    return http


def add_target_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "a running deployment (instead of starting one here)",
        "e.g. --url http://127.0.0.1:8000 --kiosk-token $(antrian token create --office "
        "demo --kind kiosk) --staff-token $(antrian token create --user loket1)")
    group.add_argument("--url", help="base URL of a running server (office `demo`)")
    group.add_argument("--kiosk-token", default=os.environ.get("BENCH_KIOSK_TOKEN"))
    group.add_argument("--staff-token", default=os.environ.get("BENCH_STAFF_TOKEN"),
                       help="a token of a user at counter 1 (`--user loket1`)")
    group.add_argument("--server-pid", type=int, action="append", default=[],
                       help="the server's process id(s), to report its memory")


@dataclass
class Target:
    """The server a benchmark measures, with a kiosk's and counter 1's HTTP sessions."""

    url: str
    kiosk: requests.Session
    staff: requests.Session
    pids: list[int] = field(default_factory=list)
    server: LiveServer | None = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def rss_mb(self) -> float | None:
        return rss_mb(self.pids)


def open_target(args: argparse.Namespace, shape: str = "serve") -> Target:
    if args.url:
        if not (args.kiosk_token and args.staff_token):
            raise SystemExit("--url needs --kiosk-token and --staff-token")
        return Target(args.url.rstrip("/"), _session(args.kiosk_token),
                      _session(args.staff_token), list(args.server_pid))
    server = start_shape(shape)
    return Target(server.url, bearer_session(server, "--office", "demo", "--kind", "kiosk"),
                  bearer_session(server, "--user", "loket1"), [server.proc.pid], server)


def rss_mb(pids: list[int]) -> float | None:
    """Resident memory of these processes and all their children (gunicorn's workers)."""
    seen: set[int] = set()
    todo = list(pids)
    total_kb = 0
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024 if seen and total_kb else None
