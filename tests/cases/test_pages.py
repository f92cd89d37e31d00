"""The /admin/cases pages, the complaint form, the report, and the recap's daily check."""

from __future__ import annotations

from tests.admin.conftest import signed_in  # noqa: F401  (fixture)
from tests.cases.conftest import drive


def test_the_coordinator_takes_a_case_through_the_pages(client, office, low_case,
                                                        signed_in):  # noqa: F811
    case_id, _, _ = low_case
    csrf = signed_in("koordinator")
    page = client.get("/admin/cases").get_data(as_text=True)
    assert f"/admin/cases/{case_id}" in page and "Petugas Loket 1" in page
    detail = client.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert 'id="form-hearing"' in detail and 'id="form-verify"' not in detail
    res = client.post(f"/admin/cases/{case_id}/hearing",
                      data={"csrf_token": csrf, "notes": "Mengakui kesalahan."})
    assert res.status_code == 302
    detail = client.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert "Mengakui kesalahan." in detail and 'id="form-propose"' in detail
    # A step out of order from a page: a clear 409 page, nothing changed.
    res = client.post(f"/admin/cases/{case_id}/close", data={"csrf_token": csrf})
    assert res.status_code == 409
    assert "Tidak ada yang diubah" in res.get_data(as_text=True)
    # Without the CSRF token nothing happens.
    res = client.post(f"/admin/cases/{case_id}/propose",
                      data={"sanction": "x", "compensation": "apology"})
    assert res.status_code == 403


def test_the_head_verifies_on_the_page(client, office, low_case, signed_in):  # noqa: F811
    case_id, _, _ = low_case
    drive(client, office, case_id, "propose")
    csrf = signed_in("kepala")
    detail = client.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert 'id="form-verify"' in detail and 'id="form-hearing"' not in detail
    res = client.post(f"/admin/cases/{case_id}/verify", data={
        "csrf_token": csrf, "decision": "approve", "decree_number": "12/ULT/2026",
        "decree_date": "2026-12-01"})
    assert res.status_code == 302
    assert "12/ULT/2026" in client.get(f"/admin/cases/{case_id}").get_data(as_text=True)


def test_the_staff_member_sees_their_own_case_without_forms(client, office, low_case,
                                                            signed_in):  # noqa: F811
    case_id, _, _ = low_case
    signed_in("loket1")
    page = client.get("/admin/cases").get_data(as_text=True)
    assert "Kasus tentang Anda" in page and f"#{case_id}" in page
    detail = client.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert "<form" not in detail.split("</header>", 1)[1]
    assert "Petugas tidak ramah" not in detail  # the visitor's words stay with the managers


def test_the_back_office_records_a_complaint(client, office, signed_in):  # noqa: F811
    csrf = signed_in("backoffice")
    form = client.get("/admin/cases/new").get_data(as_text=True)
    assert 'value="whatsapp"' in form and 'value="survey"' not in form
    res = client.post("/admin/cases/new", data={
        "csrf_token": csrf, "channel": "email", "text": "Balasan e-mail lambat.",
        "staff": "loket2", "ticket_code": "", "contact": "warga@example.id"})
    assert res.status_code == 302 and res.headers["Location"].endswith("/admin/cases/new")
    assert "dibuka dari pengaduan" in client.get("/admin/cases/new").get_data(as_text=True)
    # They open cases, they do not read them.
    assert client.get("/admin/cases/1").status_code == 403
    bad = client.post("/admin/cases/new", data={"csrf_token": csrf, "channel": "email",
                                                "text": ""})
    assert bad.status_code == 400


def test_the_case_report(client, office, low_case, signed_in):  # noqa: F811
    case_id, _, _ = low_case
    drive(client, office, case_id, "close")
    signed_in("kepala")
    page = client.get("/admin/cases/report").get_data(as_text=True)
    assert "Petugas Loket 1" in page and "Permohonan maaf" in page
    assert client.get("/admin/cases/report?year=20x6").status_code == 400
    for year in ("%C2%B2%C2%B2%C2%B2%C2%B2", "0000"):  # "²²²²" passes str.isdigit()
        assert client.get(f"/admin/cases/report?year={year}").status_code == 400, year
    signed_in("backoffice")
    assert client.get("/admin/cases/report").status_code == 403


def test_the_recap_marks_the_day_checked(client, office, low_case, signed_in):  # noqa: F811
    csrf = signed_in("backoffice")
    page = client.get("/admin/recap").get_data(as_text=True)
    assert "mark-checked" in page
    res = client.post("/admin/recap/check", data={"csrf_token": csrf})
    assert res.status_code == 302
    page = client.get(res.headers["Location"]).get_data(as_text=True)
    assert "sudah diperiksa oleh <strong>Back Office</strong>" in page
    assert "1 nilai rendah" in page and "mark-checked" not in page
    again = client.post("/admin/recap/check", data={"csrf_token": csrf})
    assert again.status_code == 409


def test_anonymous_goes_to_the_login(client, office):
    res = client.get("/admin/cases")
    assert res.status_code == 302 and "/counter/login" in res.headers["Location"]
