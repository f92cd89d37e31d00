"""API v1 additions for the staff desks: console state, visit records, reception, phone desk,
back office and online answers. Thin: parse, call one service, serialise."""

from __future__ import annotations

from flask import request

from antrian.counter import bp, console_view
from antrian.counter.api import ticket_response
from antrian.counter.schemas import (
    AnswerLaterRequest,
    AnswerOnlineRequest,
    AnswerRequest,
    CallbackRequest,
    CallLogRequest,
    Calls,
    Console,
    ConsoleQuery,
    EscalationAnswered,
    EscalationForwarded,
    Escalations,
    ForwardCallRequest,
    ForwardEscalationRequest,
    PassOnRequest,
    ReceptionOverview,
    ReceptionRequest,
    VisitInput,
    VisitView,
)
from antrian.shared.desks import (
    answer_later,
    escalations,
    online_requests,
    phone,
    reception,
    visits,
)
from antrian.shared.tickets.ticket_json import ticket_api
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM, Ticket
from antrian.shared.web.openapi import described

OFFICE = {"office": OFFICE_PARAM}


@bp.get("/api/v1/counters/<int:counter_id>/console")
@described("A counter console's state: current ticket, one page of the waiting list, "
           "returned tickets, online requests, today's figures", query=ConsoleQuery,
           responses={200: Console})
def console_state(counter_id: int):
    return console_view.console_state(
        boundary.db(), counter_id, who.current_actor(), _waiting_page()
    )


def _waiting_page() -> console_view.WaitingPage:
    """`?waiting_offset=&waiting_limit=`: absent means the first page of the usual size."""
    offset = boundary.whole_number(
        request.args.get("waiting_offset"),
        "waiting_offset",
        maximum=console_view.WAITING_OFFSET_MAX,
    )
    limit = boundary.whole_number(
        request.args.get("waiting_limit"), "waiting_limit", maximum=console_view.WAITING_PAGE_MAX
    )
    return console_view.WaitingPage(
        offset or 0, console_view.WAITING_PAGE if limit is None else max(limit, 1)
    )


@bp.get("/api/v1/tickets/<int:ticket_id>/visit")
@described("The visit record (NIK masked)", responses={200: VisitView})
def get_visit(ticket_id: int):
    return visits.visit_for(boundary.db(), ticket_id, who.current_actor())


@bp.put("/api/v1/tickets/<int:ticket_id>/visit")
@described("Save the visit record (SOP 001)", body=VisitInput, responses={200: VisitView})
def put_visit(ticket_id: int):
    data = visits.VisitInput.from_json(boundary.json_body())
    return visits.record_visit(boundary.db(), ticket_id, who.current_actor(), data)


# ---------------------------------------------------------------- reception


@bp.post("/api/v1/offices/<office>/reception/tickets")
@described("Reception issues a ticket with the visitor's data", body=ReceptionRequest,
           responses={201: Ticket}, errors=(409,), path=OFFICE)
def reception_issue(office: str):
    body = boundary.json_body()
    req = boundary.issue_request(body)
    visitor = visits.VisitInput.from_json(boundary.field(body, "visitor", dict, default={}))
    issued = reception.issue_for_visitor(
        boundary.db(), office, who.current_actor(), req, visitor
    )
    return ticket_api(
        issued.ticket, boundary.base_url(), issued.ahead, issued.estimated_wait_s
    ), 201


@bp.get("/api/v1/offices/<office>/reception")
@described("Reception's overview: waiting, counters, printers, recent tickets",
           responses={200: ReceptionOverview}, path=OFFICE)
def reception_overview(office: str):
    return reception.overview(boundary.db(), office, who.current_actor())


# ---------------------------------------------------------------- phone desk


@bp.post("/api/v1/offices/<office>/calls")
@described("Log a phone call (SOP 003): a phone ticket", body=CallLogRequest,
           responses={201: Ticket}, errors=(409,), path=OFFICE)
def log_call(office: str):
    body = boundary.json_body()
    call = phone.CallLog(
        service=boundary.field(body, "service", str, required=True),
        caller=visits.VisitInput.from_json(body),
    )
    return ticket_response(
        phone.log_call(boundary.db(), office, who.current_actor(), call), 201
    )


@bp.get("/api/v1/offices/<office>/calls")
@described("Call-backs due and today's calls", responses={200: Calls}, path=OFFICE)
def list_calls(office: str):
    actor = who.current_actor()
    return {
        "callbacks": phone.callbacks(boundary.db(), office, actor),
        "recent": phone.recent_calls(boundary.db(), office, actor),
    }


@bp.post("/api/v1/calls/<int:ticket_id>/answer")
@described("Answer a call at once", body=AnswerRequest, responses={200: Ticket},
           errors=(409,))
def answer_call(ticket_id: int):
    body = boundary.json_body()
    answer = boundary.field(body, "answer", str, required=True)
    return ticket_response(
        phone.answer_now(boundary.db(), ticket_id, who.current_actor(), answer)
    )


@bp.post("/api/v1/calls/<int:ticket_id>/forward")
@described("Forward a call to the back office or main unit", body=ForwardCallRequest,
           responses={200: Ticket}, errors=(409,))
def forward_call(ticket_id: int):
    body = boundary.json_body()
    return ticket_response(
        phone.forward(
            boundary.db(),
            ticket_id,
            who.current_actor(),
            level=boundary.field(body, "level", str, default="back_office"),
            question=boundary.field(body, "question", str),
        )
    )


@bp.post("/api/v1/calls/<int:ticket_id>/callback")
@described("Record a call-back", body=CallbackRequest, responses={200: Ticket},
           errors=(409,))
def callback(ticket_id: int):
    body = boundary.json_body()
    return ticket_response(
        phone.record_callback(
            boundary.db(),
            ticket_id,
            who.current_actor(),
            outcome=boundary.field(body, "outcome", str, required=True),
            answer=boundary.field(body, "answer", str),
        )
    )


# ---------------------------------------------------------------- back office


@bp.get("/api/v1/offices/<office>/escalations")
@described("Open escalations, soonest due first", responses={200: Escalations}, path=OFFICE)
def list_escalations(office: str):
    rows = escalations.open_escalations(boundary.db(), office, who.current_actor())
    return {"escalations": [r.to_json() for r in rows]}


@bp.post("/api/v1/escalations/<int:escalation_id>/answer")
@described("Answer an escalation", body=AnswerRequest, responses={200: EscalationAnswered},
           errors=(409,))
def answer_escalation(escalation_id: int):
    body = boundary.json_body()
    esc = escalations.answer(
        boundary.db(),
        escalation_id,
        who.current_actor(),
        boundary.field(body, "answer", str, required=True),
    )
    return {"id": esc.id, "answered_at": esc.answered_at.isoformat()}


@bp.post("/api/v1/escalations/<int:escalation_id>/forward")
@described("Pass an escalation to the main unit", body=ForwardEscalationRequest,
           responses={201: EscalationForwarded}, errors=(409,))
def forward_escalation(escalation_id: int):
    body = boundary.json_body()
    esc = escalations.forward_to_main_unit(
        boundary.db(), escalation_id, who.current_actor(), boundary.field(body, "note", str)
    )
    return {"id": esc.id, "level": esc.level, "due_at": esc.due_at.isoformat()}, 201


@bp.post("/api/v1/escalations/<int:escalation_id>/pass-on")
@described("Pass the main unit's answer on to the front office, unchanged or corrected "
           "(SOP 001 step 14)", body=PassOnRequest, responses={200: EscalationAnswered},
           errors=(409,))
def pass_on_escalation(escalation_id: int):
    body = boundary.json_body()
    esc = escalations.pass_on(
        boundary.db(), escalation_id, who.current_actor(), boundary.field(body, "answer", str)
    )
    return {"id": esc.id, "answered_at": esc.answered_at.isoformat()}


@bp.post("/api/v1/tickets/<int:ticket_id>/answer-later")
@described("The visitor left while the question was out: answer by a call-back or on the "
           "ticket's status page", body=AnswerLaterRequest, responses={200: Ticket},
           errors=(409,))
def answer_later_route(ticket_id: int):
    body = boundary.json_body()
    return ticket_response(
        answer_later.answer_later(
            boundary.db(),
            ticket_id,
            who.current_actor(),
            boundary.field(body, "by", str, required=True),
            boundary.field(body, "phone", str),
        )
    )


# ---------------------------------------------------------------- online requests


@bp.post("/api/v1/tickets/<int:ticket_id>/answer-online")
@described("Answer an online request; shown at its status link", body=AnswerOnlineRequest,
           responses={200: Ticket}, errors=(409,))
def answer_online(ticket_id: int):
    body = boundary.json_body()
    return ticket_response(
        online_requests.answer(
            boundary.db(),
            ticket_id,
            who.current_actor(),
            boundary.field(body, "answer", str, required=True),
            boundary.field(body, "counter", int),
            base_url=boundary.base_url(),  # the e-mail links to the status page
        )
    )
