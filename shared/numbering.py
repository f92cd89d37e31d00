"""Ticket numbers: per office, per series (a service's prefix or the priority prefix), per day.

The number comes from one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING) on the
sequence row: PostgreSQL holds that row's lock until commit, SQLite's BEGIN IMMEDIATE holds the
database's. Either way two issuers queue on the row, and the unique constraint on the ticket
refuses a duplicate anyway.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from shared.db import increment
from shared.models import TicketSequence


def format_code(series: str, number: int) -> str:
    return f"{series}{number:03d}"


def take_number(session: Session, office_id: int, day: date, series: str) -> int:
    key = {"office_id": office_id, "service_day": day, "series": series}
    return increment(session, TicketSequence, key, "last_number")
