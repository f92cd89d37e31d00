"""The spooler prints real jobs to a virtual network printer; a printer that is off only
delays a ticket, never loses or duplicates it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from antrian.printing.spooler import Spooler
from antrian.shared.core import clock
from antrian.shared.models import Printer, PrintJob, Ticket, TicketEvent
from antrian.shared.tickets import print_jobs
from tests.escpos_decoder import Receipt, decode
from tests.support.factories import issue_ticket as issue


def qr_urls(receipt: Receipt) -> list[str]:
    """QR payloads, read back from the printed image (or the native QR command)."""
    assert all(not code.native for code in receipt.qr_codes), "an image QR unless told native"
    return receipt.qr_payloads


class Captured:
    """Every committed domain event, to see what the kiosk and staff were told."""

    def __init__(self, db) -> None:
        self.events = []
        self._lock = threading.Lock()
        db.subscribe(self._on)

    def _on(self, batch) -> None:
        with self._lock:
            self.events.extend(batch)

    def named(self, name: str) -> list:
        with self._lock:
            return [e for e in self.events if e.name == name]


def add_printer(demo, url: str, **options) -> dict:
    return print_jobs.add_printer(demo.db, "demo", options.pop("name", "lobby"), url, **options)


def job_rows(demo) -> list[PrintJob]:
    with demo.db.read() as session:
        return list(session.scalars(select(PrintJob).order_by(PrintJob.id)))


def wait_until(predicate, timeout: float = 10.0) -> None:
    done = threading.Event()
    deadline = clock.now() + timedelta(seconds=timeout)
    while not predicate():
        if clock.now() > deadline:
            raise AssertionError("condition not reached")
        done.wait(0.02)


def spooler_of(demo) -> Spooler:
    return demo.app.extensions["antrian.spooler"]


def test_kiosk_ticket_prints_in_indonesian(spooled, virtual_printer):
    add_printer(spooled, virtual_printer.url)
    client = spooled.app.test_client()
    captured = Captured(spooled.db)
    ticket = issue(client, spooled, "A")
    assert ticket["print"] == {"job": ticket["print"]["job"], "status": "pending", "attempts": 0}

    receipt = decode(virtual_printer.wait_for_jobs(1)[0])
    number = receipt.line("A001")
    assert number.text.strip() == "A001" and number.width >= 3 and number.bold
    assert receipt.line("Informasi").bold
    assert "BPMP Demo - Unit Layanan Terpadu" in receipt.text()
    assert "Unit Layanan Terpadu (ULT)" in receipt.text()
    assert "Antrean di depan Anda: 0" in receipt.text()
    assert "Perkiraan tunggu: segera dipanggil" in receipt.text()
    assert " WIB" in receipt.line(" WIB").text
    assert "Layanan ini tidak dipungut biaya" in receipt.text()
    assert qr_urls(receipt) == [ticket["status_url"]]
    assert ticket["status_url"].startswith("http://localhost/t/")
    assert receipt.cuts == 1

    wait_until(lambda: job_rows(spooled)[0].status == "done")
    job = job_rows(spooled)[0]
    assert job.attempts == 1 and job.last_error is None
    with spooled.db.read() as session:
        kinds = list(session.scalars(select(TicketEvent.kind).where(
            TicketEvent.ticket_id == ticket["id"]).order_by(TicketEvent.id)))
    assert kinds == ["issued", "printed"]
    wait_until(lambda: captured.named("print.done"))
    done = captured.named("print.done")[0]
    assert not done.office_wide and done.rooms[0].startswith("kiosk:")
    assert done.payload["job"] == job.id and done.payload["code"] == "A001"


def test_priority_ticket_prints_its_mark_and_reason(spooled, virtual_printer):
    add_printer(spooled, virtual_printer.url, paper_mm=58)
    client = spooled.app.test_client()
    issue(client, spooled, "B", priority=True, priority_reason="lansia")
    receipt = decode(virtual_printer.wait_for_jobs(1)[0])
    assert receipt.line("PB001").width >= 2
    mark = receipt.line("PRIORITAS - LANSIA")
    assert mark.inverted
    assert "Pengaduan" in receipt.text()


def test_printer_off_ticket_still_issued_then_printed_exactly_once(spooled, virtual_printer):
    add_printer(spooled, virtual_printer.url)
    client = spooled.app.test_client()
    captured = Captured(spooled.db)
    virtual_printer.stop()

    issued = [issue(client, spooled, s) for s in ("A", "A", "C")]
    # the tickets exist and can be shown on screen with their QR while the printer is off
    assert [t["code"] for t in issued] == ["A001", "A002", "C001"]
    qr = client.get(f"/t/{issued[0]['token']}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    wait_until(lambda: len(captured.named("print.failed")) == 3)
    rows = job_rows(spooled)
    assert all(j.status == "failed" and j.attempts >= 1 and j.last_error for j in rows)
    assert all(j.next_attempt_at is not None for j in rows), "a failed job is retried"
    with spooled.db.read() as session:
        printer = session.scalar(select(Printer))
        assert printer.state == "offline"
        failed = session.scalars(select(TicketEvent.ticket_id).where(
            TicketEvent.kind == "print_failed")).all()
    assert sorted(failed) == sorted(t["id"] for t in issued)

    virtual_printer.start()  # same port: the printer is back
    spooler_of(spooled).poke()
    jobs = virtual_printer.wait_for_jobs(3, timeout=20)
    wait_until(lambda: all(j.status == "done" for j in job_rows(spooled)))
    spooler_of(spooled).poke()
    assert spooler_of(spooled).idle.wait(5)
    codes = sorted(decode(data).line("0").text.strip() for data in virtual_printer.jobs)
    assert codes == ["A001", "A002", "C001"], "each ticket printed once, none twice"
    assert len(jobs) == len(virtual_printer.jobs) == 3
    assert len(captured.named("print.failed")) == 3, "the kiosk hears of a failure once"
    assert {e.payload["job"] for e in captured.named("print.done")} == {
        j.id for j in job_rows(spooled)}


def test_idempotent_retry_makes_one_ticket_and_one_slip(spooled, virtual_printer):
    add_printer(spooled, virtual_printer.url)
    client = spooled.app.test_client()
    headers = {**spooled.headers("kiosk"), "Idempotency-Key": "tap-0001-abcdef"}
    first = client.post("/api/v1/offices/demo/tickets", headers=headers, json={"service": "D"})
    again = client.post("/api/v1/offices/demo/tickets", headers=headers, json={"service": "D"})
    assert first.status_code == 201 and again.status_code == 200
    assert again.json["id"] == first.json["id"]
    assert again.json["print"]["job"] == first.json["print"]["job"]
    virtual_printer.wait_for_jobs(1)
    wait_until(lambda: job_rows(spooled)[0].status == "done")
    assert len(job_rows(spooled)) == 1 and len(virtual_printer.jobs) == 1


def test_catch_up_prints_jobs_left_from_before_a_restart(office, virtual_printer, client):
    """`office` has no spooler running: the jobs wait in the database, as after a crash."""
    add_printer(office, virtual_printer.url)
    fresh = issue(client, office, "A")
    stuck = issue(client, office, "B")
    old = clock.now() - timedelta(minutes=5)
    with office.db.write() as session:  # a process died while printing this one
        session.execute(update(PrintJob).where(PrintJob.ticket_id == stuck["id"])
                        .values(status="printing", updated_at=old))
    assert virtual_printer.jobs == []

    spooler = Spooler(office.db).start()
    try:
        jobs = virtual_printer.wait_for_jobs(2)
        assert sorted(decode(j).line("001").text.strip() for j in jobs) == [
            fresh["code"], stuck["code"]]
    finally:
        spooler.stop()


def test_finished_ticket_is_not_printed_late(office, client, virtual_printer):
    add_printer(office, virtual_printer.url)
    ticket = issue(client, office, "A")
    with office.db.write() as session:
        session.execute(update(Ticket).where(Ticket.id == ticket["id"])
                        .values(status="cancelled"))
    job_id = ticket["print"]["job"]
    assert print_jobs.claim(office.db, job_id) is None
    job = job_rows(office)[0]
    assert job.status == "failed" and job.next_attempt_at is None
    assert print_jobs.due_job_ids(office.db) == []


def test_no_printer_means_no_job(client, office):
    ticket = issue(client, office, "A")
    assert ticket["print"] is None
    assert job_rows(office) == []


def test_online_and_phone_tickets_get_no_slip(client, office, virtual_printer):
    add_printer(office, virtual_printer.url)
    reply = client.post("/api/v1/offices/demo/tickets", headers=office.headers("resepsionis"),
                        json={"service": "A", "channel": "phone"})
    assert reply.status_code == 201 and reply.json["print"] is None
    reply = client.post("/api/v1/offices/demo/tickets", headers=office.headers("resepsionis"),
                        json={"service": "A", "channel": "reception"})
    assert reply.json["print"]["status"] == "pending"
    with office.db.read() as session:
        job = session.scalar(select(PrintJob))
    assert job.kiosk_token_id is None, "reception's slip tells no kiosk"


def test_backoff_schedule(office, client, virtual_printer):
    add_printer(office, virtual_printer.url)
    job_id = issue(client, office, "A")["print"]["job"]
    gaps = []
    for _ in range(7):
        assert print_jobs.claim(office.db, job_id) is not None
        outcome = print_jobs.finish(office.db, job_id, False, "mati / off")
        gaps.append(round((outcome.next_attempt_at - clock.now()).total_seconds()))
    assert gaps == [1, 2, 5, 10, 30, 30, 30]
    with office.db.read() as session:
        failed = session.scalars(select(TicketEvent).where(
            TicketEvent.kind == "print_failed")).all()
    assert len(failed) == 1, "the timeline records the failure once, not every retry"


@pytest.mark.parametrize("who,status", [("resepsionis", 201), ("kiosk", 201), ("loket1", 201),
                                         ("backoffice", 403)])
def test_reprint_permission(client, office, virtual_printer, who, status):
    add_printer(office, virtual_printer.url)
    ticket = issue(client, office, "A")
    with office.db.write() as session:  # the first slip came out
        session.execute(update(PrintJob).values(status="done"))
    reply = client.post(f"/api/v1/tickets/{ticket['id']}/reprint", headers=office.headers(who))
    assert reply.status_code == status, reply.json
    if status == 201:
        assert reply.json["ticket"] == "A001" and reply.json["status"] == "pending"
        assert len(job_rows(office)) == 2 and job_rows(office)[1].kind == "reprint"


def test_reprint_errors(client, office, virtual_printer):
    assert client.post("/api/v1/tickets/1/reprint").status_code in (401, 404)
    ticket = issue(client, office, "A")
    no_printer = client.post(f"/api/v1/tickets/{ticket['id']}/reprint",
                             headers=office.headers("resepsionis"))
    assert no_printer.status_code == 409 and no_printer.json["error"]["code"] == "no_printer"
    assert client.post(f"/api/v1/tickets/{ticket['id']}/reprint").status_code == 401
    assert client.post("/api/v1/tickets/9999/reprint",
                       headers=office.headers("resepsionis")).status_code == 404


def test_reprint_prints_again(spooled, virtual_printer):
    add_printer(spooled, virtual_printer.url)
    client = spooled.app.test_client()
    ticket = issue(client, spooled, "C")
    virtual_printer.wait_for_jobs(1)
    wait_until(lambda: job_rows(spooled)[0].status == "done")  # confirmed, not just sent
    reply = client.post(f"/api/v1/tickets/{ticket['id']}/reprint",
                        headers=spooled.headers("resepsionis"))
    assert reply.status_code == 201
    second = decode(virtual_printer.wait_for_jobs(2)[1])
    assert second.line("C001").width >= 3
    assert qr_urls(second) == [ticket["status_url"]]


def test_printer_state_polled_and_announced(spooled, virtual_printer):
    add_printer(spooled, virtual_printer.url)
    captured = Captured(spooled.db)
    spooler = spooler_of(spooled)
    api = spooled.app.test_client()

    def state() -> str:
        reply = api.get("/api/v1/offices/demo/printers", headers=spooled.headers("admin"))
        assert reply.status_code == 200
        return reply.json["printers"][0]["state"]

    virtual_printer.paper = "near_end"
    spooler.poll_states()
    assert state() == "paper_near_end"
    spooler.poll_states()
    assert len(captured.named("printer.state")) == 1, "only a change is announced"
    virtual_printer.paper = "out"
    spooler.poll_states()
    assert state() == "paper_out"
    virtual_printer.stop()
    spooler.poll_states()
    assert state() == "offline"
    announced = [e.payload["printer"]["state"] for e in captured.named("printer.state")]
    assert announced == ["paper_near_end", "paper_out", "offline"]
    assert all(e.office_wide for e in captured.named("printer.state"))
    assert api.get("/api/v1/offices/demo/printers").status_code == 401
    assert api.get("/api/v1/offices/demo/printers",
                   headers=spooled.headers("backoffice")).status_code == 403


def test_print_job_status_for_the_kiosk(client, office, virtual_printer):
    add_printer(office, virtual_printer.url)
    ticket = issue(client, office, "A")
    job = ticket["print"]["job"]
    reply = client.get(f"/api/v1/print-jobs/{job}", headers=office.headers("kiosk"))
    assert reply.json == {"job": job, "status": "pending", "attempts": 0}
    assert client.get(f"/api/v1/print-jobs/{job}").status_code == 401
    assert client.get("/api/v1/print-jobs/999", headers=office.headers("kiosk")).status_code \
        == 404


def test_a_printer_with_an_unknown_profile_does_not_stop_polling_the_others(
        office, virtual_printer):
    from antrian.printing.spooler import printer_state

    add_printer(office, virtual_printer.url, name="old")
    add_printer(office, virtual_printer.url, name="lobby")
    with office.db.write() as session:  # stored before an upgrade dropped the profile
        session.execute(update(Printer).where(Printer.name == "old").values(profile="Gone"))
    old = next(p for p in print_jobs.all_printers(office.db) if p["name"] == "old")
    assert printer_state(old) == "offline"

    virtual_printer.paper = "near_end"
    Spooler(office.db).poll_states()
    states = {p["name"]: p["state"] for p in print_jobs.all_printers(office.db)}
    assert states == {"old": "offline", "lobby": "paper_near_end"}


def work_for(url: str, **printer) -> dict:
    slip = {"office_name": "BPMP", "service_name": "Umum", "code": "A001",
            "qr_url": "https://antrian.example/t/abc"}
    return {"job": 1, "slip": slip, "printer": {"id": 1, "url": url, **printer}}


def test_run_job_says_which_kind_of_failure(virtual_printer):
    from antrian.printing.spooler import run_job

    assert run_job(work_for(virtual_printer.url)) is None
    assert len(virtual_printer.wait_for_jobs(1)) == 1
    virtual_printer.stop()
    off = run_job(work_for(virtual_printer.url), timeout=1)
    assert off.kind == "unreachable" and "tidak terjangkau / unreachable" in off.message
    gone = run_job(work_for(virtual_printer.url, profile="Gone"))
    assert gone.kind == "failed" and "bad printer settings" in gone.message
    broken = work_for(virtual_printer.url)
    del broken["slip"]["code"]
    bad = run_job(broken)
    assert bad.kind == "failed" and "bad slip data" in bad.message


def test_only_an_unreachable_printer_is_marked_offline(office, client, virtual_printer):
    add_printer(office, virtual_printer.url, profile="TM-T88V")
    with office.db.write() as session:  # it cannot print, but it is not off
        session.execute(update(Printer).values(profile="Gone"))
    issue(client, office, "A")
    assert Spooler(office.db).drain() == 0
    job = job_rows(office)[0]
    assert job.status == "failed" and "bad printer settings" in job.last_error
    assert print_jobs.all_printers(office.db)[0]["state"] != "offline"


def statements_from(db, thread_name: str) -> list[str]:
    """Every SQL statement the named thread sends from now on (a live list)."""
    from sqlalchemy import event

    seen: list[str] = []

    def note(conn, cursor, statement, *args) -> None:
        if threading.current_thread().name == thread_name:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    return seen


def test_without_printers_the_spooler_sleeps_until_a_print_event(office):
    spooler = Spooler(office.db, status_every_s=0.1)
    seen = statements_from(office.db, "antrian-spooler")
    spooler.start()
    try:
        assert spooler.idle.wait(5)
        settled = len(seen)
        threading.Event().wait(1.0)  # ten status periods: no printer, so nothing to look at
        assert len(seen) == settled, seen[settled:]
        spooler.poke()  # what a print event does: one look, then asleep again
        wait_until(lambda: len(seen) > settled)
        threading.Event().wait(0.5)
        woke = len(seen)
        threading.Event().wait(1.0)
        assert len(seen) == woke
    finally:
        spooler.stop()


def test_with_a_printer_its_state_is_looked_after_periodically(office, virtual_printer):
    add_printer(office, virtual_printer.url)
    virtual_printer.paper = "near_end"
    spooler = Spooler(office.db, status_every_s=0.2)
    spooler.start()
    try:
        wait_until(lambda: _state(office) == "paper_near_end")
        virtual_printer.paper = "out"  # no print event: the periodic look finds it
        wait_until(lambda: _state(office) == "paper_out", timeout=5)
    finally:
        spooler.stop()


def _state(demo) -> str | None:
    with demo.db.read() as session:
        return session.scalar(select(Printer.state))
