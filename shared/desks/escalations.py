"""Escalations (SOP 001 steps 9-14, SOP 003 steps 3-5, SOP 000 step 2): the back office
answers what the front office, the phone desk or the online list could not, or passes it to
the main unit.

The main unit answers to the back office, which passes the answer on unchanged or corrected
(a review row, SOP 001 step 14). The answer then goes back to where the question came from:
the counter resumes the visitor's ticket, the phone desk calls back, the online request is
answered from the console; a walk-in who left is called back or finds it at the ticket's
status link (shared.desks.answer_later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased, selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, Forbidden, NotFound
from antrian.shared.core.text import required_text
from antrian.shared.desks import visits
from antrian.shared.models import Escalation, Office, Ticket, VisitRecord
from antrian.shared.tickets import access, lifecycle, timeline
from antrian.shared.tickets import states as st

ANSWER_MAX = 8000

LEVEL_LABELS = {"back_office": "Back office", "main_unit": "Unit utama / main unit"}
REVIEW_LABEL = "Tinjau jawaban unit utama / review the main unit's answer"


@dataclass(frozen=True)
class OpenEscalation:
    id: int
    ticket_id: int
    code: str
    channel: str
    service: str
    level: str
    question: str
    asked_at: datetime
    due_at: datetime
    overdue: bool
    answer: str | None
    visitor: str | None  # the visitor's name: a staff screen only
    proposed: str | None = None  # on a review: the main unit's answer to pass on or correct

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "ticket_id": self.ticket_id, "code": self.code,
            "channel": self.channel, "service": self.service, "level": self.level,
            "level_label": REVIEW_LABEL if self.proposed is not None else LEVEL_LABELS[self.level],
            "question": self.question,
            "asked_at": self.asked_at.isoformat(), "due_at": self.due_at.isoformat(),
            "overdue": self.overdue, "answer": self.answer, "visitor": self.visitor,
            "review": self.proposed is not None, "proposed": self.proposed,
        }


@dataclass(frozen=True)
class EscalationStep:
    """One escalation as a change left it: answered, or passed on with a new deadline."""

    id: int
    level: str
    answered_at: datetime | None
    due_at: datetime

    @classmethod
    def of(cls, esc: Escalation) -> EscalationStep:
        return cls(esc.id, esc.level, esc.answered_at, esc.due_at)


def open_escalations(db: Database, office_code: str, actor: Actor) -> list[OpenEscalation]:
    """Unanswered escalations of the office, soonest due first (any channel)."""
    with db.read() as session:
        office = lifecycle.office_by_code(session, office_code)
        require(actor, "answer_escalation", office.id)
        levels = ("main_unit",) if actor.roles == frozenset({"main_unit"}) else (
            "back_office", "main_unit")
        reviewed = aliased(Escalation)  # a review's main-unit answer, in the same query
        rows = session.execute(
            select(Escalation, Ticket, VisitRecord.name, reviewed.answer)
            .join(Ticket, Ticket.id == Escalation.ticket_id)
            .outerjoin(VisitRecord, VisitRecord.ticket_id == Ticket.id)
            .outerjoin(reviewed, reviewed.id == Escalation.review_of_id)
            .options(selectinload(Ticket.service))
            .where(Escalation.office_id == office.id, Escalation.answered_at.is_(None),
                   Escalation.level.in_(levels))
            .order_by(Escalation.due_at)
        ).all()
        now = clock.now()
        return [
            OpenEscalation(
                esc.id, ticket.id, ticket.code, ticket.channel, ticket.service.prefix, esc.level,
                esc.question, esc.asked_at, esc.due_at, esc.due_at < now, esc.answer, name,
                proposed,
            )
            for esc, ticket, name, proposed in rows
        ]


def _escalation(session: Session, escalation_id: int, actor: Actor) -> tuple[Escalation, Ticket]:
    """The open escalation and its ticket, the ticket row-locked (PostgreSQL) and the
    escalation read again under that lock: of two staff pressing at once, the second sees
    the first one's answer and gets the 409."""
    esc = session.get(Escalation, escalation_id)
    if esc is None:
        raise NotFound(f"Eskalasi tidak ditemukan / unknown escalation: {escalation_id}")
    require(actor, "answer_escalation", esc.office_id)
    ticket = access.locked_ticket(session, esc.ticket_id)
    session.refresh(esc)
    if esc.answered_at is not None:
        raise _already_answered()
    return esc, ticket


def _already_answered() -> Conflict:
    return Conflict("Eskalasi ini sudah dijawab. / This escalation is already answered.",
                    code="already_answered")


def _close(session: Session, esc: Escalation, actor: Actor, answer: str | None,
           channel: str) -> None:
    """Close one step of the escalation. The UPDATE's guard (still open) decides in the
    database, whatever lock the caller holds: one answer per escalation."""
    result = session.execute(
        update(Escalation)
        .where(Escalation.id == esc.id, Escalation.answered_at.is_(None))
        .values(answer=answer, answered_at=clock.now(), answered_by_id=actor.user_id,
                answer_channel=channel)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _already_answered()
    session.refresh(esc)


def _delivery(session: Session, ticket: Ticket) -> str:
    """How the answer reaches the visitor: where they asked, unless a walk-in left."""
    record = session.get(VisitRecord, ticket.id)
    if record is not None and record.answer_by:
        return {"callback": "phone"}.get(record.answer_by, record.answer_by)
    return {"phone": "phone", "online": "online"}.get(ticket.channel, "in_person")


def answer(db: Database, escalation_id: int, actor: Actor, text: str) -> EscalationStep:
    """Record an answer. The back office's goes to the front (counter, phone desk, online
    list); the main unit's goes back to the back office for review (SOP 001 step 14); on a
    review, the text given is what the back office passes on."""
    text = required_text(text, field="answer", limit=ANSWER_MAX, what=("jawaban", "answer"))
    with db.write() as session:
        esc, ticket = _escalation(session, escalation_id, actor)
        if esc.review_of_id is not None:
            return _pass_on(session, esc, ticket, actor, text)
        if esc.level == "main_unit":
            return _to_review(session, esc, ticket, actor, text)
        _close(session, esc, actor, text, _delivery(session, ticket))
        timeline.log_event(session, ticket, "answered", actor, level=esc.level,
                           escalation_id=esc.id)
        _notify(session, ticket, esc, "escalation.answered")
        deliver_if_left(session, ticket, actor)
        return EscalationStep.of(esc)


def _to_review(session: Session, esc: Escalation, ticket: Ticket, actor: Actor,
               text: str) -> EscalationStep:
    """The main unit's direction comes back through the back office: a review row at the
    back office, due when the main unit's step is (its standard runs until the direction is
    back, SOP 001 steps 12-14)."""
    _close(session, esc, actor, text, "review")
    review = Escalation(ticket_id=ticket.id, office_id=ticket.office_id, level="back_office",
                        question=esc.question, asked_by_id=actor.user_id, asked_at=clock.now(),
                        due_at=esc.due_at, review_of_id=esc.id)
    session.add(review)
    session.flush()
    timeline.log_event(session, ticket, "answered", actor, level=esc.level,
                       escalation_id=esc.id, review=True)
    _notify(session, ticket, review, "escalation.opened")
    return EscalationStep.of(esc)


def pass_on(db: Database, escalation_id: int, actor: Actor,
            text: str | None = None) -> EscalationStep:
    """The back office passes the main unit's answer to the front: unchanged, or corrected
    when `text` is given."""
    if text is not None and text.strip():
        text = required_text(text, field="answer", limit=ANSWER_MAX, what=("jawaban", "answer"))
    else:
        text = None
    with db.write() as session:
        esc, ticket = _escalation(session, escalation_id, actor)
        if esc.review_of_id is None:
            raise Conflict("Ini bukan jawaban unit utama untuk ditinjau; kirim jawaban. / "
                           "Not a main-unit answer to review; send an answer.",
                           code="not_review")
        return _pass_on(session, esc, ticket, actor, text)


def _pass_on(session: Session, esc: Escalation, ticket: Ticket, actor: Actor,
             text: str | None) -> EscalationStep:
    if actor.roles == frozenset({"main_unit"}):  # its own answer is reviewed by others
        raise Forbidden("Tinjauan jawaban unit utama adalah tugas back office. / The back "
                        "office reviews the main unit's answer.", code="back_office_only")
    proposed = session.get(Escalation, esc.review_of_id).answer or ""
    final = text or proposed
    _close(session, esc, actor, final, _delivery(session, ticket))
    timeline.log_event(session, ticket, "reviewed", actor, level="main_unit",
                       escalation_id=esc.id, corrected=final != proposed)
    _notify(session, ticket, esc, "escalation.answered")
    deliver_if_left(session, ticket, actor)
    return EscalationStep.of(esc)


def forward_to_main_unit(db: Database, escalation_id: int, actor: Actor,
                         note: str | None = None) -> EscalationStep:
    """The back office cannot settle it: the main unit gets it, with its own deadline."""
    with db.write() as session:
        esc, ticket = _escalation(session, escalation_id, actor)
        if esc.review_of_id is not None:
            raise Conflict("Ini jawaban unit utama: teruskan ke depan atau koreksi. / This is "
                           "the main unit's answer: pass it on or correct it.",
                           code="in_review")
        if esc.level != "back_office":
            raise Conflict("Sudah di unit utama. / Already with the main unit.",
                           code="already_main_unit")
        question = esc.question + (f"\n\nCatatan back office: {note.strip()}"
                                   if note and note.strip() else "")
        _close(session, esc, actor, None, "forwarded")  # passing it on closes this step
        upper = lifecycle.open_escalation(session, ticket, actor, question, "main_unit")
        timeline.log_event(session, ticket, "escalated", actor, level="main_unit")
        session.flush()
        _notify(session, ticket, upper, "escalation.opened")
        return EscalationStep.of(upper)


def deliver_if_left(session: Session, ticket: Ticket, actor: Actor) -> bool:
    """A walk-in who left and chose the status page: once the final answer is in, it is
    given there. The visit record keeps it, the ticket completes, its status link shows it.
    False when that is not the case (yet)."""
    record = session.get(VisitRecord, ticket.id)
    if record is None or record.answer_by != "status_page" or ticket.status != st.ESCALATED:
        return False
    session.flush()
    if pending_for_ticket(session, ticket.id) is not None or visits.latest_answer(
            session, ticket.id) is None:
        return False
    visits.keep_final_answer(session, ticket)
    st.move(ticket, st.COMPLETE)
    ticket.finished_at = clock.now()
    timeline.log_event(session, ticket, "completed", actor, answer_by="status_page")
    lifecycle.publish_update(session, session.get(Office, ticket.office_id), ticket,
                             "completed")
    return True


def _notify(session: Session, ticket: Ticket, esc: Escalation, name: str) -> None:
    """An office event with no personal data: consoles refresh their lists on it."""
    office = session.get(Office, ticket.office_id)
    events.record(session, events.Event(
        name, office.id, office.code,
        {"escalation": {"id": esc.id, "ticket_id": ticket.id, "code": ticket.code,
                        "level": esc.level, "channel": ticket.channel,
                        "answered": esc.answered_at is not None}},
    ))


def pending_for_ticket(session: Session, ticket_id: int) -> Escalation | None:
    return session.scalar(
        select(Escalation)
        .where(Escalation.ticket_id == ticket_id, Escalation.answered_at.is_(None))
        .order_by(Escalation.id.desc()).limit(1)
    )


def refuse_while_pending(session: Session, ticket: Ticket) -> bool:
    """An escalated ticket is answered once its answer is back (not while the back office or
    the main unit still has it); True when it was escalated."""
    if ticket.status != st.ESCALATED:
        return False
    lifecycle.refuse_while_question_is_out(session, ticket)
    return True


def online_state(session: Session, ticket: Ticket) -> dict[str, Any]:
    """Where an online request stands on its way through the back office, for the front
    office's online list: escalated or not, ready to answer, and the answer that came back."""
    if ticket.status != st.ESCALATED:
        return {"escalated": False, "ready": True, "answer": None, "level": None}
    pending = pending_for_ticket(session, ticket.id)
    answered = visits.latest_answer(session, ticket.id)
    return {"escalated": True, "ready": pending is None and answered is not None,
            "answer": answered.answer if answered and pending is None else None,
            "level": pending.level if pending else None}

