"""The back office's daily check of the survey (SOP 004: "Back office setiap hari melakukan
cek instrumen kepuasan pelanggan").

The back office marks a day's survey as checked (who, when, how many low ratings it found);
the recap lists the recent days nobody checked; after the office's reminder time the day's
recap and the cases page remind until today is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput
from antrian.shared.models import Office, SurveyCheck, SurveyResponse, Ticket, User
from antrian.shared.office.directory import office_by_code
from antrian.shared.satisfaction.instrument import ELEMENT_KEYS

LOW_SCORE = 2
LOOK_BACK_DAYS = 14  # how far back the recap lists unchecked days
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Checked:
    day: date
    by: str  # display name
    at: datetime
    low_ratings: int


@dataclass(frozen=True)
class CheckStatus:
    day: date
    checked: Checked | None
    unchecked_days: tuple[date, ...]  # recent days before today nobody checked
    reminder_time: str  # "HH:MM", office-local
    reminder_due: bool  # today is unchecked and the reminder time has passed
    # Seconds until the reminder is due (0 once due); None when today is checked. A page left
    # open all day shows the reminder then, by the server's clock, not the desk PC's.
    reminder_in_s: int | None = None


def _low_count(session: Session, office: Office, day: date) -> int:
    start, end = clock.day_bounds(day, office.timezone)
    low = or_(*(getattr(SurveyResponse, k) <= LOW_SCORE for k in ELEMENT_KEYS))
    return session.scalar(select(func.count(SurveyResponse.id)).where(
        SurveyResponse.office_id == office.id, SurveyResponse.submitted_at >= start,
        SurveyResponse.submitted_at < end, low)) or 0


def mark_checked(db: Database, office_code: str, actor: Actor | None,
                 day: date | None = None) -> Checked:
    """Record that the back office checked ``day``'s survey (default today); once a day.

    A day in the future cannot be checked; a second mark is a Conflict ("already_checked"),
    which the table's primary key enforces even when two desks press together.
    """
    try:
        with db.write() as session:
            office = office_by_code(session, office_code)
            require(actor, "check_survey", office.id)
            today = clock.today(office.timezone)
            day = day or today
            if day > today:
                raise InvalidInput("Hari yang belum tiba tidak dapat diperiksa. / "
                                   "A day still to come cannot be checked.", field="date")
            if session.get(SurveyCheck, (office.id, day)) is not None:
                raise _already_checked()
            row = SurveyCheck(office_id=office.id, day=day, checked_by_id=actor.user_id,
                              checked_at=clock.now(),
                              low_ratings=_low_count(session, office, day))
            session.add(row)
            session.flush()
            user = session.get(User, actor.user_id) if actor.user_id else None
            return Checked(day, user.display_name if user else "-", row.checked_at,
                           row.low_ratings)
    except IntegrityError:  # two desks pressed together: the primary key kept the first
        raise _already_checked() from None


def _already_checked() -> Conflict:
    return Conflict("Survei hari itu sudah ditandai diperiksa. / "
                    "That day's survey is already marked as checked.", code="already_checked")


def check_status(db: Database, office_code: str, day: date | None = None,
                 now: datetime | None = None) -> CheckStatus:
    """Whether ``day`` (default today) is checked, the unchecked recent days, the reminder.

    Days are listed from the office's first ticket on, Monday to Friday plus any day that
    had survey responses: a desk closed at the weekend has nothing to check then.
    """
    now = now or clock.now()
    with db.read() as session:
        office = office_by_code(session, office_code)
        today = clock.service_day(now, office.timezone)
        day = day or today
        checks = {c.day: c for c in session.scalars(select(SurveyCheck).where(
            SurveyCheck.office_id == office.id,
            SurveyCheck.day >= today - timedelta(days=LOOK_BACK_DAYS)))}
        if day not in checks:
            extra = session.get(SurveyCheck, (office.id, day))
            if extra is not None:
                checks[day] = extra
        checked = None
        if day in checks:
            row = checks[day]
            user = session.get(User, row.checked_by_id) if row.checked_by_id else None
            checked = Checked(day, user.display_name if user else "-", row.checked_at,
                              row.low_ratings)
        first = session.scalar(select(func.min(Ticket.service_day))
                               .where(Ticket.office_id == office.id)) or today
        unchecked = []
        for back in range(LOOK_BACK_DAYS, 0, -1):
            candidate = today - timedelta(days=back)
            if candidate < first or candidate in checks:
                continue
            if candidate.weekday() < 5 or _had_responses(session, office, candidate):
                unchecked.append(candidate)
        reminder = office.settings.survey_check_reminder
        tz = clock.zone(office.timezone)
        remind_at = datetime.combine(today, _hhmm(reminder), tzinfo=tz)
        pending = today not in checks
        due = pending and now >= remind_at
        wait = max(0, int((remind_at - now).total_seconds())) if pending else None
        return CheckStatus(day, checked, tuple(unchecked), reminder, due, wait)


def _had_responses(session: Session, office: Office, day: date) -> bool:
    start, end = clock.day_bounds(day, office.timezone)
    return session.scalar(select(SurveyResponse.id).where(
        SurveyResponse.office_id == office.id, SurveyResponse.submitted_at >= start,
        SurveyResponse.submitted_at < end).limit(1)) is not None


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def set_reminder_time(db: Database, office_code: str, actor: Actor | None, value: str) -> str:
    """The office's time (HH:MM, local) after which an unchecked day is reminded."""
    value = (value or "").strip()
    if not HHMM.match(value):
        raise InvalidInput("Jam pengingat harus berformat JJ:MM, mis. 15:00. / "
                           "The reminder time must be HH:MM, e.g. 15:00.", field="time")
    with db.write() as session:
        office = office_by_code(session, office_code)
        require(actor, "run_office", office.id)
        office.settings_json = {**(office.settings_json or {}), "survey_check_reminder": value}
        return value
