"""API v1: what a counter does to the queue and to its current ticket."""

from __future__ import annotations

from flask import Response

from counter import bp
from shared import queue, web
from shared.errors import NotFound
from shared.views import ticket_api


def ticket_response(ticket, status: int = 200):
    return ticket_api(ticket, web.base_url(), None, None), status


@bp.post("/api/v1/counters/<int:counter_id>/call-next")
def call_next(counter_id: int):
    web.json_body()  # refuses a malformed body before anything changes
    ticket = queue.call_next(web.db(), counter_id, web.current_actor())
    return Response(status=204) if ticket is None else ticket_response(ticket)


@bp.post("/api/v1/counters/<int:counter_id>/call")
def call_number(counter_id: int):
    body = web.json_body()
    code = web.field(body, "code", str, required=True)
    return ticket_response(queue.call_number(web.db(), counter_id, code, web.current_actor()))


@bp.post("/api/v1/counters/<int:counter_id>/recall")
def recall(counter_id: int):
    web.json_body()
    return ticket_response(queue.recall(web.db(), counter_id, web.current_actor()))


def _transfer(ticket_id: int, body: dict):
    return queue.transfer(
        web.db(), ticket_id, web.current_actor(),
        service=web.field(body, "service", str, required=True),
        counter_number=web.field(body, "counter", int),
        note=web.field(body, "note", str),
    )


def _escalate(ticket_id: int, body: dict):
    return queue.escalate(
        web.db(), ticket_id, web.current_actor(),
        question=web.field(body, "question", str, required=True),
        level=web.field(body, "level", str, default="back_office"),
    )


SIMPLE_ACTIONS = {
    "serve": queue.serve,
    "resume": queue.serve,  # serving again after a hold or an escalation's answer
    "complete": queue.complete,
    "no-show": queue.no_show,
    "requeue": queue.requeue,
    "hold": queue.hold,
    "cancel": queue.cancel,
}


@bp.post("/api/v1/tickets/<int:ticket_id>/<action>")
def ticket_action(ticket_id: int, action: str):
    body = web.json_body()
    if action == "transfer":
        return ticket_response(_transfer(ticket_id, body))
    if action == "escalate":
        return ticket_response(_escalate(ticket_id, body))
    if action not in SIMPLE_ACTIONS:
        known = ", ".join([*SIMPLE_ACTIONS, "transfer", "escalate"])
        raise NotFound(f"Tindakan tidak dikenal: {action}. / Unknown action; use one of: {known}.")
    return ticket_response(SIMPLE_ACTIONS[action](web.db(), ticket_id, web.current_actor()))
