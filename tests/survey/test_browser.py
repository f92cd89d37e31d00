"""A visitor fills the survey from the ticket's QR link in headless Chromium, like a person."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.support.factories import user_id
from tests.support.servers import LiveServer

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SCORES = [4, 3, 4, 4, 3, 4, 4, 2, 3]


def done_ticket(url: str, office, service: str, counter: int) -> str:
    """Issue, call, serve and complete a ticket through API v1 on the live server."""
    issued = requests.post(f"{url}/api/v1/offices/demo/tickets", json={"service": service},
                           headers=office.headers("kiosk"), timeout=10)
    assert issued.status_code == 201
    staff = office.headers(f"loket{counter}")
    called = requests.post(f"{url}/api/v1/counters/{counter}/call-next", headers=staff,
                           timeout=10)
    tid = called.json()["id"]
    for action in ("serve", "complete"):
        res = requests.post(f"{url}/api/v1/tickets/{tid}/{action}", headers=staff, timeout=10)
        assert res.status_code == 200, res.text
    return issued.json()["token"]


@pytest.fixture
def live(office, instance):
    server = LiveServer(instance).start()
    yield server
    server.stop()


@pytest.mark.browser
def test_visitor_fills_the_survey_and_the_ikm_reflects_it(browser, office, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    token = done_ticket(live.url, office, "A", 1)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live.url}/survey/{token}")
    page.wait_for_selector("form.skm")
    page.screenshot(path=str(SHOTS / "survey-390-top.png"))

    # Sending with nothing answered points at the first question, and sends nothing.
    page.click("button.send")
    page.wait_for_selector("#field-u1.invalid .missing")
    assert requests.get(f"{live.url}/api/v1/tickets/{token}/survey",
                        timeout=10).json()["state"] == "open"

    for number, score in enumerate(SCORES, start=1):
        page.click(f"#field-u{number} label.answer.s{score}")
    assert page.eval_on_selector_all("input[type=radio][name^=u]:checked", "els => els.length") == 9
    page.fill("#age", "64")
    page.click("#field-sex label.answer:has(input[value=P])")
    page.select_option("#education", "sma")
    page.select_option("#occupation", "guru_tendik")
    page.fill("#comment", "Pelayanan cepat, ruang tunggu nyaman.")
    page.locator("button.send").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "survey-390-bottom.png"))
    page.click("button.send")
    page.wait_for_selector(".notice.thanks")
    assert "Terima kasih" in page.inner_text("h1")
    page.screenshot(path=str(SHOTS / "survey-390-thanks.png"))
    context.close()

    ikm = requests.get(f"{live.url}/api/v1/offices/demo/ikm", timeout=10).json()
    assert ikm["respondents"] == 1 and ikm["population"] == 1 and ikm["sample_reached"]
    assert [ikm["elements"][f"u{i}"] for i in range(1, 10)] == SCORES
    assert ikm["ikm"] == round(sum(SCORES) / 9 * 25, 2) and ikm["grade"] == "B"

    # A second visitor rates poorly at counter 2: the back office's recap flags it.
    poor = done_ticket(live.url, office, "B", 2)
    res = requests.post(f"{live.url}/api/v1/tickets/{poor}/survey", timeout=10, json={
        "answers": {**{f"u{i}": 3 for i in range(1, 10)}, "u3": 1, "u7": 2},
        "profile": {"age": 41, "sex": "L"}, "comment": "Menunggu terlalu lama."})
    assert res.status_code == 201

    serializer = office.app.session_interface.get_signing_serializer(office.app)
    cookie = serializer.dumps({"_user_id": str(user_id(office, "backoffice")), "sv": 0})
    wide = browser.new_context(viewport={"width": 1366, "height": 768})
    wide.add_cookies([{"name": "session", "value": cookie, "url": live.url}])
    page = wide.new_page()
    page.goto(f"{live.url}/admin/ikm")
    page.wait_for_selector("#ikm-value")
    assert page.inner_text("#respondents") == "2"
    page.screenshot(path=str(SHOTS / "ikm-report-1366.png"), full_page=True)
    page.goto(f"{live.url}/admin/recap")
    page.wait_for_selector("table.flagged")
    assert "Petugas Loket 2" in page.inner_text("table.flagged")
    page.screenshot(path=str(SHOTS / "recap-1366.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / "recap-print.png"), full_page=True)
    page.goto(f"{live.url}/admin/ikm")  # still emulating print
    page.wait_for_selector("#ikm-value")
    assert not page.is_visible(".bar nav") and not page.is_visible("form.filters")
    page.screenshot(path=str(SHOTS / "ikm-print.png"), full_page=True)
    wide.close()


@pytest.mark.browser
def test_the_counter_tablet_shows_the_latest_ticket(browser, office, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    token = done_ticket(live.url, office, "C", 4)
    serializer = office.app.session_interface.get_signing_serializer(office.app)
    cookie = serializer.dumps({"_user_id": str(user_id(office, "loket4")), "sv": 0})
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.add_cookies([{"name": "session", "value": cookie, "url": live.url}])
    page = context.new_page()
    page.goto(f"{live.url}/survey/desk/4")
    page.wait_for_selector("a.ticket-choice")
    page.screenshot(path=str(SHOTS / "desk-1024-waiting.png"))
    page.click("a.ticket-choice")
    page.wait_for_selector("form.skm")
    for number in range(1, 10):
        page.click(f"#field-u{number} label.answer.s4")
    page.click("button.send")
    page.wait_for_selector(".done")
    assert page.locator("a.ticket-choice").count() == 0
    page.screenshot(path=str(SHOTS / "desk-1024-done.png"))
    context.close()
    state = requests.get(f"{live.url}/api/v1/tickets/{token}/survey", timeout=10).json()
    assert state["state"] == "answered"
