"""A job is printed only when the printer says it can print, before and after the job's bytes.
Paper out, a reset mid-job (a torn slip) and a printer that accepts but never reads: the job is
not marked printed, the kiosk hears it failed, it is retried whole once the printer is fine,
and every ticket comes out whole exactly once. `fault_table` prints the table for the note."""

from __future__ import annotations

from collections import Counter as Tally

import pytest
from sqlalchemy import select, update

from antrian.printing.spooler import Spooler
from antrian.shared.core import clock
from antrian.shared.models import PrintJob
from tests.escpos_decoder import decode
from tests.printing.test_spooler import Captured, add_printer, issue, job_rows, wait_until

TICKETS = 8


def make_due(office) -> None:
    with office.db.write() as s:
        s.execute(update(PrintJob).where(PrintJob.status == "failed")
                  .values(next_attempt_at=clock.now()))


def break_printer(printer, mode: str) -> None:
    if mode == "paper_out":
        printer.paper = "out"
    elif mode == "reset":
        printer.reset_after(300)
    elif mode == "stall":
        printer.stalled = True


def mend_printer(printer, mode: str) -> None:
    printer.paper = "ok"
    printer.reset_after(None)
    printer.stalled = False


def codes_printed(printer) -> Tally:
    wait_until(lambda: len(printer.printed) >= TICKETS, timeout=5)  # the last may still close
    return Tally(decode(data).line("0").text.strip() for data in printer.printed)


@pytest.mark.parametrize("mode", ["paper_out", "reset", "stall"])
def test_a_faulty_printer_never_marks_a_job_printed(office, client, virtual_printer, mode):
    add_printer(office, virtual_printer.url)
    spooler = Spooler(office.db, timeout=0.5)
    spooler.poll_states()  # the printer answered DLE EOT once: it is one that answers
    captured = Captured(office.db)
    break_printer(virtual_printer, mode)
    tickets = [issue(client, office, "A") for _ in range(TICKETS)]
    assert spooler.drain() == 0
    jobs = job_rows(office)
    assert [j.status for j in jobs] == ["failed"] * TICKETS, "nothing is marked printed"
    assert all(j.last_error for j in jobs)
    assert len(captured.named("print.failed")) == TICKETS  # each kiosk is told the truth
    assert not captured.named("print.done")
    assert virtual_printer.printed == []
    # A reprint asked for meanwhile is the same job: it will not come out twice.
    again = client.post(f"/api/v1/tickets/{tickets[0]['id']}/reprint",
                        headers=office.headers("resepsionis"))
    assert again.status_code == 201 and again.json["job"] == jobs[0].id

    mend_printer(virtual_printer, mode)
    make_due(office)
    assert spooler.drain() == TICKETS
    assert {j.status for j in job_rows(office)} == {"done"}
    printed = codes_printed(virtual_printer)
    assert printed == Tally({t["code"]: 1 for t in tickets}), "each ticket whole, once"
    assert len(captured.named("print.done")) == TICKETS


def test_paper_out_is_seen_before_any_byte_is_sent(office, client, virtual_printer):
    add_printer(office, virtual_printer.url)
    spooler = Spooler(office.db, timeout=0.5)
    virtual_printer.paper = "out"
    issue(client, office, "A")
    spooler.drain()
    assert virtual_printer.jobs == []  # only status questions reached it
    assert job_rows(office)[0].last_error.endswith("paper_out")
    with office.db.read() as s:
        assert s.scalar(select(PrintJob.status)) == "failed"


def test_a_silent_adapter_is_trusted_as_before(office, client, virtual_printer):
    """A network adapter that never passes answers back: accepted bytes are all we can know."""
    virtual_printer.answers_status = False
    add_printer(office, virtual_printer.url)
    issue(client, office, "A")
    assert Spooler(office.db, timeout=0.3).drain() == 1
    virtual_printer.wait_for_jobs(1)  # the printer's side records the job as it closes
    assert len(virtual_printer.printed) == 1


def fault_table(office, client, virtual_printer) -> list[tuple]:
    """(mode, tickets, printed once, torn, lost) after a fault and the retry."""
    rows = []
    for mode in ("paper_out", "reset", "stall"):
        before = len(virtual_printer.records)
        torn_before = virtual_printer.torn
        spooler = Spooler(office.db, timeout=0.5)
        spooler.poll_states()
        break_printer(virtual_printer, mode)
        codes = [issue(client, office, "B")["code"] for _ in range(TICKETS)]
        spooler.drain()
        mend_printer(virtual_printer, mode)
        make_due(office)
        spooler.drain()
        wait_until(lambda start=before: sum(
            r.printed_whole for r in virtual_printer.records[start:]) >= TICKETS, timeout=5)
        fresh = [r for r in virtual_printer.records[before:] if r.printed_whole]
        seen = Tally(decode(bytes(r.data)).line("0").text.strip() for r in fresh)
        rows.append((mode, TICKETS, sum(1 for c in codes if seen[c] == 1),
                     virtual_printer.torn - torn_before, sum(1 for c in codes if not seen[c])))
    return rows


def test_fault_table(office, client, virtual_printer, capsys):
    add_printer(office, virtual_printer.url)
    rows = fault_table(office, client, virtual_printer)
    with capsys.disabled():
        print("\nmode       tickets  printed_once  torn  lost")
        for row in rows:
            print("{:<10} {:>7} {:>13} {:>5} {:>5}".format(*row))
    assert [(mode, printed, lost) for mode, _, printed, _, lost in rows] == [
        ("paper_out", TICKETS, 0), ("reset", TICKETS, 0), ("stall", TICKETS, 0)]
