"""Read-only look-ups of the configured offices, their services and counters: for index pages,
the command line, and every service that names one by its code, prefix or number."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.core.db import Database
from antrian.shared.core.errors import NotFound
from antrian.shared.models import Counter, Office, Service

DEFAULT_TIMEZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class OfficeEntry:
    code: str
    name: str


def office_by_code(session: Session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == code))
    if office is None:
        raise NotFound(f"Kantor tidak ditemukan / unknown office: {code}", field="office")
    return office


def service_by_prefix(session: Session, office: Office, prefix: str,
                      field: str = "service") -> Service:
    service = session.scalar(select(Service).where(Service.office_id == office.id,
                                                   Service.prefix == prefix))
    if service is None:
        raise NotFound(f"Layanan tidak ditemukan / unknown service: {prefix}", field=field)
    return service


def counter_by_number(session: Session, office_id: int, number: int) -> Counter | None:
    """None when the office has no such counter: each caller says why it matters."""
    return session.scalar(select(Counter).where(Counter.office_id == office_id,
                                                Counter.number == number))


def timezone_of(db: Database, office_id: int | None) -> str:
    """The office's time zone, for pages that show times; Asia/Jakarta when there is none."""
    if office_id is None:
        return DEFAULT_TIMEZONE
    with db.read() as session:
        office = session.get(Office, office_id)
        return office.timezone if office else DEFAULT_TIMEZONE


def list_offices(db: Database) -> list[OfficeEntry]:
    with db.read() as session:
        return [OfficeEntry(o.code, o.name)
                for o in session.scalars(select(Office).order_by(Office.name))]
