"""A real `antrian serve` in a subprocess on loopback, for tests that need a live server.

A subprocess (not a thread) so that a test can stop and start it again on the same port, as
an office's server restarts, and so that two of them can share a database like two hosts.

A server on SQLite with the demo office starts from a copy of one template database, migrated
and seeded once per test session the way `antrian serve` does on a first start, so each
server skips the migrations and the deliberately slow password hashing. What that first start
prints (the demo passwords, the kiosk pairing link) goes into each server's log with the copy.
`template=False` keeps the real first start, for a test about it.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from antrian import demo
from tests.support import workers

ROOT = Path(__file__).resolve().parents[2]
DEMO_USERNAMES = {username for username, *_ in demo.STAFF}
TEMPLATE_NOTE = "# a copy of the session's seeded template database; a first start says:\n"


class _Template:
    """The session's seeded demo database and what a first start prints about it."""

    def __init__(self) -> None:
        self.db: Path | None = None
        self.printout = ""

    def build(self) -> None:
        """Migrate and seed as `antrian serve` does on its first start, once per session."""
        from antrian import cli, migrate
        from antrian.shared.core.db import Database

        folder = Path(tempfile.mkdtemp(prefix="antrian-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        db = Database(f"sqlite:///{folder / 'antrian.db'}")
        migrate.upgrade(db.engine)
        credentials = demo.seed_if_empty(db)
        db.dispose()
        with sqlite3.connect(folder / "antrian.db") as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy is then one whole file
        printout = io.StringIO()
        with contextlib.redirect_stdout(printout):
            cli._print_welcome("http://127.0.0.1", credentials)
        self.db, self.printout = folder / "antrian.db", printout.getvalue()

    def copy_to(self, server: LiveServer) -> None:
        if self.db is None:
            self.build()
        shutil.copy2(self.db, server.instance / "antrian.db")
        with open(server.log, "a") as log:
            log.write(TEMPLATE_NOTE + self.printout)


_TEMPLATE = _Template()


def free_port() -> int:
    """A free loopback port of this pytest-xdist worker's share (tests/support/workers.py)."""
    return workers.free_port()


class LiveServer:
    """`antrian serve` (the one-box default), or with `gevent=True` the production shape: one
    `gunicorn -k gevent` worker on a database `antrian serve` prepared. Both run on gevent."""

    def __init__(self, instance: Path, *, port: int | None = None, env: dict | None = None,
                 gevent: bool = False, workers: int = 1, template: bool = True):
        self.instance = Path(instance)
        self.port = port or free_port()
        self.env = {**os.environ, "INSTANCE_PATH": str(self.instance), "PYTHONPATH": str(ROOT),
                    "LOG_LEVEL": "WARNING", **(env or {})}
        self.gevent = gevent
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.log = self.instance / f"server-{self.port}.log"
        self.template = template  # False: a real first start, migrating and seeding

    def _seeds_demo_on_sqlite(self) -> bool:
        """The default shape: the demo office in the instance folder's SQLite file."""
        return not self.env.get("DATABASE_URL") and \
            self.env.get("DEMO_SEED", "true").lower() not in ("false", "0", "no", "off")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str) -> str:
        """Run an `antrian` command against this server's database; returns its stdout."""
        out = subprocess.run(
            [sys.executable, "-m", "antrian", *args], env=self.env, cwd=ROOT,
            capture_output=True, text=True, timeout=60,
        )
        if out.returncode != 0:
            raise RuntimeError(f"antrian {' '.join(args)} failed: {out.stderr}")
        return out.stdout

    def command(self) -> list[str]:
        if self.gevent:
            return [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", str(self.workers),
                    "--worker-connections", "2000", "-b", f"127.0.0.1:{self.port}",
                    "antrian.wsgi:app"]
        return [sys.executable, "-m", "antrian", "serve", "--host", "127.0.0.1",
                "--port", str(self.port)]

    def start(self, timeout: float = 30) -> LiveServer:
        self.instance.mkdir(parents=True, exist_ok=True)
        fresh = not (self.instance / "antrian.db").exists()
        if fresh and self.template and self._seeds_demo_on_sqlite():
            _TEMPLATE.copy_to(self)
        elif self.gevent and fresh:
            LiveServer(self.instance, env=self.env, template=False).start().stop()
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                self.command(), env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not answer in {timeout}s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def passwords(self) -> dict[str, str]:
        """The demo passwords the first start printed once."""
        found = {}
        for line in self.log.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] in DEMO_USERNAMES:
                found[parts[0]] = parts[1]
        return found
