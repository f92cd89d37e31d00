"""Two server processes sharing one PostgreSQL database and one Redis: a token revoked
through process A is refused by process B within a second, and a disabled user's console
open on process B is disconnected."""

from __future__ import annotations

import re
import threading
import time
import uuid

import pytest
import requests
import socketio
from sqlalchemy import select

from antrian.shared.auth import actors
from antrian.shared.core.db import Database
from antrian.shared.models import Counter, Office, User
from tests.support.servers import LiveServer

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def two_servers(tmp_path, pg_url, redis_url):
    env = {"DATABASE_URL": pg_url, "REDIS_URL": redis_url, "PRINT_SPOOLER": "false",
           "REDIS_CHANNEL": f"antrian-test-{uuid.uuid4().hex[:8]}"}
    first = LiveServer(tmp_path / "a", env=env).start()  # migrates and seeds the demo office
    second = LiveServer(tmp_path / "b", env=env).start()
    db = Database(pg_url)
    yield first, second, db, first.passwords()
    db.dispose()
    second.stop()
    first.stop()


def bearer(db: Database, username: str) -> dict[str, str]:
    with db.write() as s:
        return {"Authorization": f"Bearer {actors.create_user_token(s, username)}"}


def first_refusal(url: str, headers: dict, limit_s: float = 5.0) -> float:
    """Seconds until `url` answers 401 with these headers."""
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        if requests.get(url, headers=headers, timeout=5).status_code == 401:
            return time.monotonic() - start
        time.sleep(0.02)
    return float("inf")


def test_a_token_revoked_on_one_process_is_refused_by_the_other_within_a_second(two_servers):
    a, b, db, _ = two_servers
    admin = bearer(db, "admin")
    theirs = bearer(db, "loket1")
    console = f"{b.url}/api/v1/counters/1/console"
    for _ in range(3):  # B has now checked the token and holds it in its cache
        assert requests.get(console, headers=theirs, timeout=5).status_code == 200
    user_id = next(u["id"] for u in requests.get(
        f"{a.url}/api/v1/offices/demo/users", headers=admin, timeout=5).json()["users"]
        if u["username"] == "loket1")
    token_id = requests.get(f"{a.url}/api/v1/users/{user_id}/tokens", headers=admin,
                            timeout=5).json()["tokens"][0]["id"]
    assert requests.delete(f"{a.url}/api/v1/tokens/{token_id}", headers=admin,
                           timeout=5).status_code == 200
    assert first_refusal(console, theirs) < 1.0


def test_a_user_disabled_on_one_process_loses_token_and_console_on_the_other(two_servers):
    a, b, db, passwords = two_servers
    admin = bearer(db, "admin")
    token = bearer(db, "loket2")
    browser = requests.Session()
    page = browser.get(f"{b.url}/counter/login", timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    signed = browser.post(f"{b.url}/counter/login", allow_redirects=False, timeout=5, data={
        "username": "loket2", "password": passwords["loket2"], "csrf_token": csrf})
    assert signed.status_code == 302
    with db.read() as s:
        counter_id = s.scalar(select(Counter.id).join(Office).where(
            Office.code == "demo", Counter.number == 2))
        user_id = s.scalar(select(User.id).where(User.username == "loket2"))
    gone = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("disconnect", lambda *_: gone.set())
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    client.connect(b.url, headers={"Cookie": cookie}, transports=["websocket"],
                   auth={"office": "demo", "role": "counter", "counter": counter_id},
                   wait_timeout=10)
    try:
        console = f"{b.url}/api/v1/counters/2/console"
        assert requests.get(console, headers=token, timeout=5).status_code == 200
        res = requests.patch(f"{a.url}/api/v1/users/{user_id}", headers=admin, timeout=5,
                             json={"active": False})
        assert res.status_code == 200 and res.json()["active"] is False
        started = time.monotonic()
        assert gone.wait(5), "the disabled user's console socket stayed open"
        assert time.monotonic() - started < 2.0
        assert first_refusal(console, token) < 1.0
        # the console page itself now sends the browser to the login
        assert browser.get(f"{b.url}/counter", allow_redirects=False,
                           timeout=5).status_code == 302
    finally:
        threading.Thread(target=client.disconnect, daemon=True).start()
