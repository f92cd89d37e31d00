"""The administrator's devices beyond kiosk tokens (shared/office/administration.py): printers added
and removed, display profiles edited, each change on the audit log.

The printer's address is checked by the caller against the printing drivers (printing/),
which the domain does not import.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, NotFound
from antrian.shared.models import Printer, PrintJob
from antrian.shared.office import audit, display_profiles
from antrian.shared.office.offices import administered_office
from antrian.shared.tickets import print_jobs

BUSY_JOBS = ("pending", "printing")


def add_printer(db: Database, origin: audit.Origin, office_code: str, name: str, url: str, *,
                paper_mm: int = 80, native_qr: bool = False, is_default: bool = False,
                via_agent: bool = False, profile: str | None = None) -> dict[str, Any]:
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        added = print_jobs.insert_printer(session, office, name, url, paper_mm=paper_mm,
                                         native_qr=native_qr, is_default=is_default,
                                         via_agent=via_agent, profile=profile)
        audit.record(session, origin, office.id, "printer.add", added["name"], None,
                     {k: added[k] for k in ("name", "url", "paper_mm", "native_qr",
                                            "is_default", "via_agent")})
        return added


def printer_of(db: Database, origin: audit.Origin, office_code: str,
               printer_id: int) -> dict[str, Any]:
    """One printer of the office, for the administrator (to test it)."""
    with db.read() as session:
        office = administered_office(session, office_code, origin.actor)
        printer = session.get(Printer, printer_id)
        if printer is None or printer.office_id != office.id:
            raise NotFound(f"Printer tidak ditemukan / unknown printer: {printer_id}")
        return {**print_jobs.printer_json(printer), "office_name": office.name,
                "timezone": office.timezone}


def remove_printer(db: Database, origin: audit.Origin, office_code: str,
                   printer_id: int) -> dict[str, Any]:
    """Remove a printer. Refused while tickets wait to print on it; its finished jobs stay,
    without the printer."""
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        printer = session.get(Printer, printer_id)
        if printer is None or printer.office_id != office.id:
            raise NotFound(f"Printer tidak ditemukan / unknown printer: {printer_id}")
        busy = session.scalar(select(PrintJob.id).where(PrintJob.printer_id == printer.id,
                                                        PrintJob.status.in_(BUSY_JOBS)).limit(1))
        if busy is not None:
            raise Conflict(f"Masih ada tiket menunggu dicetak di {printer.name}. / Tickets are "
                           f"still waiting to print on {printer.name}.", code="printer_busy")
        view = print_jobs.printer_json(printer)
        session.execute(update(PrintJob).where(PrintJob.printer_id == printer.id)
                        .values(printer_id=None))
        session.delete(printer)
        session.flush()
        if view["is_default"]:  # the next one takes over, so tickets keep printing
            heir = session.scalar(select(Printer).where(Printer.office_id == office.id)
                                  .order_by(Printer.id).limit(1))
            if heir is not None:
                heir.is_default = True
        audit.record(session, origin, office.id, "printer.remove", view["name"],
                     {k: view[k] for k in ("name", "url", "paper_mm", "is_default")}, None)
        return view


def save_profile(db: Database, origin: audit.Origin, office_code: str, name: str, *,
                 counters: list[str] | None, services: list[str] | None,
                 language: str | None, running_text: str | None) -> dict[str, Any]:
    """Create or update a display profile (None keeps a stored value)."""
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        existing = {n: p for _, p in display_profiles.list_profiles(session, office.code)
                    for n in [p.name]}
        before = existing[name].to_json() if name in existing else None
        after = display_profiles.set_profile(
            session, office.code, name, counters=counters, services=services,
            language=language, running_text=running_text).to_json()
        if before != after:
            audit.record(session, origin, office.id,
                         "display_profile.update" if before else "display_profile.create",
                         name, *(audit.changed_fields(before, after) if before else (None, after)))
        return after


def delete_profile(db: Database, origin: audit.Origin, office_code: str, name: str) -> None:
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        before = display_profiles.get_profile(session, office.code, name).to_json()
        display_profiles.delete_profile(session, office.code, name)
        audit.record(session, origin, office.id, "display_profile.delete", name, before, None)
