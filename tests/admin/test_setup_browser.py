"""A new office set up from an empty database through the pages only, in headless Chromium:
the administrator of every office signs in, creates the office, and follows the setup walk
(services, counters, staff, a kiosk, a printer); then the kiosk issues a ticket, the new
staff member calls it at the new counter, and the audit log lists every change made.

Screenshots of every administration page go to artifacts/screenshots/setup/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from tests.escpos_decoder import decode
from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "setup"
ADMIN_VIEW = {"width": 1366, "height": 900}
ROOT_PASSWORD = "kata-sandi-pusat"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def empty_server(tmp_path, virtual_printer):
    """A server on an empty database (no demo office) with one all-offices administrator:
    the account `antrian user add` creates before anything else exists."""
    server = LiveServer(tmp_path / "instance", env={"DEMO_SEED": "false"}).start()
    server.cli("user", "add", "pusat", "--role", "admin", "--name", "Admin Pusat",
               "--password", ROOT_PASSWORD)
    yield server
    server.stop()


def sign_in(browser, server, username: str, password: str, viewport=ADMIN_VIEW):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm() before a revoke
    page.goto(server.url + "/counter/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def flash(page) -> str:
    return page.text_content(".flashes")


def test_a_new_office_is_set_up_through_the_pages_and_serves_its_first_visitor(
        browser, empty_server, virtual_printer):
    server = empty_server
    page = sign_in(browser, server, "pusat", ROOT_PASSWORD)

    # An empty install sends the administrator to create the first office.
    assert page.url.endswith("/admin/offices")
    shot(page, "01-offices-empty")
    page.fill("[name=code]", "kantor2")
    page.fill("[name=name]", "BPMP Kantor Dua - ULT")
    page.select_option("[name=timezone]", "Asia/Makassar")
    page.click("#create-office")
    page.wait_for_url(re.compile(r"/admin\?office=kantor2"))
    assert page.is_visible("#step-services.next")
    shot(page, "02-home-setup-walk")

    # 1. services, from the walk
    page.click("#step-services a")
    page.fill("[name=prefix]", "A")
    page.fill("[name=name_id]", "Informasi")
    page.fill("[name=name_en]", "Information")
    page.fill("[name=std_wait]", "10")
    page.click("#add-service")
    assert "Layanan A Informasi ditambahkan" in flash(page)
    page.fill("[name=prefix]", "B")
    page.fill("[name=name_id]", "Pengaduan")
    page.fill("[name=name_en]", "Complaints")
    page.fill("[name=quota]", "40")
    page.click("#add-service")
    page.fill("[name=prefix]", "A")  # a duplicate prefix is refused with its reason
    page.fill("[name=name_id]", "Lagi")
    page.fill("[name=name_en]", "Again")
    page.click("#add-service")
    assert "sudah dipakai" in flash(page) and "Tidak ada yang diubah" in flash(page)
    shot(page, "03-services")
    page.click('a[href^="/admin/services/B"]')
    page.fill("[name=opens]", "07:30")
    page.fill("[name=closes]", "23:59")
    shot(page, "04-service-edit")
    page.click("#save-service")
    assert "Layanan B disimpan" in flash(page)

    # 2. counters
    page.goto(f"{server.url}/admin?office=kantor2")
    assert page.is_visible("#step-services.done") and page.is_visible("#step-counters.next")
    page.click("#step-counters a")
    page.check("input[name=services][value=A]")
    page.check("input[name=services][value=B]")
    page.click("#add-counter")
    assert "Loket 1 ditambahkan" in flash(page)
    page.select_option("[name=kind]", "priority")
    page.click("#add-counter")
    shot(page, "05-counters")
    page.click('a[href^="/admin/counters/2"]')
    page.fill("[name=name]", "Loket 2 (Prioritas)")
    shot(page, "06-counter-edit")
    page.click("#save-counter")

    # 3. staff: the password is shown once
    page.goto(f"{server.url}/admin?office=kantor2")
    page.click("#step-staff a")
    page.fill("[name=username]", "petugas1")
    page.fill("[name=display_name]", "Petugas Loket 1")
    page.select_option("[name=counter]", "1")
    page.click("#add-user")
    password = page.text_content("#secret-value").strip()
    assert len(password) >= 12
    shot(page, "07-staff-created")
    page.fill("[name=username]", "kepala2")
    page.uncheck("input[name=roles][value=front_office]")
    page.check("input[name=roles][value=head]")
    page.click("#add-user")
    page.click('#user-kepala2 a.edit')
    page.fill("#token-name", "laporan")
    page.click("#create-token")
    token = page.text_content("#secret-value").strip()
    assert requests.get(f"{server.url}/api/v1/offices/kantor2/audit", timeout=5, headers={
        "Authorization": f"Bearer {token}"}).status_code == 200
    shot(page, "08-staff-edit-token")
    page.click('form[action$="/revoke"] button')
    assert "dicabut" in flash(page)
    assert requests.get(f"{server.url}/api/v1/offices/kantor2/audit", timeout=5, headers={
        "Authorization": f"Bearer {token}"}).status_code == 401

    # the office's settings
    page.goto(f"{server.url}/admin/office?office=kantor2")
    page.fill("[name=footer]", "Layanan ini tidak dipungut biaya")
    page.select_option("[name=call_policy]", "ratio")
    page.fill("[name=priority_ratio]", "2")
    shot(page, "09-office-settings")
    page.click("#save-office")
    assert "disimpan" in flash(page)

    # 4. a kiosk, 5. a printer
    page.goto(f"{server.url}/admin?office=kantor2")
    page.click("#step-kiosk a")
    page.fill("#device-name", "Kios lobi")
    page.click("#pair-device")
    pair_link = page.get_attribute("#pair-link", "href")
    assert "/kiosk/kantor2/pair#" in pair_link
    shot(page, "10-devices-kiosk-paired")
    page.goto(f"{server.url}/admin?office=kantor2")
    page.click("#step-printer a")
    page.fill("#printers [name=url]", virtual_printer.url)
    page.click("#add-printer")
    assert "Printer lobi ditambahkan" in flash(page)
    page.click("#printers button[id^=test-printer]")
    assert "Halaman tes terkirim" in flash(page)
    assert virtual_printer.wait_for_jobs(1)
    page.fill("#profiles [name=name]", "lantai-1")
    page.fill("#profiles [name=counters]", "1,2")
    page.click("#save-profile")
    shot(page, "11-devices")

    page.goto(f"{server.url}/admin?office=kantor2")
    assert not page.is_visible("#walk")  # every step done: the walk gives way to the day
    shot(page, "12-home-ready")

    # The kiosk issues the office's first ticket ...
    kiosk = browser.new_context(viewport={"width": 1080, "height": 1920}).new_page()
    kiosk.goto(pair_link)
    kiosk.wait_for_url(f"{server.url}/kiosk/kantor2")
    kiosk.wait_for_selector('button.service[data-service="A"]')
    kiosk.click('button.service[data-service="A"]')
    kiosk.wait_for_selector("#s-kind:not([hidden])")
    kiosk.click('[data-kind="regular"]')
    kiosk.wait_for_selector("#s-result:not([hidden])")
    assert kiosk.text_content("#result-code") == "A001"
    receipt = decode(virtual_printer.wait_for_jobs(2)[-1])
    assert receipt.line("A001")

    # ... and the new staff member calls it at the new counter.
    console = sign_in(browser, server, "petugas1", password)
    console.click(".choice.mine")
    console.wait_for_function("document.querySelectorAll('#waiting li').length === 1")
    console.click("#call-next")
    console.wait_for_function("document.getElementById('cur-code').textContent === 'A001'")

    # The audit log lists every change this walk made.
    page.goto(f"{server.url}/admin/audit?office=kantor2")
    shot(page, "13-audit")
    cells = page.locator("table.audit th[scope=row] code").all_text_contents()
    actions = [a.strip() for a in cells]
    assert actions[::-1] == [
        "user.create",  # the administrator of every office, by `antrian user add`
        "office.create", "service.create", "service.create", "service.update",
        "counter.create", "counter.create", "counter.update", "user.create", "user.create",
        "token.create", "token.revoke", "settings.update", "office.update", "device.pair",
        "printer.add", "display_profile.create"]
    csv_text = requests.get(f"{server.url}/admin/audit.csv?office=kantor2", timeout=5,
                            cookies={c["name"]: c["value"] for c in page.context.cookies()}).text
    assert csv_text.count("\n") == len(actions) + 1
    assert password not in csv_text and token not in csv_text
