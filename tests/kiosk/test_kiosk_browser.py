"""The kiosk and the ticket page in headless Chromium against a real server and a virtual
printer: pair, tap, see the number, and the printer receives the same number and QR URL."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.escpos_decoder import decode
from tests.support.kiosk_token import kiosk_token
from tests.support.servers import LiveServer
from tests.virtual_printer import VirtualPrinter

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "kiosk"
VIEWPORTS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    printer = VirtualPrinter().start()
    server = LiveServer(tmp_path_factory.mktemp("kiosk") / "instance").start()
    server.cli("printer", "add", "--office", "demo", "--name", "lobby", "--url", printer.url)
    yield server, printer
    server.stop()
    printer.stop()


def shoot(page, name: str) -> None:
    """The current screen at both kiosk orientations."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"))
    page.set_viewport_size({"width": 1080, "height": 1920})


def tap_service(page, service: str) -> None:
    page.wait_for_selector(f'button.service[data-service="{service}"]')
    page.click(f'button.service[data-service="{service}"]')
    page.wait_for_selector("#s-kind:not([hidden])")


def test_kiosk_pair_tap_print(browser, setup):
    server, printer = setup
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()

    page.goto(f"{server.url}/kiosk/demo")
    page.wait_for_selector("#s-unpaired:not([hidden])")
    assert page.is_hidden("#services")
    shoot(page, "1-unpaired")

    page.goto(f"{server.url}/kiosk/demo/pair#{kiosk_token(server)}")
    page.wait_for_url(f"{server.url}/kiosk/demo")
    page.wait_for_selector("body[data-menu-loaded='1'] #s-home:not([hidden])")
    page.wait_for_selector("body[data-hub='connected']")
    assert page.text_content('button.service[data-service="A"] .name').startswith("Informasi")
    shoot(page, "2-home")

    tap_service(page, "A")
    page.click('[data-kind="regular"]')
    page.wait_for_selector("#s-result:not([hidden])")
    code = page.text_content("#result-code")
    assert code == "A001"
    page.wait_for_selector("body[data-print='done']")
    shoot(page, "4-result-printed")
    receipt = decode(printer.wait_for_jobs(1)[0])
    assert receipt.line(code).width >= 3
    qr_src = page.get_attribute("#result-qr", "src")
    token = qr_src.split("/")[2]
    assert receipt.qr_payloads == [f"{server.url}/t/{token}"]

    # the waiting count on home follows the hub
    page.click("#done")
    page.wait_for_selector('button.service[data-service="A"] .queue strong:text("1")')

    # English toggle, then priority with its reason
    page.click("#lang")
    assert page.text_content('button.service[data-service="A"] .name').startswith("Information")
    page.click("#lang")
    tap_service(page, "B")
    page.click('[data-kind="priority"]')
    page.wait_for_selector("#s-reason:not([hidden])")
    assert "UU 25/2009 pasal 29" in page.text_content("#s-reason .notice")
    shoot(page, "3-priority-reason")
    page.click('[data-reason="lansia"]')
    page.wait_for_selector("#s-result:not([hidden])")
    assert page.text_content("#result-code") == "PB001"
    assert page.is_visible("#result-priority")
    printer.wait_for_jobs(2)

    # printer hangs: the number is on screen, "mencetak...", then failed, then printed
    printer.freeze()
    page.click("#done")
    tap_service(page, "C")
    page.click('[data-kind="regular"]')
    page.wait_for_selector("#s-result:not([hidden])")
    assert page.get_attribute("body", "data-print") == "pending"
    shoot(page, "5-result-printing")
    page.wait_for_selector("body[data-print='failed']", timeout=15000)
    assert page.is_visible("#result-qr")
    shoot(page, "6-result-printer-failed")
    printer.start()
    page.wait_for_selector("body[data-print='done']", timeout=15000)
    jobs = printer.wait_for_jobs(3)
    assert [decode(j).line("00").text.strip() for j in jobs] == ["A001", "PB001", "C001"]

    # paper out: the printer would take the bytes, but it says it cannot print: the kiosk
    # says the ticket did not print (not "take your ticket"), and it prints once when loaded
    printer.paper = "out"
    page.click("#done")
    tap_service(page, "D")
    page.click('[data-kind="regular"]')
    page.wait_for_selector("body[data-print='failed']", timeout=15000)
    assert "Tiket belum tercetak" in page.text_content("#print-state")
    shoot(page, "7-result-paper-out")
    assert [decode(j).line("00").text.strip() for j in printer.printed] == [
        "A001", "PB001", "C001"]
    printer.paper = "ok"
    page.wait_for_selector("body[data-print='done']", timeout=30000)
    printed = [decode(j).line("00").text.strip() for j in printer.printed]
    assert printed == ["A001", "PB001", "C001", "D001"]
    context.close()


def test_ticket_status_page_follows_the_call(browser, setup):
    server, _ = setup
    kiosk = {"Authorization": f"Bearer {kiosk_token(server)}"}
    ticket = requests.post(f"{server.url}/api/v1/offices/demo/tickets", headers=kiosk,
                           json={"service": "D"}, timeout=10).json()
    staff = {"Authorization": "Bearer " + server.cli("token", "create", "--user", "loket2")
             .strip()}
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(ticket["status_url"])
    page.wait_for_selector("#live[data-state='connected']")
    page.wait_for_selector("#waiting-facts:not([hidden])")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "7-status-waiting-390.png"))

    # counter 2 calls everyone ahead, then this ticket
    while True:
        called = requests.post(f"{server.url}/api/v1/counters/2/call-next", headers=staff,
                               timeout=10)
        assert called.status_code == 200
        if called.json()["id"] == ticket["id"]:
            break
        for action in ("serve", "complete"):
            requests.post(f"{server.url}/api/v1/tickets/{called.json()['id']}/{action}",
                          headers=staff, timeout=10)
    page.wait_for_selector("#called:not([hidden])")
    assert "Silakan menuju Loket 2" in page.text_content("#called")
    assert page.evaluate("window.calledAlerts") >= 1
    page.screenshot(path=str(SHOTS / "8-status-called-390.png"))

    for action in ("serve", "complete"):
        requests.post(f"{server.url}/api/v1/tickets/{ticket['id']}/{action}", headers=staff,
                      timeout=10)
    page.wait_for_selector("#finished:not([hidden])")
    survey_shown = page.is_visible("#survey")
    assert survey_shown == bool(page.get_attribute("body", "data-survey-url"))
    page.screenshot(path=str(SHOTS / "9-status-done-390.png"))
    context.close()
