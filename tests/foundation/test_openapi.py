"""The OpenAPI document is written from the code, and the models it is written from are the
ones that validate the input."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from antrian.admin.schemas import SettingsChange
from antrian.shared.models import Ticket
from antrian.shared.models.staff import ROLES
from antrian.shared.models.ticket import CHANNELS
from antrian.shared.office.offices import SETTING_RULES
from antrian.shared.tickets.states import STATUSES
from antrian.shared.web.boundary import at_most_pattern


@pytest.fixture
def doc(client):
    return client.get("/api/v1/openapi.json").json


def schema(doc, name):
    return doc["components"]["schemas"][name]


def test_the_document_is_openapi_3_1_with_both_ways_in(doc):
    assert doc["openapi"] == "3.1.0"
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["cookie"]["in"] == "cookie"


def test_every_operation_documents_its_errors_in_the_one_shape(doc):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            statuses = op["responses"]
            for status in ("400", "401", "403"):
                assert statuses[status]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"}, (method, path, status)
            if "{" in path:
                assert "404" in statuses, (method, path)
            assert any(s.startswith("2") for s in statuses), (method, path)
    assert schema(doc, "Error")["required"] == ["error"]


def test_statuses_are_what_the_code_answers(doc):
    paths = doc["paths"]
    assert set(paths["/api/v1/tickets/{ticket_id}/reprint"]["post"]["responses"]) >= {"201"}
    assert "202" not in paths["/api/v1/tickets/{ticket_id}/reprint"]["post"]["responses"]
    issue = paths["/api/v1/offices/{office}/tickets"]["post"]["responses"]
    assert {"200", "201", "409"} <= set(issue)
    call_next = paths["/api/v1/counters/{counter_id}/call-next"]["post"]["responses"]
    assert "content" not in call_next["204"]
    survey = paths["/api/v1/tickets/{token}/survey"]["post"]["responses"]
    assert {"201", "409", "410"} <= set(survey)


def test_enumerations_are_the_codes_own(doc):
    ticket = schema(doc, "Ticket")["properties"]
    assert ticket["status"]["enum"] == list(STATUSES)
    assert ticket["channel"]["enum"] == list(CHANNELS)
    assert schema(doc, "User")["properties"]["roles"]["items"]["enum"] == list(ROLES)


def test_a_refused_body_is_a_400_naming_the_field_and_writes_nothing(client, office):
    for body, field in (({"service": "A", "priority": "yes"}, "priority"),
                        ({"service": 5}, "service"),
                        ({"priority": True}, "service"),
                        ({"service": "A", "channel": "fax"}, "channel")):
        res = client.post("/api/v1/offices/demo/tickets", json=body,
                          headers=office.headers("kiosk"))
        assert res.status_code == 400, body
        assert res.json["error"]["code"] == "invalid_input"
        assert res.json["error"]["field"] == field and " / " in res.json["error"]["message"]
    with office.db.read() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 0


def test_the_management_plane_says_who_before_what(client, office):
    """401/403 before any 400 there, as the domain always answered."""
    bad = {"settings": {"language": "fr"}}
    assert client.patch("/api/v1/offices/demo", json=bad).status_code == 401
    res = client.patch("/api/v1/offices/demo", json=bad, headers=office.headers("loket1"))
    assert res.status_code == 403
    res = client.patch("/api/v1/offices/demo", json=bad, headers=office.headers("admin"))
    assert res.status_code == 400 and res.json["error"]["field"] == "settings.language"


@pytest.mark.parametrize("name", [n for n in SETTING_RULES if n not in (
    "call_policy", "digit_mode", "language", "ikm_weight", "follow_service_order")])
def test_the_settings_bounds_are_the_domains(name):
    field = SettingsChange.model_fields[name]
    low = next(m.ge for m in field.metadata if hasattr(m, "ge"))
    high = next(m.le for m in field.metadata if hasattr(m, "le"))
    check, _ = SETTING_RULES[name]
    for value, ok in ((low - 1, False), (low, True), (high, True), (high + 1, False)):
        assert check(value) is ok, (name, value)
        try:
            SettingsChange.model_validate({name: value}, strict=True)
            accepted = True
        except ValidationError:
            accepted = False
        assert accepted is ok, (name, value)


def test_an_id_no_row_can_have_is_not_found_whatever_the_method(client, office):
    h = office.headers("loket1")
    for method, path in (("put", "/api/v1/tickets/2147483648/visit"),
                         ("post", "/api/v1/users/2147483648/tokens"),
                         ("get", "/api/v1/tickets/99999999999/visit")):
        res = getattr(client, method)(path, json={}, headers=h)
        assert res.status_code == 404, (method, path, res.status_code)
    assert client.get("/api/v1/counters/1/console", headers=h).status_code == 200


@pytest.mark.parametrize("limit", [0, 7, 10, 99, 100, 305, 999_999, 2**31 - 1])
def test_the_bounded_pattern_takes_exactly_0_to_its_limit(limit):
    pattern = re.compile(r"0*(?:" + at_most_pattern(limit) + r")\Z")
    around = {*range(0, min(limit, 2000) + 2), limit - 1, limit, limit + 1, limit * 10 + 9,
              10 ** len(str(limit))}
    for n in sorted(x for x in around if x >= 0):
        assert bool(pattern.match(str(n))) is (n <= limit), n
    assert pattern.match(f"00{limit}") and not pattern.match("") and not pattern.match("1a")


@pytest.mark.parametrize("url, field", [
    ("/api/v1/offices/demo/cases?status=lost", "status"),
    ("/api/v1/offices/demo/reports/service?group=weather", "group"),
    ("/api/v1/offices/demo/reports/service?counter=-1", "counter"),
    ("/api/v1/offices/demo/reports/service?from=2026-02-30", "from"),
])
def test_a_refused_query_is_a_400_naming_the_parameter(client, office, url, field):
    res = client.get(url, headers=office.headers("koordinator"))
    assert res.status_code == 400, res.get_data(as_text=True)
    error = res.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_input", field)
    assert f"Kolom '{field}' tidak sah" in error["message"]  # the model's words, not the view's


def test_an_empty_query_parameter_counts_as_absent(client, office):
    res = client.get("/api/v1/offices/demo/cases?status=", headers=office.headers("koordinator"))
    assert res.status_code == 200, res.get_data(as_text=True)
