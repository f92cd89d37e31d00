"""The administration home: who may see and act, what each action does to the queue, and
that bad input changes nothing."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from antrian.shared.models import Ticket
from antrian.shared.tickets import print_jobs
from tests.admin.conftest import (
    OTHER_PASSWORD,
    counter_id,
    counter_open,
    demo_kiosk_id,
    device_count,
    pairing_link,
    service_row,
)


def issue(client, office, service="A"):
    return client.post("/api/v1/offices/demo/tickets", json={"service": service},
                       headers=office.headers("kiosk"))


def close_counter(client, csrf, cid, value="0", **extra):
    return client.post(f"/admin/counters/{cid}/open",
                       data={"csrf_token": csrf, "open": value, **extra})


def kiosk_menu(client) -> dict:
    return {s["service"]: s for s in client.get("/api/v1/offices/demo/kiosk").json["services"]}


# ---------------------------------------------------------------- who may


def test_anonymous_is_sent_to_the_login(client, office):
    res = client.get("/admin")
    assert res.status_code == 302
    assert res.headers["Location"] == "/counter/login?next=/admin"
    res = client.post(f"/admin/counters/{counter_id(office, 3)}/open", data={"open": "0"})
    assert res.status_code == 302 and "/counter/login" in res.headers["Location"]
    assert counter_open(office, 3)


def test_front_office_is_refused(client, office, signed_in):
    csrf = signed_in("loket1")
    res = client.get("/admin")
    assert res.status_code == 403
    assert "tidak mengizinkan" in res.get_data(as_text=True)
    assert close_counter(client, csrf, counter_id(office, 3)).status_code == 403
    assert counter_open(office, 3)


def test_back_office_sees_but_cannot_act(client, office, signed_in):
    csrf = signed_in("backoffice")
    page = client.get("/admin").get_data(as_text=True)
    assert "Loket 3" in page and "Kios lobi" in page and "/admin/ikm" in page
    assert "Pasangkan kios baru" not in page and "/open" not in page
    assert close_counter(client, csrf, counter_id(office, 3)).status_code == 403
    sid, _ = service_row(office, "B")
    res = client.post(f"/admin/services/{sid}/active", data={"csrf_token": csrf, "active": "0"})
    assert res.status_code == 403
    res = client.post("/admin/kiosks", data={"csrf_token": csrf, "name": "Kios X"})
    assert res.status_code == 403
    res = client.post(f"/admin/devices/{demo_kiosk_id(office)}/revoke",
                      data={"csrf_token": csrf})
    assert res.status_code == 403
    assert counter_open(office, 3) and service_row(office, "B")[1] and device_count(office) == 1


def test_coordinator_opens_and_closes_but_cannot_pair(client, office, signed_in, coordinator):
    csrf = signed_in(coordinator, OTHER_PASSWORD)
    page = client.get("/admin").get_data(as_text=True)
    assert "/open" in page and "Pasangkan kios baru" not in page
    assert close_counter(client, csrf, counter_id(office, 2)).status_code == 302
    assert not counter_open(office, 2)
    res = client.post("/admin/kiosks", data={"csrf_token": csrf, "name": "Kios X"})
    assert res.status_code == 403 and device_count(office) == 1


def test_admin_closes_and_reopens_a_counter_with_a_message(client, office, signed_in):
    csrf = signed_in("admin")
    res = close_counter(client, csrf, counter_id(office, 3), anchor="counters")
    assert res.status_code == 302
    assert res.headers["Location"].endswith("/admin?office=demo#counters")
    assert not counter_open(office, 3)
    page = client.get("/admin").get_data(as_text=True)
    assert "Loket 3 ditutup. / Loket 3 closed." in page
    assert 'id="counter-3" class="closed"' in page
    assert close_counter(client, csrf, counter_id(office, 3), value="1").status_code == 302
    assert counter_open(office, 3)


def test_another_offices_admin_cannot_touch_demo(client, office, signed_in, other_admin):
    csrf = signed_in(other_admin, OTHER_PASSWORD)
    page = client.get("/admin?office=demo").get_data(as_text=True)
    assert "Kantor Lain" in page and "Loket Lain" in page and "Kios lobi" not in page
    for data in ({}, {"office": "demo"}):
        res = close_counter(client, csrf, counter_id(office, 3), **data)
        assert res.status_code == 404
        res = client.post(f"/admin/devices/{demo_kiosk_id(office)}/revoke",
                          data={"csrf_token": csrf, **data})
        assert res.status_code == 404
    sid, _ = service_row(office, "A")
    res = client.post(f"/admin/services/{sid}/active", data={"csrf_token": csrf, "active": "0"})
    assert res.status_code == 404
    assert counter_open(office, 3) and service_row(office, "A")[1]
    assert client.get("/api/v1/kiosk/whoami", headers=office.headers("kiosk")).status_code == 200


# ---------------------------------------------------------------- kiosks


def test_pairing_makes_a_working_kiosk_and_revoking_stops_it(client, office, signed_in):
    csrf = signed_in("admin")
    res = client.post("/admin/kiosks", data={"csrf_token": csrf, "name": "  Kios  lantai 2 "})
    assert res.status_code == 200 and res.headers["Cache-Control"] == "no-store"
    html = res.get_data(as_text=True)
    link = pairing_link(html)
    assert link.startswith("http://localhost/kiosk/demo/pair#")
    assert 'src="data:image/svg+xml;base64,' in html
    token = link.split("#", 1)[1]
    bearer = {"Authorization": f"Bearer {token}"}
    who = client.get("/api/v1/kiosk/whoami", headers=bearer)
    assert who.status_code == 200 and who.json["name"] == "Kios lantai 2"
    assert issue(client, office).status_code == 201
    # shown once: the page afterwards lists the kiosk but never its token again
    page = client.get("/admin").get_data(as_text=True)
    assert "Kios lantai 2" in page and token not in page
    res = client.post(f"/admin/devices/{who.json['token_id']}/revoke",
                      data={"csrf_token": csrf, "anchor": "devices"})
    assert res.status_code == 302
    assert client.get("/api/v1/kiosk/whoami", headers=bearer).status_code == 401
    again = client.post(f"/admin/devices/{who.json['token_id']}/revoke",
                        data={"csrf_token": csrf})
    assert again.status_code == 409
    assert client.get("/api/v1/kiosk/whoami", headers=office.headers("kiosk")).status_code == 200


def test_pairing_qr_holds_the_link(office):
    from antrian.shared.web import qr

    svg = qr.svg("http://x/kiosk/demo/pair#abc")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg


# ---------------------------------------------------------------- the queue follows


def test_closed_counter_cannot_call_and_leaves_the_estimate(client, office, signed_in):
    for _ in range(4):
        assert issue(client, office).status_code == 201
    before = kiosk_menu(client)["A"]["estimated_wait_s"]
    seen = []
    office.db.listeners.append(seen.extend)
    csrf = signed_in("admin")
    assert close_counter(client, csrf, counter_id(office, 3)).status_code == 302
    res = client.post(f"/api/v1/counters/{counter_id(office, 3)}/call-next",
                      headers=office.headers("loket3"))
    assert res.status_code == 409 and res.json["error"]["code"] == "counter_closed"
    after = kiosk_menu(client)["A"]["estimated_wait_s"]
    assert before == 4 * 13 * 60 // 4 and after == 4 * 13 * 60 // 3
    assert [e.name for e in seen] == ["office.changed", "queue.changed"]
    changed = seen[0].payload["counter"]
    assert changed["number"] == 3 and changed["is_open"] is False
    assert all(e.seq for e in seen), "office-wide events carry the office's seq"
    res = client.post(f"/api/v1/counters/{counter_id(office, 1)}/call-next",
                      headers=office.headers("loket1"))
    assert res.status_code == 200


def test_deactivated_service_issues_nothing_and_greys_out_on_the_kiosk(client, office,
                                                                       signed_in):
    seen = []
    office.db.listeners.append(seen.extend)
    csrf = signed_in("admin")
    sid, _ = service_row(office, "B")
    res = client.post(f"/admin/services/{sid}/active", data={"csrf_token": csrf, "active": "0"})
    assert res.status_code == 302
    refused = issue(client, office, "B")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "service_closed"
    assert kiosk_menu(client)["B"]["unavailable"] == "closed"
    waiting = {w["service"]: w for w in seen[-1].payload["waiting"]}
    assert seen[-1].name == "queue.changed" and waiting["B"]["active"] is False
    client.post(f"/admin/services/{sid}/active", data={"csrf_token": csrf, "active": "1"})
    assert issue(client, office, "B").status_code == 201


# ---------------------------------------------------------------- printers


def test_preview_png_is_this_offices_ticket_and_its_qr_scans(client, office, signed_in):
    printer = print_jobs.add_printer(office.db, "demo", "Printer lobi", "tcp://192.168.1.50:9100",
                                    paper_mm=58)
    print_jobs.set_printer_state(office.db, printer["id"], "paper_out")
    signed_in("backoffice")
    res = client.get(f"/admin/printers/{printer['id']}/preview.png")
    assert res.status_code == 200 and res.mimetype == "image/png"
    image = Image.open(io.BytesIO(res.data))
    assert image.width == 384  # 58 mm paper
    assert [c.text for c in zxingcpp.read_barcodes(image)] == ["http://localhost/t/contoh"]
    with office.db.read() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 0, "the sample is never stored"
    page = client.get("/admin").get_data(as_text=True)
    assert "Jaringan 192.168.1.50:9100" in page and "58 mm" in page
    assert "Kertas habis" in page and "Paper out" in page and 'class="mark">✕' in page
    assert client.get("/admin/printers/999/preview.png").status_code == 404


def test_no_printer_says_so(client, office, signed_in):
    signed_in("admin")
    assert "Belum ada printer" in client.get("/admin").get_data(as_text=True)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("path, data", [
    ("/admin/counters/9999/open", {"open": "0"}),
    ("/admin/services/9999/active", {"active": "0"}),
    ("/admin/devices/9999/revoke", {}),
])
def test_unknown_ids_are_404(client, office, signed_in, path, data):
    csrf = signed_in("admin")
    res = client.post(path, data={"csrf_token": csrf, **data})
    assert res.status_code == 404
    assert "tidak ditemukan" in res.get_data(as_text=True)
    assert "Tidak ada yang diubah" in res.get_data(as_text=True)


def test_staff_tokens_are_not_devices(client, office, signed_in):
    from antrian.shared.models import DeviceToken

    csrf = signed_in("admin")
    with office.db.read() as s:
        user_token = s.scalar(select(DeviceToken.id).where(DeviceToken.kind == "user"))
    res = client.post(f"/admin/devices/{user_token}/revoke", data={"csrf_token": csrf})
    assert res.status_code == 404


def test_missing_or_wrong_csrf_changes_nothing(client, office, signed_in):
    signed_in("admin")
    cid = counter_id(office, 3)
    assert client.post(f"/admin/counters/{cid}/open", data={"open": "0"}).status_code == 403
    res = client.post(f"/admin/counters/{cid}/open", data={"open": "0", "csrf_token": "x"})
    assert res.status_code == 403 and "CSRF" in res.get_data(as_text=True)
    assert client.post("/admin/kiosks", data={"name": "Kios X"}).status_code == 403
    assert counter_open(office, 3) and device_count(office) == 1


@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_bad_switch_value_is_400(client, office, signed_in, value):
    csrf = signed_in("admin")
    assert close_counter(client, csrf, counter_id(office, 3), value=value).status_code == 400
    assert counter_open(office, 3)


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_bad_kiosk_name_is_400(client, office, signed_in, name):
    csrf = signed_in("admin")
    res = client.post("/admin/kiosks", data={"csrf_token": csrf, "name": name})
    assert res.status_code == 400 and "Nama kios" in res.get_data(as_text=True)
    assert device_count(office) == 1


def test_the_page_shows_services_boards_and_links(client, office, signed_in):
    from antrian.shared.models import DisplayProfile

    with office.db.write() as s:
        s.add(DisplayProfile(office_id=1, name="Lantai 2", counter_numbers="1,2",
                             service_prefixes="A"))
    signed_in("admin")
    page = client.get("/admin").get_data(as_text=True)
    assert "/display/demo?profile=Lantai%202" in page and 'href="/display/demo"' in page
    assert "tunggu 3 · layanan 13" in page and "Pengaduan" in page
    assert "/admin/recap?office=demo" in page
