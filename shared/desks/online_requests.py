"""Online service requests (SOP 000): a public form gives a queue number of channel `online`;
the front office answers within the service's standard of working days.

Online tickets never reach the lobby or a counter's call-next: they wait in the front office's
online list, are answered from the console, and the answer appears at the ticket's status link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session, selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, ratelimit
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from antrian.shared.core.ratelimit import SlidingWindow
from antrian.shared.core.text import required_text
from antrian.shared.desks import escalations, outbox, visits
from antrian.shared.models import Office, Service, Ticket, VisitRecord
from antrian.shared.office import working_days
from antrian.shared.office.working_days import WorkingDays
from antrian.shared.tickets import access, lifecycle, timeline
from antrian.shared.tickets import states as st
from antrian.shared.tickets.read_models import TicketView
from antrian.shared.tickets.ticket_json import status_url

MIN_FILL_S = 3  # a person needs longer than this to fill the form; a script does not


# ---------------------------------------------------------------- working-day deadlines


def working_due(start: datetime, seconds: int, tz_name: str,
                calendar: WorkingDays | None = None) -> datetime:
    """`start` plus `seconds` of working time: weekends, Indonesia's national holidays and the
    office's own days off (in `calendar`) do not count (shared/office/working_days.py).

    2 working days from Friday 15:00 is Tuesday 15:00; from Saturday it is Wednesday 00:00.
    """
    return (calendar or WorkingDays()).due(start, seconds, tz_name)


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


def due_at(office: Office, ticket: Ticket, calendar: WorkingDays | None = None) -> datetime:
    """When the online request must be answered (from the row: it needs the service's
    standard), in the office's working days (read in the office's session unless given)."""
    if calendar is None:
        calendar = working_days.of_office(object_session(office), office.id)
    return working_due(ticket.issued_at, ticket.service.online_answer_s, office.timezone,
                       calendar)


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
        calendar = working_days.of_office(session, office_id)
        out = []
        for ticket, record in rows:
            due = due_at(office, ticket, calendar)
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
    db: Database, ticket_id: int, actor: Actor, text: str, counter_id: int | None = None,
    base_url: str | None = None,
) -> TicketView:
    """Answer an online request: the answer is stored and shown at its status link, and
    goes to the requester's e-mail, if they gave one, through the outbox (in this same
    transaction: a committed answer always has its message). With `base_url` (the site's
    address, when the caller knows it) the message links to the status page."""
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
        record = session.get(VisitRecord, ticket.id)
        if record is not None and record.email:
            outbox.queue(session, office.id, ticket.id, record.email,
                         *answer_mail(office, ticket, record,
                                      status_url(base_url, ticket.public_token)
                                      if base_url else None))
        timeline.log_event(session, ticket, "serving", actor, channel="online", counter=counter_id)
        timeline.log_event(session, ticket, "completed", actor, answered=True)
        lifecycle.publish_update(session, office, ticket, "answered")
        return TicketView.of(ticket)


def answer_mail(office: Office, ticket: Ticket, record: VisitRecord,
                link: str | None) -> tuple[str, str]:
    """The answer's e-mail: subject and body, Indonesian first."""
    service = ticket.service
    subject = (f"Jawaban permintaan {ticket.code} / Answer to your request {ticket.code}"
               f" — {office.name}")
    lines = [
        f"Yth. {record.name}," if record.name else "Yth. Bapak/Ibu,",
        "",
        f"Permintaan layanan daring Anda nomor {ticket.code} ({service.name_id}) telah dijawab.",
        f"Your online request {ticket.code} ({service.name_en}) has been answered.",
        "",
        "Jawaban / Answer:",
        record.answer_text or "",
        "",
        "Permintaan Anda / Your request:",
        record.request_text or "",
    ]
    if link:
        lines += ["", f"Status dan jawaban / Status and answer: {link}"]
    lines += ["", office.name,
              "Pesan ini dikirim otomatis. / This message was sent automatically."]
    return subject, "\n".join(lines)


def public_status(db: Database, token: str) -> dict[str, Any] | None:
    """What the status page of an online request shows (reached only through its
    unguessable token link): the request, when it was sent, its due date, and the answer once
    given. None for a ticket of another channel."""
    with db.read() as session:
        row = session.execute(
            select(Ticket, VisitRecord)
            .outerjoin(VisitRecord, VisitRecord.ticket_id == Ticket.id)
            .options(selectinload(Ticket.service))
            .where(Ticket.public_token == token)
        ).first()
        if row is None or row.Ticket.channel != "online":
            return None
        ticket, record = row.Ticket, row.VisitRecord
        office = session.get(Office, ticket.office_id)
        tz = clock.zone(office.timezone)
        zone = " " + clock.zone_abbreviation(office.timezone)
        due = due_at(office, ticket)
        answered = ticket.status == st.DONE and record is not None and record.answer_text
        return {
            "request_text": record.request_text if record else None,
            "submitted_at": ticket.issued_at.isoformat(),
            "submitted": ticket.issued_at.astimezone(tz).strftime("%d-%m-%Y %H:%M") + zone,
            "due_at": due.isoformat(),
            "due": due.astimezone(tz).strftime("%d-%m-%Y %H:%M") + zone,
            "answer": record.answer_text if answered else None,
            "answered_at": ticket.finished_at.isoformat() if answered else None,
            "answered_on": ((ticket.finished_at.astimezone(tz).strftime("%d-%m-%Y %H:%M") + zone)
                         if answered else None),
        }


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
