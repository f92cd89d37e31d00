"""Issue 17, the visitor's screens and the admin's: what a visitor of seventy or a busy
administrator would stop at, checked in headless Chromium against one live server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from tests.support.kiosk_token import kiosk_token
from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("visitor") / "instance").start()
    server.pw = server.passwords()
    server.kiosk = {"Authorization": "Bearer " + kiosk_token(server)}
    yield server
    server.stop()


def staff(server, username):
    token = server.cli("token", "create", "--user", username).strip().splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


def done_ticket(server, service="A", counter=1):
    issued = requests.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": service},
                           headers=server.kiosk, timeout=10).json()
    h = staff(server, f"loket{counter}")
    called = requests.post(f"{server.url}/api/v1/counters/{counter}/call", headers=h,
                           json={"code": issued["code"]}, timeout=10).json()
    for action in ("serve", "complete"):
        requests.post(f"{server.url}/api/v1/tickets/{called['id']}/{action}", headers=h,
                      timeout=10).raise_for_status()
    return issued


def paired_kiosk(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{server.url}/kiosk/demo/pair#{kiosk_token(server)}")
    page.wait_for_url(f"{server.url}/kiosk/demo")
    page.wait_for_selector("body[data-menu-loaded='1'] #s-home:not([hidden])")
    return page


def take_number(page, service="A"):
    page.click(f'button.service[data-service="{service}"]')
    page.click('[data-kind="regular"]')
    page.wait_for_selector("#s-result:not([hidden])")


def staff_page(browser, server, username, viewport=None):
    page = browser.new_page(viewport=viewport or {"width": 1366, "height": 768})
    page.goto(server.url + "/counter/login")
    page.fill("#username", username)
    page.fill("#password", server.pw[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


# ---------------------------------------------------------------- kiosk


def test_the_next_visitor_gets_the_offices_language_back(browser, live):
    page = paired_kiosk(browser, live, PORTRAIT)
    page.click("#lang")
    assert page.get_attribute("body", "data-lang") == "en"
    take_number(page)
    page.click("#done")
    page.wait_for_selector("#s-home:not([hidden])")
    assert page.get_attribute("body", "data-lang") == "id"
    assert page.get_attribute("html", "lang") == "id"
    assert page.text_content('button.service[data-service="A"] .name').startswith("Informasi")
    page.context.close()


def test_an_empty_queue_says_segera_without_a_plus_minus(browser, live):
    page = paired_kiosk(browser, live, PORTRAIT)
    texts = page.eval_on_selector_all("button.service .queue", "els => els.map(e => e.innerText)")
    assert texts and not any("± segera" in t for t in texts)
    page.context.close()


def test_landscape_result_gives_the_qr_room_and_selesai_its_own(browser, live):
    page = paired_kiosk(browser, live, LANDSCAPE)
    take_number(page, "D")
    qr = page.locator("#result-qr").bounding_box()
    state = page.locator("#print-state").bounding_box()
    done = page.locator("#done").bounding_box()
    facts = page.locator(".result-facts").bounding_box()
    assert qr["width"] >= 400, f"the QR is {qr['width']} px"
    assert done["y"] >= state["y"] + state["height"] + 16 or (
        done["x"] + done["width"] + 16 <= state["x"]), "Selesai touches the printer box"
    assert facts["x"] + facts["width"] <= LANDSCAPE["width"] / 2, "the lower left stays empty"
    assert done["y"] + done["height"] <= LANDSCAPE["height"]
    page.screenshot(path=str(SHOTS / "kiosk" / "result-landscape-issue17.png"))
    page.context.close()


def test_an_unpaired_kiosk_shows_no_command_lines(browser, live):
    page = browser.new_page(viewport=PORTRAIT)
    page.goto(f"{live.url}/kiosk/demo")
    page.wait_for_selector("#s-unpaired:not([hidden])")
    text = page.inner_text("#s-unpaired")
    assert "antrian token" not in text and "antrian serve" not in text
    assert "resepsionis" in text and "Pasangkan kios baru" in text
    page.screenshot(path=str(SHOTS / "kiosk" / "unpaired-issue17.png"))
    page.close()


# ---------------------------------------------------------------- ticket page, slip, survey


def test_ticket_page_after_service_and_the_sound_button(browser, live):
    waiting = requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "C"},
                            headers=live.kiosk, timeout=10).json()
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live.url}/t/{waiting['token']}")
    page.wait_for_selector("#status-text:has-text('Menunggu')")
    before = page.inner_text("#sound")
    page.click("#sound")
    assert page.inner_text("#sound") != before and "aktif" in page.inner_text("#sound")
    done = done_ticket(live, "B", 2)
    page.goto(f"{live.url}/t/{done['token']}")
    page.wait_for_selector("#survey:visible")
    assert not page.is_visible("#keep"), "still says to keep the page open after service"
    page.screenshot(path=str(SHOTS / "ticket-done-390-issue17.png"))
    page.close()


def test_printable_slip_has_a_qr_and_a_readable_link(browser, live):
    desk = staff_page(browser, live, "resepsionis")
    issued = requests.post(f"{live.url}/api/v1/offices/demo/tickets", json={"service": "A"},
                           headers=live.kiosk, timeout=10).json()
    desk.goto(f"{live.url}/counter/ticket/{issued['id']}/print")
    qr = desk.locator("img.qr")
    assert qr.count() == 1 and qr.bounding_box()["width"] >= 150
    size = desk.eval_on_selector(".link", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 14
    desk.screenshot(path=str(SHOTS / "counter-printable-slip.png"), full_page=True)
    desk.close()


def test_survey_answers_stay_inside_their_card_at_390(browser, live):
    done = done_ticket(live, "A", 1)
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live.url}/survey/{done['token']}")
    page.wait_for_selector("form.skm")
    outside = page.evaluate("""() => [...document.querySelectorAll('fieldset.element')]
      .filter(f => {
        const box = f.getBoundingClientRect();
        return [...f.querySelectorAll('.answer')].some(a => {
          const r = a.getBoundingClientRect();
          return r.right > box.right - 2 || a.scrollWidth > a.clientWidth + 1;
        });
      }).map(f => f.id)""")
    assert outside == [], f"answers run past the card: {outside}"
    broken = page.evaluate("""() => [...document.querySelectorAll('.answer .word')].flatMap(w => {
        const text = w.firstChild.textContent; const out = []; let at = 0;
        for (const word of text.trim().split(/\\s+/)) {
          const start = text.indexOf(word, at); at = start + word.length;
          const r = document.createRange();
          r.setStart(w.firstChild, start); r.setEnd(w.firstChild, start + word.length);
          if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) out.push(word);
        }
        return out; })""")
    assert broken == [], f"words broken inside: {broken}"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#field-u6").screenshot(path=str(SHOTS / "survey-390-u6.png"))
    page.close()


# ---------------------------------------------------------------- admin and plumbing


def test_staff_without_admin_role_get_a_way_to_their_desk(browser, live):
    page = staff_page(browser, live, "loket1")
    res = page.goto(f"{live.url}/admin")
    assert res.status == 403
    text = page.inner_text("body")
    assert "Nothing was changed" not in text and "Tidak ada yang diubah" not in text
    assert page.locator("nav a[href='/admin/ikm']").count() == 0
    assert page.locator("a[href='/admin']").count() == 0, "a link that loops to this page"
    desk = page.locator("a", has_text="meja kerja")
    assert desk.get_attribute("href") == "/counter"
    page.screenshot(path=str(SHOTS / "admin-refused-403.png"))
    page.close()


def test_pairing_a_kiosk_names_it_once_and_nothing_covers_the_button(browser, live):
    page = staff_page(browser, live, "admin")
    page.goto(f"{live.url}/admin")
    page.fill("#kiosk-name", "Kios lantai 2")
    page.click("#pair-kiosk")
    page.wait_for_selector("#pairing")
    text = page.inner_text("body")
    # the defect was "Kios Kios lantai 2 dibuat"; the setup steps list "Kios Kiosk" on purpose
    assert "Kios Kios lantai" not in text and "di bawah" not in text and "below" not in text
    assert "Kios lantai 2" in page.inner_text("#pairing")
    page.locator("#pair-kiosk").scroll_into_view_if_needed()
    box = page.locator("#pair-kiosk").bounding_box()
    hit = page.evaluate(f"document.elementFromPoint({box['x'] + box['width'] / 2}, "
                        f"{box['y'] + box['height'] / 2}).closest('#pair-kiosk') !== null")
    assert hit, "something covers the pairing button"
    page.close()


def test_favicon_and_a_single_csv_charset(live):
    icon = requests.get(f"{live.url}/favicon.ico", timeout=5)
    assert icon.status_code == 200 and icon.headers["Content-Type"].startswith("image/")
    s = requests.Session()
    page = s.get(f"{live.url}/counter/login", timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    s.post(f"{live.url}/counter/login", data={"username": "admin", "password": live.pw["admin"],
                                              "csrf_token": csrf}, timeout=5)
    csv = s.get(f"{live.url}/admin/recap.csv", timeout=5)
    assert csv.status_code == 200
    assert csv.headers["Content-Type"].lower().count("charset") == 1
