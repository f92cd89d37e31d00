"""Reading sanctions-and-compensation cases (SOP 004): one case, an office's list, and what
the visitor's ticket status page says about a compensation given.

Coordinator, head and admin read every case of their office; a staff member reads the cases
about them, without the visitor's comment or contact. Reading is not logged; every change is
(shared/cases/workflow.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.cases.rules import (
    CHANNEL_LABELS,
    COMPENSATION_LABELS,
    COMPLAINT_CHANNELS,
    LOW_SCORE,
    STATUS_LABELS,
    is_overdue,
    visitor_contact,
)
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from antrian.shared.models import Case, CaseEvent, SurveyResponse, Ticket, User, VisitRecord
from antrian.shared.models.survey import CASE_STATES
from antrian.shared.office.directory import office_by_code
from antrian.shared.satisfaction.instrument import ELEMENT_KEYS, ELEMENTS
from antrian.shared.tickets import states as st
from antrian.shared.tickets.read_models import TicketView
from antrian.shared.tickets.ticket_json import status_url, ticket_public


def _may_read(actor: Actor | None, case: Case) -> None:
    """Coordinator, head and admin of the office read every case; a staff member their own."""
    if actor is None:
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    if actor.user_id is not None and actor.user_id == case.staff_id:
        return
    require(actor, "view_cases", case.office_id)



def _user_json(user: User | None) -> dict | None:
    return {"username": user.username, "display_name": user.display_name} if user else None


def detail(session: Session, case: Case, actor: Actor, now: datetime) -> dict:
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
        phone, email = visitor_contact(case, record)
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
        "reservice_ticket": {**ticket_public(TicketView.of(reservice)),
                             "token": reservice.public_token,
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
        return detail(session, case, actor, clock.now())


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
