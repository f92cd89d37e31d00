"""Each pytest-xdist worker of `make test` keeps to its own database, Redis db and ports
(tests/support/workers.py); a plain run keeps the URLs it is given."""

from __future__ import annotations

import pytest

from tests.support import workers

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def as_worker(monkeypatch, n: int | None, of: int = 2) -> None:
    if n is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
        monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", f"gw{n}")
        monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", str(of))


def test_a_plain_run_keeps_the_urls(monkeypatch):
    as_worker(monkeypatch, None)
    assert workers.database_url(PG) == PG
    assert workers.redis_url("redis://127.0.0.1:6379/5") == "redis://127.0.0.1:6379/5"
    assert workers.database_url("") == "" and workers.redis_url("") == ""


def test_each_worker_has_its_own_database(monkeypatch):
    as_worker(monkeypatch, 0)
    assert workers.database_url(PG) == PG + "_gw0"
    as_worker(monkeypatch, 1)
    assert workers.database_url(PG) == PG + "_gw1"
    assert workers.database_url(PG + "?sslmode=disable") == PG + "_gw1?sslmode=disable"


@pytest.mark.parametrize(("base", "of", "dbs"), [
    (0, 2, [0, 8]), (5, 2, [5, 13]), (12, 2, [12, 4]), (5, 4, [5, 9, 13, 1]),
])
def test_each_worker_has_its_own_redis_db_within_the_16(monkeypatch, base, of, dbs):
    got = []
    for n in range(of):
        as_worker(monkeypatch, n, of)
        got.append(int(workers.redis_url(f"redis://127.0.0.1:6379/{base}").rsplit("/", 1)[1]))
    assert got == dbs


def test_the_workers_ports_never_meet(monkeypatch):
    shares = []
    for n in range(2):
        as_worker(monkeypatch, n)
        shares.append({workers.free_port() for _ in range(20)})
    assert len(shares[0]) == len(shares[1]) == 20  # never the same port twice in a process
    assert max(shares[0]) < min(shares[1])
    assert all(p in workers.PORTS for p in shares[0] | shares[1])
