"""Ticket numbers: per office, per series, per day.

A series is what the lobby reads before the digits, so each one says where the ticket stands:
- a walk-in regular ticket takes its service's prefix: ``A001``, ``A002``;
- a priority ticket takes the office's priority prefix followed by the service's: ``PA001``
  is the first priority ticket of service A (a shared ``P`` series would not say which
  service "P002" is for);
- a ticket from a remote channel takes that channel's letter followed by the service's:
  ``DA001`` (online, *daring*), ``TA001`` (phone, *telepon*). Remote tickets are never called
  in the lobby, so the walk-in series runs A001, A002, A003 without gaps.

The number comes from one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING) on the
sequence row: PostgreSQL holds that row's lock until commit, SQLite's BEGIN IMMEDIATE holds the
database's. Either way two issuers queue on the row, and the unique constraint on the ticket
refuses a duplicate anyway.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from antrian.shared.core.db import increment
from antrian.shared.models import TicketSequence

#: The letter that opens the series of each remote channel (never called in the lobby).
REMOTE_SERIES = {"online": "D", "phone": "T"}


def series_for(service_prefix: str, *, priority: bool, channel: str,
               priority_prefix: str = "P") -> str:
    """The series a new ticket's number is taken from (see the module's docstring)."""
    if channel in REMOTE_SERIES:
        return REMOTE_SERIES[channel] + service_prefix
    if priority:
        return priority_prefix + service_prefix
    return service_prefix


def series_clash(prefix: str, other_prefixes: set[str], priority_prefix: str = "P") -> str | None:
    """The other service whose series a new prefix would share, if any: prefix ``DA`` would
    read like service A's online tickets, and prefix ``A`` beside a service ``PA`` would make
    A's priority tickets read like PA's."""
    markers = {priority_prefix, *REMOTE_SERIES.values()}
    for other in other_prefixes:
        if any(prefix == m + other or other == m + prefix for m in markers):
            return other
    return None


def format_code(series: str, number: int) -> str:
    return f"{series}{number:03d}"


def take_number(session: Session, office_id: int, day: date, series: str) -> int:
    key = {"office_id": office_id, "service_day": day, "series": series}
    return increment(session, TicketSequence, key, "last_number")
