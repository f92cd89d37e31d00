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

from shared import clock, events, queue, visits
from shared import ticket_states as st
from shared.auth import Actor, require
from shared.db import Database, is_postgres
from shared.directory import office_by_code
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from shared.models import (
    Case,
    CaseEvent,
    Office,
    Service,
    SurveyResponse,
    Ticket,
    User,
    VisitRecord,
)
from shared.models.survey import CASE_CHANNELS, CASE_STATES, COMPENSATIONS
from shared.skm import ELEMENT_KEYS, ELEMENTS
from shared.text import required_text
from shared.views import status_url, ticket_api, ticket_public

CASE_DAYS = 7  # SOP 004: "selambatnya 1 (satu) minggu"
LOW_SCORE = 2  # 1 tidak baik, 2 kurang baik
TEXT_MAX = 4000
DECREE_MAX = 80
COMPLAINT_CHANNELS = tuple(c for c in CASE_CHANNELS if c != "survey")

STATUS_LABELS = {
    "open": ("Baru", "Open"),
    "heard": ("Sudah didengar", "Heard"),
    "proposed": ("Menunggu verifikasi", "Awaiting verification"),
    "returned": ("Dikembalikan untuk ditinjau", "Returned for review"),
    "approved": ("SK terbit", "Decree issued"),
    "compensated": ("Kompensasi diberikan", "Compensated"),
    "closed": ("Selesai", "Closed"),
}
CHANNEL_LABELS = {
    "survey": ("Survei (nilai rendah)", "Survey (low rating)"),
    "letter": ("Surat", "Letter"),
    "phone": ("Telepon/SMS", "Phone/SMS"),
    "whatsapp": ("WhatsApp", "WhatsApp"),
    "social_media": ("Media sosial", "Social media"),
    "email": ("E-mail", "E-mail"),
    "web": ("Laman web", "Web page"),
    "in_person": ("Tatap muka", "In person"),
}
COMPENSATION_LABELS = {
    "apology": ("Permohonan maaf dari Koordinator ULT", "An apology from the coordinator"),
    "reservice_in_person": ("Layanan ulang langsung dengan prioritas",
                            "Priority re-service in person"),
    "reservice_online": ("Layanan ulang daring dengan prioritas",
                         "Priority re-service online"),
}
HISTORY_LABELS = {
    "opened": ("Kasus dibuka", "Case opened"),
    "heard": ("Keterangan petugas dicatat", "Staff member heard"),
    "proposed": ("Usulan sanksi dan kompensasi", "Sanction and compensation proposed"),
    "approved": ("Diverifikasi: SK terbit", "Verified: decree issued"),
    "returned": ("Dikembalikan untuk ditinjau", "Returned for review"),
    "compensated": ("Kompensasi diberikan", "Compensation given"),
    "closed": ("Kasus ditutup", "Case closed"),
    "overdue": ("Lewat batas 7 hari", "Past the seven-day limit"),
}

# Each step: the permission it needs, the states it may start from, the state it leaves.
STEPS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "hearing": ("hear_case", ("open", "returned"), "heard"),
    "propose": ("propose_case", ("heard", "returned"), "proposed"),
    "verify": ("verify_case", ("proposed",), "approved"),  # or "returned"
    "compensate": ("compensate_case", ("approved",), "compensated"),
    "close": ("close_case", ("compensated",), "closed"),
}
STEP_WORDS = {
    "hearing": ("mencatat keterangan petugas", "record the hearing"),
    "propose": ("mengusulkan sanksi", "propose"),
    "verify": ("memverifikasi", "verify"),
    "compensate": ("memberikan kompensasi", "give compensation"),
    "close": ("menutup kasus", "close the case"),
}
assert set(STATUS_LABELS) == set(CASE_STATES)


# ---------------------------------------------------------------- small rules


def is_overdue(case: Case, now: datetime) -> bool:
    """Not closed seven days after it opened."""
    return case.status != "closed" and now >= case.due_at


def low_elements(scores: dict[str, int]) -> list[str]:
    return [k for k in ELEMENT_KEYS if scores.get(k) is not None and scores[k] <= LOW_SCORE]


def _text(value: Any, field: str, what: tuple[str, str], *, required: bool = True,
          limit: int = TEXT_MAX) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"Kolom '{field}' harus teks. / '{field}' must be text.", field=field)
    if not required and not (value or "").strip():
        return None
    return required_text(value, field=field, limit=limit, what=what)


def _check_step(case: Case, step: str) -> None:
    _, allowed, _ = STEPS[step]
    if case.status not in allowed:
        now_id, now_en = STATUS_LABELS[case.status]
        verb_id, verb_en = STEP_WORDS[step]
        raise Conflict(
            f"Kasus #{case.id} berstatus \"{now_id}\": belum/tidak dapat {verb_id}. / "
            f"Case #{case.id} is \"{now_en}\": cannot {verb_en} now.",
            code="case_out_of_order")


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


def _may_read(actor: Actor | None, case: Case) -> None:
    """Coordinator, head and admin of the office read every case; a staff member their own."""
    if actor is None:
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    if actor.user_id is not None and actor.user_id == case.staff_id:
        return
    require(actor, "view_cases", case.office_id)


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
        _check_step(case, "hearing")
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
        _check_step(case, "propose")
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
        _check_step(case, "verify")
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
        _check_step(case, "compensate")
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
                         base_url: str) -> queue.Issued:
    original = _original_ticket(session, case)
    service = session.get(Service, original.service_id)
    issued = queue.issue_compensation(session, office.code, service.prefix, actor,
                                      queued_at=original.queued_at, base_url=base_url)
    case.reservice_ticket_id = issued.ticket.id
    return issued


def _reservice_online(session: Session, office: Office, case: Case, actor: Actor,
                      text: str) -> Ticket:
    original = _original_ticket(session, case)
    record = session.get(VisitRecord, original.id)
    phone, email = _contact(case, record)
    if not phone and not email:
        raise Conflict("Nomor telepon atau e-mail pengunjung tidak diketahui, jadi layanan "
                       "ulang daring tidak dapat dikirim. / The visitor's phone or e-mail is "
                       "unknown: no online re-service is possible.", code="no_contact")
    service = session.get(Service, original.service_id)
    issued = queue.issue_in(session, office.code,
                            queue.IssueRequest(service=service.prefix, channel="online"), actor)
    visits.apply(session, issued.ticket, {
        "name": record.name if record else None,
        "institution": record.institution if record else None,
        "phone": phone, "email": email,
        "request_text": f"Layanan ulang, kompensasi kasus #{case.id} (SOP 004): {text}"[
            :visits.LIMITS.get("request_text", TEXT_MAX)],
    })
    queue.publish_update(session, office, issued.ticket, "online_request")
    case.reservice_ticket_id = issued.ticket.id
    _ = issued.ticket.service, issued.ticket.counter
    return issued.ticket


def _contact(case: Case, record: VisitRecord | None) -> tuple[str | None, str | None]:
    """The visitor's phone and e-mail where known: the visit record, else the complaint."""
    phone = record.phone if record else None
    email = record.email if record else None
    if case.complainant_contact:
        if "@" in case.complainant_contact:
            email = email or case.complainant_contact
        else:
            phone = phone or case.complainant_contact
    return phone, email


def close(db: Database, case_id: int, actor: Actor | None, notes: Any = None) -> dict:
    """The coordinator or the head closes a compensated case."""
    notes = _text(notes, "notes", ("catatan", "notes"), required=False)
    with db.write() as session:
        case, office = _case_for(session, case_id, actor, "close_case")
        _check_step(case, "close")
        case.closing_notes, case.closed_at, case.status = notes, clock.now(), "closed"
        _log(session, case, "closed", actor, late=clock.now() > case.due_at)
        return _changed(session, office, case, actor)


def _changed(session: Session, office: Office, case: Case, actor: Actor) -> dict:
    session.flush()
    _announce(session, office, case, "case.updated")
    return _detail(session, case, actor, clock.now())


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


# ---------------------------------------------------------------- reading


def _user_json(user: User | None) -> dict | None:
    return {"username": user.username, "display_name": user.display_name} if user else None


def _detail(session: Session, case: Case, actor: Actor, now: datetime) -> dict:
    """The API v1 case object; the visitor's contact only for those who arrange the
    compensation, never for the staff member the case is about."""
    ticket = session.get(Ticket, case.ticket_id) if case.ticket_id else None
    staff = session.get(User, case.staff_id) if case.staff_id else None
    response = (session.get(SurveyResponse, case.survey_response_id)
                if case.survey_response_id else None)
    reservice = session.get(Ticket, case.reservice_ticket_id) if case.reservice_ticket_id \
        else None
    history = session.execute(
        select(CaseEvent, User).outerjoin(User, User.id == CaseEvent.actor_id)
        .where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
    by_kind = {event.kind: (event, user) for event, user in history}
    manager = actor.may("view_cases")

    def step(kind: str) -> dict | None:
        if kind not in by_kind:
            return None
        event, user = by_kind[kind]
        return {"at": event.at.isoformat(), "by": _user_json(user)}

    ratings = None
    if response is not None:
        scores = {k: getattr(response, k) for k in ELEMENT_KEYS}
        ratings = {"scores": scores, "low": [
            {"element": e.key, "name": e.name_id, "name_en": e.name_en, "score": scores[e.key],
             "answer": e.answer(scores[e.key]).label_id,
             "answer_en": e.answer(scores[e.key]).label_en}
            for e in ELEMENTS if scores[e.key] <= LOW_SCORE],
            "comment": response.comment if manager else None}
    proposal = None
    if case.proposed_at is not None:
        proposal = {"sanction": case.sanction, "compensation": case.compensation,
                    **(step("proposed") or {})}
    compensation = None
    if case.compensated_at is not None:
        compensation = {"kind": case.compensation, "text": case.compensation_text,
                        **(step("compensated") or {})}
    contact = None
    if manager:
        record = session.get(VisitRecord, ticket.id) if ticket else None
        phone, email = _contact(case, record)
        contact = {"phone": phone, "email": email} if phone or email else None
    return {
        "id": case.id,
        "status": case.status,
        "status_label": dict(zip(("id", "en"), STATUS_LABELS[case.status], strict=True)),
        "channel": case.channel,
        "ticket": {"id": ticket.id, "code": ticket.code,
                   "service_day": ticket.service_day.isoformat()} if ticket else None,
        "staff": _user_json(staff),
        "ratings": ratings,
        "complaint": case.complaint_text if manager else None,
        "opened_at": case.opened_at.isoformat(),
        "due_at": case.due_at.isoformat(),
        "overdue": is_overdue(case, now),
        "hearing": {"notes": case.hearing_notes, **(step("heard") or {})}
        if case.heard_at else None,
        "proposal": proposal,
        "verification": {"notes": case.verification_notes,
                         **(step("approved") or step("returned") or {})}
        if case.verified_at else None,
        "decree_number": case.decree_number,
        "decree_date": case.decree_date.isoformat() if case.decree_date else None,
        "compensation": compensation,
        "reservice_ticket": {**ticket_public(reservice), "token": reservice.public_token,
                             "status_label": st.STATUS_LABELS.get(reservice.status,
                                                                  reservice.status)}
        if reservice else None,
        "contact": contact,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "closed_by": (step("closed") or {}).get("by"),
        "closing_notes": case.closing_notes,
        "history": [{"kind": event.kind, "at": event.at.isoformat(), "by": _user_json(user),
                     "data": event.data} for event, user in history],
    }


def case_detail(db: Database, case_id: int, actor: Actor | None) -> dict:
    """One case, for coordinator, head, admin, or the staff member it is about."""
    with db.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"Kasus tidak ditemukan / unknown case: {case_id}")
        _may_read(actor, case)
        return _detail(session, case, actor, clock.now())


def list_cases(db: Database, office_code: str, actor: Actor | None,
               status: str | None = None) -> dict:
    """The office's cases, overdue first, then by due time; a staff member sees their own.

    ``status`` filters by a state, or "active" (everything not closed) or "overdue".
    """
    if status not in (None, "", "active", "overdue", *CASE_STATES):
        raise InvalidInput("Status tidak dikenal; pilih: active, overdue, "
                           + ", ".join(CASE_STATES) + ". / Unknown status.", field="status")
    if actor is None:
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    with db.read() as session:
        office = office_by_code(session, office_code)
        own_only = not actor.may("view_cases")
        if own_only:
            if actor.user_id is None or actor.office_id not in (None, office.id):
                raise Forbidden("Peran Anda tidak mengizinkan tindakan ini. / "
                                "Your role does not allow this action.")
        else:
            require(actor, "view_cases", office.id)
        now = clock.now()
        query = select(Case, Ticket.code, User).outerjoin(
            Ticket, Ticket.id == Case.ticket_id).outerjoin(User, User.id == Case.staff_id) \
            .where(Case.office_id == office.id)
        if own_only:
            query = query.where(Case.staff_id == actor.user_id)
        if status == "active":
            query = query.where(Case.status != "closed")
        elif status == "overdue":
            query = query.where(Case.status != "closed", Case.due_at <= now)
        elif status:
            query = query.where(Case.status == status)
        rows = session.execute(query.order_by(Case.due_at, Case.id)).all()
        items = [{
            "id": case.id, "status": case.status,
            "status_label": dict(zip(("id", "en"), STATUS_LABELS[case.status], strict=True)),
            "channel": case.channel, "ticket": code,
            "staff": _user_json(user), "opened_at": case.opened_at.isoformat(),
            "due_at": case.due_at.isoformat(), "overdue": is_overdue(case, now),
            "compensation": case.compensation, "decree_number": case.decree_number,
        } for case, code, user in rows]
        items.sort(key=lambda c: (not c["overdue"], c["status"] == "closed", c["due_at"]))
        return {"office": office.code, "timezone": office.timezone, "own_only": own_only,
                "cases": items}


def public_compensation(db: Database, token: str, base_url: str) -> dict | None:
    """What the visitor's ticket status page says about a compensation given for it: the
    apology's text, or the re-service ticket; None before any is given."""
    with db.read() as session:
        case = session.scalar(
            select(Case).join(Ticket, Ticket.id == Case.ticket_id)
            .where(Ticket.public_token == token, Case.compensated_at.is_not(None))
            .order_by(Case.compensated_at.desc()).limit(1))
        if case is None:
            return None
        body: dict[str, Any] = {
            "kind": case.compensation,
            "label": dict(zip(("id", "en"), COMPENSATION_LABELS[case.compensation],
                              strict=True)),
            "given_at": case.compensated_at.isoformat(),
            "text": case.compensation_text if case.compensation == "apology" else None,
            "ticket": None,
        }
        reservice = session.get(Ticket, case.reservice_ticket_id) if case.reservice_ticket_id \
            else None
        if reservice is not None:
            body["ticket"] = {"code": reservice.code, "status": reservice.status,
                              "priority": reservice.priority, "channel": reservice.channel,
                              "status_url": status_url(base_url, reservice.public_token)}
        return body


# ---------------------------------------------------------------- the report


def case_report(db: Database, office_code: str, actor: Actor | None, year: int | None) -> dict:
    """Cases of one year (by the office-local month they opened): per month, per staff
    member, and by outcome (the compensation given, or where the case still stands)."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_cases", office.id)
        tz = clock.zone(office.timezone)
        year = year or clock.today(office.timezone).year
        if not 2000 <= year <= 2100:
            raise InvalidInput("Tahun di luar jangkauan. / Year out of range.", field="year")
        start, _ = clock.day_bounds(date(year, 1, 1), office.timezone)
        _, end = clock.day_bounds(date(year, 12, 31), office.timezone)
        rows = session.execute(
            select(Case, User).outerjoin(User, User.id == Case.staff_id)
            .where(Case.office_id == office.id, Case.opened_at >= start, Case.opened_at < end)
        ).all()
        now = clock.now()
        months = [{"month": m, "opened": 0, "closed": 0, "late": 0, "open": 0}
                  for m in range(1, 13)]
        staff: dict[str, dict] = {}
        outcomes: dict[str, int] = {}
        for case, user in rows:
            month = months[case.opened_at.astimezone(tz).month - 1]
            month["opened"] += 1
            late = (case.closed_at or now) > case.due_at
            month["closed" if case.status == "closed" else "open"] += 1
            month["late"] += late
            key = user.username if user else "-"
            row = staff.setdefault(key, {"username": key,
                                         "display_name": user.display_name if user else "-",
                                         "cases": 0, "decrees": 0, "returned": 0,
                                         "closed": 0})
            row["cases"] += 1
            row["decrees"] += case.decree_number is not None
            row["closed"] += case.status == "closed"
            outcome = case.compensation if case.compensated_at else case.status
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        returned = session.execute(
            select(CaseEvent.case_id).where(CaseEvent.office_id == office.id,
                                            CaseEvent.kind == "returned")).scalars().all()
        by_id = {case.id: (user.username if user else "-") for case, user in rows}
        for case_id in returned:
            if case_id in by_id:
                staff[by_id[case_id]]["returned"] += 1
        labels = {**{k: v for k, v in COMPENSATION_LABELS.items()}, **STATUS_LABELS}
        return {
            "office": office.code, "office_name": office.name, "year": year,
            "total": len(rows), "months": months,
            "staff": sorted(staff.values(), key=lambda r: (-r["cases"], r["username"])),
            "outcomes": [{"outcome": k, "label": labels.get(k, (k, k)), "count": v}
                         for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1])],
        }


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


def actions_for(actor: Actor | None, status: str) -> tuple[str, ...]:
    """The steps this actor may take on a case in ``status`` now, for the case page."""
    if actor is None:
        return ()
    return tuple(step for step, (permission, allowed, _) in STEPS.items()
                 if status in allowed and actor.may(permission))


def complaint_choices(db: Database, office_code: str, actor: Actor | None) -> dict:
    """What the complaint form offers: SOP 004's channels and the office's staff."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "open_case", office.id)
        staff = session.scalars(select(User).where(User.office_id == office.id, User.active)
                                .order_by(User.display_name)).all()
        return {"office": office.code, "office_name": office.name,
                "channels": [(c, *CHANNEL_LABELS[c]) for c in COMPLAINT_CHANNELS],
                "staff": [(u.username, u.display_name) for u in staff],
                "today": clock.today(office.timezone).isoformat()}


def office_timezone(db: Database, office_code: str) -> str:
    with db.read() as session:
        return office_by_code(session, office_code).timezone
