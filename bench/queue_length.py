"""Does the cost of the queue's work grow with its length? Call-next, issuing, the counter
console and a board's snapshot at 20, 2,000 and 20,000 waiting, each p50 printed with its
ratio to its p50 at 20 waiting (the floor, measured in the same run).

One server per length is started and filled over HTTP by 8 kiosk clients (services A-D, one
in ten priority); then the rounds go round the servers in turn, so a moment of load on this
machine hits every length alike. A round: issue one ticket, call-next at counter 1, read the
console, connect a board socket until its snapshot; then serve and complete (untimed), so
the length stays put. With --url, the one server is filled to each length in turn.
Target: call-next p50 at 2,000 and 20,000 waiting <= 1.5x at 20.
Usage: python bench/queue_length.py [--lengths 20,2000,20000] [--rounds 40]
       [--shape serve|workers2]
       [--url URL --kiosk-token T --staff-token T]   (a running server, office `demo`)
"""

from __future__ import annotations

import argparse
import json
import threading
import time

import requests
import websocket
from _common import add_target_args, open_target, percentile, ratio

STEPS = ("call-next", "issue", "console", "board")


def fill(url: str, kiosk_token: str, count: int, clients: int = 8) -> None:
    def client(i: int) -> None:
        http = requests.Session()
        http.headers["Authorization"] = kiosk_token
        for n in range(i, count, clients):
            body = {"service": "ABCD"[n % 4]}
            if n % 10 == 9:
                body.update(priority=True, priority_reason="lansia")
            http.post(f"{url}/api/v1/offices/demo/tickets", json=body, timeout=30)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def waiting(target) -> int:
    reply = target.staff.get(f"{target.url}/api/v1/counters/1/console?waiting_limit=1",
                             timeout=30).json()
    page = reply.get("waiting_page")
    return page["total"] if page else len(reply["waiting"])


def board_snapshot(url: str) -> float:
    ws_url = url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    t0 = time.perf_counter()
    ws = websocket.create_connection(ws_url, timeout=30)
    try:
        ws.recv()
        ws.send("40" + json.dumps({"office": "demo", "role": "display"}))
        while not ws.recv().startswith('42["board"'):
            pass
        return time.perf_counter() - t0
    finally:
        ws.close()


def measure(target, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {step: [] for step in STEPS}
    for n in range(rounds):
        one_round(target, n, times)
    return times


def one_round(target, n: int, times: dict[str, list[float]]) -> None:
    url = target.url

    def timed(step: str, fn):
        t0 = time.perf_counter()
        reply = fn()
        times[step].append(time.perf_counter() - t0)
        return reply

    timed("issue", lambda: target.kiosk.post(
        f"{url}/api/v1/offices/demo/tickets", json={"service": "ABCD"[n % 4]}, timeout=30))
    called = timed("call-next", lambda: target.staff.post(
        f"{url}/api/v1/counters/1/call-next", timeout=30))
    timed("console", lambda: target.staff.get(f"{url}/api/v1/counters/1/console", timeout=30))
    times["board"].append(board_snapshot(url))
    if called.status_code == 200:
        ticket = called.json()
        for action in ("serve", "complete"):
            target.staff.post(f"{url}/api/v1/tickets/{ticket['id']}/{action}", timeout=30)


def fill_to(target, length: int) -> int:
    missing = length - waiting(target)
    if missing > 0:
        started = time.perf_counter()
        fill(target.url, target.kiosk.headers["Authorization"], missing)
        print(f"filled {missing} tickets in {time.perf_counter() - started:.0f}s", flush=True)
        analyze(target)
    return waiting(target)


def analyze(target) -> None:
    """On PostgreSQL, what autovacuum (its default) does within a minute of a large change.
    Without statistics the planner guesses one row per table and may find a queue's head by
    reading the whole day's queue: measured here at 3.5x for call-next at 20,000 waiting, on a
    server that runs with autovacuum off. A deployment keeps it on (README, "Running it for a
    whole region")."""
    url = target.server.env.get("DATABASE_URL") if target.server is not None else None
    if not url or not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def report(rows: list[tuple[int, dict[str, list[float]]]]) -> None:
    floor: dict[str, float] = {}
    for now_waiting, times in rows:
        p50 = {step: percentile(t, 50) * 1000 for step, t in times.items()}
        floor = floor or p50
        print(f"waiting={now_waiting:<6} " + "  ".join(
            f"{step} p50={p50[step]:6.1f}ms ({ratio(p50[step], floor[step])})"
            for step in STEPS), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="20,2000,20000")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--shape", choices=["serve", "workers2"], default="serve",
                        help="serve: one `antrian serve` on SQLite; workers2: two gevent "
                             "workers on PostgreSQL and Redis")
    add_target_args(parser)
    args = parser.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    if args.url:
        target = open_target(args, args.shape)
        report([(fill_to(target, length), measure(target, args.rounds))
                for length in lengths])
        return
    targets = []
    try:
        for _ in lengths:  # one server per length
            targets.append(open_target(args, args.shape))
        sizes = [fill_to(target, length) for target, length in zip(targets, lengths,
                                                                    strict=True)]
        times = [{step: [] for step in STEPS} for _ in targets]
        for n in range(args.rounds):  # round-robin: the same moment's load for every length
            for target, mine in zip(targets, times, strict=True):
                one_round(target, n, mine)
        report(list(zip(sizes, times, strict=True)))
    finally:
        for target in targets:
            target.stop()


if __name__ == "__main__":
    main()
