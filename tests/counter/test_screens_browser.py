"""Issue 17, console and desks: what a receptionist and counter staff would stop at, checked
in headless Chromium at 1366x768 against a live server."""

from __future__ import annotations

import pytest
import requests

from tests.counter.test_browser import CONSOLE, bearer, login, open_console, shot

pytestmark = pytest.mark.browser


def issue(server, headers, service="A", **body):
    res = requests.post(f"{server.url}/api/v1/offices/demo/tickets",
                        json={"service": service, **body}, headers=headers, timeout=5)
    res.raise_for_status()
    return res.json()


def code_is(page, code):
    page.wait_for_function(f"document.getElementById('cur-code').textContent === '{code}'")


def test_held_ticket_stays_in_view_with_lanjutkan(browser, live):
    kiosk = bearer(live, "resepsionis")
    issue(live, kiosk)
    issue(live, kiosk)
    page = login(browser, live, "loket1")
    open_console(page, live, 1)
    page.click("#call-next")
    code_is(page, "A001")
    page.click("#btn-serve")
    page.click("#btn-hold")
    page.wait_for_selector("#returned li.parked.held")
    page.click("#call-next")
    code_is(page, "A002")
    held = page.locator("#returned li.parked", has_text="A001")
    assert held.is_visible() and "Ditunda" in held.inner_text()
    assert held.locator("button", has_text="Lanjutkan").is_disabled()  # A002 is at the desk
    shot(page, "console-held")
    page.click("#btn-serve")
    page.click("#btn-complete")
    page.wait_for_function("document.getElementById('cur-code').textContent === '—'")
    held.locator("button", has_text="Lanjutkan").click()
    code_is(page, "A001")
    assert page.locator("#btn-complete").is_visible()
    page.wait_for_selector("#returned li.empty")


def test_back_office_answer_reads_whole_then_and_afterwards(browser, live):
    t = issue(live, bearer(live, "resepsionis"))
    counter = bearer(live, "loket1")
    requests.post(f"{live.url}/api/v1/counters/1/call-next", headers=counter, timeout=5)
    requests.post(f"{live.url}/api/v1/tickets/{t['id']}/serve", headers=counter, timeout=5)
    requests.post(f"{live.url}/api/v1/tickets/{t['id']}/escalate", headers=counter, timeout=5,
                  json={"question": "Apakah sertifikat PPG 2019 berlaku?",
                        "level": "back_office"}).raise_for_status()
    bo = bearer(live, "backoffice")
    esc = requests.get(f"{live.url}/api/v1/offices/demo/escalations", headers=bo,
                       timeout=5).json()["escalations"][0]
    answer = ("Bisa. Sertifikat PPG 2019 dia sah sampai 2029; minta salinan legalisir dan "
              "SK pembagian tugas terbaru, lalu unggah lewat Info GTK sebelum tanggal 10.")
    requests.post(f"{live.url}/api/v1/escalations/{esc['id']}/answer", json={"answer": answer},
                  headers=bo, timeout=5).raise_for_status()
    page = login(browser, live, "loket1")
    page.goto(f"{live.url}/counter/1")
    listed = page.locator("#returned li.parked .answer")
    listed.wait_for()
    assert listed.inner_text() == answer
    box = listed.evaluate(
        "n => [n.scrollWidth <= n.clientWidth + 1, n.scrollHeight <= n.clientHeight + 1]")
    assert box == [True, True], "the answer is cut"
    shot(page, "answer-listed")
    page.locator("#returned button", has_text="Lanjutkan").click()
    code_is(page, "A001")
    assert page.locator("#cur-answer").is_visible()
    assert page.text_content("#cur-answer-a") == answer
    shot(page, "answer-resumed")


def test_transferred_ticket_shows_its_new_service_and_goes_elsewhere(browser, live):
    kiosk = bearer(live, "resepsionis")
    issue(live, kiosk, "B")
    issue(live, kiosk, "A")
    page = login(browser, live, "loket1")
    open_console(page, live, 1)
    page.click("#call-next")
    code_is(page, "B001")
    page.click("#btn-serve")
    page.click("#btn-transfer")
    page.select_option("#tr-service", "C")
    page.click("#transfer-form button[type=submit]")
    row = page.locator("#waiting li", has_text="B001")
    row.wait_for()
    assert "C · Perizinan" in row.inner_text()
    shot(page, "console-transferred")
    page.click("#call-next")
    code_is(page, "A001")


def test_visit_form_fits_1366x768(browser, live):
    issue(live, bearer(live, "resepsionis"))
    page = login(browser, live, "loket1")
    open_console(page, live, 1)
    page.click("#call-next")
    code_is(page, "A001")
    page.click("#btn-serve")
    page.click("#visit summary")
    page.select_option("#visit-form [name=purpose_category]", "info_tunjangan_profesi")
    page.select_option("#visit-form [name=authority_doc]", "surat_kuasa")
    page.select_option("#visit-form [name=outcome]", "answered")
    save = page.locator("#visit-form button[type=submit]").bounding_box()
    assert save["y"] + save["height"] <= CONSOLE["height"], "Simpan is below the fold"
    cut = page.evaluate("""() => [...document.querySelectorAll('#visit-form select')].filter(s => {
        const ctx = document.createElement('canvas').getContext('2d');
        const cs = getComputedStyle(s);
        ctx.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
        const room = s.clientWidth - parseFloat(cs.paddingLeft) - 20;  // the arrow's room
        return ctx.measureText(s.options[s.selectedIndex].text).width > room;
      }).map(s => s.name)""")
    assert cut == [], f"select text cut: {cut}"
    box = page.locator("#visit-form input[name=on_behalf]").bounding_box()
    text = page.locator("#visit-form label.check").evaluate(
        "l => { const r = document.createRange(); r.selectNodeContents(l);"
        " return [...r.getClientRects()].map(x => Math.round(x.top)); }")
    assert max(text) - min(text) < 15 and box["x"] < 700, "the checkbox label splits across columns"
    shot(page, "console-visit-form")


def test_reception_checks_the_priority_reason_in_the_page(browser, live):
    desk = login(browser, live, "resepsionis")
    posts = []
    desk.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    desk.check("input[name=kind][value=priority]")
    desk.click("#issue-form button[type=submit]")
    desk.wait_for_selector("#reason-hint:not([hidden])")
    assert posts == [], "the page sent a priority ticket without its reason"
    assert desk.get_attribute("#priority_reason", "aria-invalid") == "true"
    options = desk.locator("#priority_reason option").all_inner_texts()
    assert "Ibu hamil / Pregnant" in options and not any("_" in o for o in options)
    shot(desk, "reception-reason")
    # a server refusal shows a toast; the next number issued takes it away
    desk.evaluate("Desk.toast('Kuota habis / quota used up')")
    desk.select_option("#priority_reason", "ibu_hamil")
    desk.click("#issue-form button[type=submit]")
    desk.wait_for_function("document.getElementById('issued-code').textContent === 'PA001'")
    assert desk.is_hidden("#toast")
