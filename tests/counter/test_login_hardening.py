"""Sign-in under attack: the password is hashed outside the database lock, an unknown user
costs a hash like a known one, an account-wide ceiling that spares the user's own desk, the
throttle table is purged, and logout revokes the session cookie itself."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from antrian.shared.auth import actors, staff_login
from antrian.shared.models import LoginThrottle
from tests.support.factories import sign_in


def slow_hashes(monkeypatch, seconds: float) -> list[str]:
    """Make every password check take `seconds` longer; returns the hashes checked."""
    real = actors.check_password_hash
    checked: list[str] = []

    def slow(stored: str, password: str) -> bool:
        checked.append(stored)
        time.sleep(seconds)
        return real(stored, password)

    monkeypatch.setattr(actors, "check_password_hash", slow)
    return checked


def test_a_wrong_password_does_not_hold_up_ticket_issuing(client, office, monkeypatch):
    real = actors.check_password_hash
    hashing, released = threading.Event(), threading.Event()

    def stuck(stored: str, password: str) -> bool:  # a password check that takes its time
        hashing.set()
        released.wait(30)  # until the ticket is out (issuing stuck behind it: 30 s, then fails)
        return real(stored, password)

    monkeypatch.setattr(actors, "check_password_hash", stuck)
    attacker = client.application.test_client()
    thread = threading.Thread(target=lambda: sign_in(attacker, "loket1", "salah-salah"))
    thread.start()
    assert hashing.wait(10)
    res = client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                      headers=office.headers("kiosk"))
    still_hashing = thread.is_alive()
    released.set()
    thread.join()
    assert res.status_code == 201
    assert still_hashing, "issuing waited behind a password check"


def test_an_unknown_user_costs_a_password_hash_like_a_known_one(client, office, monkeypatch):
    checked = slow_hashes(monkeypatch, 0)
    res, _ = sign_in(client, "nobody-here", "whatever1")
    assert res.status_code == 401
    assert len(checked) == 1  # the dummy hash: same work as a real account
    res, _ = sign_in(client, "loket1", "whatever1")
    assert res.status_code == 401 and len(checked) == 2
    assert checked[0].split("$")[0] == checked[1].split("$")[0]  # the same method and cost


def test_unknown_and_known_users_take_about_the_same_time(client, office):
    def timed(username: str) -> float:
        t0 = time.perf_counter()
        sign_in(client.application.test_client(), username, "salah-salah")
        return time.perf_counter() - t0

    timed("nobody-here")  # warm up (the dummy hash is made on first use)
    pairs = [(timed("nobody-here"), timed("loket3")) for _ in range(4)]
    unknown, known = min(u for u, _ in pairs), min(k for _, k in pairs)
    assert unknown / known > 0.5, pairs  # today: 15 ms against 309 ms


def browser(client, address: str):
    desk = client.application.test_client()
    desk.environ_base["REMOTE_ADDR"] = address
    return desk


def test_account_ceiling_locks_new_browsers_but_not_the_users_own_desk(
        client, office, monkeypatch):
    monkeypatch.setattr(staff_login, "ACCOUNT_CEILING", 4)
    own_desk = browser(client, "10.0.0.2")
    res, _ = sign_in(own_desk, "loket2", office.passwords["loket2"])
    assert res.status_code == 302  # this browser now carries the known-desk cookie
    for n in range(4):  # one wrong password each from changing addresses
        res, _ = sign_in(browser(client, f"203.0.113.{n}"), "loket2", "salah-salah")
        assert res.status_code == 401
    res, _ = sign_in(browser(client, "203.0.113.99"), "loket2", office.passwords["loket2"])
    assert res.status_code == 403 and "terkunci" in res.get_data(as_text=True)
    # The colleague at their own desk is not locked out by someone else's guesses.
    res, _ = sign_in(own_desk, "loket2", office.passwords["loket2"])
    assert res.status_code == 302
    # A forged known-desk cookie is ignored.
    forged = browser(client, "203.0.113.98")
    forged.set_cookie(staff_login.KNOWN_DESK_COOKIE, '["loket2"]')
    res, _ = sign_in(forged, "loket2", office.passwords["loket2"])
    assert res.status_code == 403


def test_old_failures_stop_counting_and_are_purged(client, office):
    now = datetime.now(UTC)
    with office.db.write() as s:
        s.add(LoginThrottle(username="old", address="10.0.0.1", failures=4,
                            last_failure_at=now - timedelta(days=2)))
        s.add(LoginThrottle(username="recent", address="10.0.0.1", failures=2,
                            last_failure_at=now - timedelta(minutes=1)))
        s.add(LoginThrottle(username="locked", address="10.0.0.1", failures=0,
                            last_failure_at=now - timedelta(days=2),
                            locked_until=now + timedelta(minutes=5)))
    assert staff_login.purge_throttle(office.db) == 1
    with office.db.read() as s:
        left = {row.username for row in s.query(LoginThrottle)}
    assert left == {"recent", "locked"}


def test_failures_older_than_the_window_start_again(client, office):
    with office.db.write() as s:
        s.add(LoginThrottle(username="loket3", address="127.0.0.1", failures=4,
                            last_failure_at=datetime.now(UTC) - timedelta(hours=1)))
    res, _ = sign_in(client, "loket3", "salah-salah")
    assert res.status_code == 401
    res, _ = sign_in(client, "loket3", office.passwords["loket3"])
    assert res.status_code == 302  # 4 old failures + 1 new did not lock


def test_logout_revokes_a_copied_session_cookie(client, office):
    res, csrf = sign_in(client, "admin", office.passwords["admin"])
    assert res.status_code == 302
    stolen = client.get_cookie("session").value
    client.post("/counter/logout", data={"csrf_token": csrf})
    replay = client.application.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/admin").status_code == 302  # back to the login
    assert replay.get("/api/v1/counters/1/console").status_code == 401
    # Signing in again works, with a new session.
    res, _ = sign_in(client, "admin", office.passwords["admin"])
    assert res.status_code == 302 and client.get("/admin").status_code == 200


@pytest.mark.postgres
def test_parallel_failures_from_many_addresses_are_all_counted(pg_office, monkeypatch):
    slow_hashes(monkeypatch, 0)
    monkeypatch.setattr(staff_login, "HASH_SLOTS", 16)
    monkeypatch.setattr(staff_login, "_hashing", threading.BoundedSemaphore(16))
    errors, barrier = [], threading.Barrier(12)

    def attempt(n: int) -> None:
        barrier.wait()
        try:
            staff_login.sign_in(pg_office.db, "loket1", "salah-salah", f"203.0.113.{n}")
        except Exception as exc:  # noqa: BLE001 - the test looks at which
            errors.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == ["Unauthorized"] * 12  # never an IntegrityError from a parallel insert
    with pg_office.db.read() as s:
        account = s.get(LoginThrottle, ("loket1", staff_login.ACCOUNT_ROW))
    assert account.failures == 12


def test_a_login_flood_does_not_stall_a_gevent_worker(tmp_path):
    """Under gevent the hash runs off the event loop: issuing stays fast while eight clients
    send wrong passwords (before: every request waited behind each hash, seconds)."""
    import re as regex

    import requests

    from tests.support.servers import LiveServer

    server = LiveServer(tmp_path / "instance", gevent=True).start()
    stop = threading.Event()

    class FromAddress(requests.adapters.HTTPAdapter):
        def __init__(self, address: str) -> None:
            self.address = address
            super().__init__()

        def init_poolmanager(self, *args, **kwargs):
            kwargs["source_address"] = (self.address, 0)
            return super().init_poolmanager(*args, **kwargs)

    def attack(n: int) -> None:
        attempt = 0
        while not stop.is_set():
            attempt += 1  # a known user and made-up ones, from changing addresses
            http = requests.Session()
            http.mount("http://", FromAddress(f"127.0.{n + 1}.{attempt % 250 + 1}"))
            page = http.get(f"{server.url}/counter/login", timeout=30).text
            csrf = regex.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            username = "loket1" if attempt % 2 else f"nobody{n}"
            http.post(f"{server.url}/counter/login", timeout=30, data={
                "username": username, "password": "salah-salah", "csrf_token": csrf})

    try:
        raw = server.cli("token", "create", "--office", "demo", "--kind", "kiosk")
        kiosk = {"Authorization": "Bearer " + raw.strip().splitlines()[0]}
        attackers = [threading.Thread(target=attack, args=(n,), daemon=True) for n in range(8)]
        for thread in attackers:
            thread.start()
        time.sleep(1)
        took = []
        for _ in range(10):
            t0 = time.perf_counter()
            res = requests.post(f"{server.url}/api/v1/offices/demo/tickets",
                                json={"service": "A"}, headers=kiosk, timeout=60)
            took.append(time.perf_counter() - t0)
            assert res.status_code == 201
        assert sorted(took)[5] < 0.5, took
    finally:
        stop.set()
        server.stop()
