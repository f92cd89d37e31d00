"""The SOP steps running now, with when each started and the standard it is held to.

Read from the tickets' own columns and their escalations in one query per kind of step, not
by replaying every open ticket's timeline: the watcher asks every second or two, the
supervisor's live view on every change. Each start is the moment the step's timeline event was
logged, or a moment before it (a column set in the same transaction just before the event), so
the watcher confirms a step found here past its standard against the ticket's timeline
(shared.reports.steps.measure, the one definition of a step) before it raises a breach.

Which step runs, as `measure` has it: a walk-in ticket waits (`wait`) until its first call, is
called (`call`) until first served, is served (`service`) until its first question goes to
the back office or it is completed; an open escalation runs `back_office` or `main_unit`, and
a back-office review of the main unit's answer runs on the main unit's step; once every
escalation is answered the front office gives the answer (`answer`, walk-in) or calls back
(`callback`: phone, and a walk-in who left for a call-back) until completion or the first
call-back attempt; a logged call runs `phone_answer` until answered or passed on; an online
request `online_days` until answered, in working seconds (without holidays and the office's
days off); a visitor who asked for help at issue `escort` until the guard marks it done (past
the ticket's completion too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from antrian.shared.models import (
    AssistanceRequest,
    Breach,
    Escalation,
    Office,
    Service,
    Ticket,
    TicketEvent,
    VisitRecord,
)
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.office import working_days
from antrian.shared.office.standards import ESCORT, ONLINE_DAYS, Figures, figures
from antrian.shared.reports.steps import working_seconds
from antrian.shared.tickets import states as st

WALK_IN_STEPS = ("wait", "call", "service", "answer")
STEPS = (*WALK_IN_STEPS, "phone_answer", "back_office", "main_unit", "callback", ONLINE_DAYS,
         ESCORT)


@dataclass(frozen=True)
class Running:
    ticket_id: int
    office_id: int
    code: str
    channel: str
    service_id: int
    priority: bool  # held to SOP 002's figures
    status: str
    step: str
    started_at: datetime
    standard_s: int
    elapsed_s: int  # working seconds for an online request
    counter_id: int | None
    staff_id: int | None

    @property
    def over(self) -> bool:
        return self.elapsed_s > self.standard_s


def _open() -> ColumnElement[bool]:
    return Ticket.status.not_in(st.FINISHED)


def _first_event(kind: str):
    return (select(func.min(TicketEvent.at))
            .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == kind)
            .correlate(Ticket).scalar_subquery())


#: The main unit's question that a back-office review row passes on (SOP 001 step 14).
REVIEWED = aliased(Escalation, name="reviewed")
#: An open escalation's step: its level, but a review runs on the main unit's step, which ends
#: only when the back office passes the answer on (shared.reports.steps.measure).
ESCALATION_STEP = case((Escalation.review_of_id.is_not(None), literal("main_unit")),
                       else_=Escalation.level)


def _escalated() -> ColumnElement[bool]:
    return exists().where(Escalation.ticket_id == Ticket.id)


def _last_answer():
    """When the last question of the ticket was answered (not passed up): the front office's
    `answer` or the phone desk's `callback` starts then."""
    answered = aliased(Escalation)
    return (select(func.max(answered.answered_at))
            .where(answered.ticket_id == Ticket.id, answered.answered_at.is_not(None),
                   answered.answer_channel != "forwarded")
            .correlate(Ticket).scalar_subquery())


def _queries() -> list[tuple[str | None, object, list]]:
    """(step, or None when the step is the escalation's level; its start; its conditions)."""
    walk_in = Ticket.channel.in_(WALK_IN_CHANNELS)
    open_question = exists().where(Escalation.ticket_id == Ticket.id,
                                   Escalation.answered_at.is_(None))
    # a walk-in who left and is to be called back (shared.desks.answer_later)
    called_back = exists().where(VisitRecord.ticket_id == Ticket.id,
                                 VisitRecord.answer_by == "callback")
    last_answer = _last_answer()
    escort_asked = (select(AssistanceRequest.requested_at)
                    .where(AssistanceRequest.ticket_id == Ticket.id,
                           AssistanceRequest.status != "done")
                    .correlate(Ticket).scalar_subquery())
    return [
        ("wait", Ticket.issued_at,
         [walk_in, Ticket.status == st.WAITING, Ticket.called_at.is_(None)]),
        ("call", _first_event("called"),
         [walk_in, _open(), Ticket.called_at.is_not(None), Ticket.served_at.is_(None)]),
        ("service", Ticket.served_at,
         [walk_in, _open(), Ticket.served_at.is_not(None), ~_escalated()]),
        ("phone_answer", Ticket.served_at,
         [Ticket.channel == "phone", _open(), Ticket.served_at.is_not(None), ~_escalated()]),
        (None, func.coalesce(REVIEWED.asked_at, Escalation.asked_at),
         [_open(), Escalation.answered_at.is_(None)]),
        ("answer", last_answer,
         [walk_in, ~called_back, _open(), last_answer.is_not(None), ~open_question]),
        ("callback", last_answer,
         [or_(Ticket.channel == "phone", called_back), _open(), last_answer.is_not(None),
          ~open_question,
          ~exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "callback",
                          TicketEvent.at >= last_answer)]),
        (ONLINE_DAYS, Ticket.issued_at, [Ticket.channel == "online",
                                         Ticket.status.in_((st.WAITING, st.ESCALATED))]),
        (ESCORT, escort_asked,
         [escort_asked.is_not(None), Ticket.status.not_in((st.NO_SHOW, st.CANCELLED))]),
    ]


def _standard(fig: Figures, step: str, priority: bool) -> int:
    return fig.online_s if step == ONLINE_DAYS else fig.of(step, priority)


def _lowest(all_figures: Iterable[Figures]) -> dict[str, int]:
    """Each step's smallest standard of any service and class: nothing younger can be due."""
    lowest: dict[str, int] = {}
    for fig in all_figures:
        for step in STEPS:
            for priority in (False, True):
                value = _standard(fig, step, priority)
                lowest[step] = min(lowest.get(step, value), value)
    return lowest


def running_steps(session: Session, now: datetime, *, office_id: int | None = None,
                  day: date | None = None, due_only: bool = False) -> list[Running]:
    """Every running step (of one office, or of all); walk-in steps only of tickets of service
    day `day` when given. `due_only`: only steps that may have passed their standard and have
    no breach raised yet (the watcher's question: it reads few rows when nothing is due)."""
    services = session.scalars(select(Service).where(
        *([Service.office_id == office_id] if office_id is not None else []))).all()
    figs = {s.id: figures(s) for s in services}
    if not figs:
        return []
    zones = dict(session.execute(select(Office.id, Office.timezone)).all())
    lowest = _lowest(figs.values())
    calendars: dict[int, working_days.WorkingDays] = {}
    found: list[Running] = []
    for step, start, conditions in _queries():
        step_col = literal(step) if step else ESCALATION_STEP
        query = select(Ticket.id, Ticket.office_id, Ticket.code, Ticket.channel,
                       Ticket.service_id, Ticket.priority, Ticket.status, Ticket.counter_id,
                       Ticket.staff_id, step_col, start)
        if step is None:
            query = (query.join(Escalation, Escalation.ticket_id == Ticket.id)
                     .outerjoin(REVIEWED, REVIEWED.id == Escalation.review_of_id))
        query = query.where(*conditions)
        if office_id is not None:
            query = query.where(Ticket.office_id == office_id)
        if day is not None and (step in WALK_IN_STEPS):
            query = query.where(Ticket.service_day == day)
        if due_only:
            bound = lowest[step] if step else min(lowest["back_office"], lowest["main_unit"])
            query = query.where(start <= now - timedelta(seconds=bound), ~exists().where(
                Breach.ticket_id == Ticket.id, Breach.step == step_col,
                Breach.started_at >= start))
        for row in session.execute(query):
            (tid, oid, code, channel, service_id, priority, status, counter_id, staff_id,
             name, began) = row
            if began is None or service_id not in figs:
                continue
            held = priority and channel != "compensation"  # as timeline.held_to_priority
            standard = _standard(figs[service_id], name, held)
            if name == ONLINE_DAYS:
                if oid not in calendars:  # the office's own days off count too
                    calendars[oid] = working_days.of_office(session, oid)
                elapsed = working_seconds(began, now, zones.get(oid, "Asia/Jakarta"),
                                          calendars[oid])
            else:
                elapsed = max(round((now - began).total_seconds()), 0)
            found.append(Running(tid, oid, code, channel, service_id, held, status, name,
                                 began, standard, elapsed, counter_id, staff_id))
    return found
