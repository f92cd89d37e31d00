"""The report routes of API v1 and their files: roles, bad queries, and the XLSX and CSV
holding the very figures of the JSON."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from antrian.admin.exports import SERVICE_COLUMNS, TREND_COLUMNS
from tests.reports.conftest import DAY

SERVICE = f"/api/v1/offices/demo/reports/service?from={DAY}&to={DAY}"


def test_service_report_needs_a_report_reader(client, office, morning):
    assert client.get(SERVICE).status_code == 401
    assert client.get(SERVICE, headers=office.headers("loket1")).status_code == 403
    for who in ("backoffice", "admin"):
        res = client.get(SERVICE, headers=office.headers(who))
        assert res.status_code == 200 and res.json["total"]["issued"] == 5
    for ext in ("csv", "xlsx"):
        url = f"/api/v1/offices/demo/reports/service.{ext}?from={DAY}"
        assert client.get(url).status_code == 401
        assert client.get(url, headers=office.headers("loket1")).status_code == 403


def test_service_report_api_shape(client, office, morning):
    body = client.get(SERVICE + "&group=counter", headers=office.headers("backoffice")).json
    assert body["group"] == "counter" and body["office"] == "demo"
    assert [g["key"] for g in body["groups"]] == ["1", "2", "-"]
    for name in ("key", "label", "issued", "served", "no_show", "cancelled", "wait_p50_s",
                 "wait_p90_s", "wait_mean_s", "service_p50_s", "service_p90_s",
                 "service_mean_s", "within_standard"):
        assert name in body["groups"][0]
    assert [s["key"] for s in body["steps"]] == ["wait", "call", "service", "back_office",
                                                 "main_unit", "answer", "closing",
                                                 "phone_answer", "callback", "escort", "online"]


@pytest.mark.parametrize("query,status,field", [
    ("group=bulan", 400, "group"),
    ("from=2026-11-31", 400, "from"),
    ("from=2026-11-02&to=2026-11-01", 400, "from"),
    ("counter=x", 400, "counter"),
    ("service=Z", 404, "service"),
    ("staff=siapa", 404, "staff"),
])
def test_service_report_bad_queries(client, office, query, status, field):
    for path in ("service", "service.xlsx", "service.csv"):
        res = client.get(f"/api/v1/offices/demo/reports/{path}?{query}",
                         headers=office.headers("backoffice"))
        assert res.status_code == status, (path, res.json)
        assert res.json["error"]["field"] == field and " / " in res.json["error"]["message"]


def test_unknown_office(client, office):
    res = client.get("/api/v1/offices/entah/reports/service", headers=office.headers("admin"))
    assert res.status_code == 404


def _sheet_rows(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _table(rows: list[list], first_header: str) -> tuple[list, list[list]]:
    """The header and rows of the table whose header starts with ``first_header``, up to the
    next blank row."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    body = []
    for row in rows[start + 1:]:
        if not row or all(v is None for v in row):
            break
        body.append(row)
    return rows[start], body


@pytest.mark.parametrize("group", ["service", "counter", "staff", "channel", "day", "hour"])
def test_the_xlsx_holds_the_json_figures(client, office, morning, group):
    headers = office.headers("backoffice")
    body = client.get(SERVICE + f"&group={group}", headers=headers).json
    res = client.get(f"/api/v1/offices/demo/reports/service.xlsx?from={DAY}&to={DAY}"
                     f"&group={group}", headers=headers)
    assert res.status_code == 200
    assert res.headers["Content-Disposition"] == (
        f'attachment; filename="laporan-layanan-demo-{group}-{DAY}.xlsx"')
    rows = _sheet_rows(res.data)
    meta = {r[0]: r[1] for r in rows[1:9] if r and r[0]}
    assert meta["Kantor / Office"] == "BPMP Demo - Unit Layanan Terpadu (demo)"
    assert meta["Periode / Period"] == f"{DAY} s.d./to {DAY}"
    assert meta["Dikelompokkan / Grouped by"] == group
    assert meta["Zona waktu / Time zone"] == "Asia/Jakarta (WIB)"
    header, table = _table(rows, "Kelompok / Group")
    assert header[:len(SERVICE_COLUMNS)] == [c.label for c in SERVICE_COLUMNS]
    expected = [[c.value(g) for c in SERVICE_COLUMNS] for g in body["groups"]]
    assert [r[:len(SERVICE_COLUMNS)] for r in table] == expected
    # the whole period's row follows in its own table
    total_at = rows.index(next(r for r in rows if r and r[0] == "Seluruh periode / Whole period"))
    assert rows[total_at + 2][:len(SERVICE_COLUMNS)] == [c.value(body["total"])
                                                        for c in SERVICE_COLUMNS]


def test_the_xlsx_with_filters_names_them(client, office, morning):
    res = client.get(f"/api/v1/offices/demo/reports/service.xlsx?from={DAY}&service=B"
                     "&counter=2", headers=office.headers("backoffice"))
    meta = {r[0]: r[1] for r in _sheet_rows(res.data)[1:9] if r and r[0]}
    assert meta["Filter"] == "service=B; counter=2"
    header, table = _table(_sheet_rows(res.data), "Kelompok / Group")
    assert [(r[0], r[2], r[4]) for r in table] == [("B", 1, 1)]


def test_the_csv_holds_the_same_figures(client, office, morning):
    headers = office.headers("backoffice")
    body = client.get(SERVICE, headers=headers).json
    res = client.get(f"/api/v1/offices/demo/reports/service.csv?from={DAY}&to={DAY}",
                     headers=headers)
    assert res.status_code == 200 and res.mimetype == "text/csv"
    text = res.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Laporan / Report", "Laporan layanan / Service report"]
    header, table = _table(rows, "Kelompok / Group")
    as_text = [["" if v is None else str(v) for v in (c.value(g) for c in SERVICE_COLUMNS)]
               for g in body["groups"]]
    assert table == as_text


def test_an_empty_period_exports_cleanly(client, office):
    res = client.get("/api/v1/offices/demo/reports/service.xlsx?from=2026-01-01&to=2026-01-31",
                     headers=office.headers("backoffice"))
    header, table = _table(_sheet_rows(res.data), "Kelompok / Group")
    assert table == []


# ---------------------------------------------------------------- IKM and trend files


def login(client, office, username):
    from tests.support.factories import user_id

    with client.session_transaction() as sess:
        sess["_user_id"] = str(user_id(office, username))  # Flask-Login's key
        sess["sv"] = 0  # the session version a fresh sign-in gets


def test_the_ikm_exports_hold_the_ikm(client, office, two_months):
    query = "from=2026-10-01&to=2026-11-30"
    ikm = client.get(f"/api/v1/offices/demo/ikm?{query}").json
    assert client.get(f"/admin/ikm.xlsx?{query}").status_code == 302  # to the login
    login(client, office, "loket1")
    assert client.get(f"/admin/ikm.xlsx?{query}").status_code == 403
    login(client, office, "backoffice")
    res = client.get(f"/admin/ikm.xlsx?{query}")
    assert res.status_code == 200
    rows = _sheet_rows(res.data)
    _, summary = _table(rows, "Ukuran / Measure")
    values = {r[0]: r[1] for r in summary}
    assert values["IKM"] == ikm["ikm"] == 87.5 and values["Mutu / Grade"] == "B"
    assert values["Responden / Respondents"] == ikm["respondents"] == 2
    _, elements = _table(rows, "Unsur / Element")
    assert {r[0]: r[2] for r in elements} == ikm["elements"]
    _, staff = _table(rows, "Kelompok / Group")
    assert staff[0][:4] == ["A", "A Informasi", 2, 87.5]
    csv_text = client.get(f"/admin/ikm.csv?{query}").get_data(as_text=True)
    assert "IKM,87.5" in csv_text and "2026-10-01 s.d./to 2026-11-30" in csv_text


def test_the_trend_exports_hold_the_trend(client, office, two_months):
    query = "from=2026-10-01&to=2026-11-30&by=month"
    api = client.get(f"/api/v1/offices/demo/ikm/trend?{query}").json
    login(client, office, "backoffice")
    res = client.get(f"/admin/reports/trend.xlsx?{query}")
    assert res.status_code == 200
    header, table = _table(_sheet_rows(res.data), "Titik tren / Trend point")
    assert header[:len(TREND_COLUMNS)] == [c.label for c in TREND_COLUMNS]
    ikm_at, issued_at = header.index("IKM"), header.index("Diterbitkan / Issued")
    assert [(r[0], r[ikm_at], r[issued_at]) for r in table] == [
        (p["period"], p["ikm"], 1) for p in api["points"]]
    csv_rows = list(csv.reader(io.StringIO(
        client.get(f"/admin/reports/trend.csv?{query}").get_data(as_text=True).lstrip("\ufeff"))))
    _, csv_table = _table(csv_rows, "Titik tren / Trend point")
    assert [r[0] for r in csv_table] == ["2026-10", "2026-11"]


def test_the_daily_recap_as_xlsx(client, office, two_months):
    assert client.get("/admin/recap.xlsx?date=2026-11-01").status_code == 302
    login(client, office, "backoffice")
    res = client.get("/admin/recap.xlsx?date=2026-11-01")
    assert res.status_code == 200
    assert res.headers["Content-Disposition"] == (
        'attachment; filename="rekap-skm-demo-2026-11-01.xlsx"')
    rows = _sheet_rows(res.data)
    meta = {r[0]: r[1] for r in rows[1:8] if r and r[0]}
    assert meta["Periode / Period"] == "2026-11-01 s.d./to 2026-11-01"
    header, table = _table(rows, "Waktu / Time")
    assert len(table) == 1 and table[0][0] == "2026-11-01 10:40"
    assert table[0][5:14] == [3] * 9 and table[0][4] == "Petugas Loket 1"
    assert client.get("/admin/recap.xlsx?date=01-11-2026").status_code == 400
