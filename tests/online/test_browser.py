"""SOP 000 end to end in headless Chromium against a real server with a local SMTP server
(aiosmtpd): a visitor sends an online request, follows its status link ("being processed",
the request, its due date), the front office answers, the page shows the answer live and the
requester's mail arrives. Screenshots: artifacts/screenshots/online-*.png."""

from __future__ import annotations

import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import requests

from tests.a11y.test_visitor_pages_axe import run_axe
from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
ANSWER = "Syaratnya: akta yayasan, surat permohonan, dan denah lokasi."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"online-{name}.png"), full_page=True)


@pytest.fixture
def live(tmp_path, smtp_server):
    controller, _ = smtp_server
    server = LiveServer(tmp_path / "instance", env={
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port), "SMTP_SECURITY": "none",
        "SMTP_FROM": "ult@kantor.example", "MAIL_INTERVAL_S": "1"}).start()
    yield server
    server.stop()


def wait_for_mail(catcher, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while not catcher.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    return catcher.messages


def test_an_answered_online_request_on_its_page_and_by_mail(browser, live, smtp_server):
    _, catcher = smtp_server
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live.url + "/kiosk/demo/online")
    page.check("input[name=service][value=C]")
    page.fill("#name", "Dewi Lestari")
    page.fill("#email", "dewi@example.org")
    page.fill("#request_text", "Mohon informasi syarat izin pendirian PAUD.")
    page.wait_for_selector("#send:enabled")  # the form waits the minimum fill time
    page.click("#send")
    page.wait_for_selector("#online-code")
    code = page.text_content("#online-code")
    due = page.text_content("#due")
    page.click("#status-link")

    page.wait_for_selector("#live[data-state=connected]")
    assert page.text_content("#status-text").startswith("Sedang diproses")
    assert page.text_content("#request-text") == "Mohon informasi syarat izin pendirian PAUD."
    assert page.text_content("#due") == due  # the same date the confirmation gave
    assert page.is_hidden("#online-answer") and page.is_hidden("#waiting-facts")
    assert page.is_hidden("#sound") and "dipanggil" not in page.inner_text("main")
    assert run_axe(page, "online-status-processing") == []
    shot(page, "status-processing")

    token = live.cli("token", "create", "--user", "loket1").strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    status = requests.get(f"{live.url}/api/v1/tickets/{page.url.rsplit('/', 1)[1]}",
                          timeout=5).json()
    res = requests.post(f"{live.url}/api/v1/tickets/{status['id']}/answer-online",
                        json={"answer": ANSWER}, headers=headers, timeout=10)
    assert res.status_code == 200, res.text

    page.wait_for_selector("#online-answer:not([hidden])")  # live, no reload
    assert page.text_content("#answer-text") == ANSWER
    assert page.text_content("#status-text").startswith("Sudah dijawab")
    assert page.is_visible("#survey")  # SOP 000 step 3: the evaluation
    assert run_axe(page, "online-status-answered") == []
    shot(page, "status-answered")

    [envelope] = wait_for_mail(catcher)
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert envelope.rcpt_tos == ["dewi@example.org"]
    assert code in mail["Subject"] and "Jawaban permintaan" in mail["Subject"]
    body = mail.get_content()
    assert ANSWER in body and "Dewi Lestari" in body and page.url in body
    (SHOTS / "online-mail.txt").write_text(f"Subject: {mail['Subject']}\n\n{body}")

    staff = requests.get(f"{live.url}/api/v1/offices/demo/mail", headers=headers,
                         timeout=5).json()
    assert staff["counts"] == {"pending": 0, "retrying": 0, "failed": 0, "sent": 1}
    context.close()

    # What the administrator sees: the outbox, and the days off with the national holidays.
    admin = browser.new_context(viewport={"width": 1366, "height": 768})
    admin.set_default_timeout(15_000)
    page = admin.new_page()
    page.goto(live.url + "/admin/mail?office=demo")
    page.fill("#username", "admin")
    page.fill("#password", live.passwords()["admin"])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(live.url + "/admin/mail?office=demo")
    page.wait_for_selector("#outbox .mail-sent")
    shot(page, "admin-mail")
    page.goto(live.url + "/admin/days-off?office=demo")
    page.fill("#add-day-off >> xpath=ancestor::form//input[@name='day']", "2026-12-31")
    page.fill("input[name=note]:visible", "Tutup akhir tahun")
    page.click("#add-day-off")
    page.wait_for_selector("#day-off-2026-12-31")
    shot(page, "admin-days-off")
    admin.close()
