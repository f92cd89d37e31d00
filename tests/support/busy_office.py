"""A busy office's months of tickets, written straight into the database (deterministic).

For the report benchmark and the report pages' browser tests: walk-ins with morning and
after-lunch peaks, phone calls with escalations and call-backs, online requests, no-shows,
cancellations and survey responses, each with a timeline like the services write and the
steps that timeline measures. Bulk
inserts, not the services: 20,000 tickets take seconds, not an hour.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.models import (
    Counter,
    Escalation,
    Office,
    Service,
    SurveyResponse,
    Ticket,
    TicketEvent,
    TicketStep,
)
from antrian.shared.office.standards import figures
from antrian.shared.reports import steps

# Visitors by local hour of the day: a morning peak and a smaller one after lunch.
HOUR_WEIGHTS = {7: 3, 8: 12, 9: 18, 10: 14, 11: 9, 12: 3, 13: 11, 14: 10, 15: 5, 16: 2}
CHANNEL_WEIGHTS = {"kiosk": 78, "reception": 8, "phone": 8, "online": 5, "compensation": 1}


def working_days(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def fill(db: Database, first: date, last: date, tickets: int, seed: int = 13,
         office_code: str = "demo", surveyed: float = 0.3,
         moods: tuple[int, int, int] = (1, 5, 4)) -> int:
    """Write ``tickets`` tickets over the working days from ``first`` to ``last``;
    ``moods`` weighs the survey's scores 2, 3 and 4 around which a respondent answers."""
    rng = random.Random(seed)
    with db.write() as session:
        office = session.scalar(select(Office).where(Office.code == office_code))
        tz = clock.zone(office.timezone)
        services = list(session.scalars(select(Service).where(Service.office_id == office.id)
                                        .order_by(Service.position)))
        counters = list(session.scalars(select(Counter).where(Counter.office_id == office.id)
                                        .order_by(Counter.number)))
        next_id = (session.scalar(select(Ticket.id).order_by(Ticket.id.desc()).limit(1)) or 0)
        days = working_days(first, last)
        numbers: dict[tuple[date, str], int] = {}
        rows, events, escalations, responses, measured = [], [], [], [], []
        standards = {s.id: figures(s) for s in services}
        hours, hour_weights = zip(*HOUR_WEIGHTS.items(), strict=True)
        channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
        for i in range(tickets):
            next_id += 1
            day = days[i % len(days)]
            hour = rng.choices(hours, hour_weights)[0]
            issued = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)),
                                      tzinfo=tz).astimezone(UTC)
            service = rng.choices(services, (50, 20, 15, 15))[0]
            channel = rng.choices(channels, channel_weights)[0]
            priority = channel == "compensation" or rng.random() < 0.06
            series = office.priority_prefix if priority else service.prefix
            numbers[day, series] = numbers.get((day, series), 0) + 1
            counter = counters[3] if priority else rng.choice(counters[:3])
            ticket = {
                "id": next_id, "office_id": office.id, "service_id": service.id,
                "service_day": day, "series": series, "number": numbers[day, series],
                "code": f"{series}{numbers[day, series]:03d}", "priority": priority,
                "channel": channel, "public_token": f"busy-{seed}-{next_id}",
                "queued_at": issued, "issued_at": issued, "recall_count": 0,
                "needs_assistance": False, "status": "done", "counter_id": None,
                "staff_id": None, "called_at": None, "served_at": None, "finished_at": None,
            }
            timeline = [("issued", issued)]
            if channel in ("kiosk", "reception", "compensation"):
                _walk_in(rng, ticket, counter, service, timeline, escalations)
            elif channel == "phone":
                _phone(rng, ticket, counter, service, timeline, escalations)
            else:
                _online(rng, ticket, counter, timeline)
            rows.append(ticket)
            # the steps the timeline would have stored, event by event
            for m in steps.measure(channel, priority and channel != "compensation",
                                   [(kind, at, data[0] if data else {})
                                    for kind, at, *data in timeline],
                                   standards[service.id], office.timezone):
                if m.ended_at is not None:
                    measured.append({"ticket_id": next_id, "office_id": office.id,
                                     "step": m.step, "started_at": m.started_at,
                                     "ended_at": m.ended_at, "duration_s": m.duration_s,
                                     "standard_s": m.standard_s, "within": m.within})
            for kind, at, *data in timeline:
                events.append({"ticket_id": next_id, "office_id": office.id, "kind": kind,
                               "at": at, "actor_id": ticket["staff_id"],
                               "counter_id": ticket["counter_id"],
                               "data": data[0] if data else {}})
            if ticket["status"] == "done" and rng.random() < surveyed:
                base = rng.choices((2, 3, 4), moods)[0]
                responses.append({
                    "ticket_id": next_id, "office_id": office.id, "service_id": service.id,
                    "counter_id": ticket["counter_id"], "staff_id": ticket["staff_id"],
                    **{f"u{k}": max(1, min(4, base + rng.choice((-1, 0, 0, 0, 1))))
                       for k in range(1, 10)},
                    "mode": "qr", "submitted_at": ticket["finished_at"] + timedelta(minutes=5),
                })
        session.execute(insert(Ticket), rows)
        session.execute(insert(TicketEvent), events)
        if escalations:
            session.execute(insert(Escalation), escalations)
        if responses:
            session.execute(insert(SurveyResponse), responses)
        if measured:
            session.execute(insert(TicketStep), measured)
        return len(rows)


def _walk_in(rng, t, counter, service, timeline, escalations) -> None:
    roll = rng.random()
    issued = t["issued_at"]
    if roll < 0.03:  # cancelled while waiting
        t["status"], t["finished_at"] = "cancelled", issued + timedelta(minutes=rng.randint(2, 30))
        timeline.append(("cancelled", t["finished_at"]))
        return
    t["counter_id"], t["staff_id"] = counter.id, counter.staff_id
    called = issued + timedelta(seconds=rng.expovariate(1 / 150))
    t["called_at"] = called
    timeline.append(("called", called, {"recall_count": 0}))
    if roll < 0.10:  # no-show after two recalls
        t["status"], t["recall_count"] = "no_show", 2
        t["finished_at"] = called + timedelta(minutes=4)
        timeline.append(("no_show", t["finished_at"]))
        return
    served = called + timedelta(seconds=rng.uniform(20, 240))
    t["served_at"] = served
    timeline.append(("serving", served))
    finished = served + timedelta(seconds=rng.lognormvariate(6.1, 0.45))
    if roll > 0.95:  # escalated to the back office, answered, then completed
        asked = served + timedelta(minutes=3)
        answered = asked + timedelta(seconds=rng.uniform(120, 900))
        escalations.append(_escalation(t, "back_office", asked, service.back_office_s,
                                       answered, counter.staff_id))
        timeline += [("escalated", asked, {"level": "back_office"}), ("answered", answered),
                     ("resumed", answered + timedelta(minutes=1))]
        finished = answered + timedelta(minutes=rng.randint(2, 6))
    t["finished_at"] = finished
    timeline.append(("completed", finished))


def _phone(rng, t, counter, service, timeline, escalations) -> None:
    issued = t["issued_at"]
    t["counter_id"], t["staff_id"] = None, counter.staff_id
    t["called_at"] = t["served_at"] = issued
    timeline += [("called", issued, {"channel": "phone"}), ("serving", issued)]
    if rng.random() < 0.6:  # answered on the line
        t["finished_at"] = issued + timedelta(seconds=rng.uniform(90, 400))
        timeline.append(("completed", t["finished_at"]))
        return
    asked = issued + timedelta(minutes=3)
    answered = asked + timedelta(seconds=rng.uniform(180, 900))
    escalations.append(_escalation(t, "back_office", asked, service.back_office_s, answered,
                                   counter.staff_id))
    timeline += [("escalated", asked, {"level": "back_office"}), ("answered", answered)]
    attempt = answered + timedelta(seconds=rng.uniform(60, 600))
    if rng.random() < 0.25:
        timeline.append(("callback", attempt, {"reached": False}))
        attempt += timedelta(minutes=20)
    timeline.append(("callback", attempt, {"reached": True}))
    t["finished_at"] = attempt
    timeline.append(("completed", attempt))


def _online(rng, t, counter, timeline) -> None:
    answered = t["issued_at"] + timedelta(hours=rng.uniform(1, 60))
    t["counter_id"], t["staff_id"] = counter.id, counter.staff_id
    t["called_at"] = t["served_at"] = t["finished_at"] = answered
    timeline += [("serving", answered, {"channel": "online"}), ("completed", answered)]


def _escalation(t, level, asked, deadline_s, answered, asked_by) -> dict:
    return {"ticket_id": t["id"], "office_id": t["office_id"], "level": level,
            "question": "Pertanyaan lanjutan.", "answer": "Jawaban.",
            "answer_channel": "phone" if t["channel"] == "phone" else "in_person",
            "asked_by_id": asked_by, "asked_at": asked,
            "due_at": asked + timedelta(seconds=deadline_s), "answered_at": answered}
