"""The staff's timeline page, the look-up by number, the services form's standards, and the
console's calling figure from the service's `call` standard."""

from __future__ import annotations

import re

from sqlalchemy import select

from antrian.shared.models import Service

DAY = "2026-11-02"


def test_the_timeline_page_shows_each_step_against_its_standard(client, office, desk,
                                                                 signed_in):
    tid = desk.visit(1, f"{DAY} 08:00", f"{DAY} 08:02", f"{DAY} 08:08")  # called 6 minutes
    signed_in("loket1")
    res = client.get(f"/admin/tickets/{tid}/timeline")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "Linimasa tiket" in page and '<span lang="en">Ticket timeline</span>' in page
    assert 'data-step="wait"' in page and 'data-step="call"' in page
    call = page[page.index('data-step="call"'):page.index('data-step="service"')]
    assert "Dipanggil sampai dilayani" in call and "6:00" in call and "3:00" in call
    assert "melebihi standar" in call and "02-11-2026 08:02:00" in call
    service = page[page.index('data-step="service"'):]
    assert "berjalan" in service and "running" in service  # still being served
    assert "style=" not in page  # the strict CSP: no inline styles


def test_the_page_is_found_by_number_and_refused_to_strangers(client, office, desk,
                                                               signed_in):
    tid = desk.issue(f"{DAY} 08:00")
    res = client.get(f"/admin/tickets/{tid}/timeline")
    assert res.status_code == 302 and "login" in res.headers["Location"]
    signed_in("kepala")
    res = client.get(f"/admin/timeline?code=a001&date={DAY}")
    assert res.status_code == 302 and res.headers["Location"].endswith(
        f"/admin/tickets/{tid}/timeline")
    missing = client.get(f"/admin/timeline?code=B999&date={DAY}")
    assert missing.status_code == 404 and "B999" in missing.get_data(as_text=True)
    assert client.get("/admin/timeline?code=A001&date=kemarin").status_code == 400
    assert client.get("/admin/timeline").status_code == 200  # the form alone
    report = client.get("/admin/reports").get_data(as_text=True)
    assert 'href="/admin/timeline?office=demo" id="timeline-link"' in report


def test_the_service_form_edits_every_step_and_the_priority_figures(client, office,
                                                                     signed_in):
    csrf = signed_in("admin")
    page = client.get("/admin/services/A").get_data(as_text=True)
    for name in ("std_reception", "std_call", "std_answer", "std_closing", "std_escort",
                 "std_phone_record", "std_callback", "stdp_call", "std_online_days"):
        assert f'name="{name}"' in page, name
    assert re.search(r'name="stdp_call"[^>]*value="2"', page)  # SOP 002: 2 minutes
    res = client.post("/admin/services/A", data={
        "csrf_token": csrf, "prefix": "A", "name_id": "Informasi", "name_en": "Information",
        "position": "0", "active": "1", "std_call": "4", "stdp_escort": "7",
        "std_online_days": "3"}, follow_redirects=True)
    assert res.status_code == 200 and "Layanan A disimpan" in res.get_data(as_text=True)
    with office.db.read() as s:
        service = s.scalar(select(Service).where(Service.prefix == "A"))
        assert service.standards == {"call": 240, "priority": {"escort": 420}}
        assert service.online_answer_s == 3 * 86400 and service.target_wait_s == 180


def test_seconds_set_through_the_api_survive_a_save_of_the_page(client, office,
                                                                 signed_in):
    client.patch("/api/v1/offices/demo/services/A", json={"standards": {"answer": 90}},
                 headers=office.headers("admin"))
    csrf = signed_in("admin")
    page = client.get("/admin/services/A").get_data(as_text=True)
    assert "90 detik" in page
    # no SOP figure beside it that could be read as the value
    [answer_input] = re.findall(r'<input name="std_answer"[^>]*>', page)
    assert 'placeholder=""' in answer_input and 'value=""' in answer_input
    client.post("/admin/services/A", data={
        "csrf_token": csrf, "prefix": "A", "name_id": "Informasi", "name_en": "Information",
        "position": "0", "active": "1", "std_answer": ""})
    with office.db.read() as s:
        assert s.scalar(select(Service).where(Service.prefix == "A")).standards["answer"] == 90


def test_the_console_times_the_call_by_the_service_s_standard(client, office, desk):
    client.patch("/api/v1/offices/demo/services/A", json={"standards": {
        "call": 240, "priority": {"call": 90}}}, headers=office.headers("admin"))
    desk.issue(f"{DAY} 08:00")
    desk.call(1, f"{DAY} 08:01")
    state = client.get("/api/v1/counters/1/console", headers=office.headers("loket1")).json
    assert state["current"]["target_call_s"] == 240
    desk.issue(f"{DAY} 08:02", priority=True, priority_reason="ibu_hamil")
    desk.call(4, f"{DAY} 08:03")
    state = client.get("/api/v1/counters/4/console", headers=office.headers("loket4")).json
    assert state["current"]["target_call_s"] == 90
