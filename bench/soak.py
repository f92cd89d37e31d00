"""A soak: kiosks issuing, counters calling and finishing, boards reading, for a long time,
with the server's resident memory printed every minute (it should level off).

Against a server it starts itself (`antrian serve` on SQLite, or PostgreSQL when
BENCH_DATABASE_URL/TEST_DATABASE_URL is set and --postgres is given), or against a running one
with --url, --kiosk-token, --staff-token (a front-office user's token per counter, comma
separated) and --pid (to read its memory).
Usage: python bench/soak.py [--minutes 30] [--rate 20]
"""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

import requests
from _common import fresh_postgres, start_server, token
from _wsclient import DisplayFleet


def rss_mb(pid: int) -> float:
    """Resident memory of the process and its children (a gunicorn worker), in MB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


class Load:
    """Every worker paces itself so the whole load is about `rate` requests a second."""

    def __init__(self, url: str, kiosk: str, staff: dict[int, str], rate: float) -> None:
        self.url, self.kiosk, self.staff, self.rate = url, kiosk, staff, rate
        self.stop = threading.Event()
        self.counts: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()

    def note(self, what: str, ok: bool) -> None:
        with self.lock:
            bucket = self.counts if ok else self.errors
            bucket[what] = bucket.get(what, 0) + 1

    def paced(self, share: float, step) -> None:
        http = requests.Session()
        interval = 1.0 / max(self.rate * share, 0.01)
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                step(http)
            except requests.RequestException:
                self.note("connection", False)
            self.stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def issue(self, http: requests.Session) -> None:
        service = "ABCD"[int(time.monotonic() * 10) % 4]
        reply = http.post(f"{self.url}/api/v1/offices/demo/tickets", json={"service": service},
                          headers={"Authorization": f"Bearer {self.kiosk}"}, timeout=30)
        self.note("issue", reply.status_code == 201)

    def counter(self, counter_id: int):
        headers = {"Authorization": f"Bearer {self.staff[counter_id]}"}

        def step(http: requests.Session) -> None:
            reply = http.post(f"{self.url}/api/v1/counters/{counter_id}/call-next",
                              headers=headers, timeout=30)
            self.note("call", reply.status_code in (200, 204))
            if reply.status_code == 200:
                ticket = reply.json()["id"]
                for action in ("serve", "complete"):
                    done = http.post(f"{self.url}/api/v1/tickets/{ticket}/{action}",
                                     headers=headers, timeout=30)
                    self.note(action, done.status_code == 200)
        return step

    def board(self, http: requests.Session) -> None:
        reply = http.get(f"{self.url}/api/v1/offices/demo/board", timeout=30)
        self.note("board", reply.status_code == 200)
        page = http.get(f"{self.url}/display/demo", timeout=30)
        self.note("board_page", page.status_code == 200)


def soak(url: str, pid: int | None, kiosk: str, staff: dict[int, str], minutes: float,
         rate: float, sockets: int) -> None:
    load = Load(url, kiosk, staff, rate)
    fleet = DisplayFleet(url, "demo", sockets, "ticket.called").connect()
    workers = [threading.Thread(target=load.paced, args=(0.3, load.issue), daemon=True)]
    share = 0.3 / max(len(staff), 1) / 3  # each call is followed by serve and complete
    workers += [threading.Thread(target=load.paced, args=(share, load.counter(c)), daemon=True)
                for c in staff]
    workers += [threading.Thread(target=load.paced, args=(0.2, load.board), daemon=True)]
    for worker in workers:
        worker.start()
    print(f"soak: {minutes:g} min against {url}, about {rate:g} requests/s, "
          f"{sockets} board sockets", flush=True)
    print("minute  rss_mb  issued  called  boards  errors", flush=True)
    started = time.monotonic()
    minute = 0
    try:
        while minute < minutes:
            print(_line(minute, pid, load), flush=True)
            minute += 1
            load.stop.wait(max(0.0, started + 60 * minute - time.monotonic()))
        print(_line(minute, pid, load), flush=True)
    finally:
        load.stop.set()
        for worker in workers:
            worker.join(timeout=35)
        fleet.close()
    print("errors by kind:", load.errors or "none", flush=True)


def _line(minute: int, pid: int | None, load: Load) -> str:
    memory = f"{rss_mb(pid):7.1f}" if pid else "      -"
    with load.lock:
        counts, errors = dict(load.counts), sum(load.errors.values())
    return (f"{minute:6d} {memory} {counts.get('issue', 0):7d} {counts.get('call', 0):7d} "
            f"{counts.get('board', 0):7d} {errors:7d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=20, help="requests per second, about")
    parser.add_argument("--sockets", type=int, default=10, help="board WebSocket connections")
    parser.add_argument("--url")
    parser.add_argument("--kiosk-token")
    parser.add_argument("--staff-token", help="counter_id=token,... for --url")
    parser.add_argument("--pid", type=int, help="server process id, to read its memory")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--gevent", action="store_true")
    args = parser.parse_args()
    if args.url:
        staff = {int(k): v for k, v in (p.split("=", 1) for p in args.staff_token.split(","))}
        soak(args.url, args.pid, args.kiosk_token, staff, args.minutes, args.rate, args.sockets)
        return
    server = start_server(fresh_postgres() if args.postgres else None, gevent=args.gevent)
    try:
        kiosk = token(server, "--office", "demo", "--kind", "kiosk")
        staff = {n: token(server, "--user", f"loket{n}") for n in (1, 2, 3, 4)}
        soak(server.url, server.proc.pid, kiosk, staff, args.minutes, args.rate, args.sockets)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
