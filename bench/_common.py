"""Helpers the benchmarks share: a live server on loopback, tokens, percentiles."""

from __future__ import annotations

import os
import sys
import tempfile
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


def fresh_postgres() -> str | None:
    """A new empty database on the server of BENCH_DATABASE_URL or TEST_DATABASE_URL."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    return create_database(url, prefix="antrian_bench")


def start_server(database_url: str | None = None, env: dict | None = None,
                 gevent: bool = False) -> LiveServer:
    instance = Path(tempfile.mkdtemp(prefix="antrian-bench-"))
    extra = {"LOG_LEVEL": "ERROR", **(env or {})}
    if database_url:
        extra["DATABASE_URL"] = database_url
    return LiveServer(instance, env=extra, gevent=gevent).start()


def token(server: LiveServer, *args: str) -> str:
    return server.cli("token", "create", *args).strip().splitlines()[0]


def bearer_session(server: LiveServer, *token_args: str) -> requests.Session:
    """An HTTP session with a new bearer token: `--office demo --kind kiosk`, `--user loket1`."""
    http = requests.Session()
    http.headers["Authorization"] = "Bearer " + token(server, *token_args)
    return http
