"""Sanctions and compensation cases (SOP 004): from a low rating to a visitor served again.

A case opens by itself when a survey response rates any element 1 or 2 and the ticket has a
staff member (in the response's own transaction), or the back office opens one from a
complaint that came another way. Then, each step by its role and logged in the case's
history with who and when:

    open -> heard (coordinator) -> proposed (coordinator) -> approved with a decree (head)
                                                   \\-> returned for review (head) -> heard
                                                        or proposed again
    approved -> compensated (coordinator) -> closed (coordinator or head)

A step out of order is a Conflict (409 ``case_out_of_order``), a step by the wrong role is
Forbidden (403). A case not closed within seven days of opening is overdue; the periodic
:func:`flag_overdue` announces each one once (``case.overdue``).

Cases are personal judgements about staff: only coordinator, head and admin read them, and
the staff member their own. Hub events about cases go to the office's private ``cases:``
room and carry no names and no text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.cases import reading
from antrian.shared.cases.rules import (
    CASE_DAYS,
    COMPLAINT_CHANNELS,
    DECREE_MAX,
    TEXT_MAX,
    check_step,
    is_overdue,
    low_elements,
    visitor_contact,
)
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database, is_postgres
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound
from antrian.shared.core.text import required_text
from antrian.shared.desks import visits
from antrian.shared.models import (
    Case,
    CaseEvent,
    Office,
    Service,
    SurveyResponse,
    Ticket,
    User,
    VisitRecord,
)
from antrian.shared.models.survey import COMPENSATIONS
from antrian.shared.office.directory import office_by_code
from antrian.shared.satisfaction.instrument import ELEMENT_KEYS
from antrian.shared.tickets import lifecycle
from antrian.shared.tickets.read_models import TicketView
from antrian.shared.tickets.ticket_json import ticket_api

# ---------------------------------------------------------------- small rules


def _text(value: Any, field: str, what: tuple[str, str], *, required: bool = True,
          limit: int = TEXT_MAX) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"Kolom '{field}' harus teks. / '{field}' must be text.", field=field)
    if not required and not (value or "").strip():
        return None
    return required_text(value, field=field, limit=limit, what=what)


def _log(session: Session, case: Case, step: str, actor: Actor | None, **data: Any) -> None:
    session.add(CaseEvent(case_id=case.id, office_id=case.office_id, kind=step,
                          at=clock.now(), actor_id=actor.user_id if actor else None, data=data))


def _announce(session: Session, office: Office, case: Case, name: str) -> None:
    """Tell the office's case screens (coordinator, head) without names or text."""
    payload = {"case": {"id": case.id, "status": case.status,
                        "overdue": is_overdue(case, clock.now())}}
    events.record(session, events.Event(name, office.id, office.code, payload,
                                        rooms=(f"cases:{office.code}",), office_wide=False))


def _case_for(session: Session, case_id: int, actor: Actor | None, permission: str,
              lock: bool = True) -> tuple[Case, Office]:
    case = session.get(Case, case_id, with_for_update=lock and is_postgres(session))
    if case is None:
        raise NotFound(f"Kasus tidak ditemukan / unknown case: {case_id}")
    office = session.get(Office, case.office_id)
    require(actor, permission, office.id)
    return case, office


# ---------------------------------------------------------------- opening


def open_for_low_rating(session: Session, office: Office, ticket: Ticket,
                        response: SurveyResponse) -> Case | None:
    """Open the response's case when it rates any element 1 or 2 and someone served the
    ticket; called inside the survey's own transaction, so a response never lacks its case.
    """
    scores = {k: getattr(response, k) for k in ELEMENT_KEYS}
    low = low_elements(scores)
    if not low or response.staff_id is None:
        return None
    now = clock.now()
    case = Case(office_id=office.id, survey_response_id=response.id, ticket_id=ticket.id,
                channel="survey", staff_id=response.staff_id, status="open", opened_at=now,
                due_at=now + timedelta(days=CASE_DAYS))
    session.add(case)
    session.flush()
    _log(session, case, "opened", None, channel="survey", low=low)
    _announce(session, office, case, "case.opened")
    return case


@dataclass(frozen=True)
class Complaint:
    """A complaint that came by letter, phone, WhatsApp, social media, e-mail, the web page
    or in person (SOP 004's channels)."""

    channel: str
    text: str | None
    staff: str | None = None  # username of the staff member complained about
    ticket_code: str | None = None  # the visit's ticket, when the complainant knows it
    ticket_day: date | None = None  # its service day; today when not given
    contact: str | None = None  # the complainant's phone or e-mail, for a re-service


def _complaint_contact(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    is_email = "@" in raw
    visits.clean(visits.VisitInput(email=raw) if is_email else visits.VisitInput(phone=raw))
    return raw


def open_complaint(db: Database, office_code: str, actor: Actor | None,
                   complaint: Complaint) -> int:
    """The back office opens a case from a complaint; returns the case's id."""
    if complaint.channel not in COMPLAINT_CHANNELS:
        raise InvalidInput("Kanal pengaduan tidak dikenal; pilih: " + ", ".join(
            COMPLAINT_CHANNELS) + ". / Unknown complaint channel.", field="channel")
    text = _text(complaint.text, "text", ("isi pengaduan", "complaint"))
    contact = _complaint_contact(complaint.contact)
    with db.write() as session:
        office = office_by_code(session, office_code)
        require(actor, "open_case", office.id)
        ticket = _complaint_ticket(session, office, complaint)
        staff_id = ticket.staff_id if ticket is not None else None
        if complaint.staff:
            staff_id = session.scalar(select(User.id).where(
                User.username == complaint.staff.strip(),
                or_(User.office_id == office.id, User.office_id.is_(None))))
            if staff_id is None:
                raise NotFound(f"Petugas tidak ditemukan / unknown staff: {complaint.staff}",
                               field="staff")
        now = clock.now()
        case = Case(office_id=office.id, ticket_id=ticket.id if ticket else None,
                    channel=complaint.channel, complaint_text=text,
                    complainant_contact=contact, staff_id=staff_id, status="open",
                    opened_at=now, due_at=now + timedelta(days=CASE_DAYS))
        session.add(case)
        session.flush()
        _log(session, case, "opened", actor, channel=complaint.channel)
        _announce(session, office, case, "case.opened")
        return case.id


def _complaint_ticket(session: Session, office: Office, complaint: Complaint) -> Ticket | None:
    code = (complaint.ticket_code or "").strip().upper()
    if not code:
        return None
    day = complaint.ticket_day or clock.today(office.timezone)
    ticket = session.scalar(select(Ticket).where(
        Ticket.office_id == office.id, Ticket.service_day == day, Ticket.code == code))
    if ticket is None:
        raise NotFound(f"Tiket {code} tanggal {day.isoformat()} tidak ada. / "
                       f"No ticket {code} on that day.", field="ticket_code")
    return ticket


# ---------------------------------------------------------------- the steps


def record_hearing(db: Database, case_id: int, actor: Actor | None, notes: Any) -> dict:
    """The coordinator records the staff member's explanation or defence."""
    notes = _text(notes, "notes", ("keterangan petugas", "staff member's explanation"))
    with db.write() as session:
        case, office = _case_for(session, case_id, actor, "hear_case")
        check_step(case, "hearing")
        case.hearing_notes, case.heard_at, case.status = notes, clock.now(), "heard"
        _log(session, case, "heard", actor)
        return _changed(session, office, case, actor)


def propose(db: Database, case_id: int, actor: Actor | None, sanction: Any,
            compensation: Any) -> dict:
    """The coordinator proposes the sanction and the compensation to the head."""
    sanction = _text(sanction, "sanction", ("usulan sanksi", "proposed sanction"))
    kind = _compensation_kind(compensation)
    with db.write() as session:
        case, office = _case_for(session, case_id, actor, "propose_case")
        check_step(case, "propose")
        case.sanction, case.compensation = sanction, kind
        case.proposed_at, case.status = clock.now(), "proposed"
        _log(session, case, "proposed", actor, compensation=kind)
        return _changed(session, office, case, actor)


def _compensation_kind(value: Any, field: str = "compensation") -> str:
    if value not in COMPENSATIONS:
        raise InvalidInput("Kompensasi harus salah satu: " + ", ".join(COMPENSATIONS)
                           + ". / Compensation must be one of these.", field=field)
    return value


def verify(db: Database, case_id: int, actor: Actor | None, decision: Any,
           decree_number: Any = None, decree_date: Any = None, notes: Any = None) -> dict:
    """The head approves the proposal with the decree (SK) number and date, or returns it
    for review (SOP 004: "Penerbitan SK ... Tidak -> kembali")."""
    if decision not in ("approve", "return"):
        raise InvalidInput("Keputusan harus 'approve' atau 'return'. / "
                           "decision must be 'approve' or 'return'.", field="decision")
    if decision == "approve":
        number = _text(decree_number, "decree_number", ("nomor SK", "decree number"),
                       limit=DECREE_MAX)
        day = _decree_date(decree_date)
        notes = _text(notes, "notes", ("catatan", "notes"), required=False)
    else:
        notes = _text(notes, "notes", ("alasan pengembalian", "reason for returning it"))
    with db.write() as session:
        case, office = _case_for(session, case_id, actor, "verify_case")
        check_step(case, "verify")
        case.verification_notes, case.verified_at = notes, clock.now()
        if decision == "approve":
            case.decree_number, case.decree_date, case.status = number, day, "approved"
            _log(session, case, "approved", actor, decree_number=number,
                 decree_date=day.isoformat())
        else:
            case.status = "returned"
            _log(session, case, "returned", actor)
        return _changed(session, office, case, actor)


def _decree_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("Tanggal SK harus berformat YYYY-MM-DD. / "
                           "decree_date must be a date as YYYY-MM-DD.",
                           field="decree_date") from None


@dataclass(frozen=True)
class Compensated:
    case: dict
    ticket: dict | None  # the re-service ticket as the ticket API gives it


def compensate(db: Database, case_id: int, actor: Actor | None, kind: Any, text: Any,
               base_url: str = "") -> Compensated:
    """The coordinator gives the compensation (SOP 004 "Produk pelayanan"):

    - ``apology``: the apology's text, shown on the visitor's ticket status page;
    - ``reservice_in_person``: a priority ticket of channel ``compensation`` for the case's
      service, queued at the original ticket's time, shown on the visitor's status page;
    - ``reservice_online``: an online request (SOP 000) in the visitor's name and contact,
      answered by the front office like any online request, at its own status link.
    """
    with db.write() as session:
        case, office = _case_for(session, case_id, actor, "compensate_case")
        kind = _compensation_kind(kind if kind is not None else case.compensation, "kind")
        text = _text(text, "text", ("teks permohonan maaf", "apology text"),
                     required=kind != "reservice_in_person")
        check_step(case, "compensate")
        ticket_json = None
        if kind == "reservice_in_person":
            issued = _reservice_in_person(session, office, case, actor, base_url)
            ticket_json = ticket_api(issued.ticket, base_url, issued.ahead,
                                     issued.estimated_wait_s)
        elif kind == "reservice_online":
            ticket = _reservice_online(session, office, case, actor, text)
            ticket_json = ticket_api(ticket, base_url, None, None)
        case.compensation, case.compensation_text = kind, text
        case.compensated_at, case.status = clock.now(), "compensated"
        _tell_visitor(session, office, case)
        _log(session, case, "compensated", actor, kind=kind,
             reservice_ticket=ticket_json["code"] if ticket_json else None)
        return Compensated(_changed(session, office, case, actor), ticket_json)


def _tell_visitor(session: Session, office: Office, case: Case) -> None:
    """The visitor's open status page refreshes and shows the compensation."""
    ticket = session.get(Ticket, case.ticket_id) if case.ticket_id else None
    if ticket is None:
        return
    events.record(session, events.Event(
        "ticket.compensated", office.id, office.code, {"ticket": {"id": ticket.id}},
        rooms=(f"ticket:{ticket.public_token}",), office_wide=False))


def _original_ticket(session: Session, case: Case) -> Ticket:
    ticket = session.get(Ticket, case.ticket_id) if case.ticket_id else None
    if ticket is None:
        raise Conflict("Kasus ini tidak terkait tiket, jadi layanan ulang tidak dapat "
                       "diterbitkan; pilih permohonan maaf. / This case has no ticket to "
                       "serve again; give an apology.", code="no_ticket")
    return ticket


def _reservice_in_person(session: Session, office: Office, case: Case, actor: Actor,
                         base_url: str) -> lifecycle.Issued:
    """The priority ticket of channel compensation, read once it is issued."""
    original = _original_ticket(session, case)
    service = session.get(Service, original.service_id)
    issued = lifecycle.issue_compensation(session, office.code, service.prefix, actor,
                                      queued_at=original.queued_at, base_url=base_url)
    case.reservice_ticket_id = issued.row.id
    return issued.done()


def _reservice_online(session: Session, office: Office, case: Case, actor: Actor,
                      text: str) -> TicketView:
    original = _original_ticket(session, case)
    record = session.get(VisitRecord, original.id)
    phone, email = visitor_contact(case, record)
    if not phone and not email:
        raise Conflict("Nomor telepon atau e-mail pengunjung tidak diketahui, jadi layanan "
                       "ulang daring tidak dapat dikirim. / The visitor's phone or e-mail is "
                       "unknown: no online re-service is possible.", code="no_contact")
    service = session.get(Service, original.service_id)
    issued = lifecycle.issue_in(session, office.code,
                            lifecycle.IssueRequest(service=service.prefix, channel="online"), actor)
    visits.apply(session, issued.row, {
        "name": record.name if record else None,
        "institution": record.institution if record else None,
        "phone": phone, "email": email,
        "request_text": f"Layanan ulang, kompensasi kasus #{case.id} (SOP 004): {text}"[
            :visits.LIMITS.get("request_text", TEXT_MAX)],
    })
    lifecycle.publish_update(session, office, issued.row, "online_request")
    case.reservice_ticket_id = issued.row.id
    return issued.done().ticket


def close(db: Database, case_id: int, actor: Actor | None, notes: Any = None) -> dict:
    """The coordinator or the head closes a compensated case."""
    notes = _text(notes, "notes", ("catatan", "notes"), required=False)
    with db.write() as session:
        case, office = _case_for(session, case_id, actor, "close_case")
        check_step(case, "close")
        case.closing_notes, case.closed_at, case.status = notes, clock.now(), "closed"
        _log(session, case, "closed", actor, late=clock.now() > case.due_at)
        return _changed(session, office, case, actor)


def _changed(session: Session, office: Office, case: Case, actor: Actor) -> dict:
    session.flush()
    _announce(session, office, case, "case.updated")
    return reading.detail(session, case, actor, clock.now())


# ---------------------------------------------------------------- the overdue check


def flag_overdue(db: Database, now: datetime | None = None) -> int:
    """Announce each case that passed its seven days unclosed, once (``case.overdue``).

    Idempotent and safe to run from several processes at once: one UPDATE ... RETURNING
    claims exactly the cases whose ``overdue_at`` is still empty, so a case is announced by
    whichever run claims it, and never again. Returns how many were announced.
    """
    now = now or clock.now()
    with db.write() as session:
        claimed = session.scalars(
            update(Case).where(Case.status != "closed", Case.due_at <= now,
                               Case.overdue_at.is_(None))
            .values(overdue_at=now).returning(Case.id)
            .execution_options(synchronize_session=False)).all()
        for case_id in sorted(claimed):
            case = session.get(Case, case_id)
            office = session.get(Office, case.office_id)
            _log(session, case, "overdue", None, due_at=case.due_at.isoformat())
            payload = {"case": {"id": case.id, "status": case.status, "overdue": True,
                                "due_at": case.due_at.isoformat()}}
            events.record(session, events.Event("case.overdue", office.id, office.code,
                                                payload, rooms=(f"cases:{office.code}",),
                                                office_wide=False))
        return len(claimed)


def purge_free_text(session: Session, office: Office, cutoff: datetime) -> int:
    """The retention purge's part for cases opened before ``cutoff``: the complaint, the
    contact, the notes and the apology go; the steps, dates, decree and kinds stay for the
    report. Returns how many cases were blanked."""
    result = session.execute(
        update(Case).where(Case.office_id == office.id, Case.opened_at < cutoff,
                           or_(Case.complaint_text.is_not(None),
                               Case.complainant_contact.is_not(None),
                               Case.hearing_notes.is_not(None), Case.sanction.is_not(None),
                               Case.verification_notes.is_not(None),
                               Case.compensation_text.is_not(None),
                               Case.closing_notes.is_not(None)))
        .values(complaint_text=None, complainant_contact=None, hearing_notes=None,
                sanction=None, verification_notes=None, compensation_text=None,
                closing_notes=None)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


