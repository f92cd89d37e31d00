"""The service report: how many came, how long they waited and were served, how often each
SOP step held its standard, how escalations and call-backs went; per service, counter, staff
member, channel, day or hour of day, over any period of the office's local dates.

A ticket belongs to the period of its service day (the office-local date it was issued). A
report reads four narrow row sets, never whole objects: the tickets' times as epoch seconds
computed in SQL (with their first call from the timeline's index), the SOP steps their
timelines stored (TicketStep: within standard or not, never replayed here), their
escalations, and their call-back events. Percentiles need the values, so the figures are
summed up in Python; a busy month (20,000 tickets) stays well under a second on SQLite
(bench/report_speed.py).

Which steps are measured and how: :mod:`shared.reports.steps`.
"""

from __future__ import annotations

import gc
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache

from sqlalchemy import Float, case, cast, func, select
from sqlalchemy.orm import Session, object_session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database, is_postgres
from antrian.shared.core.errors import InvalidInput
from antrian.shared.desks.online_requests import working_due
from antrian.shared.models import (
    Counter,
    Escalation,
    Office,
    Service,
    SurveyResponse,
    Ticket,
    TicketEvent,
    TicketStep,
    User,
    VisitRecord,
)
from antrian.shared.models.ticket import CHANNELS, WALK_IN_CHANNELS
from antrian.shared.office import working_days
from antrian.shared.office.directory import office_by_code
from antrian.shared.office.standards import figures
from antrian.shared.reports.stats import Summary, round_half_up, share
from antrian.shared.reports.steps import (
    REPORT_KEY,
    STEP_KEYS,
    STEPS,
    TicketTimes,
    deadline_step,
    service_s,
    wait_s,
)
from antrian.shared.satisfaction import ikm_report
from antrian.shared.satisfaction.ikm import IkmResult, compute_ikm
from antrian.shared.satisfaction.instrument import ELEMENT_KEYS
from antrian.shared.tickets import states as st

GROUPS = ("service", "counter", "staff", "channel", "day", "hour")
TREND_BUCKETS = ("day", "week", "month")
# A trend by day over more than a year is unreadable as a chart or a table.
MAX_DAILY_POINTS = 366

CHANNEL_LABELS = {
    "kiosk": "Kios / Kiosk", "reception": "Resepsionis / Reception",
    "online": "Daring / Online", "phone": "Telepon / Phone",
    "compensation": "Kompensasi / Compensation",
}
DAY_NAMES = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
               "Des")
NONE_KEY = "-"

# The waiting-time distribution: bins as multiples of each ticket's own standard, so tickets
# of services with different targets share one chart. The first four are within standard.
WAIT_BIN_EDGES = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
WAIT_BIN_RATIOS = ("0–¼", "¼–½", "½–¾", "¾–1", "1–1½", "1½–2", "2–3", "> 3")


# ---------------------------------------------------------------- input


@dataclass(frozen=True)
class ReportFilter:
    """A report's period and filters; the same names as the IKM's (None means all)."""

    date_from: date | None = None
    date_to: date | None = None
    service: str | None = None
    counter: int | None = None
    staff: str | None = None


def check_group(raw: str | None) -> str:
    group = raw or "service"
    if group not in GROUPS:
        raise InvalidInput(f"'group' harus salah satu dari {', '.join(GROUPS)}. / "
                           f"'group' must be one of {', '.join(GROUPS)}.", field="group")
    return group


def check_bucket(raw: str | None) -> str:
    by = raw or "month"
    if by not in TREND_BUCKETS:
        raise InvalidInput("'by' harus day, week atau month. / 'by' must be day, week or "
                           "month.", field="by")
    return by


def default_period(office_today: date, flt: ReportFilter, months: int = 1) -> ReportFilter:
    """Without dates a report covers the current month so far (a trend: ``months`` months)."""
    if flt.date_from or flt.date_to:
        return flt
    year, month = office_today.year, office_today.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return ReportFilter(date(year, month, 1), office_today, flt.service, flt.counter,
                        flt.staff)


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class EscalationFigures:
    count: int
    answered: int
    open_overdue: int
    answer: Summary  # asked -> answered (or passed on), seconds

    def as_json(self) -> dict:
        return {"count": self.count, "answered": self.answered,
                "open_overdue": self.open_overdue, "answer_p50_s": self.answer.p50,
                "answer_p90_s": self.answer.p90, "answer_mean_s": self.answer.mean}


@dataclass(frozen=True)
class CallbackFigures:
    tickets: int  # phone tickets called back at least once
    attempts: int
    reached: int  # tickets whose caller was reached

    def as_json(self) -> dict:
        return {"tickets": self.tickets, "attempts": self.attempts, "reached": self.reached}


@dataclass(frozen=True)
class Figures:
    """The figures of one group (or of the whole period, or of one trend point)."""

    key: str
    label: str
    issued: int
    served: int  # completed
    no_show: int
    cancelled: int
    wait: Summary
    service: Summary
    steps: dict[str, tuple[int, int]]  # step -> (within standard, measured)
    escalations: EscalationFigures
    callbacks: CallbackFigures

    @property
    def within_standard(self) -> dict[str, float | None]:
        return {k: share(*self.steps[k]) for k in STEP_KEYS}

    def as_json(self) -> dict:
        return {
            "key": self.key, "label": self.label, "issued": self.issued,
            "served": self.served, "no_show": self.no_show, "cancelled": self.cancelled,
            "wait_p50_s": self.wait.p50, "wait_p90_s": self.wait.p90,
            "wait_mean_s": self.wait.mean, "wait_measured": self.wait.count,
            "service_p50_s": self.service.p50, "service_p90_s": self.service.p90,
            "service_mean_s": self.service.mean, "service_measured": self.service.count,
            "within_standard": self.within_standard,
            "measured": {k: self.steps[k][1] for k in STEP_KEYS},
            "escalations": self.escalations.as_json(),
            "callbacks": self.callbacks.as_json(),
        }


class _Ticket:
    """One ticket as a report reads it: its group values, times and measured steps.

    A plain slotted class: a busy month builds 20,000 of them per report."""

    __slots__ = ("id", "service_id", "counter_id", "staff_id", "channel", "status", "day",
                 "times", "wait", "service", "checks", "escalations", "callback_attempts",
                 "callback_reached")

    def __init__(self, row) -> None:
        (self.id, self.service_id, self.counter_id, self.staff_id, self.channel, self.status,
         self.day, issued, first_call, served, finished) = row
        self.times = TicketTimes(self.channel, self.status, issued, first_call, served,
                                 finished)
        self.wait = wait_s(self.times)
        self.service = service_s(self.times)
        self.checks: list[tuple[str, bool]] = []  # (step, within its standard)
        self.escalations: list[tuple[float | None, bool]] = []  # (answer s, open and overdue)
        self.callback_attempts = 0
        self.callback_reached = False


def _figures(key: str, label: str, tickets: Iterable[_Ticket]) -> Figures:
    statuses: Tally = Tally()
    waits, services, answers = [], [], []
    steps = {k: [0, 0] for k in STEP_KEYS}
    esc_count = esc_overdue = cb_tickets = cb_attempts = cb_reached = 0
    for t in tickets:
        statuses[t.status] += 1
        if t.wait is not None:
            waits.append(t.wait)
        if t.service is not None:
            services.append(t.service)
        for step, within in t.checks:
            steps[step][1] += 1
            steps[step][0] += within
        for answer, overdue in t.escalations:
            esc_count += 1
            esc_overdue += overdue
            if answer is not None:
                answers.append(answer)
        if t.callback_attempts:
            cb_tickets += 1
            cb_attempts += t.callback_attempts
            cb_reached += t.callback_reached
    return Figures(
        key=key, label=label, issued=sum(statuses.values()), served=statuses[st.DONE],
        no_show=statuses[st.NO_SHOW], cancelled=statuses[st.CANCELLED],
        wait=Summary.of(waits), service=Summary.of(services),
        steps={k: (v[0], v[1]) for k, v in steps.items()},
        escalations=EscalationFigures(esc_count, len(answers), esc_overdue,
                                      Summary.of(answers)),
        callbacks=CallbackFigures(cb_tickets, cb_attempts, cb_reached),
    )


# ---------------------------------------------------------------- reading


@contextmanager
def _no_gc_passes() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a report is built.

    A busy month makes some 200,000 small objects that all live until the report returns and
    hold no cycles; the collector would scan them again and again for nothing (a third of the
    report's time). Whoever found it enabled turns it back on, so concurrent reports leave it
    as they found it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _epoch(session: Session) -> Callable:
    """A SQL expression for a stored UTC time as seconds since the epoch: reading numbers is
    far cheaper than building 100,000 datetimes for a busy month."""
    if is_postgres(session):
        return lambda col: cast(func.extract("epoch", col), Float)
    # julianday() is a double of about 2.46 million days: rounded to the millisecond so that
    # 08:00:00 is not 07:59:59.99998 (and in the wrong hour).
    return lambda col: func.round((func.julianday(col) - 2440587.5) * 86400.0, 3)


@dataclass(frozen=True)
class _Context:
    """What a report knows of the office besides its tickets."""

    office: Office
    services: dict[int, Service]
    counters: dict[int, Counter]
    users: dict[int, User]


def _read_tickets(session: Session, office: Office, flt: ReportFilter, first_day: date,
                  last_day: date) -> list[_Ticket]:
    """The period's tickets with their measured steps, escalations and call-backs."""
    epoch = _epoch(session)
    start, _ = clock.day_bounds(first_day, office.timezone)
    _, end = clock.day_bounds(last_day, office.timezone)
    conds = [*ikm_report.ticket_conditions(session, office, flt),
             Ticket.service_day >= first_day, Ticket.service_day <= last_day]
    # A ticket is called only on its own service day, so its calls lie inside the period.
    first_call = (
        select(TicketEvent.ticket_id, func.min(TicketEvent.at).label("at"))
        .where(TicketEvent.office_id == office.id, TicketEvent.kind == "called",
               TicketEvent.at >= start, TicketEvent.at < end)
        .group_by(TicketEvent.ticket_id).subquery()
    )
    rows = session.execute(
        select(Ticket.id, Ticket.service_id, Ticket.counter_id, Ticket.staff_id,
               Ticket.channel, Ticket.status, Ticket.service_day, epoch(Ticket.issued_at),
               epoch(first_call.c.at), epoch(Ticket.served_at), epoch(Ticket.finished_at))
        .outerjoin(first_call, first_call.c.ticket_id == Ticket.id)
        .where(*conds)
    ).all()
    tickets = {r[0]: _Ticket(r) for r in rows}
    if not tickets:
        return []
    escalations = session.execute(
        select(Escalation.ticket_id, Escalation.level, epoch(Escalation.asked_at),
               epoch(Escalation.answered_at), epoch(Escalation.due_at),
               case((Escalation.answer.is_(None), 0), else_=1),
               Escalation.review_of_id.is_not(None))
        .join(Ticket, Ticket.id == Escalation.ticket_id)
        .where(*conds).order_by(Escalation.id)
    ).all()
    callbacks = session.execute(
        select(TicketEvent.ticket_id, epoch(TicketEvent.at), TicketEvent.data)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.office_id == office.id, TicketEvent.kind == "callback", *conds)
        .order_by(TicketEvent.id)
    ).all()
    measured = session.execute(
        select(TicketStep.ticket_id, TicketStep.step, TicketStep.within)
        .join(Ticket, Ticket.id == TicketStep.ticket_id)
        .where(TicketStep.office_id == office.id, *conds)
    ).all()
    # walk-ins who left before their answer and are to be called back, as phone callers are
    switched = set(session.scalars(
        select(VisitRecord.ticket_id).join(Ticket, Ticket.id == VisitRecord.ticket_id)
        .where(VisitRecord.answer_by == "callback", *conds)))
    _measure(office, _services(session, office), tickets, escalations, callbacks, measured,
             switched)
    return list(tickets.values())


def _services(session: Session, office: Office) -> dict[int, Service]:
    return {s.id: s for s in session.scalars(
        select(Service).where(Service.office_id == office.id).order_by(Service.position))}


def _measure(office: Office, services: dict[int, Service], tickets: dict[int, _Ticket],
             escalations, callbacks, measured, call_backs: set[int] = frozenset()) -> None:
    """Attach to each ticket its steps and whether each held its standard: the ended ones as
    the timeline stored them (TicketStep), and the open ones already past their deadline as
    misses (an escalation not answered by its due time, an online request past its working
    days, a caller not called back in time)."""
    now = clock.now().timestamp()
    for ticket_id, step, within in measured:
        tickets[ticket_id].checks.append((REPORT_KEY.get(step, step), within))
    # plain numbers, not the ORM objects' attributes, in the loop over every ticket
    online_s = {i: s.online_answer_s for i, s in services.items()}
    callback_s = {i: figures(s).of("callback") for i, s in services.items()}
    session = object_session(office)
    calendar = working_days.of_office(session, office.id) if session else None
    for t in tickets.values():
        if t.channel == "online" and t.status in (st.WAITING, st.ESCALATED):
            issued = datetime.fromtimestamp(t.times.issued, UTC)
            due = working_due(issued, online_s[t.service_id], office.timezone,
                              calendar).timestamp()
            _check(t, "online", deadline_step(None, due, now))
    last_answer: dict[int, float] = {}
    pending: set[int] = set()
    for ticket_id, level, asked, answered, due, has_answer, review in escalations:
        t = tickets[ticket_id]
        overdue = answered is None and deadline_step(None, due, now) is False
        if review:  # the back office's review of a main-unit answer: the main unit's step
            if overdue:
                _check(t, "main_unit", False)
            if answered is None:
                pending.add(ticket_id)
            elif has_answer:
                last_answer[ticket_id] = max(answered, last_answer.get(ticket_id, answered))
            continue
        if overdue:
            _check(t, level, False)
        t.escalations.append((answered - asked if answered is not None else None, overdue))
        if answered is None:
            pending.add(ticket_id)
        elif has_answer:
            last_answer[ticket_id] = max(answered, last_answer.get(ticket_id, answered))
    called_back: set[int] = set()
    for ticket_id, at, data in callbacks:
        t = tickets[ticket_id]
        t.callback_attempts += 1
        t.callback_reached = t.callback_reached or bool((data or {}).get("reached"))
        answered = last_answer.get(ticket_id)
        if answered is not None and at >= answered:
            called_back.add(ticket_id)
    for t in tickets.values():
        answered = last_answer.get(t.id)
        if ((t.channel == "phone" or t.id in call_backs) and t.status == st.ESCALATED
                and t.id not in pending
                and answered is not None and t.id not in called_back):
            _check(t, "callback", deadline_step(None, answered + callback_s[t.service_id], now))


def _check(t: _Ticket, step: str, within: bool | None) -> None:
    if within is not None:
        t.checks.append((step, within))


# ---------------------------------------------------------------- grouping


@cache
def _local_quarter(quarter: int, tz_name: str) -> datetime:
    """The local time of a quarter-hour since the epoch (every zone offset is a multiple of
    15 minutes, so the quarter decides the local hour and date); cached: a month has about
    3,000 of them against 20,000 tickets."""
    return datetime.fromtimestamp(quarter * 900, UTC).astimezone(clock.zone(tz_name))


def local_hour(epoch_s: float, tz_name: str) -> int:
    return _local_quarter(int(epoch_s // 900), tz_name).hour


def local_day(epoch_s: float, tz_name: str) -> date:
    return _local_quarter(int(epoch_s // 900), tz_name).date()


def _grouper(group: str, ctx: _Context) -> Callable[[_Ticket], tuple[tuple, str, str]]:
    """For a group kind: ticket -> (sort key, key, label)."""
    tz = ctx.office.timezone

    def by_service(t: _Ticket):
        s = ctx.services[t.service_id]
        return (s.position, s.prefix), s.prefix, f"{s.prefix} {s.name_id}"

    def by_counter(t: _Ticket):
        c = ctx.counters.get(t.counter_id)
        if c is None:
            return (1, 0), NONE_KEY, "Belum di loket / Not at a counter"
        return (0, c.number), str(c.number), c.name

    def by_staff(t: _Ticket):
        u = ctx.users.get(t.staff_id)
        if u is None:
            return (1, ""), NONE_KEY, "Belum dilayani / Not served"
        return (0, u.display_name), u.username, u.display_name

    def by_channel(t: _Ticket):
        return (CHANNELS.index(t.channel),), t.channel, CHANNEL_LABELS[t.channel]

    def by_day(t: _Ticket):
        return (t.day,), t.day.isoformat(), day_label(t.day)

    def by_hour(t: _Ticket):
        hour = local_hour(t.times.issued, tz)
        return (hour,), f"{hour:02d}", hour_label(hour)

    return {"service": by_service, "counter": by_counter, "staff": by_staff,
            "channel": by_channel, "day": by_day, "hour": by_hour}[group]


def day_label(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.strftime('%d-%m-%Y')}"


def hour_label(hour: int) -> str:
    return f"{hour:02d}.00–{hour:02d}.59"


def _group(tickets: list[_Ticket], grouper) -> list[Figures]:
    buckets: dict[str, tuple[tuple, str, list[_Ticket]]] = {}
    for t in tickets:
        sort_key, key, label = grouper(t)
        buckets.setdefault(key, (sort_key, label, []))[2].append(t)
    ordered = sorted(buckets.items(), key=lambda item: item[1][0])
    return [_figures(key, label, members) for key, (_, label, members) in ordered]


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class WaitBin:
    label: str  # in minutes when every ticket shares one standard, else as multiples of it
    count: int
    within: bool


@dataclass(frozen=True)
class ServiceReport:
    office_code: str
    office_name: str
    timezone: str
    date_from: date
    date_to: date
    group: str
    service: str | None
    counter: int | None
    staff: str | None
    groups: tuple[Figures, ...]
    total: Figures
    hourly: tuple[int, ...]  # walk-in visitors per local hour of day, 0..23
    wait_bins: tuple[WaitBin, ...]
    wait_standard_s: int | None  # the one standard, when all waits share it
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def filters(self) -> dict:
        return {"service": self.service, "counter": self.counter, "staff": self.staff}

    @property
    def table(self) -> tuple[Figures, ...]:
        """The groups, then the whole period's row (a page's table)."""
        return (*self.groups, self.total)

    def as_json(self) -> dict:
        """The API v1 service report."""
        return {
            "office": self.office_code, "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(), "timezone": self.timezone, "group": self.group,
            "filters": self.filters,
            "groups": [g.as_json() for g in self.groups],
            "total": self.total.as_json(),
            "steps": [{"key": s.key, "name": s.name_id, "name_en": s.name_en, "sop": s.sop,
                       "standard": s.standard_en, "measured_by": s.measured_by}
                      for s in STEPS],
        }


def _context(session: Session, office: Office, tickets: list[_Ticket]) -> _Context:
    counters = {c.id: c for c in session.scalars(
        select(Counter).where(Counter.office_id == office.id))}
    staff_ids = {t.staff_id for t in tickets if t.staff_id is not None}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(staff_ids)))}
    return _Context(office, _services(session, office), counters, users)


def service_report(db: Database, office_code: str, flt: ReportFilter, group: str | None,
                   reader: Actor | None, *, with_choices: bool = False) -> ServiceReport:
    """The service report of an office over a period, grouped by ``group``.

    ``reader`` must hold `view_reports` for the office: the IKM report's readers (waiting
    and service times per counter and staff member are not published).
    """
    group = check_group(group)
    with db.read() as session, _no_gc_passes():
        office = office_by_code(session, office_code)
        require(reader, "view_reports", office.id)
        flt = default_period(clock.today(office.timezone), flt)
        first_day, last_day, _, _ = ikm_report.period_bounds(office, flt)
        tickets = _read_tickets(session, office, flt, first_day, last_day)
        ctx = _context(session, office, tickets)
        bins, standard = _wait_bins(tickets, ctx.services)
        return ServiceReport(
            office_code=office.code, office_name=office.name, timezone=office.timezone,
            date_from=first_day, date_to=last_day, group=group, service=flt.service,
            counter=flt.counter, staff=flt.staff,
            groups=tuple(_group(tickets, _grouper(group, ctx))),
            total=_figures("*", "Semua / All", tickets),
            hourly=_hourly(tickets, office.timezone), wait_bins=bins,
            wait_standard_s=standard,
            choices=ikm_report.office_choices(session, office) if with_choices else {},
        )


def _hourly(tickets: list[_Ticket], tz_name: str) -> tuple[int, ...]:
    counts = [0] * 24
    for t in tickets:
        if t.channel in WALK_IN_CHANNELS:
            counts[local_hour(t.times.issued, tz_name)] += 1
    return tuple(counts)


def _wait_bins(tickets: list[_Ticket], services: dict[int, Service]
               ) -> tuple[tuple[WaitBin, ...], int | None]:
    counts = [0] * (len(WAIT_BIN_EDGES) + 1)
    standards = set()
    for t in tickets:
        waited = t.wait
        if waited is None:
            continue
        target = services[t.service_id].target_wait_s
        standards.add(target)
        ratio = waited / target if target else float("inf")
        counts[next((i for i, edge in enumerate(WAIT_BIN_EDGES) if ratio <= edge),
                    len(WAIT_BIN_EDGES))] += 1
    standard = standards.pop() if len(standards) == 1 else None
    labels = _minute_labels(standard) if standard else [f"{r} ×" for r in WAIT_BIN_RATIOS]
    return tuple(WaitBin(label, n, edge_index < 4)
                 for edge_index, (label, n) in enumerate(zip(labels, counts, strict=True))
                 ), standard


def _minute_labels(standard_s: int) -> list[str]:
    """Bin labels in minutes ("0–0,8", ..., "> 9"), Indonesian decimal comma."""
    def minutes(s: float) -> str:
        text = f"{round_half_up(s / 6) / 10:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")

    edges = [0.0, *(standard_s * e for e in WAIT_BIN_EDGES)]
    labels = [f"{minutes(a)}–{minutes(b)}" for a, b in zip(edges, edges[1:], strict=False)]
    return [*labels, f"> {minutes(edges[-1])}"]


# ---------------------------------------------------------------- trends


@dataclass(frozen=True)
class TrendPoint:
    key: str  # 2026-11-20, 2026-W47, 2026-11
    label: str
    first: date  # clipped to the report's period
    last: date
    figures: Figures | None
    ikm: IkmResult | None


@dataclass(frozen=True)
class Trend:
    office_code: str
    office_name: str
    timezone: str
    date_from: date
    date_to: date
    by: str
    service: str | None
    counter: int | None
    staff: str | None
    weight_setting: str
    points: tuple[TrendPoint, ...]
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def filters(self) -> dict:
        return {"service": self.service, "counter": self.counter, "staff": self.staff}

    def ikm_json(self) -> dict:
        """The API v1 IKM trend."""
        return {
            "office": self.office_code, "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(), "by": self.by, "filters": self.filters,
            "weight_setting": self.weight_setting,
            "points": [{
                "period": p.key, "label": p.label, "from": p.first.isoformat(),
                "to": p.last.isoformat(),
                "respondents": p.ikm.respondents if p.ikm else 0,
                "ikm": p.ikm.ikm if p.ikm else None,
                "grade": p.ikm.grade if p.ikm else None,
                "label_id": p.ikm.label_id if p.ikm else None,
                "label_en": p.ikm.label_en if p.ikm else None,
            } for p in self.points],
        }


@cache
def bucket_of(day: date, by: str) -> tuple[str, str, date, date]:
    """(key, label, first day, last day) of the day, week (ISO, Monday first) or month
    holding ``day``."""
    if by == "day":
        return day.isoformat(), day_label(day), day, day
    if by == "week":
        year, week, _ = day.isocalendar()
        monday = day - timedelta(days=day.weekday())
        return (f"{year}-W{week:02d}", f"Minggu {week} {year}", monday,
                monday + timedelta(days=6))
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (f"{day.year}-{day.month:02d}", f"{MONTH_NAMES[day.month - 1]} {day.year}", first,
            following - timedelta(days=1))


def _buckets(first_day: date, last_day: date, by: str) -> list[tuple[str, str, date, date]]:
    out = []
    day = first_day
    while day <= last_day:
        key, label, first, last = bucket_of(day, by)
        out.append((key, label, max(first, first_day), min(last, last_day)))
        day = last + timedelta(days=1)
    return out


def trend(db: Database, office_code: str, flt: ReportFilter, by: str = "month", *,
          reader: Actor | None = None, public: bool = False, with_figures: bool = True,
          with_choices: bool = False) -> Trend:
    """The figures and the IKM of an office per day, week or month of a period.

    The IKM of a point counts the responses of tickets completed in it (the IKM's own rule);
    the other figures count the tickets issued in it. ``public`` follows the IKM API: the
    office's and a service's IKM are published, per counter or staff member only to readers.
    Without ``public`` the reader must hold `view_reports`.
    """
    by = check_bucket(by)
    with db.read() as session, _no_gc_passes():
        office = office_by_code(session, office_code)
        if not public or flt.counter is not None or flt.staff or with_figures:
            require(reader, "view_reports", office.id)
        flt = default_period(clock.today(office.timezone), flt, months=12)
        first_day, last_day, start, end = ikm_report.period_bounds(office, flt)
        buckets = _buckets(first_day, last_day, by)
        if by == "day" and len(buckets) > MAX_DAILY_POINTS:
            raise InvalidInput(f"Tren harian paling banyak {MAX_DAILY_POINTS} hari; pilih "
                               "week atau month. / A daily trend covers at most "
                               f"{MAX_DAILY_POINTS} days; use week or month.", field="by")
        figures: dict[str, list[_Ticket]] = {key: [] for key, *_ in buckets}
        if with_figures:
            for t in _read_tickets(session, office, flt, first_day, last_day):
                figures[bucket_of(t.day, by)[0]].append(t)
        answers = _answers_by_bucket(session, office, flt, start, end, by)
        weight = office.settings.ikm_weight
        points = tuple(
            TrendPoint(key, label, first, last,
                       _figures(key, label, figures[key]) if with_figures else None,
                       compute_ikm(answers.get(key, []), weight))
            for key, label, first, last in buckets
        )
        return Trend(
            office_code=office.code, office_name=office.name, timezone=office.timezone,
            date_from=first_day, date_to=last_day, by=by, service=flt.service,
            counter=flt.counter, staff=flt.staff, weight_setting=weight, points=points,
            choices=ikm_report.office_choices(session, office) if with_choices else {},
        )


def _answers_by_bucket(session: Session, office: Office, flt: ReportFilter, start: datetime,
                       end: datetime, by: str) -> dict[str, list[dict[str, int]]]:
    epoch = _epoch(session)
    rows = session.execute(
        select(epoch(Ticket.finished_at), *(getattr(SurveyResponse, k) for k in ELEMENT_KEYS))
        .join(SurveyResponse, SurveyResponse.ticket_id == Ticket.id)
        .where(*ikm_report.ticket_conditions(session, office, flt), Ticket.status == st.DONE,
               Ticket.finished_at >= start, Ticket.finished_at < end)
    ).all()
    out: dict[str, list[dict[str, int]]] = {}
    for finished, *scores in rows:
        day = local_day(finished, office.timezone)
        out.setdefault(bucket_of(day, by)[0], []).append(
            dict(zip(ELEMENT_KEYS, scores, strict=True)))
    return out
