"""SOP 002 end to end in headless Chromium against a real server: a visitor taps *Butuh
pendampingan* → *Kursi roda* at the kiosk; the guard's escort desk shows it live; the guard
acknowledges; Loket 4's console, which has called the visitor, shows *Bantuan sedang menuju*.
Screenshots: artifacts/screenshots/priority-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.a11y.test_visitor_pages_axe import run_axe, unreachable_by_tab
from tests.support.kiosk_token import kiosk_token
from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESK = {"width": 1366, "height": 768}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"priority-{name}.png"))


def overlapping(page, first: str, second: str) -> bool:
    """Whether two elements' boxes cross on the screen (a notice over a button)."""
    a, b = page.locator(first).bounding_box(), page.locator(second).first.bounding_box()
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


# The tones the page starts, without a sound card: Chromium's own AudioContext, counted.
COUNT_TONES = """
window.tones = [];
const Real = window.AudioContext;
window.AudioContext = class extends Real {
  createOscillator() {
    const osc = super.createOscillator();
    const start = osc.start.bind(osc);
    osc.start = (when) => { window.tones.push(osc.frequency.value); start(when); };
    return osc;
  }
};
"""


def signed_in(browser, server, username: str, path: str, init_script: str | None = None):
    context = browser.new_context(viewport=DESK)
    context.set_default_timeout(10_000)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.goto(f"{server.url}/counter/login?next={path}")
    page.fill("#username", username)
    page.fill("#password", server.pw[username])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}{path}")
    page.wait_for_selector("#live[data-state='connected']")
    return page


def test_kiosk_assistance_to_escort_desk_to_console(browser, tmp_path):
    server = LiveServer(tmp_path / "instance").start()
    try:
        server.pw = server.passwords()
        escort = signed_in(browser, server, "satpam", "/counter/escort", COUNT_TONES)
        escort.wait_for_selector("#requests li.muted")  # nothing yet
        escort.click("#sound")  # the guard turns the sound on: a chime says it works
        escort.wait_for_selector("#sound[aria-pressed=true]")
        assert escort.evaluate("window.tones") == [660, 880, 660]
        console = signed_in(browser, server, "loket4", "/counter/4")

        kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1920})
        kiosk_context.set_default_timeout(10_000)
        kiosk = kiosk_context.new_page()
        kiosk.goto(f"{server.url}/kiosk/demo/pair#{kiosk_token(server)}")
        kiosk.wait_for_selector("body[data-menu-loaded='1'] #s-home:not([hidden])")
        kiosk.click('button.service[data-service="A"]')
        kiosk.wait_for_selector("#s-kind:not([hidden])")
        shot(kiosk, "kiosk-kind")
        kiosk.click('[data-kind="assist"]')
        kiosk.wait_for_selector("#s-assist:not([hidden])")
        shot(kiosk, "kiosk-assist")
        problems = {"assist": run_axe(kiosk, "kiosk-assist")}
        assert unreachable_by_tab(kiosk, "#s-assist") == []
        kiosk.click('[data-assist="wheelchair"]')
        kiosk.wait_for_selector("#s-reason:not([hidden])")
        kiosk.click('[data-reason="disabilitas"]')
        kiosk.wait_for_selector("#s-result:not([hidden])")
        code = kiosk.text_content("#result-code")
        assert code == "PA001" and kiosk.is_visible("#result-assist")
        kiosk.wait_for_function("document.getElementById('result-qr').complete")
        shot(kiosk, "kiosk-result")
        problems["result"] = run_axe(kiosk, "kiosk-result-assist")
        for width, height in ((1920, 1080), (1366, 768)):  # the landscape kiosks
            kiosk.set_viewport_size({"width": width, "height": height})
            shot(kiosk, f"kiosk-result-{width}")
            assert not overlapping(kiosk, "#print-state", "#done"), width
            assert not overlapping(kiosk, "#result-qr", "header"), width

        # live on the escort desk: no reload
        card = f'#requests li[data-code="{code}"]'
        escort.wait_for_selector(f'{card}[data-status="open"]')
        assert "Kursi roda" in escort.text_content(card)
        escort.wait_for_function("document.getElementById('escort').dataset.alerts === '1'")
        assert escort.evaluate("window.tones.length") == 6  # the new request chimed
        shot(escort, "escort-open")
        problems["escort"] = run_axe(escort, "escort-desk")
        assert {k: v for k, v in problems.items() if v} == {}

        # Loket 4 (the priority counter) calls the visitor: help not yet acknowledged
        console.wait_for_selector(f'#waiting .qcode:text("{code}")')
        console.click("#call-next")
        console.wait_for_selector(f'#cur-code:text("{code}")')
        assert "Menunggu petugas pendamping" in console.text_content("#cur-help")

        escort.click(f'{card} button[data-act="acknowledge"]')
        escort.wait_for_selector(f'{card}[data-status="acknowledged"]')
        assert escort.evaluate("document.getElementById('escort').dataset.alerts") == "1"
        assert "Bantuan sedang menuju" in escort.text_content(card)
        shot(escort, "escort-acknowledged")

        # the console hears it through its counter room
        console.wait_for_selector('#cur-help.help-coming:text("Bantuan sedang menuju")')
        assert "Help is on the way" in console.text_content("#cur-help")
        shot(console, "console-help-on-the-way")

        escort.click(f'{card} button[data-act="done"]')
        escort.wait_for_selector("#requests li.muted")
        console.wait_for_selector("#cur-help", state="detached")
    finally:
        server.stop()
