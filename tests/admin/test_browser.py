"""The administration home in headless Chromium against a real server: sign in, pair a kiosk
and open its link like the kiosk would, close counter 3; screenshots at 1366x768
(artifacts/screenshots/admin-*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SCREEN = {"width": 1366, "height": 768}


@pytest.fixture
def live(tmp_path):
    server = LiveServer(tmp_path / "instance").start()
    server.cli("printer", "add", "--office", "demo", "--name", "Printer lobi",
               "--url", "tcp://127.0.0.1:9", "--default")
    server.cli("printer", "add", "--office", "demo", "--name", "Printer loket",
               "--url", "usb://04b8:0202", "--paper", "58", "--via-agent")
    yield server
    server.stop()


def shot(page, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"admin-{name}.png"), full_page=full)


def test_admin_pairs_a_kiosk_and_closes_counter_3(browser, live):
    context = browser.new_context(viewport=SCREEN)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live.url + "/admin")
    page.wait_for_selector("#username")  # anonymous: the login page
    page.fill("#username", "admin")
    page.fill("#password", live.passwords()["admin"])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(live.url + "/admin")
    page.wait_for_selector("#printers .printer img")
    page.wait_for_function("[...document.querySelectorAll('#printers img')]"
                           ".every((i) => i.complete && i.naturalWidth > 0)")
    widths = page.eval_on_selector_all("#printers img", "els => els.map(e => e.naturalWidth)")
    assert sorted(widths) == [384, 576]
    shot(page, "home")
    shot(page, "home-full", full=True)

    page.fill("#kiosk-name", "Kios lantai 2")
    page.click("#pair-kiosk")
    page.wait_for_selector("#pairing img")
    link = page.get_attribute("#pair-link", "href")
    assert "/kiosk/demo/pair#" in link
    shot(page, "paired")

    kiosk = context.new_page()
    kiosk.goto(link)
    kiosk.wait_for_function("localStorage.getItem('antrian.kiosk.demo') !== null")
    kiosk.close()

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#counter-3 button[type=submit]")
    page.wait_for_selector("#counter-3.closed")
    assert "Loket 3 ditutup" in page.inner_text(".flashes")
    assert page.inner_text("#g-counters").strip() == "3 / 4"
    assert "Kios lantai 2" in page.inner_text("#devices")
    shot(page, "counter-closed")
    context.close()
