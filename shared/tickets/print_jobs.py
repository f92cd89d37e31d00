"""Print jobs: created with their ticket, claimed by a spooler or a print agent, never lost.

A ticket issued at the kiosk or by reception gets its PrintJob in the same transaction, so a
committed ticket always has a job and a failed printer can only delay it. Whoever prints (the
in-server spooler in `printing/`, or `antrian print-agent` in the office) claims a due job,
gets its slip as plain strings (this module never imports the printer code), prints it, and
reports back with `finish`. A failed attempt keeps the job and schedules the next one with
backoff; the kiosk hears `print.failed` after the first failure so it can show the ticket on
screen, and `print.done` once it is printed.

Job states: `pending` (not tried yet), `printing` (claimed), `done`, `failed` (the last attempt
failed; retried at `next_attempt_at`, or never again when `next_attempt_at` is empty because
the ticket is finished and a late slip would only confuse).
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound
from antrian.shared.models import Office, Printer, PrintJob, Ticket
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets import access, timeline, wait_estimate
from antrian.shared.tickets import states as st
from antrian.shared.tickets.ticket_json import status_url

#: Channels whose visitor stands at a printer and takes the slip.
PRINTED_CHANNELS = ("kiosk", "reception")
#: Seconds to wait before each retry; the last figure repeats until the job prints.
BACKOFF_S = (1, 2, 5, 10, 30)
#: A claim older than this belonged to a process that died mid-job: try again.
STALE_CLAIM_S = 60
RETRYABLE = ("pending", "failed")

PRIORITY_LABELS = {
    "lansia": "Lansia",
    "disabilitas": "Penyandang disabilitas",
    "ibu_hamil": "Ibu hamil",
    "anak_kecil": "Membawa anak kecil",
    "korban_bencana": "Korban bencana",
}
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
QR_CAPTION = "Pindai untuk status & survei"
BAD_STATUS = "Status harus ok atau error. / Give ok: true or false."


@dataclass(frozen=True)
class Outcome:
    """What `finish` decided, for the caller's log."""

    job_id: int
    status: str
    attempts: int
    next_attempt_at: datetime | None


# ---------------------------------------------------------------- creating


def default_printer(office: Office) -> Printer | None:
    """The office's default printer, else its first one; None when it has none."""
    return office.printers[0] if office.printers else None


def queue_ticket_print(
    session: Session, office: Office, ticket: Ticket, actor: Actor | None, base_url: str,
    kind: str = "ticket",
) -> PrintJob | None:
    """Add the ticket's PrintJob to the caller's transaction; None when the office has no
    printer (the kiosk then shows the ticket on screen only)."""
    printer = default_printer(office)
    if printer is None:
        return None
    now = clock.now()
    job = PrintJob(
        office_id=office.id,
        printer_id=printer.id,
        ticket_id=ticket.id,
        kiosk_token_id=actor.token_id if actor is not None and actor.kind == "kiosk" else None,
        kind=kind,
        status="pending",
        attempts=0,
        created_at=now,
        updated_at=now,
        next_attempt_at=now,
        status_url=status_url(base_url, ticket.public_token) if base_url else None,
    )
    session.add(job)
    session.flush()
    rooms = (f"agent:{office.code}",) if printer.via_agent else ()
    events.record(session, events.Event(
        "print.queued", office.id, office.code,
        {"job": job.id, "via_agent": printer.via_agent}, rooms=rooms, office_wide=False,
    ))
    return job


def job_json(job: PrintJob | None) -> dict[str, Any] | None:
    """A job as the kiosk and staff see it: no error text (it names network addresses)."""
    if job is None:
        return None
    return {"job": job.id, "status": job.status, "attempts": job.attempts}


def latest_job(session: Session, ticket_id: int) -> PrintJob | None:
    return session.scalar(
        select(PrintJob).where(PrintJob.ticket_id == ticket_id).order_by(PrintJob.id.desc())
    )


def reprint(db: Database, ticket_id: int, actor: Actor | None, base_url: str) -> dict[str, Any]:
    """Print a ticket again (reception, or a kiosk whose visitor lost the slip). While the
    ticket's slip is still waiting for the printer, that job is the answer: no second one."""
    with db.write() as session:
        ticket, office = access.ticket_for(session, ticket_id, actor, "reprint")
        if ticket.status in st.FINISHED:
            raise Conflict(f"Tiket {ticket.code} sudah selesai; tidak dicetak ulang. / "
                           "The ticket is finished.", code="ticket_finished")
        waiting = latest_job(session, ticket.id)
        if waiting is not None and waiting.status in (*RETRYABLE, "printing"):
            # The slip has not come out yet: it still will, once; a second job would make two.
            return {"ticket": ticket.code, **(job_json(waiting) or {})}
        job = queue_ticket_print(session, office, ticket, actor, base_url, kind="reprint")
        if job is None:
            raise Conflict("Kantor ini belum punya printer. / This office has no printer.",
                           code="no_printer")
        return {"ticket": ticket.code, **(job_json(job) or {})}


def job_status(db: Database, job_id: int, actor: Actor | None) -> dict[str, Any]:
    with db.read() as session:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise NotFound(f"Tugas cetak tidak ditemukan / unknown print job: {job_id}")
        require(actor, "reprint", job.office_id)
        return job_json(job) or {}


# ---------------------------------------------------------------- printing


def due_job_ids(db: Database, *, via_agent: bool = False, office_id: int | None = None,
                limit: int = 50) -> list[int]:
    """Jobs whose (next) attempt is due, oldest first; the server's or an agent's printers."""
    now = clock.now()
    with db.read() as session:
        query = (
            select(PrintJob.id)
            .join(Printer, Printer.id == PrintJob.printer_id)
            .where(
                PrintJob.status.in_(RETRYABLE),
                PrintJob.next_attempt_at.is_not(None),
                PrintJob.next_attempt_at <= now,
                Printer.via_agent.is_(via_agent),
            )
            .order_by(PrintJob.id)
            .limit(limit)
        )
        if office_id is not None:
            query = query.where(PrintJob.office_id == office_id)
        return list(session.scalars(query))


def next_due_at(db: Database) -> datetime | None:
    """When the server's next retry falls due (None: nothing is waiting to print)."""
    with db.read() as session:
        return session.scalar(
            select(PrintJob.next_attempt_at)
            .join(Printer, Printer.id == PrintJob.printer_id)
            .where(PrintJob.status.in_(RETRYABLE), PrintJob.next_attempt_at.is_not(None),
                   Printer.via_agent.is_(False))
            .order_by(PrintJob.next_attempt_at)
            .limit(1)
        )


def release_stale_claims(db: Database, older_than_s: int = STALE_CLAIM_S) -> int:
    """Make jobs claimed by a process that died (restart, crash) due again."""
    now = clock.now()
    with db.write() as session:
        result = session.execute(
            update(PrintJob)
            .where(PrintJob.status == "printing",
                   PrintJob.updated_at < now - timedelta(seconds=older_than_s))
            .values(status="failed", next_attempt_at=now, updated_at=now,
                    last_error="terputus saat mencetak / interrupted while printing")
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0


def claim(db: Database, job_id: int) -> dict[str, Any] | None:
    """Take a due job for printing; None if someone else took it or it needs no printing.

    The guarded UPDATE makes the claim atomic, so two server processes (or a server and a
    restarted one) never print the same job twice.
    """
    now = clock.now()
    with db.write() as session:
        taken = session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id, PrintJob.status.in_(RETRYABLE))
            .values(status="printing", updated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != 1:
            return None
        job = session.get(PrintJob, job_id)
        session.refresh(job)
        ticket = session.get(Ticket, job.ticket_id) if job.ticket_id else None
        office = session.get(Office, job.office_id)
        if ticket is None or _too_late(ticket, office):
            job.status = "failed"
            job.next_attempt_at = None
            job.last_error = "tiket sudah selesai; tidak dicetak / ticket finished, not printed"
            return None
        return _work(session, job, ticket, office)


def claim_for_agent(db: Database, actor: Actor | None) -> list[dict[str, Any]]:
    """Claim every due job of the agent's office; it prints them and acknowledges each."""
    require(actor, "print_agent", actor.office_id if actor else 0)
    if actor.office_id is None:
        raise InvalidInput("Token agen harus terikat kantor. / An agent token needs an office.")
    release_stale_claims(db)
    work = []
    for job_id in due_job_ids(db, via_agent=True, office_id=actor.office_id):
        item = claim(db, job_id)
        if item is not None:
            work.append(item)
    return work


def ack(db: Database, job_id: int, actor: Actor | None, ok: Any, error: Any) -> Outcome:
    """A print agent reports one job's outcome."""
    if not isinstance(ok, bool):
        raise InvalidInput(BAD_STATUS, field="ok")
    if error is not None and not isinstance(error, str):
        raise InvalidInput("error harus teks. / error must be a string.", field="error")
    with db.read() as session:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise NotFound(f"Tugas cetak tidak ditemukan / unknown print job: {job_id}")
        require(actor, "print_agent", job.office_id)
    return finish(db, job_id, ok, (error or "")[:500] or None)


def finish(db: Database, job_id: int, ok: bool, error: str | None = None) -> Outcome:
    """Record an attempt of a claimed job: done, or failed with the next attempt scheduled
    by backoff. Checked in the same transaction, so two reports of one attempt count once."""
    now = clock.now()
    with db.write() as session:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise NotFound(f"Tugas cetak tidak ditemukan / unknown print job: {job_id}")
        if job.status != "printing":
            raise Conflict("Tugas ini tidak sedang dicetak. / This job is not being printed.",
                           code="not_claimed")
        job.attempts += 1
        job.updated_at = now
        ticket = session.get(Ticket, job.ticket_id) if job.ticket_id else None
        office = session.get(Office, job.office_id)
        if ok:
            job.status, job.next_attempt_at, job.last_error = "done", None, None
            if ticket is not None:
                _timeline(session, ticket, "printed", job)
            _tell_kiosk(session, office, job, ticket, "print.done")
        else:
            job.status = "failed"
            job.last_error = error or "gagal mencetak / print failed"
            delay = BACKOFF_S[min(job.attempts, len(BACKOFF_S)) - 1]
            job.next_attempt_at = now + timedelta(seconds=delay)
            if job.attempts == 1:  # the timeline and the kiosk hear it once, not every retry
                if ticket is not None:
                    _timeline(session, ticket, "print_failed", job)
                _tell_kiosk(session, office, job, ticket, "print.failed")
        return Outcome(job.id, job.status, job.attempts, job.next_attempt_at)


def _too_late(ticket: Ticket, office: Office) -> bool:
    today = clock.today(office.timezone)
    return ticket.status in st.FINISHED or ticket.service_day != today


def _timeline(session: Session, ticket: Ticket, kind: str, job: PrintJob) -> None:
    timeline.log_event(session, ticket, kind, None, job=job.id, attempts=job.attempts,
                       printer=job.printer_id)


def _tell_kiosk(session: Session, office: Office, job: PrintJob, ticket: Ticket | None,
                name: str) -> None:
    if job.kiosk_token_id is None:
        return
    payload = {"job": job.id, "status": job.status, "attempts": job.attempts,
               "ticket": ticket.id if ticket else None, "code": ticket.code if ticket else None}
    events.record(session, events.Event(
        name, office.id, office.code, payload,
        rooms=(f"kiosk:{job.kiosk_token_id}",), office_wide=False,
    ))


# ---------------------------------------------------------------- the slip's words


def _work(session: Session, job: PrintJob, ticket: Ticket, office: Office) -> dict[str, Any]:
    printer = session.get(Printer, job.printer_id)
    return {
        "job": job.id,
        "kind": job.kind,
        "ticket": ticket.id,
        "code": ticket.code,
        "printer": printer_json(printer),
        "slip": slip_data(session, ticket, office, job.status_url),
    }


def slip_data(session: Session, ticket: Ticket, office: Office,
              url: str | None) -> dict[str, Any]:
    """Everything the ticket prints, in Indonesian, as plain JSON-able strings."""
    if ticket.status == st.WAITING:
        ahead, wait_s = wait_estimate.for_ticket(session, ticket)
        ahead_text = f"Antrean di depan Anda: {ahead}"
        wait_text = wait_phrase(wait_s)
    else:
        ahead_text = f"Status: {st.STATUS_LABELS[ticket.status].split(' / ')[0]}"
        wait_text = ""
    label = None
    if ticket.priority:
        reason = PRIORITY_LABELS.get(ticket.priority_reason or "", "")
        label = "PRIORITAS" + (f" - {reason.upper()}" if reason else "")
    return {
        "office_name": office.name,
        "header_lines": _text_lines(office.ticket_header),
        "service_name": ticket.service.name_id,
        "code": ticket.code,
        "priority": ticket.priority,
        "priority_label": label,
        "issued_at_text": local_time_text(ticket.issued_at, office.timezone),
        "ahead_text": ahead_text,
        "wait_text": wait_text,
        "qr_url": url or f"/t/{ticket.public_token}",
        "qr_caption": QR_CAPTION,
        "footer_lines": _text_lines(office.ticket_footer),
        "logo_b64": base64.b64encode(office.logo).decode() if office.logo else None,
    }


def wait_phrase(wait_s: int) -> str:
    if wait_s <= 0:
        return "Perkiraan tunggu: segera dipanggil"
    return f"Perkiraan tunggu: {max(1, math.ceil(wait_s / 60))} menit"


def local_time_text(moment: datetime, tz_name: str) -> str:
    """"Sabtu, 21 November 2026 10:15 WIB": the visitor's own day, date and zone."""
    local = moment.astimezone(clock.zone(tz_name))
    return (f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year} "
            f"{local:%H:%M} {clock.zone_abbreviation(tz_name)}")


def _text_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# ---------------------------------------------------------------- printers


def printer_json(printer: Printer) -> dict[str, Any]:
    return {
        "id": printer.id, "name": printer.name, "url": printer.url,
        "paper_mm": printer.paper_mm, "native_qr": printer.native_qr,
        "profile": printer.profile, "is_default": printer.is_default,
        "via_agent": printer.via_agent, "state": printer.state,
        "state_at": printer.state_at.isoformat() if printer.state_at else None,
    }


def add_printer(
    db: Database, office_code: str, name: str, url: str, *, paper_mm: int = 80,
    native_qr: bool = False, profile: str | None = None, is_default: bool = False,
    via_agent: bool = False,
) -> dict[str, Any]:
    """Register a printer (the URL is validated by the caller, which knows the drivers)."""
    with db.write() as session:
        office = office_by_code(session, office_code)
        return insert_printer(session, office, name, url, paper_mm=paper_mm,
                              native_qr=native_qr, profile=profile, is_default=is_default,
                              via_agent=via_agent)


def insert_printer(
    session: Session, office: Office, name: str, url: str, *, paper_mm: int = 80,
    native_qr: bool = False, profile: str | None = None, is_default: bool = False,
    via_agent: bool = False,
) -> dict[str, Any]:
    """The printer row, in the caller's transaction; the office's first one is its default."""
    if paper_mm not in (58, 80):
        raise InvalidInput("Lebar kertas 58 atau 80 mm. / Paper is 58 or 80 mm.",
                           field="paper_mm")
    name = name.strip()
    if not name or len(name) > 60:
        raise InvalidInput("Nama printer 1-60 karakter. / Name is 1-60 chars.", field="name")
    if session.scalar(select(Printer.id).where(Printer.office_id == office.id,
                                               Printer.name == name)):
        raise Conflict(f"Printer {name} sudah ada. / Printer {name} exists.",
                       code="printer_exists")
    first = session.scalar(select(Printer.id).where(Printer.office_id == office.id)) is None
    if is_default:
        session.execute(update(Printer).where(Printer.office_id == office.id)
                        .values(is_default=False))
    printer = Printer(office_id=office.id, name=name, url=url, paper_mm=paper_mm,
                      native_qr=native_qr, profile=profile,
                      is_default=is_default or first, via_agent=via_agent, state="unknown")
    session.add(printer)
    session.flush()
    return printer_json(printer)


def find_printer(db: Database, name: str, office_code: str | None = None) -> dict[str, Any]:
    with db.read() as session:
        query = select(Printer, Office.name, Office.timezone).join(
            Office, Office.id == Printer.office_id).where(
            Printer.name == name)
        if office_code:
            query = query.where(Office.code == office_code)
        rows = session.execute(query).all()
        if not rows:
            raise NotFound(f"Printer tidak ditemukan / unknown printer: {name}")
        if len(rows) > 1:
            raise InvalidInput("Nama printer ada di beberapa kantor; sebutkan --office. / "
                               "Several offices have that printer: give --office.")
        printer, office_name, timezone = rows[0]
        return {**printer_json(printer), "office_name": office_name,
                "office_now": clock.now().astimezone(clock.zone(timezone))}


def all_printers(db: Database) -> list[dict[str, Any]]:
    with db.read() as session:
        rows = session.execute(
            select(Printer, Office.code).join(Office, Office.id == Printer.office_id)
            .order_by(Office.code, Printer.name)
        ).all()
        return [{**printer_json(p), "office": code} for p, code in rows]


def office_printers(db: Database, office_code: str, actor: Actor | None) -> list[dict[str, Any]]:
    """The printers and their states, for reception and the administrator (not a kiosk:
    it needs no printer's address)."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_printers", office.id)
        printers = session.scalars(select(Printer).where(Printer.office_id == office.id)
                                   .order_by(Printer.name))
        result = []
        for printer in printers:
            waiting = session.scalar(
                select(PrintJob.id).where(PrintJob.printer_id == printer.id,
                                          PrintJob.status.in_(RETRYABLE),
                                          PrintJob.next_attempt_at.is_not(None)).limit(1))
            result.append({**printer_json(printer), "jobs_waiting": waiting is not None})
        return result


def printers_to_poll(db: Database) -> list[dict[str, Any]]:
    """The server's own printers (an agent polls its own)."""
    with db.read() as session:
        return [printer_json(p) for p in session.scalars(
            select(Printer).where(Printer.via_agent.is_(False)).order_by(Printer.id))]


def set_printer_state(db: Database, printer_id: int, state: str) -> bool:
    """Store a polled state; staff hear `printer.state` only when it changes."""
    with db.write() as session:
        printer = session.get(Printer, printer_id)
        if printer is None:
            return False
        printer.state_at = clock.now()
        if printer.state == state:
            return False
        printer.state = state
        office = session.get(Office, printer.office_id)
        events.record(session, events.Event(
            "printer.state", office.id, office.code,
            {"printer": {"id": printer.id, "name": printer.name, "state": state}},
        ))
        return True

