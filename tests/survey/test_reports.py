"""The IKM by office, service, counter and staff over office-local dates; the daily recap."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from antrian.shared.models import Office
from antrian.shared.satisfaction import ikm, ikm_report
from tests.support.factories import serve_one, set_finished

IN_WIB_20TH_IN_WIT_21ST = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)
EARLIER = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)


def answer_all(client, token, score: int, **extra):
    body = {"answers": {f"u{i}": score for i in range(1, 10)}, **extra}
    res = client.post(f"/api/v1/tickets/{token}/survey", json=body)
    assert res.status_code == 201, res.json


@pytest.fixture
def rated(client, office):
    """Four completed tickets, three rated: A@1 by loket1 all 4s, B@2 by loket2 all 2s,
    A@2 by loket2 all 3s, and A@1 by loket1 unrated."""
    t1 = serve_one(client, office, "A", 1)
    t2 = serve_one(client, office, "B", 2)
    t3 = serve_one(client, office, "A", 2)
    t4 = serve_one(client, office, "A", 1)
    for (_tid, token), score in ((t1, 4), (t2, 2), (t3, 3)):
        answer_all(client, token, score)
    set_finished(office, t1[0], IN_WIB_20TH_IN_WIT_21ST)
    for tid, _ in (t2, t3, t4):
        set_finished(office, tid, EARLIER)
    return t1, t2, t3, t4


def report(office, **flt):
    flt.setdefault("date_from", date(2026, 11, 1))
    flt.setdefault("date_to", date(2026, 11, 30))
    return ikm_report.ikm_report(office.db, "demo", ikm_report.IkmFilter(**flt))


def set_office(office, **changes):
    with office.db.write() as s:
        o = s.scalar(select(Office))
        settings = changes.pop("settings", {})
        o.settings_json = {**o.settings_json, **settings}
        for key, value in changes.items():
            setattr(o, key, value)


def test_office_ikm_over_all_respondents(office, rated):
    r = report(office)
    assert r.respondents == 3 and r.population == 4
    assert r.result.elements == dict.fromkeys(ikm.ELEMENT_KEYS, 3.0)
    assert (r.result.index, r.result.ikm, r.result.grade) == (3.0, 75.0, "C")
    assert r.sample_needed == ikm.krejcie_morgan(4) == 4 and not r.sample_reached


@pytest.mark.parametrize("flt,respondents,population,converted,grade", [
    ({"service": "A"}, 2, 3, 87.5, "B"),
    ({"service": "B"}, 1, 1, 50.0, "D"),
    ({"counter": 2}, 2, 2, 62.5, "D"),
    ({"counter": 1}, 1, 2, 100.0, "A"),
    ({"staff": "loket1"}, 1, 2, 100.0, "A"),
    ({"staff": "loket2", "service": "A"}, 1, 1, 75.0, "C"),
    ({"counter": 3}, 0, 0, None, None),
])
def test_filters_by_service_counter_and_staff(office, rated, flt, respondents, population,
                                              converted, grade):
    r = report(office, **flt)
    assert (r.respondents, r.population) == (respondents, population)
    assert (r.result.ikm if r.result else None) == converted
    assert (r.result.grade if r.result else None) == grade


def test_the_rounded_weight_is_the_office_setting(office, rated):
    set_office(office, settings={"ikm_weight": "rounded"})
    r = report(office)
    assert r.weight_setting == "rounded" and r.result.weight == 0.11
    assert r.result.ikm == 74.25 and r.as_json()["weight"] == 0.11


def test_dates_are_the_office_local_dates(office, rated):
    wib = report(office, date_from=date(2026, 11, 20), date_to=date(2026, 11, 20))
    assert wib.respondents == 1 and wib.population == 1 and wib.result.ikm == 100.0
    assert report(office, date_from=date(2026, 11, 21), date_to=date(2026, 11, 21)
                  ).respondents == 0
    set_office(office, timezone="Asia/Jayapura")
    assert report(office, date_from=date(2026, 11, 20), date_to=date(2026, 11, 20)
                  ).respondents == 0
    wit = report(office, date_from=date(2026, 11, 21), date_to=date(2026, 11, 21))
    assert wit.respondents == 1 and wit.population == 1
    assert report(office, date_from=date(2026, 11, 10), date_to=date(2026, 11, 10)
                  ).respondents == 2


def test_breakdowns_per_service_counter_staff(office, rated):
    r = ikm_report.ikm_report(office.db, "demo", ikm_report.IkmFilter(
        date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)), breakdowns=True)
    by = {kind: {g.key: g.result.ikm for g in groups} for kind, groups in r.breakdowns.items()}
    assert by == {"service": {"A": 87.5, "B": 50.0}, "counter": {"001": 100.0, "002": 62.5},
                  "staff": {"loket1": 100.0, "loket2": 62.5}}


# ---------------------------------------------------------------- API


def test_ikm_api_shape_is_public(client, office, rated):
    res = client.get("/api/v1/offices/demo/ikm?from=2026-11-01&to=2026-11-30&service=A")
    assert res.status_code == 200
    body = res.json
    for key in ("respondents", "elements", "index", "ikm", "grade", "label", "weight",
                "population", "sample_needed", "sample_reached"):
        assert key in body
    assert body["respondents"] == 2 and body["ikm"] == 87.5 and body["grade"] == "B"
    assert body["label"] == "baik" and body["elements"]["u9"] == 3.5
    assert body["weight"] == pytest.approx(1 / 9) and body["sample_reached"] is False
    per_staff = "/api/v1/offices/demo/ikm?from=2026-11-01&to=2026-11-30&staff=loket2&counter=2"
    # Per staff member and counter the figures are for the office's report readers only.
    assert client.get(per_staff).status_code == 401
    assert client.get(per_staff, headers=office.headers("loket1")).status_code == 403
    by_staff = client.get(per_staff, headers=office.headers("backoffice")).json
    assert by_staff["respondents"] == 2 and by_staff["ikm"] == 62.5


def test_ikm_api_with_no_respondents(client, office):
    body = client.get("/api/v1/offices/demo/ikm").json
    assert body["respondents"] == 0 and body["ikm"] is None and body["grade"] is None
    assert body["population"] == 0 and body["sample_needed"] == 0


@pytest.mark.parametrize("query,status,field", [
    ("from=2026-13-01", 400, "from"),
    ("from=20261101", 400, "from"),
    ("to=kemarin", 400, "to"),
    ("from=2026-11-02&to=2026-11-01", 400, "from"),
    ("from=1990-01-01&to=2026-01-01", 400, "to"),
    ("service=Z", 404, "service"),
    ("counter=x", 400, "counter"),
    ("counter=99", 404, "counter"),
    ("staff=siapa", 404, "staff"),
])
def test_ikm_api_bad_queries(client, office, query, status, field):
    res = client.get(f"/api/v1/offices/demo/ikm?{query}", headers=office.headers("backoffice"))
    assert res.status_code == status
    assert res.json["error"]["field"] == field and " / " in res.json["error"]["message"]


def test_ikm_api_unknown_office(client):
    assert client.get("/api/v1/offices/entah/ikm").status_code == 404


# ---------------------------------------------------------------- admin pages


def login(client, office, username):
    from tests.support.factories import user_id

    with client.session_transaction() as sess:
        sess["_user_id"] = str(user_id(office, username))  # Flask-Login's key
        sess["sv"] = 0  # the session version a fresh sign-in gets


def test_report_pages_need_a_reader(client, office):
    res = client.get("/admin/ikm?from=2026-11-01")
    assert res.status_code == 302
    assert res.headers["Location"] == "/counter/login?next=/admin/ikm%3Ffrom%3D2026-11-01"
    assert client.get("/admin/recap").status_code == 302
    assert client.get("/admin/recap.csv").status_code == 302
    login(client, office, "loket1")
    assert client.get("/admin/ikm").status_code == 403
    assert client.get("/admin/recap").status_code == 403


def test_ikm_page_shows_elements_weight_and_sample(client, office, rated):
    login(client, office, "backoffice")
    res = client.get("/admin/ikm?from=2026-11-01&to=2026-11-30")
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    assert "75.00" in html and "Mutu C" in html and "kurang baik" in html
    assert "Kompetensi Pelaksana" in html and "3.000" in html
    assert "1/9" in html and "3 / 4" in html and "Belum tercapai" in html
    assert "Petugas Loket 2" in html and "reports.css" in html
    assert "@media print" in client.get("/admin/static/reports.css").get_data(as_text=True)
    bad = client.get("/admin/ikm?from=2026-11-31")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_data(as_text=True)


def test_recap_flags_low_ratings_with_the_staff_who_served(client, office):
    _, good = serve_one(client, office, "A", 1)
    _, poor = serve_one(client, office, "B", 2)
    answer_all(client, good, 4)
    body = {"answers": {**{f"u{i}": 3 for i in range(1, 10)}, "u3": 1, "u7": 2},
            "profile": {"age": 70, "sex": "P"}, "comment": "=HYPERLINK(\"x\")"}
    assert client.post(f"/api/v1/tickets/{poor}/survey", json=body).status_code == 201
    recap = ikm_report.daily_recap(office.db, "demo", None)
    assert len(recap.rows) == 2 and [r.code for r in recap.flagged] == ["B001"]
    assert recap.flagged[0].low == ("u3", "u7") and recap.flagged[0].staff == "Petugas Loket 2"

    login(client, office, "backoffice")
    html = client.get("/admin/recap").get_data(as_text=True)
    assert "B001" in html and "Petugas Loket 2" in html
    assert "Waktu Penyelesaian" in html and "Tidak cepat" in html and "Kurang sopan" in html

    res = client.get(f"/admin/recap.csv?date={recap.day.isoformat()}")
    assert res.status_code == 200 and res.mimetype == "text/csv"
    assert "attachment" in res.headers["Content-Disposition"]
    raw = res.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["waktu (WIB)", "tiket", "layanan", "loket", "petugas"]
    poor_row = next(r for r in rows if r[1] == "B001")
    assert poor_row[4] == "Petugas Loket 2" and poor_row[5:14] == [
        "3", "3", "1", "3", "3", "3", "2", "3", "3"]
    assert poor_row[14] == "u3 u7" and poor_row[15] == "70" and poor_row[16] == "Perempuan"
    assert poor_row[19] == "'=HYPERLINK(\"x\")"
    assert len(rows) == 3


def test_recap_of_a_day_without_responses_and_a_bad_date(client, office):
    login(client, office, "backoffice")
    html = client.get("/admin/recap?date=2026-01-05").get_data(as_text=True)
    assert "Belum ada tanggapan" in html
    assert client.get("/admin/recap?date=05-01-2026").status_code == 400
    assert client.get("/admin/recap.csv?date=05-01-2026").status_code == 400


def test_ikm_page_prints_prepared_weighted_values_bars_and_bands(client, office, rated):
    login(client, office, "backoffice")
    html = client.get("/admin/ikm?from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    assert html.count(">0.333</td>") == 9  # NRR 3 × 1/9, rounded half up in shared.satisfaction.ikm
    assert html.count('class="meter w75"') == 9  # classes: the CSP refuses style attributes
    assert "Mutu: A 88,31–100; B 76,61–88,30; C 65,00–76,60; D 25,00–64,99." in html


def test_recap_sends_low_answers_in_words_and_names_every_element(client, office):
    _, poor = serve_one(client, office, "B", 2)
    body = {"answers": {**{f"u{i}": 3 for i in range(1, 10)}, "u3": 1, "u7": 2}}
    assert client.post(f"/api/v1/tickets/{poor}/survey", json=body).status_code == 201
    row = ikm_report.daily_recap(office.db, "demo", None).flagged[0]
    assert [(a.key, a.score, a.name_id) for a in row.low_answers] == [
        ("u3", 1, "Waktu Penyelesaian"), ("u7", 2, "Perilaku Pelaksana")]
    assert (row.low_answers[0].answer_id, row.low_answers[1].answer_id) == (
        "Tidak cepat", "Kurang sopan dan ramah")

    login(client, office, "backoffice")
    html = client.get("/admin/recap").get_data(as_text=True)
    assert '<span class="pill s1">1</span> U3 Waktu Penyelesaian – Tidak cepat' in html
    assert "U1 Persyaratan · U2 Sistem, Mekanisme, dan Prosedur" in html
    assert "U9 Sarana dan Prasarana. Skala 1" in html


def test_a_bad_date_on_the_csv_recap_is_a_page_not_json(client, office):
    login(client, office, "backoffice")
    res = client.get("/admin/recap.csv?date=05-01-2026", headers={"Accept": "text/html"})
    html = res.get_data(as_text=True)
    assert res.status_code == 400 and res.mimetype == "text/html"
    assert "Tidak dapat menampilkan laporan" in html and "YYYY-MM-DD" in html
    assert 'href="/admin/recap">Atur ulang filter' in html  # the page, not another download
    assert "attachment" not in res.headers.get("Content-Disposition", "")


def test_the_csv_recap_sends_an_anonymous_browser_to_the_login(client):
    res = client.get("/admin/recap.csv?date=2026-01-05")
    assert res.status_code == 302
    assert res.headers["Location"] == "/counter/login?next=/admin/recap.csv%3Fdate%3D2026-01-05"


def test_report_pages_share_the_administration_bar(client, office):
    login(client, office, "backoffice")
    for path in ("/admin/ikm", "/admin/recap"):
        html = client.get(path).get_data(as_text=True)
        assert '>Beranda <span lang="en">Home</span></a>' in html
        assert f'<a href="{path}" aria-current="page">' in html
        assert "reports.js" in html and "home.js" not in html and "home.css" not in html
        assert '<body class="report">' in html
