"""The console pages a long waiting list in Chromium (screenshots counter-waiting-page-*)."""

from __future__ import annotations

import pytest
import requests

from tests.counter.test_browser import login, open_console, shot

pytestmark = pytest.mark.browser


def test_console_pages_the_waiting_list(browser, live):  # noqa: F811
    kiosk = live.cli("token", "create", "--office", "demo", "--kind", "kiosk").split()[0]
    for i in range(20):
        reply = requests.post(f"{live.url}/api/v1/offices/demo/tickets",
                              json={"service": "AB"[i % 2]},
                              headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
        assert reply.status_code == 201
    page = login(browser, live, "loket1")
    open_console(page, live, 1)
    assert page.text_content("#waiting-count") == "20"
    assert page.locator("#waiting li:not(.more)").count() == 14
    assert "1–14 dari / of 20" in page.text_content("#waiting li.more")
    shot(page, "waiting-page-1")
    page.click("#waiting-next")
    page.wait_for_function("document.querySelectorAll('#waiting li:not(.more)').length === 6")
    assert "15–20 dari / of 20" in page.text_content("#waiting li.more")
    assert page.locator("#waiting-next").count() == 0
    shot(page, "waiting-page-2")
    page.click("#waiting-prev")
    page.wait_for_function("document.querySelectorAll('#waiting li:not(.more)').length === 14")
    assert page.text_content("#waiting li:first-child .qcode") == "A001"
