"""API v1 additions for the staff desks: console state, visit records, reception, phone desk,
back office and online answers. Thin: parse, call one service, serialise."""

from __future__ import annotations

from flask import request

from counter import bp
from counter.api import ticket_response
from shared import console, escalations, online, phone, reception, visits, web
from shared.views import ticket_api


@bp.get("/api/v1/counters/<int:counter_id>/console")
def console_state(counter_id: int):
    return console.console_state(web.db(), counter_id, web.current_actor(), _waiting_page())


def _waiting_page() -> console.WaitingPage:
    """`?waiting_offset=&waiting_limit=`: absent means the first page of the usual size."""
    offset = web.whole_number(request.args.get("waiting_offset"), "waiting_offset",
                              maximum=console.WAITING_OFFSET_MAX)
    limit = web.whole_number(request.args.get("waiting_limit"), "waiting_limit",
                             maximum=console.WAITING_PAGE_MAX)
    return console.WaitingPage(offset or 0,
                               console.WAITING_PAGE if limit is None else max(limit, 1))


@bp.get("/api/v1/tickets/<int:ticket_id>/visit")
def get_visit(ticket_id: int):
    return visits.visit_for(web.db(), ticket_id, web.current_actor())


@bp.put("/api/v1/tickets/<int:ticket_id>/visit")
def put_visit(ticket_id: int):
    data = visits.VisitInput.from_json(web.json_body())
    return visits.record_visit(web.db(), ticket_id, web.current_actor(), data)


# ---------------------------------------------------------------- reception


@bp.post("/api/v1/offices/<office>/reception/tickets")
def reception_issue(office: str):
    body = web.json_body()
    req = web.issue_request(body)
    visitor = visits.VisitInput.from_json(web.field(body, "visitor", dict, default={}))
    issued = reception.issue_for_visitor(web.db(), office, web.current_actor(), req, visitor)
    return ticket_api(issued.ticket, web.base_url(), issued.ahead, issued.estimated_wait_s), 201


@bp.get("/api/v1/offices/<office>/reception")
def reception_overview(office: str):
    return reception.overview(web.db(), office, web.current_actor())


# ---------------------------------------------------------------- phone desk


@bp.post("/api/v1/offices/<office>/calls")
def log_call(office: str):
    body = web.json_body()
    call = phone.CallLog(
        service=web.field(body, "service", str, required=True),
        caller=visits.VisitInput.from_json(body),
    )
    return ticket_response(phone.log_call(web.db(), office, web.current_actor(), call), 201)


@bp.get("/api/v1/offices/<office>/calls")
def list_calls(office: str):
    actor = web.current_actor()
    return {"callbacks": phone.callbacks(web.db(), office, actor),
            "recent": phone.recent_calls(web.db(), office, actor)}


@bp.post("/api/v1/calls/<int:ticket_id>/answer")
def answer_call(ticket_id: int):
    body = web.json_body()
    answer = web.field(body, "answer", str, required=True)
    return ticket_response(phone.answer_now(web.db(), ticket_id, web.current_actor(), answer))


@bp.post("/api/v1/calls/<int:ticket_id>/forward")
def forward_call(ticket_id: int):
    body = web.json_body()
    return ticket_response(phone.forward(
        web.db(), ticket_id, web.current_actor(),
        level=web.field(body, "level", str, default="back_office"),
        question=web.field(body, "question", str),
    ))


@bp.post("/api/v1/calls/<int:ticket_id>/callback")
def callback(ticket_id: int):
    body = web.json_body()
    return ticket_response(phone.record_callback(
        web.db(), ticket_id, web.current_actor(),
        outcome=web.field(body, "outcome", str, required=True),
        answer=web.field(body, "answer", str),
    ))


# ---------------------------------------------------------------- back office


@bp.get("/api/v1/offices/<office>/escalations")
def list_escalations(office: str):
    rows = escalations.open_escalations(web.db(), office, web.current_actor())
    return {"escalations": [r.to_json() for r in rows]}


@bp.post("/api/v1/escalations/<int:escalation_id>/answer")
def answer_escalation(escalation_id: int):
    body = web.json_body()
    esc = escalations.answer(web.db(), escalation_id, web.current_actor(),
                             web.field(body, "answer", str, required=True))
    return {"id": esc.id, "answered_at": esc.answered_at.isoformat()}


@bp.post("/api/v1/escalations/<int:escalation_id>/forward")
def forward_escalation(escalation_id: int):
    body = web.json_body()
    esc = escalations.forward_to_main_unit(web.db(), escalation_id, web.current_actor(),
                                           web.field(body, "note", str))
    return {"id": esc.id, "level": esc.level, "due_at": esc.due_at.isoformat()}, 201


# ---------------------------------------------------------------- online requests


@bp.post("/api/v1/tickets/<int:ticket_id>/answer-online")
def answer_online(ticket_id: int):
    body = web.json_body()
    return ticket_response(online.answer(
        web.db(), ticket_id, web.current_actor(),
        web.field(body, "answer", str, required=True), web.field(body, "counter", int),
    ))
