"""In headless Chromium against a real server, under the pages' own CSP: the console times a
called ticket by the service's call standard and opens the ticket's timeline page.
Screenshots: artifacts/screenshots/standards-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def bearer(server: LiveServer, username: str) -> dict[str, str]:
    token = server.cli("token", "create", "--user", username).strip().splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


def test_the_console_s_call_timer_and_the_timeline_page(browser, live):
    admin = bearer(live, "admin")
    res = requests.patch(f"{live.url}/api/v1/offices/demo/services/A", headers=admin,
                         json={"standards": {"call": 240}}, timeout=10)
    assert res.status_code == 200, res.text
    res = requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                        headers=bearer(live, "loket1"), timeout=10)
    assert res.status_code == 201, res.text
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live.url + "/counter/login")
    page.fill("#username", "loket1")
    page.fill("#password", live.pw["loket1"])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live.url}/counter/1")
    page.wait_for_selector("#st-served")
    page.click("#call-next")
    page.wait_for_selector("#cur-timeline:not([hidden])")
    page.wait_for_selector("#timer-box:not([hidden])")
    assert page.text_content("#timer-target").strip() == "4:00"  # the service's own figure
    page.click("#cur-timeline")
    page.wait_for_selector("#timeline")
    steps = page.eval_on_selector_all("#timeline li", "els => els.map(e => e.dataset.step)")
    assert steps == ["wait", "call"]
    assert "berjalan" in page.text_content('[data-step="call"]')
    assert "4:00" in page.text_content('[data-step="call"]')
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "standards-timeline.png"), full_page=True)
    page.goto(f"{live.url}/admin/services/A")  # loket1 may not: a refusal in words
    assert "Tidak diizinkan" in page.content()  # the one refusal page, in words
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_the_service_page_edits_each_step_s_standard(browser, live):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live.url + "/counter/login")
    page.fill("#username", "admin")
    page.fill("#password", live.pw["admin"])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live.url}/admin/services/A")
    assert page.input_value("[name=stdp_call]") == "2"  # SOP 002: escorted in 2 minutes
    page.fill("[name=std_callback]", "8")
    page.fill("[name=stdp_call]", "3")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "standards-service-form.png"), full_page=True)
    page.click("#save-service")
    page.wait_for_selector(".flashes")
    admin = bearer(live, "admin")
    got = requests.get(f"{live.url}/api/v1/offices/demo/services", headers=admin,
                       timeout=10).json()["services"][0]["standards"]
    assert (got["callback"], got["priority"]["call"], got["call"]) == (480, 180, 180)
    context.close()
