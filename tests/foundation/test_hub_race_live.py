"""Two server processes sharing Redis and a database, four counters racing, twenty boards:
every board hears the office's events in `seq` order, each once, and ends at the database's
`seq`, with no resync; half of the boards open while the counters race.

The issue asks for a minute of racing; CI runs ANTRIAN_RACE_S seconds (15 by default). Run
`ANTRIAN_RACE_S=60 pytest tests/foundation/test_hub_race_live.py -s` for the full minute; it
prints its figures.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

import pytest
import requests

from tests.conftest import TEST_DATABASE_URL
from tests.support.board_socket import BoardSocket
from tests.support.postgres import create_database, drop_database
from tests.support.race import CounterRace
from tests.support.servers import LiveServer

RACE_S = float(os.environ.get("ANTRIAN_RACE_S", "15"))
BOARDS = 20

pytestmark = pytest.mark.redis


@pytest.fixture
def database_env():
    """PostgreSQL when the suite has one (the production shape), else one shared SQLite file."""
    if not TEST_DATABASE_URL:
        yield {}
        return
    url = create_database(TEST_DATABASE_URL)
    yield {"DATABASE_URL": url}
    drop_database(TEST_DATABASE_URL, url)


def two_servers(tmp_path, redis_url: str, database_env: dict, gevent: bool):
    env = {"REDIS_URL": redis_url, "REDIS_CHANNEL": f"antrian-test-{uuid.uuid4().hex[:8]}",
           **database_env}
    first = LiveServer(tmp_path / "shared", env=env, gevent=gevent).start()
    second = LiveServer(tmp_path / "shared", env=env, gevent=gevent).start()
    return first, second


def database_seq(server: LiveServer) -> int:
    return requests.get(f"{server.url}/api/v1/offices/demo/board", timeout=10).json()["seq"]


def server_resyncs(*servers: LiveServer) -> int:
    return sum(s.log.read_text().count("resynced at seq") for s in servers)


@pytest.mark.parametrize("gevent", [False, True], ids=["antrian-serve", "gunicorn-gevent"])
def test_twenty_boards_hear_four_racing_counters_in_order(tmp_path, redis_url, database_env,
                                                          gevent):
    first, second = two_servers(tmp_path, redis_url, database_env, gevent)
    boards: list[BoardSocket] = []
    try:
        # Half the boards are there from the start; the others open while the counters race,
        # so they join the stream mid-flight (their snapshot ahead of or behind the room).
        early = BOARDS // 2
        boards = [BoardSocket((first, second)[i % 2].url).start() for i in range(early)]
        for b in boards:
            assert b.wait(lambda s: s.snapshots()), f"no snapshot: {b.error}"
        start_seq = database_seq(first)

        race = CounterRace([first, second])
        racing = threading.Thread(target=race.run, args=(RACE_S,))
        racing.start()
        for i in range(early, BOARDS):
            time.sleep(RACE_S / 2 / (BOARDS - early))
            boards.append(BoardSocket((first, second)[i % 2].url).start())
        racing.join()
        result = race.result

        end_seq = database_seq(second)
        for b in boards:
            b.wait(lambda s: s.last_seq == end_seq, timeout=20)
        events = end_seq - start_seq
        resyncs = [b.resyncs for b in boards]
        print(f"\n[{'gunicorn -k gevent' if gevent else 'antrian serve'} x2, "
              f"{'PostgreSQL' if database_env else 'SQLite'}, {RACE_S:.0f} s] "
              f"{result.summary()}; {events} office events; {BOARDS} boards: "
              f"resyncs {sum(resyncs)}, server room resyncs {server_resyncs(first, second)}")

        assert not result.errors, result.errors[:5]
        assert len(result.calls) > 4 * RACE_S / 10, "the counters hardly called anyone"
        assert len(set(result.calls)) == len(result.calls)  # no ticket called twice
        for i, b in enumerate(boards):
            assert b.error is None, f"board {i}: {b.error}"
            assert b.stream_problems() == [], f"board {i}"
            assert b.last_seq == end_seq, f"board {i}"
            called = [p.data["ticket"]["code"] for p in b.packets if p.name == "ticket.called"]
            if i < early:
                assert sorted(called) == sorted(result.calls), f"board {i}"
            else:  # the calls after its snapshot, each once
                assert len(set(called)) == len(called) and set(called) <= set(result.calls)
        assert resyncs == [0] * BOARDS
        assert server_resyncs(first, second) == 0
    finally:
        for b in boards:
            b.close()
        first.stop()
        second.stop()
