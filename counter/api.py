"""API v1: what a counter does to the queue and to its current ticket."""

from __future__ import annotations

from flask import Response

from antrian.counter import bp
from antrian.counter.schemas import CallRequest, TicketActionRequest
from antrian.shared.core.errors import NotFound
from antrian.shared.tickets import lifecycle
from antrian.shared.tickets.ticket_json import ticket_api
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import Ticket
from antrian.shared.web.openapi import described


def ticket_response(ticket, status: int = 200):
    return ticket_api(ticket, boundary.base_url(), None, None), status


@bp.post("/api/v1/counters/<int:counter_id>/call-next")
@described("Call the next ticket for this counter", responses={200: Ticket, 204: None},
           errors=(409,), description="204 when nobody waits; 409 counter_busy while "
           "another ticket is called or served there.")
def call_next(counter_id: int):
    boundary.json_body()  # refuses a malformed body before anything changes
    ticket = lifecycle.call_next(boundary.db(), counter_id, who.current_actor())
    return Response(status=204) if ticket is None else ticket_response(ticket)


@bp.post("/api/v1/counters/<int:counter_id>/call")
@described("Call a specific waiting number", body=CallRequest, responses={200: Ticket},
           errors=(409,))
def call_number(counter_id: int):
    body = boundary.json_body()
    code = boundary.field(body, "code", str, required=True)
    return ticket_response(
        lifecycle.call_number(boundary.db(), counter_id, code, who.current_actor())
    )


@bp.post("/api/v1/counters/<int:counter_id>/recall")
@described("Announce the counter's called ticket again", responses={200: Ticket},
           errors=(409,))
def recall(counter_id: int):
    boundary.json_body()
    return ticket_response(lifecycle.recall(boundary.db(), counter_id, who.current_actor()))


def _transfer(ticket_id: int, body: dict):
    return lifecycle.transfer(
        boundary.db(),
        ticket_id,
        who.current_actor(),
        service=boundary.field(body, "service", str, required=True),
        counter_number=boundary.field(body, "counter", int),
        note=boundary.field(body, "note", str),
    )


def _escalate(ticket_id: int, body: dict):
    return lifecycle.escalate(
        boundary.db(),
        ticket_id,
        who.current_actor(),
        question=boundary.field(body, "question", str, required=True),
        level=boundary.field(body, "level", str, default="back_office"),
    )


SIMPLE_ACTIONS = {
    "serve": lifecycle.serve,
    "resume": lifecycle.serve,  # serving again after a hold or an escalation's answer
    "complete": lifecycle.complete,
    "no-show": lifecycle.no_show,
    "requeue": lifecycle.requeue,
    "hold": lifecycle.hold,
    "cancel": lifecycle.cancel,
}
TICKET_ACTIONS = [*SIMPLE_ACTIONS, "transfer", "escalate"]  # the last two take a body


@bp.post("/api/v1/tickets/<int:ticket_id>/<action>")
@described("Change a ticket: serve, resume, complete, no-show, requeue, hold, cancel, "
           "transfer or escalate", body=TicketActionRequest, responses={200: Ticket}, errors=(409,),
           path={"action": {"type": "string", "enum": TICKET_ACTIONS}})
def ticket_action(ticket_id: int, action: str):
    body = boundary.json_body()
    if action == "transfer":
        return ticket_response(_transfer(ticket_id, body))
    if action == "escalate":
        return ticket_response(_escalate(ticket_id, body))
    if action not in SIMPLE_ACTIONS:
        known = ", ".join([*SIMPLE_ACTIONS, "transfer", "escalate"])
        raise NotFound(f"Tindakan tidak dikenal: {action}. / Unknown action; use one of: {known}.")
    return ticket_response(
        SIMPLE_ACTIONS[action](boundary.db(), ticket_id, who.current_actor())
    )
