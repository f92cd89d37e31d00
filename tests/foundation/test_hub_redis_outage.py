"""Redis goes away and comes back: each process keeps serving its own boards meanwhile, and
events between the processes resume within seconds, however long the outage was.

The outage is a TCP proxy between the servers and Redis that the test cuts and restores (the
machine's Redis is shared with other tests and stays up). CI cuts it for ANTRIAN_REDIS_OUTAGE_S
seconds, 20 by default: long enough that a doubling retry (1, 2, 4, 8, 16 s) would come back
about 11 s after Redis did and fail the 5 s limit. The issue's figure is for 70 s:
`ANTRIAN_REDIS_OUTAGE_S=70 pytest tests/foundation/test_hub_redis_outage.py -s`.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlparse

import pytest

from tests.foundation.test_hub_race_live import database_seq, server_resyncs, two_servers
from tests.support.board_socket import BoardSocket
from tests.support.race import bearer
from tests.support.tcp_proxy import TcpProxy

OUTAGE_S = float(os.environ.get("ANTRIAN_REDIS_OUTAGE_S", "20"))
RESUME_LIMIT_S = 5.0

pytestmark = pytest.mark.redis


def issue(kiosk, server, service: str = "A") -> str:
    r = kiosk.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": service},
                   timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["code"]


def heard_issued(board: BoardSocket, codes: set[str]) -> list[float]:
    return [p.at for p in board.packets
            if p.name == "ticket.issued" and p.data["ticket"]["code"] in codes]


def seconds_to_resume(board: BoardSocket, kiosk, other, since: float) -> float:
    """Issue a ticket through `other` every quarter second until `board`, on another
    process, hears one as an event; how long after `since` that was."""
    after: set[str] = set()
    while not heard_issued(board, after) and time.monotonic() - since < 20:
        after.add(issue(kiosk, other, "D"))
        board.wait(lambda b: heard_issued(b, after), timeout=0.25)
    heard = heard_issued(board, after)
    assert heard, "events between processes did not resume"
    return heard[0] - since


@pytest.mark.parametrize("gevent", [False, True], ids=["antrian-serve", "gunicorn-gevent"])
def test_events_between_processes_resume_soon_after_redis_returns(tmp_path, redis_url, gevent):
    target = urlparse(redis_url)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379).start()
    proxied = f"redis://127.0.0.1:{proxy.port}{target.path or '/0'}"
    first, second = two_servers(tmp_path, proxied, {}, gevent)
    board = BoardSocket(second.url)
    try:
        kiosk = bearer(first, "--office", "demo", "--kind", "kiosk")
        board.start()
        assert board.wait(lambda b: b.snapshots())
        code = issue(kiosk, first)
        assert board.wait(lambda b: heard_issued(b, {code})), "no event across processes"

        proxy.cut()
        cut_at = time.monotonic()
        time.sleep(1.5)  # both processes notice the loss
        issue(kiosk, first, "B")  # the second process cannot hear of this one
        issue(kiosk, second, "C")
        seq = database_seq(second)
        # Its own screens: the board catches up (a snapshot covers the event it missed).
        assert board.wait(lambda b: b.last_seq == seq, timeout=5), "local screens not served"

        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - cut_at)))
        proxy.restore()
        restored_at = time.monotonic()
        resumed_s = seconds_to_resume(board, kiosk, first, restored_at)

        final = database_seq(first)
        assert board.wait(lambda b: b.last_seq == final, timeout=10)
        print(f"\n[{'gunicorn -k gevent' if gevent else 'antrian serve'} x2] Redis cut for "
              f"{restored_at - cut_at:.0f} s; cross-process events resumed {resumed_s:.2f} s "
              f"after it returned; board resyncs {board.resyncs}, server room resyncs "
              f"{server_resyncs(first, second)}")
        assert resumed_s <= RESUME_LIMIT_S
        assert board.stream_problems() == []
        assert board.resyncs >= 1  # what it missed came as a snapshot, and was counted
    finally:
        board.close()
        proxy.stop()
        first.stop()
        second.stop()


def test_a_silent_redis_connection_is_noticed_and_replaced(tmp_path, redis_url):
    """A broken network path sends no error: the link pings, gives up after 3 s of silence,
    keeps trying, and is back as soon as the path is."""
    target = urlparse(redis_url)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379).start()
    proxied = f"redis://127.0.0.1:{proxy.port}{target.path or '/0'}"
    first, second = two_servers(tmp_path, proxied, {}, gevent=False)
    board = BoardSocket(second.url)
    try:
        kiosk = bearer(first, "--office", "demo", "--kind", "kiosk")
        board.start()
        assert board.wait(lambda b: b.snapshots())
        code = issue(kiosk, first)
        assert board.wait(lambda b: heard_issued(b, {code})), "no event across processes"

        proxy.mute()
        muted_at = time.monotonic()
        lost = "Redis connection lost"
        while time.monotonic() - muted_at < 10 and not all(
                lost in s.log.read_text() for s in (first, second)):
            time.sleep(0.1)
        noticed_s = time.monotonic() - muted_at
        issue(kiosk, second, "C")
        seq = database_seq(second)
        assert board.wait(lambda b: b.last_seq == seq, timeout=5), "local screens not served"

        proxy.restore()
        restored_at = time.monotonic()
        resumed_s = seconds_to_resume(board, kiosk, first, restored_at)
        print(f"\n[antrian serve x2] Redis silent: noticed after {noticed_s:.1f} s; "
              f"cross-process events resumed {resumed_s:.2f} s after the path was back")
        assert noticed_s <= 5
        assert resumed_s <= RESUME_LIMIT_S
        assert board.stream_problems() == []
    finally:
        board.close()
        proxy.stop()
        first.stop()
        second.stop()
