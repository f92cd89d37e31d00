"""Survey reports: the IKM over a period, and the back office's daily recap (SOP 004).

Periods are office-local dates, inclusive at both ends. The IKM of a period counts the
responses of tickets *completed* in it, and its population (for the Krejcie-Morgan sample
size) is the tickets completed in it, under the same filters, so respondents are always a
part of the population. The daily recap instead lists the responses *submitted* on a day:
it is the back office's list of new ratings to check.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import InvalidInput, NotFound, Unauthorized
from antrian.shared.models import Counter, Office, Service, SurveyResponse, Ticket, User
from antrian.shared.office.directory import office_by_code
from antrian.shared.satisfaction.ikm import IkmResult, compute_ikm, krejcie_morgan
from antrian.shared.satisfaction.instrument import (
    EDUCATIONS,
    ELEMENT_KEYS,
    ELEMENTS,
    OCCUPATIONS,
    SEXES,
)
from antrian.shared.tickets import states as st

# Longest period one report covers: ten years of a busy desk still fits in memory.
MAX_PERIOD_DAYS = 3660
# A score at or below this is flagged for the back office (1 tidak baik, 2 kurang baik).
LOW_SCORE = 2


# ---------------------------------------------------------------- input


MIN_YEAR, MAX_YEAR = 1900, 2999


def parse_date(raw: str | None, name: str) -> date | None:
    """A YYYY-MM-DD query value; None when absent or empty, InvalidInput when malformed."""
    if raw is None or raw == "":
        return None
    try:
        if len(raw) != 10 or not raw.isascii():
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"Tanggal '{name}' harus berformat YYYY-MM-DD. / "
                           f"'{name}' must be a date as YYYY-MM-DD.", field=name) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:  # 9999-12-31 has no next day to count to
        raise InvalidInput(f"Tanggal '{name}' harus antara tahun {MIN_YEAR} dan {MAX_YEAR}. / "
                           f"'{name}' must be a date between the years {MIN_YEAR} and "
                           f"{MAX_YEAR}.", field=name)
    return day


@dataclass(frozen=True)
class IkmFilter:
    """Which responses an IKM covers; None means all."""

    date_from: date | None = None  # None: today (office local)
    date_to: date | None = None  # None: the same day as date_from, or today
    service: str | None = None  # service prefix
    counter: int | None = None  # counter number
    staff: str | None = None  # username


# ---------------------------------------------------------------- the IKM


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: a service, counter or staff member and its IKM."""

    key: str
    name: str
    result: IkmResult | None


@dataclass(frozen=True)
class IkmReport:
    office_code: str
    office_name: str
    timezone: str
    date_from: date
    date_to: date
    service: str | None
    counter: int | None
    staff: str | None
    weight_setting: str  # "exact" (1/9) or "rounded" (0.11)
    result: IkmResult | None
    population: int
    sample_needed: int
    breakdowns: dict[str, list[Group]] = field(default_factory=dict)
    # The office's services, counters and staff as (value, label), for a report's filters.
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def respondents(self) -> int:
        return self.result.respondents if self.result else 0

    @property
    def sample_reached(self) -> bool:
        return self.respondents >= self.sample_needed

    def as_json(self) -> dict:
        """The API v1 IKM object."""
        r = self.result
        return {
            "office": self.office_code,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "filters": {"service": self.service, "counter": self.counter, "staff": self.staff},
            "respondents": self.respondents,
            "elements": r.elements if r else dict.fromkeys(ELEMENT_KEYS),
            "index": r.index if r else None,
            "ikm": r.ikm if r else None,
            "grade": r.grade if r else None,
            "label": r.label_id if r else None,
            "label_en": r.label_en if r else None,
            "weight": r.weight if r else _weight_value(self.weight_setting),
            "weight_setting": self.weight_setting,
            "population": self.population,
            "sample_needed": self.sample_needed,
            "sample_reached": self.sample_reached,
        }


def _weight_value(setting: str) -> float:
    return 1 / 9 if setting == "exact" else 0.11


def _period(office: Office, flt: IkmFilter) -> tuple[date, date, datetime, datetime]:
    today = clock.today(office.timezone)
    start_day = flt.date_from or flt.date_to or today
    end_day = flt.date_to or (flt.date_from or today)
    if start_day > end_day:
        raise InvalidInput("Tanggal 'from' harus sebelum atau sama dengan 'to'. / "
                           "'from' must not be after 'to'.", field="from")
    if (end_day - start_day).days > MAX_PERIOD_DAYS:
        raise InvalidInput("Periode terlalu panjang (maks. 10 tahun). / "
                           "The period is too long (at most 10 years).", field="to")
    start, _ = clock.day_bounds(start_day, office.timezone)
    _, end = clock.day_bounds(end_day, office.timezone)
    return start_day, end_day, start, end


def _conditions(session: Session, office: Office, flt: IkmFilter) -> list:
    """Ticket conditions for the filters; NotFound names an unknown service, counter, user."""
    conds = [Ticket.office_id == office.id]
    if flt.service is not None:
        service_id = session.scalar(select(Service.id).where(
            Service.office_id == office.id, Service.prefix == flt.service))
        if service_id is None:
            raise NotFound(f"Layanan tidak ditemukan / unknown service: {flt.service}",
                           field="service")
        conds.append(Ticket.service_id == service_id)
    if flt.counter is not None:
        counter_id = session.scalar(select(Counter.id).where(
            Counter.office_id == office.id, Counter.number == flt.counter))
        if counter_id is None:
            raise NotFound(f"Loket tidak ditemukan / unknown counter: {flt.counter}",
                           field="counter")
        conds.append(Ticket.counter_id == counter_id)
    if flt.staff is not None:
        user_id = session.scalar(select(User.id).where(User.username == flt.staff))
        if user_id is None:
            raise NotFound(f"Petugas tidak ditemukan / unknown staff: {flt.staff}",
                           field="staff")
        conds.append(Ticket.staff_id == user_id)
    return conds


def ikm_report(
    db: Database, office_code: str, flt: IkmFilter, *, breakdowns: bool = False,
    reader: Actor | None = None, public: bool = False,
) -> IkmReport:
    """The IKM of an office over a period, optionally for one service, counter or staff.

    Responses are attributed through their ticket (its service, counter and the staff member
    who served), so a filter means the same for respondents and for the population.
    ``breakdowns`` adds the IKM per service, per counter and per staff member.
    """
    with db.read() as session:
        office = office_by_code(session, office_code)
        if public and (flt.counter is not None or flt.staff or breakdowns):
            # The office's and a service's IKM are published; per counter or per staff a
            # narrow period can show one visitor's answers beside the name of who served them.
            require(reader, "view_reports", office.id)
        start_day, end_day, start, end = _period(office, flt)
        conds = [*_conditions(session, office, flt), Ticket.status == st.DONE,
                 Ticket.finished_at >= start, Ticket.finished_at < end]
        population = session.scalar(select(func.count(Ticket.id)).where(*conds)) or 0
        rows = session.execute(
            select(Ticket.service_id, Ticket.counter_id, Ticket.staff_id,
                   *(getattr(SurveyResponse, k) for k in ELEMENT_KEYS))
            .join(SurveyResponse, SurveyResponse.ticket_id == Ticket.id)
            .where(*conds)
        ).all()
        answers = [dict(zip(ELEMENT_KEYS, row[3:], strict=True)) for row in rows]
        weight = office.settings.ikm_weight
        groups = _breakdowns(session, office, rows, weight) if breakdowns else {}
        choices = _choices(session, office) if breakdowns else {}
        return IkmReport(
            office_code=office.code, office_name=office.name, timezone=office.timezone,
            date_from=start_day, date_to=end_day, service=flt.service, counter=flt.counter,
            staff=flt.staff, weight_setting=weight, result=compute_ikm(answers, weight),
            population=population, sample_needed=krejcie_morgan(population),
            breakdowns=groups, choices=choices,
        )


def _choices(session: Session, office: Office) -> dict[str, list[tuple[str, str]]]:
    services = session.scalars(select(Service).where(Service.office_id == office.id)
                               .order_by(Service.position))
    counters = session.scalars(select(Counter).where(Counter.office_id == office.id)
                               .order_by(Counter.number))
    staff = session.scalars(select(User).where(User.office_id == office.id)
                            .order_by(User.display_name))
    return {
        "service": [(s.prefix, f"{s.prefix} {s.name_id}") for s in services],
        "counter": [(str(c.number), c.name) for c in counters],
        "staff": [(u.username, u.display_name) for u in staff],
    }


def _breakdowns(session: Session, office: Office, rows, weight: str) -> dict[str, list[Group]]:
    services = {s.id: s for s in session.scalars(
        select(Service).where(Service.office_id == office.id).order_by(Service.position))}
    counters = {c.id: c for c in session.scalars(
        select(Counter).where(Counter.office_id == office.id).order_by(Counter.number))}
    staff_ids = {row[2] for row in rows if row[2] is not None}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(staff_ids)))}

    def group(index: int, label) -> list[Group]:
        by_key: dict = {}
        for row in rows:
            by_key.setdefault(row[index], []).append(dict(zip(ELEMENT_KEYS, row[3:],
                                                               strict=True)))
        out = [Group(*label(key), compute_ikm(answers, weight))
               for key, answers in by_key.items()]
        return sorted(out, key=lambda g: g.key)

    return {
        "service": group(0, lambda k: (services[k].prefix,
                                       f"{services[k].prefix} {services[k].name_id}")),
        "counter": group(1, lambda k: (f"{counters[k].number:03d}", counters[k].name)
                         if k in counters else ("999", "-")),
        "staff": group(2, lambda k: (users[k].username, users[k].display_name)
                       if k in users else ("~", "-")),
    }


# The period, filters and filter choices every report of an office shares: the service
# report and the trends (shared/reports/service_report.py) read the same way as the IKM.
period_bounds = _period
ticket_conditions = _conditions
office_choices = _choices


# ---------------------------------------------------------------- the daily recap


@dataclass(frozen=True)
class LowAnswer:
    """A score of 1 or 2 in words: the element and the answer the respondent chose."""

    key: str
    name_id: str
    name_en: str
    score: int
    answer_id: str
    answer_en: str


@dataclass(frozen=True)
class RecapRow:
    submitted_at: datetime  # in the office's zone
    code: str
    service: str
    counter: str
    staff: str  # display name of the staff member who served
    scores: tuple[int, ...]
    low: tuple[str, ...]  # element keys scored 1 or 2
    low_answers: tuple[LowAnswer, ...]  # the same, in words, for the back office
    age: int | None
    sex: str | None
    education: str | None
    occupation: str | None
    comment: str | None
    mode: str
    profile: str  # the respondent's profile in words, "" when skipped


@dataclass(frozen=True)
class Recap:
    office_code: str
    office_name: str
    timezone: str
    day: date
    rows: tuple[RecapRow, ...]
    result: IkmResult | None
    weight_setting: str

    @property
    def flagged(self) -> tuple[RecapRow, ...]:
        return tuple(r for r in self.rows if r.low)


def reader_office(db: Database, office_code: str | None, reader: Actor | None) -> str:
    """The office a report page is for (the one asked, else the reader's, else the first),
    once the reader is known to be allowed to read its reports."""
    if reader is None:
        raise Unauthorized("Perlu login. / Please log in.")
    with db.read() as session:
        query = select(Office).order_by(Office.id)
        if office_code:
            query = query.where(Office.code == office_code)
        elif reader.office_id is not None:
            query = query.where(Office.id == reader.office_id)
        office = session.scalar(query.limit(1))
        if office is None:
            raise NotFound("Kantor tidak ditemukan. / Office not found.")
        require(reader, "view_reports", office.id)
        return office.code


def daily_recap(db: Database, office_code: str, day: date | None) -> Recap:
    """The responses submitted on one office-local day, low ratings flagged with who served."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        tz = clock.zone(office.timezone)
        day = day or clock.today(office.timezone)
        start, end = clock.day_bounds(day, office.timezone)
        rows = session.execute(
            select(SurveyResponse, Ticket.code, Service.prefix, Service.name_id,
                   Counter.name, User.display_name)
            .join(Ticket, Ticket.id == SurveyResponse.ticket_id)
            .join(Service, Service.id == SurveyResponse.service_id)
            .outerjoin(Counter, Counter.id == SurveyResponse.counter_id)
            .outerjoin(User, User.id == SurveyResponse.staff_id)
            .where(SurveyResponse.office_id == office.id,
                   SurveyResponse.submitted_at >= start, SurveyResponse.submitted_at < end)
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        ).all()
        out = []
        for resp, code, prefix, service_name, counter_name, staff_name in rows:
            scores = tuple(getattr(resp, k) for k in ELEMENT_KEYS)
            low_answers = _low_answers(scores)
            out.append(RecapRow(
                submitted_at=resp.submitted_at.astimezone(tz), code=code,
                service=f"{prefix} {service_name}", counter=counter_name or "-",
                staff=staff_name or "-", scores=scores,
                low=tuple(a.key for a in low_answers), low_answers=low_answers,
                age=resp.age, sex=resp.sex, education=resp.education,
                occupation=resp.occupation, comment=resp.comment, mode=resp.mode,
                profile=_profile_words(resp),
            ))
        weight = office.settings.ikm_weight
        return Recap(
            office_code=office.code, office_name=office.name, timezone=office.timezone,
            day=day, rows=tuple(out),
            result=compute_ikm([dict(zip(ELEMENT_KEYS, r.scores, strict=True)) for r in out],
                               weight),
            weight_setting=weight,
        )


def _low_answers(scores: tuple[int, ...]) -> tuple[LowAnswer, ...]:
    """The elements of one response scored at or below LOW_SCORE, with the chosen answer."""
    lows = []
    for e, score in zip(ELEMENTS, scores, strict=True):
        if score <= LOW_SCORE:
            answer = e.answer(score)
            lows.append(LowAnswer(e.key, e.name_id, e.name_en, score, answer.label_id,
                                  answer.label_en))
    return tuple(lows)


_CHOICE_LABELS = {name: {c.code: c.label_id for c in choices}
                  for name, choices in (("sex", SEXES), ("education", EDUCATIONS),
                                        ("occupation", OCCUPATIONS))}


def _profile_words(resp: SurveyResponse) -> str:
    parts = [f"{resp.age} th" if resp.age is not None else None,
             _CHOICE_LABELS["sex"].get(resp.sex or ""),
             _CHOICE_LABELS["education"].get(resp.education or ""),
             _CHOICE_LABELS["occupation"].get(resp.occupation or "")]
    return " · ".join(p for p in parts if p)


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def recap_csv(recap: Recap) -> str:
    """The recap as CSV with a BOM, so Excel reads the UTF-8; no NIK, phone or name."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    zone = clock.zone_abbreviation(recap.timezone)
    writer.writerow([f"waktu ({zone})", "tiket", "layanan", "loket", "petugas",
                     *(f"{e.key} {e.name_id}" for e in ELEMENTS), "nilai rendah",
                     "usia", "jenis kelamin", "pendidikan", "pekerjaan", "saran", "mode"])
    for r in recap.rows:
        writer.writerow([_cell(v) for v in (
            r.submitted_at.strftime("%Y-%m-%d %H:%M"), r.code, r.service, r.counter, r.staff,
            *r.scores, " ".join(r.low), r.age,
            _CHOICE_LABELS["sex"].get(r.sex or "", ""),
            _CHOICE_LABELS["education"].get(r.education or "", ""),
            _CHOICE_LABELS["occupation"].get(r.occupation or "", ""),
            r.comment, r.mode,
        )])
    return "\ufeff" + buffer.getvalue()
