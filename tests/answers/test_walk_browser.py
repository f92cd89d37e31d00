"""The walk of SOP 001 with an escalation to the main unit and back through the back office,
in headless Chromium against a live server: the counter escalates, the back office passes the
question up, the main unit answers to the back office, which corrects the answer and passes it
on; the counter gives it and the visit record keeps it. Then a visitor who left: the counter
switches the ticket to the status page, where the answer appears once it is back."""

from __future__ import annotations

import pytest
import requests

from tests.counter.test_browser import PHONE, SHOTS, bearer, login

pytestmark = pytest.mark.browser

QUESTION = "Apakah SK tunjangan profesi semester 2 sudah terbit?"
MAIN_UNIT = "SK terbit tanggal 20 Desember."
CORRECTED = "SK terbit tanggal 20 Desember; unduh di laman Info GTK."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"answers-{name}.png"), full_page=True)


def card(page, code: str) -> str:
    return f".card[data-code={code}]"


def test_sop_001_walk_through_the_main_unit_and_back(browser, live):
    reception = bearer(live, "resepsionis")
    issued = requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                           headers=reception, timeout=5)
    issued.raise_for_status()
    ticket = issued.json()

    # SOP 001 steps 5-9: the counter calls, serves, records the visit and escalates
    desk = login(browser, live, "loket1")
    desk.goto(f"{live.url}/counter/1")
    desk.wait_for_function("document.getElementById('waiting').children.length > 0")
    desk.click("#call-next")
    desk.wait_for_function("document.getElementById('cur-code').textContent === 'A001'")
    desk.click("#btn-serve")
    desk.wait_for_selector("#visit:not([hidden])")
    desk.click("#visit summary")
    desk.fill("#visit-form [name=name]", "Pak Budi Santoso")
    desk.select_option("#visit-form [name=purpose_category]", "info_tunjangan_profesi")
    desk.click("#visit-form button[type=submit]")
    desk.wait_for_function("document.getElementById('visit-state').textContent.includes('tersimpan')")
    desk.click("#btn-escalate")
    desk.fill("#escalate-form [name=question]", QUESTION)
    desk.click("#escalate-form button[type=submit]")
    desk.wait_for_selector("#returned li.parked.escalated")

    # steps 10-12: the back office cannot settle it and passes it to the main unit
    back = login(browser, live, "backoffice")
    back.wait_for_selector(card(back, "A001"))
    back.click(f"{card(back, 'A001')} button:has-text('unit utama')")
    back.wait_for_selector(f"{card(back, 'A001')} .tag:text-is('Unit utama / main unit')")
    # step 13: the main unit answers, to the back office
    back.fill(f"{card(back, 'A001')} textarea", MAIN_UNIT)
    back.click(f"{card(back, 'A001')} button.go")
    back.wait_for_selector(f"{card(back, 'A001')} .tag:has-text('Tinjau')")
    review = back.locator(f"{card(back, 'A001')} textarea")
    assert review.input_value() == MAIN_UNIT  # the main unit's answer, to pass on or correct
    assert back.locator(f"{card(back, 'A001')} button:has-text('unit utama')").count() == 0
    shot(back, "review")
    # the counter has no answer yet: it waits for the back office's review
    assert desk.locator("#returned li.parked button:has-text('Lanjutkan')").count() == 0
    # step 14: corrected, and passed on to the front office
    review.fill(CORRECTED)
    back.click(f"{card(back, 'A001')} button.go")
    back.wait_for_function("document.getElementById('esc-count').textContent === '0'")

    # step 15: the counter gives the answer; step 16: completes the record
    answer = desk.locator("#returned li.parked .answer")
    answer.wait_for()
    assert answer.inner_text() == CORRECTED
    shot(desk, "console-answer-back")
    desk.click("#returned li.parked button:has-text('Lanjutkan')")
    desk.wait_for_selector("#cur-answer:not([hidden])")
    assert desk.text_content("#cur-answer-a") == CORRECTED
    desk.click("#btn-complete")
    desk.wait_for_function("document.getElementById('cur-code').textContent === '—'")
    visit = requests.get(f"{live.url}/api/v1/tickets/{ticket['id']}/visit",
                         headers=bearer(live, "loket1"), timeout=5).json()
    assert visit["name"] == "Pak Budi Santoso" and visit["outcome"] == "escalated"
    assert visit["answer_text"] == CORRECTED

    # A visitor who left while the question was out reads the answer on the status page.
    second = requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                           headers=reception, timeout=5).json()
    counter = bearer(live, "loket1")
    for path, body in (("counters/1/call-next", {}), (f"tickets/{second['id']}/serve", {}),
                       (f"tickets/{second['id']}/escalate", {"question": QUESTION})):
        requests.post(f"{live.url}/api/v1/{path}", json=body, headers=counter,
                      timeout=5).raise_for_status()
    desk.wait_for_selector("#returned li.parked:has-text('A002') button:has-text('pergi')")
    desk.click("#returned li.parked:has-text('A002') button:has-text('pergi')")
    desk.check("#later-form input[value=status_page]")
    shot(desk, "visitor-left")
    desk.click("#later-form button[type=submit]")
    desk.wait_for_selector("#returned li.parked:has-text('halaman status')")
    back.wait_for_selector(card(back, "A002"))
    back.fill(f"{card(back, 'A002')} textarea", "Sudah terbit; lihat Info GTK.")
    back.click(f"{card(back, 'A002')} button.go")
    back.wait_for_function("document.getElementById('esc-count').textContent === '0'")
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(second["status_url"])
    phone.wait_for_selector("#answer-box:not([hidden])")
    assert phone.text_content("#walkin-answer-text") == "Sudah terbit; lihat Info GTK."
    shot(phone, "status-page-answer")
    for page in (desk, back, phone):
        page.context.close()


def test_an_online_request_escalated_from_the_console_and_answered(browser, live):
    """SOP 000 step 2: the front office passes an online request to the back office from its
    list, and answers it with the back office's answer once it is back."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live.url + "/kiosk/demo/online")
    page.check("input[name=service][value=C]")
    page.fill("#name", "Dewi Lestari")
    page.fill("#email", "dewi@example.org")
    page.fill("#request_text", "Mohon informasi syarat izin pendirian PAUD.")
    page.wait_for_selector("#send:enabled")
    page.click("#send")
    page.wait_for_selector("#online-code")
    code = page.text_content("#online-code")
    token = page.get_attribute("#status-link", "href").rsplit("/", 1)[1]
    console = login(browser, live, "loket2")
    console.goto(f"{live.url}/counter/2")
    console.wait_for_selector(f"#online li:has-text('{code}') button:has-text('Teruskan')")
    shot(console, "online-list")
    console.click(f"#online li:has-text('{code}') button:has-text('Teruskan')")
    assert "PAUD" in console.input_value("#escalate-form [name=question]")
    console.click("#escalate-form button[type=submit]")
    console.wait_for_selector(f"#online li:has-text('{code}') .tag:has-text('back office')")
    bo = bearer(live, "backoffice")
    esc = requests.get(f"{live.url}/api/v1/offices/demo/escalations", headers=bo,
                       timeout=5).json()["escalations"][0]
    requests.post(f"{live.url}/api/v1/escalations/{esc['id']}/answer",
                  json={"answer": "Akta yayasan."}, headers=bo, timeout=5).raise_for_status()
    console.wait_for_selector(f"#online li:has-text('{code}') .tag:has-text('kembali')")
    shot(console, "online-answer-back")
    console.click(f"#online li:has-text('{code}') button:has-text('Jawab')")
    assert console.input_value("#online-form textarea") == "Akta yayasan."
    shot(console, "online-answer-dialog")
    console.click("#online-form button.go")
    console.wait_for_function("document.getElementById('online-count').textContent === '0'")
    status = requests.get(f"{live.url}/api/v1/tickets/{token}", timeout=5).json()
    assert (status["status"], status["answer"]) == ("done", "Akta yayasan.")
    page.context.close()
    console.context.close()



def test_a_list_on_its_way_does_not_take_the_textarea_from_the_clerk(browser, live):
    """The back office starts typing while a redraw of its list is on its way: the redraw waits
    and the clerk types on into the same box, with nothing lost."""
    counter, reception = bearer(live, "loket1"), bearer(live, "resepsionis")

    def escalate() -> None:
        ticket = requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                               headers=reception, timeout=5).json()
        for path, body in (("counters/1/call-next", {}), (f"tickets/{ticket['id']}/serve", {}),
                           (f"tickets/{ticket['id']}/escalate", {"question": QUESTION})):
            requests.post(f"{live.url}/api/v1/{path}", json=body, headers=counter,
                          timeout=5).raise_for_status()

    escalate()
    back = login(browser, live, "backoffice")
    box = f"{card(back, 'A001')} textarea"
    back.wait_for_selector(box)
    held = []
    back.route("**/api/v1/offices/demo/escalations", lambda route: held.append(route))
    with back.expect_request("**/api/v1/offices/demo/escalations"):
        escalate()  # its event asks for the list again; the answer is held back
    back.click(box)
    back.keyboard.type("Sudah")
    with back.expect_response("**/api/v1/offices/demo/escalations"):
        held.pop().continue_()
    back.unroute("**/api/v1/offices/demo/escalations")
    back.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
    back.keyboard.type(" terbit.")
    assert back.input_value(box) == "Sudah terbit."
    assert back.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert back.text_content("#esc-count") == "2"  # the count is not held back
    assert back.locator(card(back, "A002")).count() == 0  # the cards are
    back.click("#h-esc")  # the clerk leaves the box: the list catches up
    back.wait_for_selector(card(back, "A002"))
    assert back.input_value(box) == "Sudah terbit."
    back.context.close()
