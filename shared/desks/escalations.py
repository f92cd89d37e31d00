"""Escalations (SOP 001 steps 9-14, SOP 003 steps 3-5): the back office answers what the
front office or the phone desk could not, or passes it to the main unit.

The answer goes back to where the question came from: the counter resumes the visitor's
ticket, the phone desk calls back, the online request is answered from the console.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, NotFound
from antrian.shared.core.text import required_text
from antrian.shared.models import Escalation, Office, Ticket, VisitRecord
from antrian.shared.tickets import access, lifecycle, timeline

ANSWER_MAX = 8000

LEVEL_LABELS = {"back_office": "Back office", "main_unit": "Unit utama / main unit"}


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

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "ticket_id": self.ticket_id, "code": self.code,
            "channel": self.channel, "service": self.service, "level": self.level,
            "level_label": LEVEL_LABELS[self.level], "question": self.question,
            "asked_at": self.asked_at.isoformat(), "due_at": self.due_at.isoformat(),
            "overdue": self.overdue, "answer": self.answer, "visitor": self.visitor,
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
        rows = session.execute(
            select(Escalation, Ticket, VisitRecord.name)  # the visitor's name in the same query
            .join(Ticket, Ticket.id == Escalation.ticket_id)
            .outerjoin(VisitRecord, VisitRecord.ticket_id == Ticket.id)
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
            )
            for esc, ticket, name in rows
        ]


def _escalation(session: Session, escalation_id: int, actor: Actor) -> tuple[Escalation, Ticket]:
    esc = session.get(Escalation, escalation_id)
    if esc is None:
        raise NotFound(f"Eskalasi tidak ditemukan / unknown escalation: {escalation_id}")
    require(actor, "answer_escalation", esc.office_id)
    if esc.answered_at is not None:
        raise Conflict("Eskalasi ini sudah dijawab. / This escalation is already answered.",
                       code="already_answered")
    return esc, access.locked_ticket(session, esc.ticket_id)


def answer(db: Database, escalation_id: int, actor: Actor, text: str) -> EscalationStep:
    """Record the back office's (or main unit's) answer; the ticket waits for the front."""
    text = required_text(text, field="answer", limit=ANSWER_MAX, what=("jawaban", "answer"))
    with db.write() as session:
        esc, ticket = _escalation(session, escalation_id, actor)
        esc.answer = text
        esc.answered_at = clock.now()
        esc.answered_by_id = actor.user_id
        esc.answer_channel = {"phone": "phone", "online": "online"}.get(ticket.channel,
                                                                        "in_person")
        timeline.log_event(session, ticket, "answered", actor, level=esc.level,
                        escalation_id=esc.id)
        _notify(session, ticket, esc, "escalation.answered")
        return EscalationStep.of(esc)


def forward_to_main_unit(db: Database, escalation_id: int, actor: Actor,
                         note: str | None = None) -> EscalationStep:
    """The back office cannot settle it: the main unit gets it, with its own deadline."""
    with db.write() as session:
        esc, ticket = _escalation(session, escalation_id, actor)
        if esc.level != "back_office":
            raise Conflict("Sudah di unit utama. / Already with the main unit.",
                           code="already_main_unit")
        now = clock.now()
        question = esc.question + (f"\n\nCatatan back office: {note.strip()}"
                                   if note and note.strip() else "")
        esc.answered_at = now  # the back-office step is closed by passing it on
        esc.answered_by_id = actor.user_id
        esc.answer_channel = "forwarded"
        upper = lifecycle.open_escalation(session, ticket, actor, question, "main_unit")
        timeline.log_event(session, ticket, "escalated", actor, level="main_unit")
        session.flush()
        _notify(session, ticket, upper, "escalation.opened")
        return EscalationStep.of(upper)


def _notify(session: Session, ticket: Ticket, esc: Escalation, name: str) -> None:
    """An office event with no personal data: consoles refresh their lists on it."""
    office = session.get(Office, ticket.office_id)
    events.record(session, events.Event(
        name, office.id, office.code,
        {"escalation": {"id": esc.id, "ticket_id": ticket.id, "code": ticket.code,
                        "level": esc.level, "channel": ticket.channel,
                        "answered": esc.answered_at is not None}},
    ))


def latest_answer(session: Session, ticket_id: int) -> Escalation | None:
    """The ticket's latest answered (not merely forwarded) escalation."""
    return session.scalar(
        select(Escalation)
        .where(Escalation.ticket_id == ticket_id, Escalation.answer.is_not(None))
        .order_by(Escalation.answered_at.desc())
        .limit(1)
    )


def pending_for_ticket(session: Session, ticket_id: int) -> Escalation | None:
    return session.scalar(
        select(Escalation)
        .where(Escalation.ticket_id == ticket_id, Escalation.answered_at.is_(None))
        .order_by(Escalation.id.desc()).limit(1)
    )
