"""Which days an office works, and deadlines counted in working time.

A working day is Monday to Friday, not an Indonesian national holiday (the `holidays`
package, which follows the government's yearly decree) and not one of the office's own days
off (cuti bersama it observes, a local closure), which its administrator keeps in
`office_day_off` through the admin pages, the API or `antrian office day-off`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import holidays
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound
from antrian.shared.core.text import required_text
from antrian.shared.models import Office, OfficeDayOff
from antrian.shared.office import audit
from antrian.shared.office.offices import administered_office

NOTE_LIMIT = 120


@functools.lru_cache(maxsize=16)
def national_holidays(year: int) -> dict[date, str]:
    """Indonesia's national holidays of a year, named in Indonesian."""
    return dict(holidays.country_holidays("ID", years=year, language="id"))


@functools.lru_cache(maxsize=16)
def joint_leave(year: int) -> dict[date, str]:
    """The government's cuti bersama of a year: suggestions for the office's own days off
    (not every service office closes on them)."""
    return dict(holidays.country_holidays("ID", years=year, categories=("government",),
                                          language="id"))


@dataclass(frozen=True)
class WorkingDays:
    """An office's calendar: weekends, national holidays and its own days off do not count."""

    days_off: frozenset[date] = frozenset()

    def closed_because(self, day: date) -> str | None:
        """Why no working time runs on `day`, or None on a working day."""
        if day.weekday() >= 5:
            return "Akhir pekan / Weekend"
        if day in self.days_off:
            return "Libur kantor / Office day off"
        return national_holidays(day.year).get(day)

    def is_working(self, day: date) -> bool:
        return self.closed_because(day) is None

    def due(self, start: datetime, seconds: int, tz_name: str) -> datetime:
        """`start` plus `seconds` of working time, counted in whole days of the office's zone:
        2 working days from Friday 15:00 is Tuesday 15:00; from Saturday, Wednesday 00:00; a
        holiday on the Monday moves both a day later."""
        tz = clock.zone(tz_name)
        cursor = start.astimezone(tz)
        remaining = timedelta(seconds=seconds)
        for _ in range(3660):  # ten years of days: a bound, never reached by a real standard
            midnight = datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time(),
                                        tzinfo=tz)
            if not self.is_working(cursor.date()):
                cursor = midnight
                continue
            step = min(remaining, midnight - cursor)
            cursor += step
            remaining -= step
            if remaining <= timedelta(0):
                return cursor.astimezone(start.tzinfo)
        raise ValueError("no working days ahead")  # pragma: no cover - a broken calendar

    def seconds_between(self, start: datetime, end: datetime, tz_name: str) -> int:
        """The working seconds from `start` to `end` (the inverse of `due`)."""
        tz = clock.zone(tz_name)
        cursor, end = start.astimezone(tz), end.astimezone(tz)
        total = timedelta(0)
        while cursor < end:
            midnight = datetime.combine(cursor.date() + timedelta(days=1),
                                        datetime.min.time(), tzinfo=tz)
            stop = min(midnight, end)
            if self.is_working(cursor.date()):
                total += stop - cursor
            cursor = stop
        return round(total.total_seconds())


def of_office(session: Session, office_id: int) -> WorkingDays:
    """The office's calendar with its own days off, read in the caller's transaction."""
    days = session.scalars(select(OfficeDayOff.day).where(OfficeDayOff.office_id == office_id))
    return WorkingDays(frozenset(days))


# ---------------------------------------------------------------- the admin's days off


#: Days off an office can plan: a typo such as 0202 or 9999 is refused, not listed for years.
PLANNABLE_YEARS = range(2000, 2101)


def _day(value: Any) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise InvalidInput("Tanggal harus YYYY-MM-DD. / The date must be YYYY-MM-DD.",
                               field="day") from None
    if day.year not in PLANNABLE_YEARS:
        raise InvalidInput("Tahun harus antara 2000 dan 2100. / The year must be 2000 to 2100.",
                           field="day")
    return day


def _row(row: OfficeDayOff) -> dict[str, Any]:
    return {"day": row.day.isoformat(), "note": row.note}


def calendar_view(db: Database, office_code: str, actor, years: Iterable[int] | None = None
                  ) -> dict[str, Any]:
    """The office's days off, with the national holidays and the government's cuti bersama
    of this year and the next, for the admin's page."""
    with db.read() as session:
        office = administered_office(session, office_code, actor)
        rows = session.scalars(select(OfficeDayOff).where(OfficeDayOff.office_id == office.id)
                               .order_by(OfficeDayOff.day)).all()
        this_year = clock.today(office.timezone).year
        chosen = sorted(years or (this_year, this_year + 1))
        own = {r.day for r in rows}
        return {
            "office": office.code,
            "days_off": [_row(r) for r in rows],
            "national_holidays": [{"day": d.isoformat(), "name": n} for y in chosen
                                  for d, n in sorted(national_holidays(y).items())],
            "joint_leave": [{"day": d.isoformat(), "name": n, "observed": d in own}
                            for y in chosen for d, n in sorted(joint_leave(y).items())],
        }


def add_day_off(db: Database, origin: audit.Origin, office_code: str, day: Any,
                note: Any = "") -> dict[str, Any]:
    """Mark a day the office is closed; deadlines falling after it move a day later."""
    when = _day(day)
    text = required_text(str(note or "Libur kantor"), field="note", limit=NOTE_LIMIT,
                         what=("keterangan", "note"))
    with db.write() as session:
        office: Office = administered_office(session, office_code, origin.actor)
        row = OfficeDayOff(office_id=office.id, day=when, note=text)
        try:  # the unique (office, day) decides between two admins adding it at once
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            raise Conflict(f"{when.isoformat()} sudah hari libur kantor. / Already a day off.",
                           code="day_off_exists") from None
        audit.record(session, origin, office.id, "office.day_off_add", office.code, None,
                     _row(row))
        return _row(row)


def remove_day_off(db: Database, origin: audit.Origin, office_code: str, day: Any) -> None:
    when = _day(day)
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        row = session.scalar(select(OfficeDayOff).where(
            OfficeDayOff.office_id == office.id, OfficeDayOff.day == when))
        if row is None:
            raise NotFound(f"{when.isoformat()} bukan hari libur kantor. / Not a day off.")
        audit.record(session, origin, office.id, "office.day_off_remove", office.code,
                     _row(row), None)
        session.delete(row)
