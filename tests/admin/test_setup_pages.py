"""The setup pages with the test client: each renders, each form changes what it says, and a
refused form comes back with its reason and changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from antrian.shared.models import AuditEntry, Counter, Service, User
from tests.admin.setup_support import add_other_office, add_root, snapshot

PAGES = ["/admin/office", "/admin/services", "/admin/services/A", "/admin/counters",
         "/admin/counters/1", "/admin/staff", "/admin/devices", "/admin/audit",
         "/admin/offices", "/admin"]


@pytest.mark.parametrize("path", PAGES)
def test_every_setup_page_renders_for_the_admin(client, office, signed_in, path):
    signed_in("admin")
    res = client.get(path)
    assert res.status_code == 200, res.get_data(as_text=True)[:500]
    html = res.get_data(as_text=True)
    assert 'lang="en"' in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and len(title) < 120, title  # a title, not a form pasted into it


def test_a_user_page_renders(client, office, signed_in):
    signed_in("admin")
    with office.db.read() as s:
        user_id = s.scalar(select(User.id).where(User.username == "loket1"))
    assert client.get(f"/admin/staff/{user_id}").status_code == 200


def test_a_head_reads_the_audit_but_no_setup_page(client, office, signed_in):
    from antrian.shared.auth.accounts import add_user
    with office.db.write() as s:
        add_user(s, "kepala2", "rahasia-123", ["head"], "demo")
    signed_in("kepala2", "rahasia-123")
    assert client.get("/admin/audit").status_code == 200
    assert client.get("/admin/services").status_code == 403
    assert client.get("/admin/audit.csv").mimetype == "text/csv"


def test_front_office_sees_no_setup_page(client, office, signed_in):
    signed_in("loket1")
    for path in ("/admin/services", "/admin/staff", "/admin/audit"):
        assert client.get(path).status_code == 403


def test_forms_change_the_office_and_the_audit_log_says_so(client, office, signed_in):
    csrf = signed_in("admin")
    res = client.post("/admin/services", data={
        "csrf_token": csrf, "prefix": "e", "name_id": "Legalisir", "name_en": "Legalisation",
        "quota": "", "opens": "08:00", "closes": "", "active": "1",
        "std_wait": "5"}, follow_redirects=True)
    assert "Layanan E Legalisir ditambahkan" in res.get_data(as_text=True)
    with office.db.read() as s:
        svc = s.scalar(select(Service).where(Service.prefix == "E"))
        assert svc.target_wait_s == 300 and svc.daily_quota is None and svc.active
    client.post("/admin/counters", data={"csrf_token": csrf, "number": "5", "name": "Loket 5",
                                         "kind": "regular", "services": ["E", "A"],
                                         "staff": "", "open": "1"})
    with office.db.read() as s:
        assert s.scalar(select(Counter).where(Counter.number == 5)).service_ids[0] == svc.id
    res = client.post("/admin/staff", data={"csrf_token": csrf, "username": "loket5",
                                            "display_name": "Petugas 5",
                                            "roles": ["front_office"], "counter": "5"})
    page = res.get_data(as_text=True)
    password = re.search(r'<code id="secret-value">([^<]+)</code>', page).group(1)
    assert len(password) >= 12 and res.headers["Cache-Control"] == "no-store"
    res = client.post("/admin/office", data={
        "csrf_token": csrf, "name": "BPMP Demo", "header": "ULT", "footer": "Gratis",
        "call_policy": "ratio", "priority_ratio": "2", "digit_mode": "words",
        "language": "id", "recalls_before_no_show": "1", "ikm_weight": "rounded",
        "retention_days": "365", "survey_days": "7", "kiosk_return_seconds": "20"},
        follow_redirects=True)
    assert "disimpan" in res.get_data(as_text=True)
    csv_text = client.get("/admin/audit.csv").get_data(as_text=True)
    for action in ("service.create", "counter.create", "user.create", "settings.update"):
        assert action in csv_text
    assert password not in csv_text


def test_a_refused_form_comes_back_with_its_reason_and_changes_nothing(client, office,
                                                                      signed_in):
    csrf = signed_in("admin")
    before = snapshot(office.db)
    res = client.post("/admin/counters", data={"csrf_token": csrf, "number": "9",
                                               "name": "Loket 9", "kind": "regular",
                                               "services": ["A", "Z"]}, follow_redirects=True)
    assert "Z" in res.get_data(as_text=True) and "Tidak ada yang diubah" in res.get_data(
        as_text=True)
    res = client.post("/admin/office", data={"csrf_token": csrf, "name": "Demo",
                                             "call_policy": "random"}, follow_redirects=True)
    assert "call_policy" in res.get_data(as_text=True)
    res = client.post("/admin/counters", data={"csrf_token": csrf, "number": "\u00b2",
                                               "name": "Loket ²", "kind": "regular",
                                               "services": ["A"]}, follow_redirects=True)
    assert res.status_code == 200 and "Tidak ada yang diubah" in res.get_data(as_text=True)
    res = client.post("/admin/services", data={"csrf_token": csrf, "prefix": "A",
                                               "name_id": "x", "name_en": "x"},
                      follow_redirects=True)
    assert "sudah dipakai" in res.get_data(as_text=True)
    assert snapshot(office.db) == before


def test_another_offices_admin_cannot_use_the_pages_on_demo(client, office, signed_in):
    add_other_office(office.db)
    csrf = signed_in("lainadmin", "rahasia-123")
    # their pages show their own office, whatever ?office= asks for
    assert "Kantor Lain" in client.get("/admin/services?office=demo").get_data(as_text=True)
    client.post("/admin/services?office=demo", data={
        "csrf_token": csrf, "office": "demo", "prefix": "E", "name_id": "x", "name_en": "x"})
    with office.db.read() as s:
        demo_e = s.scalar(select(Service).where(Service.prefix == "E",
                                                Service.office_id == 1))
        assert demo_e is None


def test_an_all_offices_admin_on_an_empty_install_is_sent_to_create_an_office(client, office,
                                                                             signed_in):
    add_root(office.db)
    signed_in("root", "rahasia-123")
    assert client.get("/admin").status_code == 200  # offices exist (the demo)
    csrf = signed_in("root", "rahasia-123")
    res = client.post("/admin/offices", data={"csrf_token": csrf, "code": "kantor2",
                                              "name": "Kantor Dua",
                                              "timezone": "Asia/Makassar"})
    assert res.status_code == 302 and res.location.endswith("/admin?office=kantor2")
    page = client.get("/admin?office=kantor2").get_data(as_text=True)
    assert 'id="step-services"' in page and "Berikutnya" in page
    with office.db.read() as s:
        assert s.scalar(select(AuditEntry.action)) == "office.create"


def test_the_ticket_logo_is_uploaded_shown_and_removed(client, office, signed_in):
    import io

    from PIL import Image
    image = io.BytesIO()
    Image.new("L", (60, 20), 0).save(image, format="PNG")
    csrf = signed_in("admin")
    res = client.post("/admin/office/logo", content_type="multipart/form-data", data={
        "csrf_token": csrf, "logo": (io.BytesIO(image.getvalue()), "logo.png")},
        follow_redirects=True)
    assert "Logo tiket disimpan" in res.get_data(as_text=True)
    assert client.get("/admin/office/logo").data == image.getvalue()
    res = client.post("/admin/office/logo", content_type="multipart/form-data", data={
        "csrf_token": csrf, "logo": (io.BytesIO(b"not an image"), "x.txt")},
        follow_redirects=True)
    assert "PNG atau JPEG" in res.get_data(as_text=True)
    client.post("/admin/office/logo", data={"csrf_token": csrf, "remove": "1"})
    assert client.get("/admin/office/logo").status_code == 404
