"""Against a real server whose watcher looks twice a second, with a wait standard of four
seconds: a supervisor's socket hears `sla.breached` for a ticket left waiting, once, also
when it is connected to a second process with a watcher of its own (with Redis); API v1 lists
it; and in headless Chromium (under the pages' own CSP) the live view shows the breach as it
happens. Screenshot: artifacts/screenshots/breaches-live-view.png."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.conftest import TEST_REDIS_URL
from tests.support.board_socket import BoardSocket
from tests.support.factories import user_id
from tests.support.servers import LiveServer

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WAIT_S = 4


@pytest.fixture
def live(office, instance):
    env = {"SLA_WATCH_S": "0.5"}
    if TEST_REDIS_URL:  # for a second process (`second`)
        env.update(REDIS_URL=TEST_REDIS_URL, REDIS_CHANNEL=f"antrian-test-{uuid.uuid4().hex[:8]}")
    server = LiveServer(instance, env=env).start()
    res = requests.patch(f"{server.url}/api/v1/offices/demo/services/A",
                         json={"standards": {"wait": WAIT_S}}, headers=office.headers("admin"),
                         timeout=10)
    assert res.status_code == 200, res.text
    yield server
    server.stop()


def issue(live, office) -> dict:
    res = requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                        headers=office.headers("kiosk"), timeout=10)
    assert res.status_code == 201, res.text
    return res.json()


@pytest.fixture
def second(office, instance, live):
    """With Redis, a second server process on the same database, its own watcher competing
    for the lease; without, the one server."""
    if not TEST_REDIS_URL:
        yield live
        return
    server = LiveServer(instance, env=live.env).start()
    yield server
    server.stop()


def test_a_supervisor_socket_hears_a_wait_past_its_standard_once(office, live, second):
    supervisor = BoardSocket(second.url, role="supervisor", token=office.tokens["koordinator"])
    board = BoardSocket(live.url)
    for socket in (supervisor, board):
        socket.start()
        assert socket.wait(lambda sock: any(x.name == "board" for x in sock.packets))
    time.sleep(0.5)  # the second process's Redis subscription settles
    ticket = issue(live, office)

    def breach_heard(sock) -> bool:
        return any(p.name == "sla.breached" and p.data["ticket"] == ticket["id"]
                   for p in sock.packets)

    assert supervisor.wait(breach_heard, timeout=20), supervisor.packets
    time.sleep(2)  # four more periods of both watchers: nothing more may come
    [event] = [p.data for p in supervisor.packets if p.name == "sla.breached"]
    assert (event["code"], event["step"], event["standard_s"]) == (ticket["code"], "wait",
                                                                   WAIT_S)
    assert event["elapsed_s"] > WAIT_S and event["counter"] is None
    listed = requests.get(f"{live.url}/api/v1/offices/demo/breaches",
                          headers=office.headers("kepala"), timeout=10).json()["breaches"]
    assert [(b["id"], b["ticket"], b["step"]) for b in listed] == [
        (event["id"], ticket["id"], "wait")]
    assert not any(p.name == "sla.breached" for p in board.packets)  # never on a board
    for socket in (supervisor, board):
        socket.close()


@pytest.mark.browser
def test_the_live_view_shows_a_breach_as_it_happens(browser, office, live):
    serializer = office.app.session_interface.get_signing_serializer(office.app)
    cookie = serializer.dumps({"_user_id": str(user_id(office, "koordinator")), "sv": 0})
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID",
                                  bypass_csp=False)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "session", "value": cookie, "url": live.url}])
    # Before the page opens: a question with the back office, and a visitor at counter 2.
    for counter in (1, 2):
        issue(live, office)
        staff = office.headers(f"loket{counter}")
        called = requests.post(f"{live.url}/api/v1/counters/{counter}/call-next",
                               headers=staff, timeout=10).json()
        if counter == 1:
            for action, body in (("serve", {}), ("escalate", {"question": "Berapa lama?"})):
                res = requests.post(f"{live.url}/api/v1/tickets/{called['id']}/{action}",
                                    json=body, headers=staff, timeout=10)
                assert res.status_code == 200, res.text
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live.url}/admin/live")
    page.wait_for_selector("#live[data-state=connected]")
    assert page.locator("#escalations tr[data-step=back_office]").count() == 1
    assert "Petugas Loket 2" in page.text_content("#counters tr[data-counter='2']")
    before = page.locator("#breach-list li").count()
    ticket = issue(live, office)
    # the waiting ticket appears (an office event reloads the view), then turns late
    page.wait_for_selector(f"#waits tr:has-text('{ticket['code']}')")
    page.wait_for_selector("#breach-alert:not([hidden])")
    assert ticket["code"] in page.text_content("#breach-alert")
    assert "Menunggu dipanggil" in page.text_content("#breach-alert")
    page.wait_for_selector(f"#breach-list li:has-text('{ticket['code']}')")
    assert page.locator("#breach-list li").count() == before + 1
    page.wait_for_selector(f"#waits tr:has-text('{ticket['code']}') .age.over")
    assert page.is_visible(f"#waits tr:has-text('{ticket['code']}') .late-mark")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "breaches-live-view.png"), full_page=True)
    assert not errors, errors
    context.close()
