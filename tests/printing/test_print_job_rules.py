"""The print-job rules of shared/tickets/print_jobs.py that no screen reaches: what an agent's
report, a printer's registration and a late claim are refused or turned into."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from antrian.shared.auth.actors import Actor, actor_for_bearer
from antrian.shared.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from antrian.shared.models import Office, Printer, PrintJob
from antrian.shared.tickets import print_jobs
from tests.support.factories import issue_ticket, second_office


def demo_id(office) -> int:
    with office.db.read() as s:
        return s.scalar(select(Office.id).where(Office.code == "demo"))


def agent(office_id: int | None) -> Actor:
    return Actor(kind="print_agent", office_id=office_id)


@pytest.fixture
def queued(client, office):
    """A ticket issued with a printer configured: (ticket json, its pending job id)."""
    print_jobs.add_printer(office.db, "demo", "lobi", "tcp://127.0.0.1:9")
    ticket = issue_ticket(client, office)
    with office.db.read() as s:
        return ticket, print_jobs.latest_job(s, ticket["id"]).id


def test_an_agent_report_must_say_ok_as_true_or_false(office, queued):
    _, job = queued
    with pytest.raises(InvalidInput) as bad:
        print_jobs.ack(office.db, job, agent(demo_id(office)), "yes", None)
    assert bad.value.field == "ok"
    with pytest.raises(InvalidInput) as bad:
        print_jobs.ack(office.db, job, agent(demo_id(office)), False, 42)
    assert bad.value.field == "error"
    with pytest.raises(NotFound):
        print_jobs.ack(office.db, 10**9, agent(demo_id(office)), True, None)


def test_an_agent_of_another_office_cannot_report_the_job(office, queued):
    with office.db.write() as s:
        other = second_office(s, {})["office_id"]
    with pytest.raises(Forbidden):
        print_jobs.ack(office.db, queued[1], agent(other), True, None)


def test_a_job_nobody_claimed_cannot_be_finished(office, queued):
    with pytest.raises(Conflict) as refused:
        print_jobs.finish(office.db, queued[1], True)
    assert refused.value.code == "not_claimed"
    with pytest.raises(NotFound):
        print_jobs.finish(office.db, 10**9, True)


def test_an_agent_token_without_an_office_claims_nothing(office):
    with pytest.raises(InvalidInput):
        print_jobs.claim_for_agent(office.db, agent(None))


def test_a_finished_ticket_is_not_printed_late(client, office, queued):
    ticket, job = queued
    h = office.headers()
    assert client.post("/api/v1/counters/1/call-next", headers=h).json["id"] == ticket["id"]
    for action in ("serve", "complete"):
        assert client.post(f"/api/v1/tickets/{ticket['id']}/{action}", headers=h).status_code == 200
    assert print_jobs.claim(office.db, job) is None
    with office.db.read() as s:
        row = s.get(PrintJob, job)
        assert (row.status, row.next_attempt_at) == ("failed", None)
        assert "ticket finished" in row.last_error


def test_a_reprint_while_the_slip_waits_is_the_same_job(office, queued):
    ticket, job = queued
    with office.db.read() as s:
        reception = actor_for_bearer(s, office.tokens["resepsionis"])
    again = print_jobs.reprint(office.db, ticket["id"], reception, "http://x")
    assert again["job"] == job
    with office.db.read() as s:
        assert s.scalar(select(PrintJob.id).order_by(PrintJob.id.desc())) == job
        assert print_jobs.job_status(office.db, job, reception)["status"] == "pending"
    with pytest.raises(NotFound):
        print_jobs.job_status(office.db, 10**9, reception)


def test_a_printer_needs_a_paper_width_a_name_and_a_name_of_its_own(office):
    with pytest.raises(InvalidInput) as bad:
        print_jobs.add_printer(office.db, "demo", "lobi", "tcp://127.0.0.1:9", paper_mm=57)
    assert bad.value.field == "paper_mm"
    for name in ("  ", "x" * 61):
        with pytest.raises(InvalidInput) as bad:
            print_jobs.add_printer(office.db, "demo", name, "tcp://127.0.0.1:9")
        assert bad.value.field == "name"
    print_jobs.add_printer(office.db, "demo", "lobi", "tcp://127.0.0.1:9")
    with pytest.raises(Conflict) as taken:
        print_jobs.add_printer(office.db, "demo", " lobi ", "tcp://127.0.0.1:10")
    assert taken.value.code == "printer_exists"


def test_the_first_printer_is_the_default_until_another_is_made_default(office):
    first = print_jobs.add_printer(office.db, "demo", "satu", "tcp://127.0.0.1:9")
    second = print_jobs.add_printer(office.db, "demo", "dua", "tcp://127.0.0.1:10")
    assert (first["is_default"], second["is_default"]) == (True, False)
    print_jobs.add_printer(office.db, "demo", "tiga", "tcp://127.0.0.1:11", is_default=True)
    with office.db.read() as s:
        defaults = s.scalars(select(Printer.name).where(Printer.is_default)).all()
    assert defaults == ["tiga"]


def test_a_printer_name_in_two_offices_needs_the_office(office):
    with office.db.write() as s:
        second_office(s, {})
    print_jobs.add_printer(office.db, "demo", "lobi", "tcp://127.0.0.1:9")
    print_jobs.add_printer(office.db, "lain", "lobi", "tcp://127.0.0.1:10")
    with pytest.raises(InvalidInput):
        print_jobs.find_printer(office.db, "lobi")
    assert print_jobs.find_printer(office.db, "lobi", "lain")["url"] == "tcp://127.0.0.1:10"
    with pytest.raises(NotFound):
        print_jobs.find_printer(office.db, "tidak-ada")


def test_the_state_of_an_unknown_printer_is_not_stored(office):
    assert print_jobs.set_printer_state(office.db, 10**9, "online") is False
