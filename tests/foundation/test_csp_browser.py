"""Every page passes the Content-Security-Policy in Chromium: no violation in the console,
signed out and signed in as each kind of staff (screenshots: artifacts/screenshots/csp-*)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SCREEN = {"width": 1366, "height": 768}


@pytest.fixture
def live(tmp_path):
    server = LiveServer(tmp_path / "instance").start()
    yield server
    server.stop()


def bearer(server, *args) -> dict[str, str]:
    raw = server.cli("token", "create", *args).strip().splitlines()[0]
    return {"Authorization": f"Bearer {raw}"}


def visit(context, url: str, shot: str | None = None, probe: str | None = None) -> list[str]:
    """The CSP complaints of one page load (console errors and reports); `probe` is a
    script run in the page first (the test's check that a violation is seen)."""
    page = context.new_page()
    complaints: list[str] = []
    page.on("console", lambda m: complaints.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("pageerror", lambda e: complaints.append(f"pageerror: {e}"))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Refused to ' + e.violatedDirective + ' ' + "
                         "e.blockedURI))")
    page.goto(url)
    page.wait_for_load_state("load")
    if probe:
        page.evaluate(probe)
    page.wait_for_timeout(700)
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"csp-{shot}.png"))
    page.close()
    return complaints


def signed_in(browser, server, username: str):
    context = browser.new_context(viewport=SCREEN, bypass_csp=False)
    page = context.new_page()
    page.goto(server.url + "/counter/login")
    page.fill("#username", username)
    page.fill("#password", server.passwords()[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.close()
    return context


def test_every_page_passes_the_csp(browser, live):
    kiosk, staff = bearer(live, "--office", "demo", "--kind", "kiosk"), bearer(live, "--user",
                                                                               "loket1")
    base = live.url
    issued = [requests.post(f"{base}/api/v1/offices/demo/tickets", json={"service": "A"},
                            headers=kiosk).json() for _ in range(2)]
    called = requests.post(f"{base}/api/v1/counters/1/call-next", headers=staff).json()
    for action in ("serve", "complete"):
        requests.post(f"{base}/api/v1/tickets/{called['id']}/{action}", headers=staff)
    done, waiting = issued[0], issued[1]

    pages = {
        None: ["/", "/counter/login", "/kiosk/demo", "/kiosk/demo/online", "/kiosk/demo/pair",
               f"/t/{waiting['token']}", f"/survey/{done['token']}", "/display/demo",
               "/display/demo/events", "/t/not-a-token"],  # the last: the error page
        "admin": ["/admin", "/admin/ikm", "/admin/recap"],
        "loket1": ["/counter", "/counter/1", "/counter/phone", "/survey/desk/1"],
        "resepsionis": ["/counter/reception", f"/counter/ticket/{waiting['id']}/print"],
        "backoffice": ["/counter/backoffice", "/admin/ikm"],
    }
    seen = visit(browser.new_context(bypass_csp=False), base + "/",
                 probe="() => document.body.setAttribute('style', 'color: red')")
    assert seen, "the detector must see an inline style refused"
    complaints = {}
    for who, urls in pages.items():
        context = (browser.new_context(viewport=SCREEN, bypass_csp=False) if who is None
                   else signed_in(browser, live, who))
        for url in urls:
            name = f"{who or 'public'}{url.replace('/', '-')}"[:60]
            found = visit(context, base + url, shot=name)
            if found:
                complaints[f"{who} {url}"] = found
        context.close()
    assert complaints == {}
