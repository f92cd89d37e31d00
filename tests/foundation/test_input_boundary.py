"""Bad input at the one boundary: nested JSON, lone surrogates, Unicode digits, numbers and
dates out of range, CR/LF bound for a header. Each gets a 400 (or a clean 4xx) and nothing is
written; the fuzz below sends them to every route of the app, as every kind of caller."""

from __future__ import annotations

import re
from collections import Counter as Tally

import pytest
from sqlalchemy import func, select

from antrian.shared.models import Counter, SurveyResponse, Ticket
from tests.support.factories import serve_one, sign_in
from tests.survey.conftest import ALL_THREE

DEEP = "[" * 5000 + "]" * 5000
BAD_TEXT = "ok\ud800"
UNICODE_DIGITS = ("²", "١٢", "５")
FIELDS = ("service", "priority_reason", "channel", "idempotency_key", "code", "note",
          "question", "answer", "level", "name", "comment", "outcome", "visitor", "token",
          "error", "form_token", "staff", "counter", "answers", "profile", "ok", "purpose")


def tickets(office) -> int:
    with office.db.read() as s:
        return s.scalar(select(func.count(Ticket.id)))


def test_deeply_nested_json_is_a_400_and_writes_nothing(client, office):
    before = tickets(office)
    res = client.post("/api/v1/offices/demo/tickets", data='{"service": ' + DEEP + "}",
                      content_type="application/json", headers=office.headers("kiosk"))
    assert res.status_code == 400 and res.json["error"]["code"] == "invalid_input"
    assert tickets(office) == before
    # A normal body still works.
    res = client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                      headers=office.headers("kiosk"))
    assert res.status_code == 201


def test_a_lone_surrogate_in_the_public_survey_comment_is_a_400(client, office):
    _, token = serve_one(client, office)
    res = client.post(f"/api/v1/tickets/{token}/survey",
                      json={"answers": ALL_THREE, "comment": BAD_TEXT})
    assert res.status_code == 400 and res.json["error"]["code"] == "invalid_input"
    with office.db.read() as s:
        assert s.scalar(select(func.count(SurveyResponse.id))) == 0
    res = client.post(f"/api/v1/tickets/{token}/survey",
                      json={"answers": ALL_THREE, "comment": "Pelayanan cepat ²"})
    assert res.status_code == 201  # a real superscript is text like any other


@pytest.mark.parametrize("value", [*UNICODE_DIGITS, "99999999999999999999", "-1", "1e3"])
def test_counter_filter_of_the_public_ikm_takes_ascii_numbers_only(client, office, value):
    res = client.get("/api/v1/offices/demo/ikm", query_string={"counter": value})
    assert res.status_code == 400 and res.json["error"]["field"] == "counter"


@pytest.mark.parametrize("value", [*UNICODE_DIGITS, "99999999999999999999"])
def test_counter_of_the_announcement_route_takes_ascii_numbers_only(client, office, value):
    res = client.get("/display/demo/announcement", query_string={"counter": value,
                                                                 "code": "A001"})
    assert res.status_code == 400 and res.json["error"]["field"] == "counter"


def test_recap_dates_out_of_range_are_refused(client, office):
    sign_in(client, "backoffice", office.passwords["backoffice"])
    for value in ("9999-12-31", "0001-01-01", "２０２６-01-01"):
        res = client.get("/admin/recap", query_string={"date": value})
        assert res.status_code == 400, value


def test_a_well_formed_date_out_of_range_is_told_so_not_called_malformed(client, office):
    for value, says in (("0001-01-01", "between the years 1900 and 2999"),
                        ("2026-13-01", "month value is outside expected range")):
        res = client.get("/api/v1/offices/demo/breaches", headers=office.headers("kepala"),
                         query_string={"from": value, "to": "2026-12-01"})
        assert res.status_code == 400, value
        assert says in res.json["error"]["message"] and res.json["error"]["field"] == "from"


def test_survey_form_with_unicode_digits_is_refused_cleanly(client, office):
    _, token = serve_one(client, office)
    page = client.get(f"/survey/{token}").get_data(as_text=True)
    form_token = re.search(r'name="form_token" value="([^"]*)"', page)
    data = {**{k: "²" for k in ALL_THREE}, "age": "١٢"}
    if form_token:
        data["form_token"] = form_token.group(1)
    res = client.post(f"/survey/{token}", data=data)
    assert 400 <= res.status_code < 500
    with office.db.read() as s:
        assert s.scalar(select(func.count(SurveyResponse.id))) == 0


def test_crlf_in_the_anchor_is_refused_before_the_counter_changes(client, office):
    _, csrf = sign_in(client, "admin", office.passwords["admin"])
    res = client.post("/admin/counters/1/open", data={
        "csrf_token": csrf, "open": "0", "anchor": "counters\r\nSet-Cookie: x=1"})
    assert res.status_code == 400
    with office.db.read() as s:
        assert s.get(Counter, 1).is_open  # nothing was written
    res = client.post("/admin/counters/1/open", data={
        "csrf_token": csrf, "open": "0", "anchor": "counters"})
    assert res.status_code == 302 and res.headers["Location"].endswith("#counters")


def test_crlf_in_the_login_return_target_is_dropped(client, office):
    page = client.get("/counter/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    res = client.post("/counter/login", data={
        "username": "admin", "password": office.passwords["admin"], "csrf_token": csrf,
        "next": "/admin\r\nSet-Cookie: x=1"})
    assert res.status_code == 302 and res.headers["Location"] == "/admin"


# ---------------------------------------------------------------- the fuzz over every route


def route_urls(app, ids: dict[str, str]) -> list[tuple[str, str]]:
    """(method, url) of every route, its parts filled with values that exist."""
    found = []
    for rule in app.url_map.iter_rules():
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", ids.get(name, "1"), url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return sorted(found)


def fuzz_requests(method: str, url: str):
    """The bodies and query strings of the fuzz: (label, kwargs for the test client)."""
    yield "deep", {"data": DEEP, "content_type": "application/json"}
    yield "deep-object", {"data": '{"a":' * 3000 + "1" + "}" * 3000,
                          "content_type": "application/json"}
    yield "surrogate", {"json": {name: BAD_TEXT for name in FIELDS}}
    yield "surrogate-nested", {"json": {"answers": {"u1": BAD_TEXT}, "profile": {
        "sex": BAD_TEXT}, "service": "A", BAD_TEXT: 1}}
    for digit in UNICODE_DIGITS:
        query = {name: digit for name in ("counter", "from", "to", "date", "office",
                                          "profile", "code", "staff", "service", "next")}
        yield f"digits-{digit}", {"query_string": query,
                                  "data": {**{k: digit for k in ALL_THREE}, "age": digit,
                                           "counter": digit, "open": digit, "active": digit}}
    yield "huge", {"query_string": {"counter": "9" * 30, "date": "9999-12-31",
                                    "from": "9999-12-31", "to": "9999-12-31"},
                   "json": {"counter": 10**30, "answers": {"u1": 10**30}}}
    yield "crlf", {"query_string": {"next": "/admin\r\nX: 1", "office": "demo\r\n"},
                   "data": {"anchor": "a\r\nX: 1", "next": "/admin\r\nX: 1", "name": "k\r\n"}}


def test_fuzz_every_route_as_every_caller_no_server_error(client, office):
    _, token = serve_one(client, office, finish=False)
    ids = {"office": "demo", "token": token, "lang": "id", "filename": "index.json",
           "action": "transfer"}
    callers = {
        "anonymous": {},
        "kiosk": office.headers("kiosk"),
        "admin-token": office.headers("admin"),
        "counter-token": office.headers("loket1"),
    }
    session_client = client.application.test_client()
    _, csrf = sign_in(session_client, "admin", office.passwords["admin"])
    statuses: Tally = Tally()
    failures = []
    for method, url in route_urls(client.application, ids):
        for label, kwargs in fuzz_requests(method, url):
            for who, headers in [*callers.items(), ("admin-session", None)]:
                if headers is None:
                    sender, headers = session_client, {"X-CSRF-Token": csrf}
                    if "data" in kwargs and isinstance(kwargs["data"], dict):
                        kwargs = {**kwargs, "data": {**kwargs["data"], "csrf_token": csrf}}
                else:
                    sender = client
                res = sender.open(url, method=method, headers=headers, **kwargs)
                statuses[res.status_code] += 1
                if res.status_code >= 500:
                    failures.append(f"{res.status_code} {method} {url} {label} as {who}")
    print("\nfuzz statuses:", dict(sorted(statuses.items())), "requests:", statuses.total())
    assert failures == []
