"""The case flow of SOP 004 through API v1: opening, every step, order and roles."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from antrian.shared.cases import workflow
from antrian.shared.models import Case, CaseEvent, Ticket
from antrian.shared.satisfaction import responses
from tests.cases.conftest import (
    APPROVE,
    HEARING,
    PROPOSAL,
    case_of,
    drive,
    rate,
    step,
)
from tests.support.factories import serve_one, user_id
from tests.survey.conftest import ALL_THREE


def test_a_low_rating_opens_one_case_in_the_survey_transaction(client, office, low_case):
    case_id, tid, _ = low_case
    assert case_id is not None
    body = client.get(f"/api/v1/cases/{case_id}", headers=office.headers("koordinator")).json
    assert body["status"] == "open" and body["channel"] == "survey"
    assert body["staff"] == {"username": "loket1", "display_name": "Petugas Loket 1"}
    assert body["ticket"]["id"] == tid
    assert [low["element"] for low in body["ratings"]["low"]] == ["u7"]
    assert body["ratings"]["comment"] == "Petugas tidak ramah."
    assert body["overdue"] is False and body["history"][0]["kind"] == "opened"
    assert body["history"][0]["by"] is None  # opened by the visitor's rating, not a user


def test_good_ratings_and_unserved_tickets_open_no_case(client, office):
    tid, token = serve_one(client, office)
    rate(client, token, ALL_THREE)
    assert case_of(office, tid) is None
    tid2, token2 = serve_one(client, office, counter=2)
    with office.db.write() as s:  # a ticket nobody is recorded as serving
        s.get(Ticket, tid2).staff_id = None
    rate(client, token2, {**ALL_THREE, "u1": 2})
    assert case_of(office, tid2) is None


def test_a_failed_case_rolls_the_response_back(client, office, monkeypatch):
    tid, token = serve_one(client, office)

    def broken(*_args, **_kwargs):
        raise RuntimeError("case table unavailable")

    monkeypatch.setattr(workflow, "open_for_low_rating", broken)
    with pytest.raises(RuntimeError):
        responses.submit_survey(office.db, token, {**ALL_THREE, "u2": 1}, None, None)
    state = client.get(f"/api/v1/tickets/{token}/survey").json["state"]
    assert state == "open"  # neither the response nor its case was stored


def test_the_whole_flow_with_a_reservice_ticket(client, office, low_case):
    case_id, tid, token = low_case
    coordinator = "koordinator"
    assert step(client, office, coordinator, case_id, "hearing", HEARING).json[
        "status"] == "heard"
    proposed = step(client, office, coordinator, case_id, "propose", PROPOSAL).json
    assert proposed["proposal"]["sanction"] == "Teguran lisan"
    assert proposed["proposal"]["by"]["username"] == coordinator
    approved = step(client, office, "kepala", case_id, "verify", APPROVE).json
    assert approved["status"] == "approved"
    assert approved["decree_number"] == APPROVE["decree_number"]
    assert approved["decree_date"] == "2026-12-01"
    res = step(client, office, coordinator, case_id, "compensate",
               {"kind": "reservice_in_person"})
    assert res.status_code == 200, res.json
    ticket = res.json["ticket"]
    assert ticket["channel"] == "compensation" and ticket["priority"] is True
    assert ticket["status"] == "waiting" and ticket["code"].startswith("P")
    assert res.json["case"]["reservice_ticket"]["code"] == ticket["code"]
    with office.db.read() as s:
        original = s.get(Ticket, tid)
        reservice = s.get(Ticket, ticket["id"])
        assert reservice.queued_at == original.queued_at  # keeps the visit's place

    # The visitor's status page names the re-service ticket.
    status = client.get(f"/api/v1/tickets/{token}").json
    assert status["compensation"]["kind"] == "reservice_in_person"
    assert status["compensation"]["ticket"]["code"] == ticket["code"]

    # The priority counter calls it first.
    called = client.post("/api/v1/counters/4/call-next", headers=office.headers("loket4"))
    assert called.json["code"] == ticket["code"]

    closed = step(client, office, "kepala", case_id, "close", {"notes": "Selesai."}).json
    assert closed["status"] == "closed" and closed["overdue"] is False
    kinds = [h["kind"] for h in closed["history"]]
    assert kinds == ["opened", "heard", "proposed", "approved", "compensated", "closed"]
    assert all(h["by"] for h in closed["history"][1:])  # who did each step
    assert closed["history"][4]["data"]["reservice_ticket"] == ticket["code"]


def test_an_apology_is_shown_on_the_visitors_status_page(client, office, low_case):
    case_id, _, token = low_case
    drive(client, office, case_id, "verify")
    assert client.get(f"/api/v1/tickets/{token}").json["compensation"] is None
    res = step(client, office, "koordinator", case_id, "compensate",
               {"kind": "apology", "text": "Kami mohon maaf atas pelayanan kami."})
    assert res.status_code == 200 and res.json["ticket"] is None
    shown = client.get(f"/api/v1/tickets/{token}").json["compensation"]
    assert shown["kind"] == "apology"
    assert shown["text"] == "Kami mohon maaf atas pelayanan kami."


def test_an_online_reservice_is_an_online_request_with_the_visitors_contact(
        client, office, low_case):
    case_id, tid, token = low_case
    drive(client, office, case_id, "verify")
    # No phone or e-mail is known for a kiosk visitor: refused, nothing changes.
    res = step(client, office, "koordinator", case_id, "compensate",
               {"kind": "reservice_online", "text": "Jawaban lengkap kami kirim."})
    assert res.status_code == 409 and res.json["error"]["code"] == "no_contact"
    put = client.put(f"/api/v1/tickets/{tid}/visit", headers=office.headers("loket1"),
                     json={"name": "Ibu Sari", "phone": "0811 2345 678"})
    assert put.status_code == 200, put.json
    res = step(client, office, "koordinator", case_id, "compensate",
               {"kind": "reservice_online", "text": "Jawaban lengkap kami kirim."})
    assert res.status_code == 200, res.json
    online = res.json["ticket"]
    assert online["channel"] == "online"
    queue = client.get("/api/v1/counters/1/console", headers=office.headers("loket1")).json
    assert any(r["code"] == online["code"] and r["phone"] == "0811 2345 678"
               for r in queue["online"])
    answered = client.post(f"/api/v1/tickets/{online['id']}/answer-online",
                           headers=office.headers("loket1"),
                           json={"answer": "Berkas Anda sudah kami proses."})
    assert answered.status_code == 200
    assert client.get(f"/api/v1/tickets/{online['token']}").json["answer"] == (
        "Berkas Anda sudah kami proses.")
    assert client.get(f"/api/v1/tickets/{token}").json["compensation"]["ticket"][
        "code"] == online["code"]


def test_the_contact_is_listed_for_the_coordinator_not_for_the_staff_member(
        client, office, low_case):
    case_id, tid, _ = low_case
    client.put(f"/api/v1/tickets/{tid}/visit", headers=office.headers("loket1"),
               json={"name": "Ibu Sari", "email": "sari@example.id"})
    mine = client.get(f"/api/v1/cases/{case_id}", headers=office.headers("loket1")).json
    assert mine["contact"] is None and mine["ratings"]["comment"] is None
    theirs = client.get(f"/api/v1/cases/{case_id}", headers=office.headers("kepala")).json
    assert theirs["contact"] == {"phone": None, "email": "sari@example.id"}


def test_a_return_goes_back_for_review(client, office, low_case):
    case_id, _, _ = low_case
    drive(client, office, case_id, "propose")
    res = step(client, office, "kepala", case_id, "verify", {"decision": "return"})
    assert res.status_code == 400 and res.json["error"]["field"] == "notes"
    res = step(client, office, "kepala", case_id, "verify",
               {"decision": "return", "notes": "Dengar juga saksi di loket 2."})
    assert res.json["status"] == "returned" and res.json["decree_number"] is None
    # After a return the coordinator may hear again or propose again; not compensate.
    assert step(client, office, "koordinator", case_id, "compensate",
                {"kind": "apology", "text": "x"}).status_code == 409
    assert step(client, office, "koordinator", case_id, "hearing", HEARING).json[
        "status"] == "heard"
    assert step(client, office, "koordinator", case_id, "propose", PROPOSAL).json[
        "status"] == "proposed"
    done = step(client, office, "kepala", case_id, "verify", APPROVE).json
    assert [h["kind"] for h in done["history"]][-4:] == [
        "returned", "heard", "proposed", "approved"]


# Every step out of order: (the step, the states it is refused in).
OUT_OF_ORDER = {
    "hearing": ["heard", "proposed", "approved", "compensated", "closed"],
    "propose": ["open", "proposed", "approved", "compensated", "closed"],
    "verify": ["open", "heard", "approved", "compensated", "closed"],
    "compensate": ["open", "heard", "proposed", "compensated", "closed"],
    "close": ["open", "heard", "proposed", "approved", "closed"],
}
REACH = {"open": None, "heard": "hearing", "proposed": "propose", "approved": "verify",
         "compensated": "compensate", "closed": "close"}
ACTOR = {"hearing": "koordinator", "propose": "koordinator", "verify": "kepala",
         "compensate": "koordinator", "close": "koordinator"}
BODY = {"hearing": HEARING, "propose": PROPOSAL, "verify": APPROVE,
        "compensate": {"kind": "apology", "text": "Mohon maaf."}, "close": {}}


@pytest.mark.parametrize("state", ["open", "heard", "proposed", "approved", "compensated",
                                   "closed"])
def test_every_step_out_of_order_is_a_409_and_changes_nothing(client, office, low_case,
                                                             state):
    case_id, _, _ = low_case
    if REACH[state]:
        drive(client, office, case_id, REACH[state])
    before = client.get(f"/api/v1/cases/{case_id}", headers=office.headers("admin")).json
    for name, refused_in in OUT_OF_ORDER.items():
        if state not in refused_in:
            continue
        res = step(client, office, ACTOR[name], case_id, name, BODY[name])
        assert res.status_code == 409, (name, state, res.json)
        assert res.json["error"]["code"] == "case_out_of_order"
    after = client.get(f"/api/v1/cases/{case_id}", headers=office.headers("admin")).json
    assert after == before


ROLE_REFUSALS = [(name, who) for name in OUT_OF_ORDER
                 for who in ("loket1", "backoffice", "resepsionis", "admin", "koordinator",
                             "kepala", "kiosk")
                 if who != ACTOR[name] and not (name == "close" and who == "kepala")]


@pytest.mark.parametrize(("name", "who"), ROLE_REFUSALS)
def test_every_step_by_the_wrong_role_is_a_403(client, office, low_case, name, who):
    case_id, _, _ = low_case
    # Bring the case to where this step is in order, so only the role can refuse it.
    previous = {"hearing": None, "propose": "hearing", "verify": "propose",
                "compensate": "verify", "close": "compensate"}[name]
    if previous:
        drive(client, office, case_id, previous)
    res = step(client, office, who, case_id, name, BODY[name])
    assert res.status_code == 403, (name, who, res.json)
    with office.db.read() as s:
        events = s.scalar(select(func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id))
    assert events == 1 + ["hearing", "propose", "verify", "compensate", "close"].index(name)


def test_anonymous_gets_401_and_unknown_case_404(client, office, low_case):
    case_id, _, _ = low_case
    assert client.get(f"/api/v1/cases/{case_id}").status_code == 401
    assert client.post(f"/api/v1/cases/{case_id}/hearing", json=HEARING).status_code == 401
    assert client.get("/api/v1/cases/99999", headers=office.headers("admin")).status_code == 404
    assert client.get("/api/v1/offices/demo/cases").status_code == 401


def test_who_reads_cases(client, office, low_case):
    case_id, _, _ = low_case
    tid2, token2 = serve_one(client, office, counter=2)
    rate(client, token2)
    other = case_of(office, tid2)
    for who in ("koordinator", "kepala", "admin"):
        listed = client.get("/api/v1/offices/demo/cases", headers=office.headers(who)).json
        assert {c["id"] for c in listed["cases"]} == {case_id, other}, who
    # The staff member sees their own case only; others see none.
    own = client.get("/api/v1/offices/demo/cases", headers=office.headers("loket1")).json
    assert [c["id"] for c in own["cases"]] == [case_id] and own["own_only"]
    assert client.get(f"/api/v1/cases/{case_id}", headers=office.headers("loket1")
                      ).status_code == 200
    assert client.get(f"/api/v1/cases/{other}", headers=office.headers("loket1")
                      ).status_code == 403
    for who in ("backoffice", "resepsionis", "kiosk"):
        assert client.get(f"/api/v1/cases/{case_id}", headers=office.headers(who)
                          ).status_code == 403, who
    assert client.get("/api/v1/offices/demo/cases", headers=office.headers("kiosk")
                      ).status_code == 403


def test_list_filters_by_status(client, office, low_case):
    case_id, _, _ = low_case
    h = office.headers("koordinator")
    assert [c["id"] for c in client.get("/api/v1/offices/demo/cases?status=open",
                                        headers=h).json["cases"]] == [case_id]
    assert client.get("/api/v1/offices/demo/cases?status=closed", headers=h).json[
        "cases"] == []
    bad = client.get("/api/v1/offices/demo/cases?status=nonsense", headers=h)
    assert bad.status_code == 400 and bad.json["error"]["field"] == "status"


@pytest.mark.parametrize(("name", "who", "body", "field"), [
    ("hearing", "koordinator", {"notes": "  "}, "notes"),
    ("hearing", "koordinator", {"notes": 5}, "notes"),
    ("propose", "koordinator", {"sanction": "Teguran", "compensation": "money"},
     "compensation"),
    ("verify", "kepala", {"decision": "maybe"}, "decision"),
    ("verify", "kepala", {"decision": "approve", "decree_number": "1/2026"}, "decree_date"),
    ("verify", "kepala", {"decision": "approve", "decree_number": "1",
                          "decree_date": "01-12-2026"}, "decree_date"),
    ("compensate", "koordinator", {"kind": "apology"}, "text"),
    ("compensate", "koordinator", {"kind": "voucher", "text": "x"}, "kind"),
])
def test_bad_input_is_a_400_naming_the_field(client, office, low_case, name, who, body,
                                             field):
    case_id, _, _ = low_case
    previous = {"hearing": None, "propose": "hearing", "verify": "propose",
                "compensate": "verify"}[name]
    if previous:
        drive(client, office, case_id, previous)
    res = step(client, office, who, case_id, name, body)
    assert res.status_code == 400, res.json
    assert res.json["error"]["field"] == field


def test_one_case_per_response_is_a_database_rule(office, low_case):
    from sqlalchemy.exc import IntegrityError

    case_id, _, _ = low_case
    with office.db.read() as s:
        existing = s.get(Case, case_id)
        response_id, office_id, due = existing.survey_response_id, existing.office_id, \
            existing.due_at
    with pytest.raises(IntegrityError), office.db.write() as s:
        s.add(Case(office_id=office_id, survey_response_id=response_id, due_at=due))


def test_a_complaint_opens_a_case_with_its_channel(client, office):
    tid, _ = serve_one(client, office, counter=3)
    with office.db.read() as s:
        code = s.get(Ticket, tid).code
    actor = _actor(office, "backoffice")
    case_id = workflow.open_complaint(office.db, "demo", actor, workflow.Complaint(
        channel="whatsapp", text="Saya dipingpong antar loket.", ticket_code=code,
        contact="0812-3456-7890"))
    body = client.get(f"/api/v1/cases/{case_id}", headers=office.headers("koordinator")).json
    assert body["channel"] == "whatsapp" and body["ticket"]["code"] == code
    assert body["staff"]["username"] == "loket3"  # who served that ticket
    assert body["complaint"] == "Saya dipingpong antar loket."
    assert body["contact"] == {"phone": "0812-3456-7890", "email": None}
    assert body["history"][0]["by"]["username"] == "backoffice"
    # The back office opens cases but does not read them.
    assert client.get(f"/api/v1/cases/{case_id}", headers=office.headers("backoffice")
                      ).status_code == 403


@pytest.mark.parametrize(("complaint", "status"), [
    (dict(channel="survey", text="x"), 400),
    (dict(channel="fax", text="x"), 400),
    (dict(channel="letter", text=""), 400),
    (dict(channel="letter", text="x", contact="not a phone"), 400),
    (dict(channel="letter", text="x", staff="nobody"), 404),
    (dict(channel="letter", text="x", ticket_code="Z999"), 404),
])
def test_complaint_refusals(office, complaint, status):
    from antrian.shared.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        workflow.open_complaint(office.db, "demo", _actor(office, "backoffice"),
                             workflow.Complaint(**complaint))
    assert refused.value.status == status


def test_only_back_office_and_coordinator_open_complaints(office):
    from antrian.shared.core.errors import Forbidden

    for who in ("loket1", "kepala", "resepsionis"):
        with pytest.raises(Forbidden):
            workflow.open_complaint(office.db, "demo", _actor(office, who),
                                 workflow.Complaint(channel="letter", text="x"))


def test_a_complaint_without_a_ticket_cannot_be_served_again(client, office):
    case_id = workflow.open_complaint(office.db, "demo", _actor(office, "koordinator"),
                                   workflow.Complaint(channel="letter", text="Surat keluhan.",
                                                   staff="loket2"))
    drive(client, office, case_id, "verify")
    res = step(client, office, "koordinator", case_id, "compensate",
               {"kind": "reservice_in_person"})
    assert res.status_code == 409 and res.json["error"]["code"] == "no_ticket"


def _actor(office, username: str):
    from antrian.shared.auth.actors import actor_for_user
    from antrian.shared.models import User

    with office.db.read() as s:
        return actor_for_user(s.get(User, user_id(office, username)))


@pytest.mark.postgres
def test_the_flow_and_the_overdue_check_on_postgres(pg_office):
    from antrian.app import check_overdue_cases

    client = pg_office.app.test_client()
    tid, token = serve_one(client, pg_office)
    rate(client, token)
    case_id = case_of(pg_office, tid)
    assert case_id is not None
    drive(client, pg_office, case_id, "verify")
    res = step(client, pg_office, "koordinator", case_id, "compensate",
               {"kind": "reservice_in_person"})
    assert res.status_code == 200 and res.json["ticket"]["channel"] == "compensation"
    assert step(client, pg_office, "koordinator", case_id, "compensate",
                {"kind": "apology", "text": "x"}).status_code == 409
    assert check_overdue_cases(pg_office.db) == 0
    with pg_office.db.write() as s:
        case = s.get(Case, case_id)
        case.due_at = case.opened_at
    assert check_overdue_cases(pg_office.db) == 1
    assert check_overdue_cases(pg_office.db) == 0
