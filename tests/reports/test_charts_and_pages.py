"""The server-drawn charts (well-formed SVG, no outside asset, readable without colour) and
the report pages that show them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from antrian.admin import charts as rc
from antrian.shared.reports.service_report import WaitBin
from tests.reports.conftest import DAY
from tests.support.factories import user_id

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert "http" not in str(markup).replace("http://www.w3.org/2000/svg", "")
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_visitors_per_hour_names_the_peak_and_writes_every_value():
    hourly = [0] * 24
    hourly[8], hourly[9], hourly[13] = 4, 11, 3
    root = parse(rc.visitors_per_hour("h", hourly))
    labels = texts(root)
    assert "11" in labels and "4" in labels and "3" in labels
    assert "▲ puncak / peak" in labels and "07" in labels and "16" in labels
    assert "Puncak: 09.00 (11 pengunjung)" in root.find(f"{SVG}desc").text


def test_waits_over_the_standard_are_hatched_not_only_coloured():
    bins = [WaitBin("0–0,8", 5, True), WaitBin("0,8–1,5", 2, True), WaitBin("1,5–2,3", 0, True),
            WaitBin("2,3–3", 1, True), WaitBin("3–4,5", 3, False), WaitBin("4,5–6", 0, False),
            WaitBin("6–9", 0, False), WaitBin("> 9", 1, False)]
    markup = rc.wait_distribution("w", bins, 180)
    root = parse(markup)
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert fills.count("url(#w-hatch)") == 4 and fills.count(rc.SOLID) == 4
    assert root.find(f".//{SVG}pattern").get("id") == "w-hatch"
    labels = texts(root)
    assert "Standar / Standard 3 mnt" in labels and "Melebihi / Over" in labels
    assert "8 dari 12 pengunjung" in root.find(f"{SVG}desc").text


def test_step_compliance_writes_each_share_and_what_was_not_measured():
    root = parse(rc.step_compliance("s", [("Menunggu", "Waiting", 17, 20),
                                          ("Telepon balik", "Call-back", 0, 0)]))
    labels = texts(root)
    assert "85,0% (17/20)" in labels and "tidak terukur / not measured" in labels


def test_ikm_chart_letters_its_bands_and_labels_its_points():
    root = parse(rc.ikm_trend("i", [("Sep 2026", None), ("Okt 2026", 100.0),
                                    ("Nov 2026", 75.0)]))
    labels = texts(root)
    assert {"A 88,31–100", "B 76,61–88,30", "C 65,00–76,60"} <= set(labels)
    assert "D < 65,00" in labels  # the axis starts at 50: the D band is cut
    assert "100,00" in labels and "75,00" in labels and "–" in labels
    assert root.find(f".//{SVG}polyline") is not None
    low = parse(rc.ikm_trend("j", [("Okt", 40.0)]))
    assert "D 25,00–64,99" in texts(low)


def test_chart_text_is_escaped():
    root = parse(rc.bar_chart("x", "<b>", "a & b", [rc.Bar("<script>", 1)], "x"))
    assert "<script>" in texts(root)


# ---------------------------------------------------------------- pages


def login(client, office, username):
    with client.session_transaction() as sess:
        sess["_user_id"] = str(user_id(office, username))  # Flask-Login's key
        sess["sv"] = 0  # the session version a fresh sign-in gets


def test_report_pages_need_a_reader(client, office):
    for path in ("/admin/reports", "/admin/reports/trend", "/admin/reports/trend.csv"):
        res = client.get(path)
        assert res.status_code == 302 and res.headers["Location"].startswith("/counter/login")
    login(client, office, "loket1")
    assert client.get("/admin/reports").status_code == 403
    assert client.get("/admin/reports/trend").status_code == 403


def test_service_report_page_with_its_charts(client, office, morning):
    login(client, office, "backoffice")
    res = client.get(f"/admin/reports?from={DAY}&to={DAY}&group=staff")
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    for chart in ("chart-hours", "chart-waits", "chart-steps"):
        assert f'id="{chart}"' in html
    assert "Petugas Loket 1" in html and "3:00" in html and "8:12" in html  # p50, p90
    assert "50,0%" in html and "Menunggu dipanggil" in html
    assert f"/api/v1/offices/demo/reports/service.xlsx?from={DAY}&amp;to={DAY}&amp;group=staff" \
        in html
    # the export link works with the page's own login
    assert client.get(f"/api/v1/offices/demo/reports/service.xlsx?from={DAY}").status_code == 200
    assert 'href="/admin/reports" aria-current="page"' in html


@pytest.mark.parametrize("query,text", [("group=bulan", "harus salah satu dari"),
                                        ("from=2026-02-30", "YYYY-MM-DD")])
def test_service_report_page_refuses_bad_queries_in_words(client, office, query, text):
    login(client, office, "backoffice")
    res = client.get(f"/admin/reports?{query}")
    assert res.status_code == 400 and text in res.get_data(as_text=True)
    assert "Atur ulang filter" in res.get_data(as_text=True)


def test_trend_page_with_the_ikm_on_its_bands(client, office, two_months):
    login(client, office, "backoffice")
    res = client.get("/admin/reports/trend?from=2026-10-01&to=2026-11-30&by=month")
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    assert 'id="chart-ikm"' in html and 'id="chart-tickets"' in html
    assert "Okt 2026" in html and "100,00" in html and "75,00" in html
    assert "/admin/reports/trend.xlsx?from=2026-10-01" in html
    assert client.get("/admin/reports/trend?by=jam").status_code == 400


def test_the_ikm_page_links_its_exports(client, office):
    login(client, office, "backoffice")
    html = client.get("/admin/ikm?from=2026-11-01").get_data(as_text=True)
    assert "/admin/ikm.xlsx?from=2026-11-01" in html and "/admin/ikm.csv?" in html
