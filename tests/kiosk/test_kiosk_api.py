"""What the kiosk and the status page get from the server."""

from __future__ import annotations

import zxingcpp
from PIL import Image
from sqlalchemy import update

from antrian.shared.models import Service


def test_menu_lists_services_with_queue_and_wait(client, office):
    for service in ("A", "A", "B"):
        client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                    json={"service": service})
    menu = client.get("/api/v1/offices/demo/kiosk").json
    assert menu["office"]["code"] == "demo" and menu["return_seconds"] == 20
    by = {s["service"]: s for s in menu["services"]}
    assert [s["service"] for s in menu["services"]] == ["A", "B", "C", "D"]
    assert by["A"]["waiting"] == 2 and by["B"]["waiting"] == 1 and by["C"]["waiting"] == 0
    assert by["A"]["estimated_wait_s"] > by["B"]["estimated_wait_s"] > 0
    assert by["A"]["name"] == {"id": "Informasi", "en": "Information"}
    assert all(s["unavailable"] is None for s in menu["services"])


def test_closed_and_full_services_are_marked(client, office):
    with office.db.write() as session:
        session.execute(update(Service).where(Service.prefix == "C").values(active=False))
        session.execute(update(Service).where(Service.prefix == "D").values(daily_quota=1))
    client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                json={"service": "D"})
    by = {s["service"]: s for s in client.get("/api/v1/offices/demo/kiosk").json["services"]}
    assert by["C"]["unavailable"] == "closed"
    assert by["D"]["unavailable"] == "quota" and by["D"]["quota_left"] == 0
    assert by["A"]["unavailable"] is None
    assert client.get("/api/v1/offices/nope/kiosk").status_code == 404


def test_whoami_checks_a_kiosk_token(client, office):
    ok = client.get("/api/v1/kiosk/whoami?office=demo", headers=office.headers("kiosk"))
    assert ok.status_code == 200
    assert ok.json["kind"] == "kiosk" and ok.json["office"]["code"] == "demo"
    assert ok.json["name"] == "Kios lobi"
    assert client.get("/api/v1/kiosk/whoami").status_code == 401
    bad = client.get("/api/v1/kiosk/whoami", headers={"Authorization": "Bearer nope-nope"})
    assert bad.status_code == 401 and "Token" in bad.json["error"]["message"]
    staff = client.get("/api/v1/kiosk/whoami", headers=office.headers("loket1"))
    assert staff.status_code == 403 and staff.json["error"]["code"] == "not_kiosk"
    other = client.get("/api/v1/kiosk/whoami?office=elsewhere", headers=office.headers("kiosk"))
    assert other.status_code == 403 and other.json["error"]["code"] == "wrong_office"


def test_pages_render(client, office):
    kiosk = client.get("/kiosk/demo")
    assert kiosk.status_code == 200
    html = kiosk.get_data(as_text=True)
    assert "Silakan pilih layanan" in html and "Please choose a service" in html
    assert "UU 25/2009 pasal 29" in html and "Ibu hamil" in html
    assert "<script>" not in html, "no inline logic in the template"
    assert "http" not in html.replace("http-equiv", ""), "no external requests"
    pair = client.get("/kiosk/demo/pair").get_data(as_text=True)
    assert "Pasangkan kios" in pair and "Pair the kiosk" in pair
    assert client.get("/kiosk/nope").status_code == 404


def test_status_page_and_its_qr(client, office):
    ticket = client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                         json={"service": "B"}).json
    page = client.get(f"/t/{ticket['token']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "B001" in html and "Pengaduan" in html
    assert client.get("/t/not-a-token").status_code == 404
    svg = client.get(f"/t/{ticket['token']}/qr.svg")
    assert svg.mimetype == "image/svg+xml"
    # rasterise the SVG path squares ourselves and read the QR back
    assert read_svg_qr(svg.data) == ticket["status_url"]


def read_svg_qr(svg: bytes) -> str:
    import re

    text = svg.decode()
    size = float(re.search(r'viewBox="0 0 ([\d.]+) ', text).group(1))
    scale = 8
    image = Image.new("L", (int(size * scale), int(size * scale)), 255)
    path = re.search(r' d="([^"]+)"', text).group(1)
    for x, y in re.findall(r"M([\d.]+),([\d.]+)", path):
        px, py = int(float(x) * scale), int(float(y) * scale)
        image.paste(0, (px, py, px + scale, py + scale))
    found = zxingcpp.read_barcodes(image)
    assert found, "the QR code must be readable"
    return found[0].text


def test_issue_response_says_print_state(client, office):
    reply = client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                        json={"service": "A"})
    assert reply.status_code == 201 and reply.json["print"] is None  # no printer yet
