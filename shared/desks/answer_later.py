"""A walk-in who left while the question was out (SOP 001 step 15, "directly or later"): the
counter switches the escalated ticket to a call-back (it joins the phone desk's call-back
list) or to an answer on the ticket's status page (the link on the slip's QR).

How the answer travels is kept in the visit record (`answer_by`); the ticket keeps waiting for
the answer. A status-page answer is given there as soon as the final answer is in
(escalations.deliver_if_left); a call-back is closed by the phone desk (phone.record_callback).
"""

from __future__ import annotations

from sqlalchemy import select

from antrian.shared.auth.actors import Actor
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput
from antrian.shared.desks import escalations, visits
from antrian.shared.models import Ticket, VisitRecord
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.models.visit import ANSWER_BY
from antrian.shared.tickets import access, lifecycle, timeline
from antrian.shared.tickets import states as st
from antrian.shared.tickets.read_models import TicketView


def answer_later(db: Database, ticket_id: int, actor: Actor, by: str,
                 phone: str | None = None) -> TicketView:
    """Switch an escalated walk-in to a call-back (`phone`: the number, unless the visit
    record has one) or to the status page."""
    if by not in ANSWER_BY:
        raise InvalidInput("Pilih callback atau status_page. / Choose callback or status_page.",
                           field="by")
    number = visits.clean(visits.VisitInput(phone=phone))["phone"]
    with db.write() as session:
        ticket, office = access.ticket_for(session, ticket_id, actor, "operate_counter")
        if ticket.channel not in WALK_IN_CHANNELS:
            raise Conflict(f"{ticket.code} bukan kunjungan langsung. / Not a walk-in visit.",
                           code="not_walk_in")
        st.move(ticket, st.ANSWER_LATER)  # an escalated ticket only
        record = session.get(VisitRecord, ticket.id)
        if record is not None and record.answer_by:
            raise Conflict(f"{ticket.code} sudah dialihkan ({record.answer_by}). / Already "
                           f"switched to {record.answer_by}.", code="already_switched")
        values = {"answer_by": by, "outcome": "escalated"}
        if by == "callback":
            number = number or (record.phone if record else None)
            if not number:
                raise InvalidInput("Nomor telepon perlu untuk menelepon balik. / A phone "
                                   "number is needed to call back.", field="phone")
            values["phone"] = number
        visits.apply(session, ticket, values)
        timeline.log_event(session, ticket, "answer_later", actor, by=by)
        if not escalations.deliver_if_left(session, ticket, actor):  # answer in: given now
            lifecycle.publish_update(session, office, ticket, "answer_later")
        return TicketView.of(ticket)


def public_answer(db: Database, token: str) -> str | None:
    """The answer of a walk-in who chose the status page, once given there."""
    with db.read() as session:
        row = session.execute(
            select(Ticket.status, VisitRecord.answer_by, VisitRecord.answer_text)
            .join(VisitRecord, VisitRecord.ticket_id == Ticket.id)
            .where(Ticket.public_token == token)
        ).first()
    if row is None or row.answer_by != "status_page" or row.status != st.DONE:
        return None
    return row.answer_text
