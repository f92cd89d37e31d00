"""SOP 004 end to end in headless Chromium: a visitor rates "sangat kurang", the case appears
live on the coordinator's list, is heard, proposed, verified with a decree number,
compensated with a priority re-service ticket that the priority counter calls, and closed;
the visitor's status page shows the re-service throughout."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from antrian.shared.satisfaction import daily_check
from tests.cases.test_check import _actor
from tests.support.factories import user_id
from tests.support.servers import LiveServer
from tests.survey.test_browser import done_ticket

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DECREE = "0179/C7.22/OT.02.02/2026"


@pytest.fixture
def live(office, instance):
    server = LiveServer(instance).start()
    yield server
    server.stop()


def staff_page(browser, office, live, username: str):
    serializer = office.app.session_interface.get_signing_serializer(office.app)
    cookie = serializer.dumps({"_user_id": str(user_id(office, username)), "sv": 0})
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    context.add_cookies([{"name": "session", "value": cookie, "url": live.url}])
    return context, context.new_page()


@pytest.mark.browser
def test_a_very_poor_rating_ends_with_the_visitor_served_again(browser, office, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    token = done_ticket(live.url, office, "A", 1)

    # The coordinator's case list is open, live, before the visitor rates.
    coord_ctx, coord = staff_page(browser, office, live, "koordinator")
    coord.goto(f"{live.url}/admin/cases")
    coord.wait_for_selector("#live[data-state=connected]")
    assert coord.locator("tr.case").count() == 0

    visitor_ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    visitor = visitor_ctx.new_page()
    visitor.goto(f"{live.url}/survey/{token}")
    visitor.wait_for_selector("form.skm")
    for number in range(1, 10):
        visitor.click(f"#field-u{number} label.answer.s{1 if number == 7 else 3}")
    visitor.fill("#comment", "Petugas membentak saya.")
    visitor.click("button.send")
    visitor.wait_for_selector(".notice.thanks")

    # The case appears on the coordinator's list without a reload.
    row = coord.locator("tr.case").first
    row.wait_for()
    assert "Petugas Loket 1" in row.inner_text() and "Baru" in row.inner_text()
    coord.screenshot(path=str(SHOTS / "cases-list-1366.png"), full_page=True)
    row.locator("a").click()
    coord.wait_for_selector("#form-hearing")
    assert "Tidak sopan dan ramah" in coord.inner_text("ul.lows")
    coord.fill("#notes", "Petugas mengakui bersuara keras saat antrean panjang.")
    coord.click("#form-hearing button[type=submit]")
    coord.wait_for_selector("#form-propose")
    coord.fill("#sanction", "Teguran lisan dan pembinaan oleh Koordinator ULT.")
    coord.check("#form-propose input[value=reservice_in_person]")
    coord.click("#form-propose button[type=submit]")
    coord.wait_for_selector("#case-status[data-status=proposed]")
    case_url = coord.url

    head_ctx, head = staff_page(browser, office, live, "kepala")
    head.goto(case_url)
    head.wait_for_selector("#form-verify")
    head.fill("#decree_number", DECREE)
    head.fill("#decree_date", "2026-12-01")
    head.screenshot(path=str(SHOTS / "case-verify-1366.png"), full_page=True)
    head.click("#form-verify button[value=approve]")
    head.wait_for_selector("#case-status[data-status=approved]")
    assert DECREE in head.inner_text(".decree")

    coord.goto(case_url)
    coord.wait_for_selector("#form-compensate")
    assert coord.is_checked("#form-compensate input[value=reservice_in_person]")
    coord.fill("#comp-text", "Silakan datang kembali; Anda dilayani lebih dulu.")
    coord.click("#form-compensate button[type=submit]")
    coord.wait_for_selector("#reservice-code")
    code = coord.inner_text("#reservice-code")
    assert code.startswith("P")

    # The visitor's status page names the re-service number.
    visitor.goto(f"{live.url}/t/{token}")
    visitor.wait_for_selector("#compensation:not([hidden])")
    assert visitor.inner_text("#comp-ticket-code") == code
    visitor.screenshot(path=str(SHOTS / "ticket-reservice-390.png"), full_page=True)
    visitor.click("#comp-ticket-link")
    visitor.wait_for_selector("body[data-status=waiting]")
    assert visitor.inner_text("#code") == code

    # The priority counter calls it; the visitor's re-service page says where to go.
    called = requests.post(f"{live.url}/api/v1/counters/4/call-next",
                           headers=office.headers("loket4"), timeout=10)
    assert called.status_code == 200 and called.json()["code"] == code
    visitor.wait_for_selector("#called:not([hidden])")
    assert "Loket 4" in visitor.inner_text("#called-counter")
    visitor.screenshot(path=str(SHOTS / "reservice-called-390.png"), full_page=True)
    for action in ("serve", "complete"):
        res = requests.post(f"{live.url}/api/v1/tickets/{called.json()['id']}/{action}",
                            headers=office.headers("loket4"), timeout=10)
        assert res.status_code == 200, res.text

    coord.goto(case_url)
    coord.fill("#close-notes", "Pengunjung telah dilayani ulang di Loket 4.")
    coord.click("#form-close button[type=submit]")
    coord.wait_for_selector("#case-status[data-status=closed]")
    history = coord.inner_text("table.history")
    for step in ("Kasus dibuka", "Keterangan petugas dicatat", "SK terbit",
                 "Kompensasi diberikan", "Kasus ditutup"):
        assert step in history
    assert "Kepala / Penanggung Jawab ULT" in history and "Koordinator ULT" in history
    coord.screenshot(path=str(SHOTS / "case-closed-1366.png"), full_page=True)

    report = coord.goto(f"{live.url}/admin/cases/report")
    assert report.ok and "Petugas Loket 1" in coord.inner_text("table.staff")
    coord.screenshot(path=str(SHOTS / "case-report-1366.png"), full_page=True)
    for ctx in (coord_ctx, head_ctx, visitor_ctx):
        ctx.close()


@pytest.mark.browser
def test_the_back_office_checks_the_day_and_records_a_complaint(browser, office, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    token = done_ticket(live.url, office, "B", 2)
    res = requests.post(f"{live.url}/api/v1/tickets/{token}/survey", timeout=10, json={
        "answers": {**{f"u{i}": 3 for i in range(1, 10)}, "u3": 2}})
    assert res.status_code == 201
    daily_check.set_reminder_time(office.db, "demo", _actor(office, "admin"), "00:00")

    ctx, page = staff_page(browser, office, live, "backoffice")
    page.goto(f"{live.url}/counter/backoffice")
    page.wait_for_selector(".survey-reminder:not([hidden])")
    page.screenshot(path=str(SHOTS / "backoffice-reminder-1366.png"))
    page.click(".survey-reminder a")
    page.wait_for_selector("button.mark-checked")
    assert page.is_visible(".survey-check .reminder")
    page.screenshot(path=str(SHOTS / "recap-check-1366.png"), full_page=True)
    page.click("button.mark-checked")
    page.wait_for_selector(".survey-check .checked")
    assert "1 nilai rendah" in page.inner_text(".survey-check .checked")
    assert not page.is_visible(".survey-check .reminder")
    page.screenshot(path=str(SHOTS / "recap-checked-1366.png"), full_page=True)

    page.goto(f"{live.url}/admin/cases/new")
    page.check("input[name=channel][value=whatsapp]")
    page.fill("#text", "Saya menunggu dua jam lalu diminta datang besok.")
    page.select_option("select[name=staff]", "loket3")
    page.fill("#contact", "0812 3456 7890")
    page.screenshot(path=str(SHOTS / "complaint-form-1366.png"), full_page=True)
    page.click("#form-complaint button[type=submit]")
    page.wait_for_selector(".flash.ok")
    assert "dibuka dari pengaduan" in page.inner_text(".flash.ok")
    ctx.close()

    listed = requests.get(f"{live.url}/api/v1/offices/demo/cases",
                          headers=office.headers("koordinator"), timeout=10).json()["cases"]
    channels = sorted(c["channel"] for c in listed)
    assert channels == ["survey", "whatsapp"]
