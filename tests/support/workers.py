"""What one pytest-xdist worker may use without stepping on the others.

`make test` runs the suite in parallel processes (pytest-xdist: `gw0`, `gw1`, ...). Each one
gets its own share of everything that outlives a test:

- PostgreSQL: its own database next to TEST_DATABASE_URL's, the name with `_gw<N>` added
  (`test` -> `test_gw0`, `test_gw1`), created on first use; the scratch databases of the
  `pg_url` fixture are created from that connection (and have random names anyway).
- Redis: its own db number. With W workers and TEST_REDIS_URL's db B, worker N uses
  (B + N * (16 // W)) % 16: spread evenly over Redis's 16 dbs, so with two workers
  db 0 -> 0 and 8, db 5 -> 5 and 13. Pub/sub channels are not per db: the tests that
  publish name a random channel each.
- Ports: worker N picks its servers' ports at random in its own N-th of PORTS, so a test
  that stops a server (or proxy, or printer) and starts it again on its port cannot find the
  port taken by another worker's server in between.
- Temporary folders: pytest's tmp_path is already per worker (`popen-gw<N>`), and the live
  server's template database lives in a `tempfile.mkdtemp` folder of its own.

Without xdist (a plain `pytest`) the process is worker 0 of 1 and every value is unchanged.
"""

from __future__ import annotations

import os
import random
import socket
from urllib.parse import urlsplit, urlunsplit

REDIS_DBS = 16  # a default Redis server's `databases`
# The ports the tests' servers listen on: below the kernel's ephemeral range (Linux
# 32768-60999, BSD/macOS 49152-65535), so no outgoing connection's local port ever takes one.
PORTS = range(20000, 32000)
_GIVEN: set[int] = set()


def name() -> str:
    """`gw0`, `gw1`, ... under pytest-xdist; "" in a plain run."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def index() -> int:
    return int(name()[2:]) if name().startswith("gw") else 0


def count() -> int:
    return int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) if name() else 1


def database_url(url: str) -> str:
    """TEST_DATABASE_URL for this worker: the database name with `_gw<N>` added."""
    if not url or not name():
        return url
    base, _, query = url.partition("?")
    head, _, database = base.rpartition("/")
    return f"{head}/{database}_{name()}" + (f"?{query}" if query else "")


def redis_url(url: str) -> str:
    """TEST_REDIS_URL for this worker: its own db number (see the module's note)."""
    if not url or not name():
        return url
    parts = urlsplit(url)
    base_db = int(parts.path.strip("/") or 0)
    db = (base_db + index() * max(1, REDIS_DBS // count())) % REDIS_DBS
    return urlunsplit(parts._replace(path=f"/{db}"))


def free_port(host: str = "127.0.0.1") -> int:
    """A port free right now on `host`, of this worker's share of PORTS, never handed out
    before by this process (a server not yet started does not hold its port)."""
    share = len(PORTS) // count()
    first = PORTS.start + index() * share
    for _ in range(1000):
        port = random.randrange(first, first + share)
        if port in _GIVEN:
            continue
        with socket.socket() as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
        _GIVEN.add(port)
        return port
    raise RuntimeError(f"no free port in {first}..{first + share - 1} on {host}")
