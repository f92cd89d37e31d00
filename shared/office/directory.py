"""Read-only look-ups of the configured offices, for index pages and the command line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.core.db import Database
from antrian.shared.core.errors import NotFound
from antrian.shared.models import Office

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
