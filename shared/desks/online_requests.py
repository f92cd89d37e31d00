"""Online service requests (SOP 000): a public form gives a queue number of channel `online`;
the front office answers within the service's standard of working days.

Online tickets never reach the lobby or a counter's call-next: they wait in the front office's
online list, are answered from the console, and the answer appears at the ticket's status link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, ratelimit
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from antrian.shared.core.ratelimit import SlidingWindow
from antrian.shared.core.text import required_text
from antrian.shared.desks import escalations, visits
from antrian.shared.models import Office, Service, Ticket, VisitRecord
from antrian.shared.tickets import access, lifecycle, timeline
from antrian.shared.tickets import states as st
from antrian.shared.tickets.read_models import TicketView

MIN_FILL_S = 3  # a person needs longer than this to fill the form; a script does not


# ---------------------------------------------------------------- working-day deadlines


def working_due(start: datetime, seconds: int, tz_name: str) -> datetime:
    """`start` plus `seconds` of working time, where Saturdays and Sundays do not count.

    Time runs only on Monday to Friday (whole days, in the office's zone): 2 working days
    from Friday 15:00 is Tuesday 15:00; from Saturday it is Wednesday 00:00.
    """
    tz = clock.zone(tz_name)
    cursor = start.astimezone(tz)
    remaining = timedelta(seconds=seconds)
    while True:
        if cursor.weekday() >= 5:  # jump to Monday 00:00
            monday = cursor.date() + timedelta(days=7 - cursor.weekday())
            cursor = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
            continue
        midnight = datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time(),
                                    tzinfo=tz)
        step = min(remaining, midnight - cursor)
        cursor += step
        remaining -= step
        if remaining <= timedelta(0):
            return cursor.astimezone(start.tzinfo)


# ---------------------------------------------------------------- the public form


@dataclass(frozen=True)
class OnlineRequest:
    service: str
    name: str | None
    institution: str | None
    phone: str | None
    email: str | None
    request_text: str | None


def check_form(shown_at: datetime, honeypot: str, min_fill_s: float | None = None) -> None:
    """Refuse what a bot does: a filled hidden field, a form sent at once (the web checks the
    form's signed token and hands over when the form was shown)."""
    if honeypot:
        raise InvalidInput("Permintaan ditolak. / Request refused.", code="spam")
    wait = MIN_FILL_S if min_fill_s is None else min_fill_s
    if (clock.now() - shown_at).total_seconds() < wait:
        raise InvalidInput("Terlalu cepat; periksa isian lalu kirim lagi. / Sent too quickly; "
                           "check the form and send again.", code="too_fast")


def services_for_form(db: Database, office_code: str) -> tuple[str, list[dict[str, str]]]:
    """The office's name and its active services, for the form's choice list."""
    with db.read() as session:
        office = lifecycle.office_by_code(session, office_code)
        services = session.scalars(
            select(Service).where(Service.office_id == office.id, Service.active)
            .order_by(Service.position)
        ).all()
        return office.name, [{"prefix": s.prefix, "name_id": s.name_id, "name_en": s.name_en,
                              "answer_within": answer_within(s.online_answer_s)}
                             for s in services]


def answer_within(seconds: int) -> dict[str, str]:
    """A service's answer standard as the form states it: working days, or hours if less."""
    if seconds % 86400 == 0:
        days = seconds // 86400
        return {"id": f"{days} hari kerja", "en": f"{days} working day{'s' * (days != 1)}"}
    hours = max(1, round(seconds / 3600))
    return {"id": f"{hours} jam kerja", "en": f"{hours} working hour{'s' * (hours != 1)}"}


def submit(db: Database, office_code: str, req: OnlineRequest,
           admit: Callable[[], None] | None = None) -> tuple[TicketView, datetime]:
    """Issue the online ticket and its visit record in one transaction; returns the due time.
    `admit` runs once everything is valid, before the commit, and may still refuse."""
    values = visits.clean(visits.VisitInput(
        name=req.name, institution=req.institution, phone=req.phone, email=req.email,
        request_text=req.request_text,
    ))
    for name, label in (("name", "Nama / name"), ("request_text", "Permintaan / request")):
        if not values[name]:
            raise InvalidInput(f"{label} wajib diisi. / {label} is required.", field=name)
    if not values["phone"] and not values["email"]:
        raise InvalidInput("Isi nomor telepon atau e-mail agar kami dapat menjawab. / "
                           "Give a phone number or e-mail so we can answer.", field="phone")
    with db.write() as session:
        office = lifecycle.office_by_code(session, office_code)
        actor = Actor(kind="online_form", office_id=office.id)
        issued = lifecycle.issue_in(session, office_code,
                                lifecycle.IssueRequest(service=req.service, channel="online"),
                                actor)
        visits.apply(session, issued.row, values)
        if admit is not None:
            admit()
        lifecycle.publish_update(session, office, issued.row, "online_request")  # consoles refresh
        return issued.done().ticket, due_at(office, issued.row)


def due_at(office: Office, ticket: Ticket) -> datetime:
    """When the online request must be answered (from the row: it needs the service's
    standard)."""
    return working_due(ticket.issued_at, ticket.service.online_answer_s, office.timezone)


# ---------------------------------------------------------------- the front office side


def online_queue(db: Database, office_id: int, actor: Actor) -> list[dict[str, Any]]:
    """Open online requests of any day, soonest due first (a staff screen: names shown)."""
    with db.read() as session:
        require(actor, "operate_counter", office_id)
        office = session.get(Office, office_id)
        rows = session.execute(
            select(Ticket, VisitRecord)
            .outerjoin(VisitRecord, VisitRecord.ticket_id == Ticket.id)
            .options(selectinload(Ticket.service))
            .where(
                Ticket.office_id == office_id,
                Ticket.channel == "online",
                Ticket.status.in_((st.WAITING, st.ESCALATED)),
            )
        ).all()
        now = clock.now()
        out = []
        for ticket, record in rows:
            due = due_at(office, ticket)
            out.append(
                {
                    **escalations.online_state(session, ticket),
                    "ticket_id": ticket.id,
                    "code": ticket.code,
                    "service": ticket.service.prefix,
                    "issued_at": ticket.issued_at.isoformat(),
                    "due_at": due.isoformat(),
                    "overdue": due < now,
                    "name": record.name if record else None,
                    "institution": record.institution if record else None,
                    "phone": record.phone if record else None,
                    "email": record.email if record else None,
                    "request_text": record.request_text if record else None,
                }
            )
    return sorted(out, key=lambda r: r["due_at"])


def answer(
    db: Database, ticket_id: int, actor: Actor, text: str, counter_id: int | None = None
) -> TicketView:
    """Answer an online request: the answer is stored and shown at its status link."""
    text = required_text(
        text, field="answer", limit=visits.LIMITS["answer_text"], what=("jawaban", "answer")
    )
    with db.write() as session:
        ticket, office = access.ticket_for(session, ticket_id, actor, "operate_counter")
        if ticket.channel != "online":
            raise Conflict(
                f"{ticket.code} bukan permintaan daring. / Not an online request.",
                code="not_online",
            )
        now = clock.now()
        escalated = escalations.refuse_while_pending(session, ticket)
        st.move(ticket, st.ANSWER_ONLINE)  # refused once someone else has answered it
        ticket.called_at = ticket.served_at = ticket.finished_at = now
        ticket.staff_id = actor.user_id
        visits.apply(session, ticket, {"answer_text": text,
                                       "outcome": "escalated" if escalated else "answered"})
        timeline.log_event(session, ticket, "serving", actor, channel="online", counter=counter_id)
        timeline.log_event(session, ticket, "completed", actor, answered=True)
        lifecycle.publish_update(session, office, ticket, "answered")
        return TicketView.of(ticket)


def public_answer(db: Database, token: str) -> str | None:
    """The answer of an answered online request, for its public status link."""
    with db.read() as session:
        row = session.execute(
            select(Ticket.channel, Ticket.status, VisitRecord.answer_text)
            .join(VisitRecord, VisitRecord.ticket_id == Ticket.id)
            .where(Ticket.public_token == token)
        ).first()
    if row is None or row.channel != "online" or row.status != st.DONE:
        return None
    return row.answer_text


def new_limiters(redis_url: str = "", prefix: str = "antrian") -> dict[str, SlidingWindow]:
    """Per address: 5 requests in 10 minutes; per office: 100 an hour. Only valid requests
    count (see accept_form). In Redis when it is configured, so every process counts the
    same requests."""
    return {
        "ip": ratelimit.window(5, 600, redis_url=redis_url, prefix=f"{prefix}:rl:ip:"),
        "office": ratelimit.window(100, 3600, redis_url=redis_url, prefix=f"{prefix}:rl:office:"),
    }


@dataclass(frozen=True)
class Submission:
    """What the public form posted, with what the spam checks need."""

    request: OnlineRequest
    shown_at: datetime  # when the form was shown, from its signed token
    honeypot: str
    address: str


def accept_form(
    db: Database,
    office_code: str,
    sent: Submission,
    limiters: dict[str, SlidingWindow],
) -> TicketView:
    """The public form's whole rule: the spam checks, then the request, which counts against
    the rate limits only once it is valid (just before it commits): invalid posts, however
    many, cannot use up the limits of the genuine visitors."""
    check_form(sent.shown_at, sent.honeypot)

    def admit() -> None:
        if not (
            limiters["ip"].allow(f"{office_code}|{sent.address}")
            and limiters["office"].allow(office_code)
        ):
            raise TooManyRequests(
                "Terlalu banyak permintaan; coba lagi nanti. / Too many "
                "requests; please try again later."
            )

    ticket, _due = submit(db, office_code, sent.request, admit=admit)
    return ticket


def sent_view(db: Database, office_code: str, token: str) -> dict[str, Any]:
    """The confirmation page of one online request: its number and answer deadline."""
    with db.read() as session:
        office = lifecycle.office_by_code(session, office_code)
        ticket = session.scalar(
            select(Ticket).options(selectinload(Ticket.service)).where(Ticket.public_token == token)
        )
        if ticket is None or ticket.office_id != office.id or ticket.channel != "online":
            raise NotFound("Permintaan tidak ditemukan. / Request not found.")
        local_due = due_at(office, ticket).astimezone(clock.zone(office.timezone))
        return {
            "code": ticket.code,
            "token": ticket.public_token,
            "service": ticket.service.name_id,
            "due": local_due.strftime("%d-%m-%Y %H:%M ") + clock.zone_abbreviation(office.timezone),
        }
