"""hub.js against the real server: the live event log page shows events as they happen."""

from __future__ import annotations

import pytest
import requests

from tests.support.servers import LiveServer


@pytest.mark.browser
def test_event_log_page_receives_events_and_resyncs_after_restart(browser, tmp_path):
    server = LiveServer(tmp_path / "instance").start()
    try:
        token = server.cli("token", "create", "--office", "demo", "--kind", "kiosk").strip()
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{server.url}/display/demo/events")
        page.wait_for_selector('#status[data-state="connected"]')
        http.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": "A"})
        page.wait_for_function("window.hubLog.some(e => e[0] === 'ticket.issued')")
        assert "A001" in page.inner_text("#log")

        server.stop()
        page.wait_for_selector('#status[data-state="reconnecting"]', timeout=30_000)
        server.start()
        page.wait_for_selector('#status[data-state="connected"]', timeout=30_000)
        http.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": "A"})
        page.wait_for_function("window.hubLog.filter(e => e[0] === 'ticket.issued').length == 2")
        boards = page.evaluate("window.hubLog.filter(e => e[0] === 'board').length")
        assert boards >= 2  # a snapshot on the first connect and again after the restart
        assert page.inner_text("#resyncs") == "0"  # a reconnect is not a gap
        page.screenshot(path=str(tmp_path / "event_log.png"))
        page.close()
    finally:
        server.stop()
