"""The phone desk (SOP 003): a call becomes a ticket of channel `phone` with its visit record,
answered at once or forwarded, and called back with the answer.

The caller is on the line while staff type, so a logged call is at once being served: it goes
waiting -> called -> serving in the same transaction, each step in the timeline. Phone tickets
never reach the lobby board or a counter's call-next (they are not a walk-in channel).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput
from antrian.shared.core.text import required_text
from antrian.shared.desks import visits
from antrian.shared.desks.escalations import pending_for_ticket
from antrian.shared.desks.visits import latest_answer
from antrian.shared.models import Office, Ticket, TicketEvent, VisitRecord
from antrian.shared.models.visit import ESCALATION_LEVELS
from antrian.shared.tickets import access, lifecycle, timeline
from antrian.shared.tickets import states as st
from antrian.shared.tickets.read_models import TicketView

CALLBACK_OUTCOMES = ("reached", "not_reached")
ANSWER_MAX = visits.LIMITS["answer_text"]


@dataclass(frozen=True)
class CallLog:
    service: str
    caller: visits.VisitInput  # name, institution, regency, phone; the question in request_text


def log_call(db: Database, office_code: str, actor: Actor, call: CallLog) -> TicketView:
    """Record an incoming call as a phone ticket being served by this staff member."""
    values = visits.clean(call.caller)
    if not values["request_text"]:
        raise InvalidInput("Tuliskan pertanyaan penelepon. / Write down the caller's question.",
                           field="request_text")
    if not values["phone"]:
        raise InvalidInput("Nomor telepon perlu untuk menelepon balik. / "
                           "A phone number is needed to call back.", field="phone")
    with db.write() as session:
        office = lifecycle.office_by_code(session, office_code)
        require(actor, "phone_desk", office.id)
        issued = lifecycle.issue_in(
            session,
            office_code,
            lifecycle.IssueRequest(service=call.service, channel="phone"),
            actor,
        )
        ticket = issued.row
        visits.apply(session, ticket, values)
        now = clock.now()
        st.move(ticket, st.LOG_PHONE_CALL)
        ticket.called_at = ticket.served_at = now
        ticket.staff_id = actor.user_id
        timeline.log_event(session, ticket, "called", actor, channel="phone")
        timeline.log_event(session, ticket, "serving", actor)
        lifecycle.publish_update(session, office, ticket, "serving")
        return TicketView.of(ticket)


def _phone_ticket(session, ticket_id: int, actor: Actor,
                  call_back: bool = False) -> tuple[Ticket, Office]:
    """A phone ticket; with `call_back`, also a walk-in switched to a call-back."""
    ticket, office = access.ticket_for(session, ticket_id, actor, "phone_desk")
    record = session.get(VisitRecord, ticket.id) if call_back else None
    switched = record is not None and record.answer_by == "callback"
    if ticket.channel != "phone" and not switched:
        raise Conflict(
            f"{ticket.code} bukan tiket telepon. / Not a phone ticket.", code="not_phone"
        )
    return ticket, office


def answer_now(db: Database, ticket_id: int, actor: Actor, answer: str) -> TicketView:
    """SOP 003 step 3: the answer is known, given on the line, and the call is closed."""
    answer = required_text(
        answer, field="answer", limit=ANSWER_MAX, what=("jawaban yang diberikan", "answer given")
    )
    with db.write() as session:
        ticket, office = _phone_ticket(session, ticket_id, actor)
        st.check(ticket.code, ticket.status, st.COMPLETE)
        visits.apply(session, ticket, {"answer_text": answer, "outcome": "answered"})
        return _close(session, office, ticket, actor)


def _close(session, office: Office, ticket: Ticket, actor: Actor) -> TicketView:
    st.move(ticket, st.COMPLETE)
    ticket.finished_at = clock.now()
    timeline.log_event(session, ticket, "completed", actor)
    lifecycle.publish_update(session, office, ticket, "completed")
    return TicketView.of(ticket)


def forward(
    db: Database,
    ticket_id: int,
    actor: Actor,
    level: str = "back_office",
    question: str | None = None,
) -> TicketView:
    """SOP 003 steps 3-4: pass the question on; the caller will be called back."""
    if level not in ESCALATION_LEVELS:
        raise InvalidInput(f"Tingkat tidak dikenal / unknown level: {level}", field="level")
    with db.write() as session:
        ticket, office = _phone_ticket(session, ticket_id, actor)
        st.check(ticket.code, ticket.status, st.ESCALATE)
        record = session.get(VisitRecord, ticket.id)
        text = (question or "").strip() or (record.request_text if record else "") or ""
        if not text:
            raise InvalidInput("Tuliskan pertanyaannya. / Give the question.", field="question")
        lifecycle.open_escalation(session, ticket, actor, text, level)
        visits.apply(session, ticket, {"outcome": "escalated"})
        st.move(ticket, st.ESCALATE)
        timeline.log_event(session, ticket, "escalated", actor, level=level)
        lifecycle.publish_update(session, office, ticket, "escalated")
        return TicketView.of(ticket)


def record_callback(
    db: Database, ticket_id: int, actor: Actor, outcome: str, answer: str | None = None
) -> TicketView:
    """SOP 003 step 6: the call-back. Reached: the answer given closes the ticket; not
    reached: noted, and the call-back stays on the list to try again."""
    if outcome not in CALLBACK_OUTCOMES:
        raise InvalidInput(
            "Hasil: reached atau not_reached. / Outcome: reached or not_reached.", field="outcome"
        )
    with db.write() as session:
        ticket, office = _phone_ticket(session, ticket_id, actor, call_back=True)
        if ticket.status != st.ESCALATED:
            raise Conflict(
                f"{ticket.code} tidak menunggu telepon balik. / "
                "This call is not waiting for a call-back.",
                code="no_callback",
            )
        answered = latest_answer(session, ticket.id)
        if answered is None or pending_for_ticket(session, ticket.id) is not None:
            raise Conflict(
                "Jawaban back office belum ada. / The back office has not answered yet.",
                code="not_answered",
            )
        timeline.log_event(session, ticket, "callback", actor, reached=outcome == "reached")
        if outcome == "not_reached":
            lifecycle.publish_update(session, office, ticket, "callback")
            return TicketView.of(ticket)
        given = (answer or "").strip() or answered.answer
        if len(given) > ANSWER_MAX:
            raise InvalidInput(
                f"Jawaban maks. {ANSWER_MAX} karakter. / At most {ANSWER_MAX} characters.",
                field="answer",
            )
        visits.keep_final_answer(session, ticket, given)
        return _close(session, office, ticket, actor)


def callbacks(db: Database, office_code: str, actor: Actor) -> list[dict[str, Any]]:
    """Forwarded calls, and walk-ins who left and are to be called back: waiting for the
    answer (due time) or ready to call back."""
    with db.read() as session:
        office = lifecycle.office_by_code(session, office_code)
        require(actor, "phone_desk", office.id)
        tickets = session.scalars(
            select(Ticket)
            .outerjoin(VisitRecord, VisitRecord.ticket_id == Ticket.id)
            .options(selectinload(Ticket.service))
            .where(
                Ticket.office_id == office.id,
                or_(Ticket.channel == "phone", VisitRecord.answer_by == "callback"),
                Ticket.status == st.ESCALATED,
            )
            .order_by(Ticket.issued_at)
        ).all()
        rows = [_callback_row(session, t) for t in tickets]
    return sorted(rows, key=lambda r: (not r["ready"], r["due_at"]))


def _callback_row(session, ticket: Ticket) -> dict[str, Any]:
    record = session.get(VisitRecord, ticket.id)
    pending = pending_for_ticket(session, ticket.id)
    answered = latest_answer(session, ticket.id)
    attempts = session.scalars(
        select(TicketEvent.data).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "callback"
        )
    ).all()
    due: datetime = (
        pending.due_at if pending else (answered.answered_at if answered else ticket.issued_at)
    )
    return {
        "ticket_id": ticket.id,
        "code": ticket.code,
        "channel": ticket.channel,  # not "phone": a walk-in who left before the answer
        "service": ticket.service.prefix,
        "name": record.name if record else None,
        "institution": record.institution if record else None,
        "regency": record.regency if record else None,
        "phone": record.phone if record else None,
        "question": (record.request_text if record else None) or (
            (pending or answered).question if pending or answered else None),
        "level": pending.level if pending else None,
        "due_at": due.isoformat(),
        "overdue": pending is not None and pending.due_at < clock.now(),
        "ready": pending is None and answered is not None,
        "answer": answered.answer if answered and pending is None else None,
        "attempts": len(attempts),
        "not_reached": sum(1 for a in attempts if not a.get("reached")),
    }


def recent_calls(db: Database, office_code: str, actor: Actor, limit: int = 15) -> list[dict]:
    """Today's calls of the office, newest first, for the desk's own list."""
    with db.read() as session:
        office = lifecycle.office_by_code(session, office_code)
        require(actor, "phone_desk", office.id)
        day = clock.today(office.timezone)
        rows = session.execute(
            select(Ticket, VisitRecord)
            .outerjoin(VisitRecord, VisitRecord.ticket_id == Ticket.id)
            .options(selectinload(Ticket.service))
            .where(
                Ticket.office_id == office.id, Ticket.channel == "phone", Ticket.service_day == day
            )
            .order_by(Ticket.id.desc())
            .limit(limit)
        ).all()
        return [
            {
                "ticket_id": t.id,
                "code": t.code,
                "status": t.status,
                "status_label": st.STATUS_LABELS[t.status],
                "name": r.name if r else None,
                "question": r.request_text if r else None,
                "outcome": r.outcome if r else None,
            }
            for t, r in rows
        ]
