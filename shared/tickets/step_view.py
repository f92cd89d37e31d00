"""A ticket's SOP steps as staff read them (API v1 and the timeline page): the stored
measurements of the steps that ended, and the step running now, each against its standard."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import InvalidInput, NotFound, Unauthorized
from antrian.shared.models import Ticket, TicketStep
from antrian.shared.office.directory import office_by_code
from antrian.shared.office.standards import ONLINE_DAYS, ONLINE_SOP, STANDARDS
from antrian.shared.reports.steps import running_duration
from antrian.shared.tickets import access, timeline
from antrian.shared.tickets import states as st

NAMES = {**{k: (s.name_id, s.name_en, s.sop) for k, s in STANDARDS.items()},
         ONLINE_DAYS: ("Jawaban permintaan daring", "Online request answered", ONLINE_SOP)}


def ticket_steps(db: Database, ticket_id: int, actor: Actor | None) -> dict[str, Any]:
    """`{ticket, steps: [{step, started_at, ended_at, duration_s, standard_s, within}]}`:
    staff of the ticket's office only. A running step has no end; its duration is the time
    so far, and `within` is false once that passed the standard (null before)."""
    if actor is None:  # nobody learns which ticket ids exist without logging in
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    with db.read() as session:
        ticket, office = access.ticket_for(session, ticket_id, actor, "view_timeline",
                                           lock=False)
        rows = session.scalars(select(TicketStep).where(TicketStep.ticket_id == ticket.id)
                               .order_by(TicketStep.ended_at, TicketStep.id)).all()
        out = [{"step": r.step, "started_at": r.started_at.isoformat(),
                "ended_at": r.ended_at.isoformat(), "duration_s": r.duration_s,
                "standard_s": r.standard_s, "within": r.within} for r in rows]
        now = clock.now()
        calendar = timeline.calendar_of(session, ticket)
        for m in timeline.measure_ticket(session, ticket):
            if m.ended_at is not None:
                continue
            so_far = running_duration(m, now, office.timezone, calendar)
            out.append({**m.as_json(), "duration_s": so_far,
                        "within": False if so_far > m.standard_s else None})
        return {
            "ticket": {"id": ticket.id, "code": ticket.code, "channel": ticket.channel,
                       "priority": ticket.priority, "service": ticket.service.prefix,
                       "status": ticket.status, "status_label": st.STATUS_LABELS[ticket.status],
                       "office": office.code, "timezone": office.timezone},
            "steps": out,
        }


def find_ticket(db: Database, office_code: str, code: str, day: date | None,
                actor: Actor | None) -> int:
    """The id of the office's ticket with this number on this service day (today if none)."""
    if actor is None:
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    code = (code or "").strip().upper()
    if not code or len(code) > 12:
        raise InvalidInput("Tulis nomor tiket, mis. A001. / Give a ticket number, e.g. A001.",
                           field="code")
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_timeline", office.id)
        day = day or clock.today(office.timezone)
        found = session.scalar(select(Ticket.id).where(
            Ticket.office_id == office.id, Ticket.service_day == day, Ticket.code == code))
        if found is None:
            raise NotFound(f"Tiket {code} tidak ada pada {day:%d-%m-%Y}. / No ticket {code} "
                           "that day.", field="code")
        return found


def page_view(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps as the timeline page shows them: names, local times, the standard's bar."""
    tz = body["ticket"]["timezone"]
    rows = []
    for s in body["steps"]:
        name_id, name_en, sop = NAMES.get(s["step"], (s["step"], s["step"], ""))
        rows.append({
            **s, "name_id": name_id, "name_en": name_en, "sop": sop,
            "running": s["ended_at"] is None,
            "start": _local(s["started_at"], tz), "end": _local(s["ended_at"], tz),
            # the bar runs to twice the standard: past the middle mark is over it
            "meter_max": 2 * s["standard_s"], "meter_value": min(s["duration_s"],
                                                                2 * s["standard_s"]),
        })
    return rows


def _local(moment: str | None, tz_name: str) -> str:
    if moment is None:
        return "–"
    return datetime.fromisoformat(moment).astimezone(clock.zone(tz_name)).strftime(
        "%d-%m-%Y %H:%M:%S")
