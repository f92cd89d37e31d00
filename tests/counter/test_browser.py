"""The desks in headless Chromium against a real server: the flows staff do all day, and a
screenshot of every screen (artifacts/screenshots/counter-*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CONSOLE = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def bearer(server: LiveServer, username: str) -> dict[str, str]:
    token = server.cli("token", "create", "--user", username).strip().splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"counter-{name}.png"))


def login(browser, server, username, viewport=CONSOLE, screenshot=False):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(server.url + "/counter/login")
    if screenshot:
        shot(page, "login")
    page.fill("#username", username)
    page.fill("#password", server.pw[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def open_console(page, server, number):
    page.goto(f"{server.url}/counter/{number}")
    page.wait_for_selector("#st-served")
    page.wait_for_function("document.getElementById('waiting').children.length > 0")


def test_login_call_serve_complete(browser, live):
    page = login(browser, live, "loket1", screenshot=True)
    assert page.url.endswith("/counter")
    shot(page, "choose")
    kiosk = bearer(live, "resepsionis")
    for service in ("A", "B", "A"):
        requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": service},
                      headers=kiosk, timeout=5).raise_for_status()
    page.click(".choice.mine")
    page.wait_for_function("document.querySelectorAll('#waiting li').length === 3")
    page.keyboard.press("Space")  # the shortcut shown on the button
    page.wait_for_function("document.getElementById('cur-code').textContent === 'A001'")
    page.click("#btn-serve")
    page.wait_for_selector("#btn-complete:visible")
    page.click("#visit summary")
    page.fill("#visit-form [name=name]", "Siti Aminah")
    page.fill("#visit-form [name=nik]", "3201234567890001")
    page.select_option("#visit-form [name=purpose_category]", "info_dapodik")
    page.click("#visit-form button[type=submit]")
    page.wait_for_function("document.getElementById('nik-now').textContent.includes('3201********0001')")
    shot(page, "console-serving")
    page.click("#btn-complete")
    page.wait_for_function("document.getElementById('st-served').textContent === '1'")
    page.wait_for_function("document.getElementById('cur-code').textContent === '—'")
    shot(page, "console-idle")
    page.context.close()


def test_two_consoles_race_for_one_ticket(browser, live):
    one = login(browser, live, "loket1")
    two = login(browser, live, "loket2")
    requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "C"},
                  headers=bearer(live, "resepsionis"), timeout=5).raise_for_status()
    open_console(one, live, 1)
    open_console(two, live, 2)
    # both press at once: the clicks are sent before either answer is awaited
    one.evaluate("document.getElementById('call-next').click()")
    two.evaluate("document.getElementById('call-next').click()")
    for page in (one, two):
        page.wait_for_function(
            "['C001'].includes(document.getElementById('cur-code').textContent) || "
            "/no one waiting|another counter|finish/i"
            ".test(document.getElementById('message').textContent)")
    codes = [p.evaluate("document.getElementById('cur-code').textContent") for p in (one, two)]
    assert sorted(codes) == ["C001", "—"]
    loser = one if codes[0] == "—" else two
    assert "no one waiting" in loser.text_content("#message").lower()
    shot(loser, "console-race-loser")
    one.context.close()
    two.context.close()


def test_reception_priority_called_first_at_priority_counter(browser, live):
    desk = login(browser, live, "resepsionis")
    assert desk.url.endswith("/counter/reception")
    kiosk = bearer(live, "resepsionis")
    requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                  headers=kiosk, timeout=5).raise_for_status()
    desk.check("input[name=service][value=B]")
    desk.check("input[name=kind][value=priority]")
    desk.select_option("#priority_reason", "lansia")
    desk.check("input[name=needs_assistance]")
    desk.fill("#issue-form [name=name]", "Bapak Harun")
    desk.click("#issue-form button[type=submit]")
    desk.wait_for_function("document.getElementById('issued-code').textContent === 'PB001'")
    desk.wait_for_function("document.querySelectorAll('#waiting tr').length === 4")
    shot(desk, "reception")
    console = login(browser, live, "loket4")
    open_console(console, live, 4)
    console.click("#call-next")
    console.wait_for_function("document.getElementById('cur-code').textContent === 'PB001'")
    assert "needs assistance" in console.text_content("#cur-flags")
    shot(console, "console-priority")
    desk.context.close()
    console.context.close()


def test_phone_call_forwarded_answered_called_back(browser, live):
    desk = login(browser, live, "loket1")
    desk.goto(live.url + "/counter/phone")
    desk.fill("#call-form [name=name]", "Ibu Rina")
    desk.fill("#call-form [name=institution]", "SMPN 2 Depok")
    desk.fill("#call-form [name=regency]", "Kota Depok")
    desk.fill("#call-form [name=phone]", "081234567890")
    desk.fill("#call-form [name=request_text]", "Kapan tunjangan profesi triwulan IV cair?")
    desk.click("#call-form button[type=submit]")
    desk.wait_for_selector("#active:not([hidden])")
    desk.click("#forward")
    desk.wait_for_selector("#callbacks .card[data-code=TA001]")
    back = login(browser, live, "backoffice")
    assert back.url.endswith("/counter/backoffice")
    back.wait_for_selector(".card[data-code=TA001]")
    shot(back, "backoffice")
    back.fill(".card[data-code=TA001] textarea", "Cair minggu ketiga Desember.")
    back.click(".card[data-code=TA001] button.go")
    back.wait_for_function("document.getElementById('esc-count').textContent === '0'")
    desk.wait_for_selector("#callbacks .card.ready[data-code=TA001]")
    shot(desk, "phone")
    desk.click("#callbacks .card[data-code=TA001] button.warn")
    desk.wait_for_function("document.querySelector('#callbacks .card[data-code=TA001]')"
                           ".textContent.includes('1×')")
    desk.click("#callbacks .card[data-code=TA001] button.go")
    desk.wait_for_function("document.getElementById('cb-count').textContent === '0'")
    assert "selesai" in desk.text_content("#recent")
    desk.context.close()
    back.context.close()


def test_online_request_answered_visible_at_status(browser, live):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live.url + "/kiosk/demo/online")
    shot(page, "online-form")
    page.check("input[name=service][value=C]")
    page.fill("#name", "Dewi Lestari")
    page.fill("#institution", "SMAN 3 Bogor")
    page.fill("#email", "dewi@example.org")
    page.fill("#request_text", "Mohon informasi syarat izin pendirian PAUD.")
    page.wait_for_selector("#send:enabled")  # the form waits the minimum fill time
    page.click("#send")
    page.wait_for_selector("#online-code")
    shot(page, "online-sent")
    code = page.text_content("#online-code")
    token = page.get_attribute("#status-link", "href").rsplit("/", 1)[1]
    console = login(browser, live, "loket2")
    console.goto(f"{live.url}/counter/2")
    console.wait_for_selector(f"#online li:has-text('{code}') button")
    shot(console, "console-online")
    console.click(f"#online li:has-text('{code}') button")
    console.fill("#online-form textarea", "Syaratnya: akta yayasan dan surat permohonan.")
    shot(console, "console-online-answer")
    console.click("#online-form button.go")
    console.wait_for_function("document.getElementById('online-count').textContent === '0'")
    status = requests.get(f"{live.url}/api/v1/tickets/{token}", timeout=5).json()
    assert status["status"] == "done"
    assert status["answer"] == "Syaratnya: akta yayasan dan surat permohonan."
    context.close()
    console.context.close()


def test_desk_times_are_the_offices_even_on_a_pc_set_to_utc(browser, live):
    context = browser.new_context(viewport=CONSOLE, timezone_id="UTC")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live.url + "/counter/login")
    page.fill("#username", "backoffice")
    page.fill("#password", live.pw["backoffice"])
    page.click("button[type=submit]")
    page.goto(live.url + "/counter/backoffice")
    page.wait_for_function("window.Desk !== undefined")
    # 23:30 UTC is 06:30 the next morning in the demo office's Asia/Jakarta.
    shown = page.evaluate("Desk.clockTime('2026-01-05T23:30:00Z')")
    assert "06.30" in shown and "6" in shown.split("06.30")[0], shown
    context.close()


def test_a_call_back_note_survives_the_office_events_while_it_is_typed(browser, live):
    """The phone desk writes what it told the caller while other desks work: their events
    redraw the list, but not the box under the cursor, and a redraw keeps what was typed."""
    loket, bo = bearer(live, "loket1"), bearer(live, "backoffice")
    call = requests.post(f"{live.url}/api/v1/offices/demo/calls", headers=loket, timeout=5, json={
        "service": "A", "name": "Ibu Rina", "phone": "081234567890",
        "request_text": "Kapan tunjangan cair?"})
    call.raise_for_status()
    requests.post(f"{live.url}/api/v1/calls/{call.json()['id']}/forward", headers=loket,
                  json={"level": "back_office"}, timeout=5).raise_for_status()
    open_ = requests.get(f"{live.url}/api/v1/offices/demo/escalations", headers=bo, timeout=5)
    escalation = open_.json()["escalations"][0]["id"]
    requests.post(f"{live.url}/api/v1/escalations/{escalation}/answer", headers=bo,
                  json={"answer": "Cair minggu ketiga Desember."}, timeout=5).raise_for_status()
    desk = login(browser, live, "loket1")
    desk.goto(live.url + "/counter/phone")
    box = "#callbacks .card.ready textarea"
    desk.click(box)
    desk.keyboard.press("End")

    def another_desk_works() -> None:
        with desk.expect_response("**/api/v1/offices/demo/calls"):
            requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                          headers=bearer(live, "resepsionis"), timeout=5).raise_for_status()
        desk.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")

    desk.keyboard.type(" Sudah")
    another_desk_works()
    desk.keyboard.type(" disampaikan.")
    said = "Cair minggu ketiga Desember. Sudah disampaikan."
    assert desk.input_value(box) == said

    def redrawn_by(action) -> None:
        desk.eval_on_selector(box, "t => { t.dataset.before = '1' }")
        action()
        desk.wait_for_function(f"() => !document.querySelector('{box}').dataset.before")

    redrawn_by(lambda: desk.click("#h-callbacks"))  # leaving the list draws what was held
    assert desk.input_value(box) == said
    redrawn_by(another_desk_works)  # and the next event's redraw keeps the note too
    assert desk.input_value(box) == said
    desk.context.close()
