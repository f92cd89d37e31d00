"""`standards` in API v1's service object: every step's figure, the SOP's by default, changed
in part by a PATCH; anything invalid is refused whole. And who may read a ticket's timeline."""

from __future__ import annotations

import pytest

from antrian.shared.auth import actors
from antrian.shared.office.standards import STANDARDS

URL = "/api/v1/offices/demo/services/A"


def service_a(client, office) -> dict:
    res = client.get("/api/v1/offices/demo/services", headers=office.headers("admin"))
    return next(s for s in res.json["services"] if s["prefix"] == "A")


def patch(client, office, standards, who: str = "admin"):
    return client.patch(URL, json={"standards": standards}, headers=office.headers(who))


def test_every_step_has_its_sop_figure_by_default(client, office):
    got = service_a(client, office)["standards"]
    assert set(got) == {*STANDARDS, "online_days", "priority"}
    # the demo office's own four, the SOP's for the rest
    assert (got["wait"], got["service"], got["back_office"], got["main_unit"]) == (
        180, 780, 480, 600)
    assert (got["reception"], got["call"], got["answer"], got["closing"]) == (180, 180, 300, 300)
    assert (got["phone_record"], got["phone_answer"], got["callback"], got["escort"]) == (
        180, 300, 300, 300)
    assert got["online_days"] == 2
    assert got["priority"]["call"] == 120 and got["priority"]["service"] == 300
    assert set(got["priority"]) == set(STANDARDS)


def test_a_patch_changes_the_keys_it_gives_and_keeps_the_rest(client, office):
    first = patch(client, office, {"call": 240, "wait": 300, "online_days": 3})
    assert first.status_code == 200, first.json
    second = patch(client, office, {"priority": {"call": 100}, "closing": 420})
    assert second.status_code == 200, second.json
    got = service_a(client, office)["standards"]
    assert (got["call"], got["wait"], got["online_days"], got["closing"]) == (240, 300, 3, 420)
    assert got["service"] == 780 and got["answer"] == 300  # untouched
    assert got["priority"]["call"] == 100 and got["priority"]["service"] == 300
    third = patch(client, office, {"priority": {"escort": 600}})
    assert third.json["standards"]["priority"] == {**got["priority"], "escort": 600}
    assert third.json["standards"]["call"] == 240


@pytest.mark.parametrize("standards", [
    {"call": -5},
    {"call": 0},
    {"call": 1.5},
    {"call": "180"},
    {"call": True},
    {"call": None},
    {"call": 10**12},  # absurd: more than a month
    {"coffee": 60},
    {"target_wait_s": 60},  # the old column names are not step keys
    {"online_days": 0},
    {"online_days": 2.5},
    {"online_days": 400},
    {"priority": {"online_days": 2}},
    {"priority": {"coffee": 60}},
    {"priority": {"call": -1}},
    {"priority": 120},
    {"wait": 300, "call": -1},  # one bad key: the good one is not written either
    {"priority": {"call": 100}, "answer": "lima"},
    [],
    "180",
])
def test_invalid_standards_are_refused_and_nothing_is_written(client, office, standards):
    before = service_a(client, office)
    res = patch(client, office, standards)
    assert res.status_code == 400, res.json
    assert res.json["error"]["code"] == "invalid_input"
    assert res.json["error"]["field"].startswith("standards")
    assert service_a(client, office) == before


def test_only_an_administrator_changes_them(client, office):
    assert patch(client, office, {"call": 60}, who="koordinator").status_code == 403
    assert client.patch(URL, json={"standards": {"call": 60}}).status_code == 401
    assert service_a(client, office)["standards"]["call"] == 180


# ---------------------------------------------------------------- the timeline's readers


@pytest.fixture
def ticket(client, office) -> int:
    res = client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                      headers=office.headers("kiosk"))
    assert res.status_code == 201
    return res.json["id"]


@pytest.mark.parametrize("who", ["loket1", "resepsionis", "backoffice", "koordinator",
                                 "kepala", "admin"])
def test_staff_of_the_office_read_a_ticket_s_timeline(client, office, ticket, who):
    res = client.get(f"/api/v1/tickets/{ticket}/timeline", headers=office.headers(who))
    assert res.status_code == 200, res.json
    assert res.json["ticket"]["code"] == "A001"
    assert [s["step"] for s in res.json["steps"]] == ["wait"]


def test_others_may_not_read_it(client, office, ticket, other_admin):
    url = f"/api/v1/tickets/{ticket}/timeline"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(url, headers=office.headers("kiosk")).status_code == 403
    with office.db.write() as s:
        other = {"Authorization": f"Bearer {actors.create_user_token(s, other_admin)}"}
    assert client.get(url, headers=other).status_code == 403
    # an unknown ticket: 401 without a login, 404 for staff
    assert client.get("/api/v1/tickets/999999/timeline").status_code == 401
    assert client.get("/api/v1/tickets/999999/timeline",
                      headers=office.headers("kepala")).status_code == 404


def test_the_command_line_sets_standards_and_measures_old_tickets(office, instance,
                                                                   monkeypatch):
    from click.testing import CliRunner

    from antrian import cli
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    run = CliRunner().invoke
    res = run(cli.main, ["service", "edit", "--office", "demo", "A", "--standard", "call=240",
                         "--standard", "priority.escort=600", "--standard", "online_days=3"])
    assert res.exit_code == 0, res.output
    assert '"call": 240' in res.output and '"escort": 600' in res.output
    bad = run(cli.main, ["service", "edit", "--office", "demo", "A", "--standard", "call=-1"])
    assert bad.exit_code != 0 and "standards.call" in bad.output
    res = run(cli.main, ["service", "measure-steps"])
    assert res.exit_code == 0 and "tickets measured" in res.output, res.output


def test_a_logged_in_browser_reads_it_too(client, office, ticket, signed_in):
    signed_in("loket2")
    res = client.get(f"/api/v1/tickets/{ticket}/timeline")
    assert res.status_code == 200 and res.json["steps"][0]["step"] == "wait"


@pytest.mark.parametrize("ticket_id", ["9223372036854775808", "99999999999999999999"])
def test_ids_beyond_any_row_are_404(client, office, ticket_id, signed_in):
    res = client.get(f"/api/v1/tickets/{ticket_id}/timeline", headers=office.headers("kepala"))
    assert res.status_code == 404
    signed_in("kepala")
    assert client.get(f"/admin/tickets/{ticket_id}/timeline").status_code == 404
