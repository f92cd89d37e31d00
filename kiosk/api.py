"""API v1: issuing tickets, a ticket's public status, and what the kiosk screen needs."""

from __future__ import annotations

from flask import request

from antrian.kiosk import bp
from antrian.kiosk.schemas import Device, KioskMenu, TicketStatus, WhoamiQuery
from antrian.shared.cases import reading
from antrian.shared.desks import answer_later, online_requests
from antrian.shared.tickets import kiosk_screen, lifecycle
from antrian.shared.tickets.ticket_json import ticket_api
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM, TOKEN_PARAM, IssuedTicket, IssueRequest
from antrian.shared.web.openapi import described


@bp.post("/api/v1/offices/<office>/tickets")
@described(
    "Issue a ticket (kiosk or staff token)", body=IssueRequest,
    responses={201: IssuedTicket, 200: IssuedTicket}, errors=(409,), path={"office": OFFICE_PARAM},
    description="An Idempotency-Key header or idempotency_key makes a retried request answer "
    "200 with the same ticket. A kiosk issues only `kiosk` tickets, staff the channels of "
    "their role, nobody `compensation` (403 channel_forbidden); 409 quota_reached once the "
    "service's daily quota is used, service_closed outside its hours.")
def issue_ticket(office: str):
    req = boundary.issue_request(boundary.json_body())
    issued = lifecycle.issue_ticket(boundary.db(), office, req, who.current_actor())
    body = ticket_api(issued.ticket, boundary.base_url(), issued.ahead, issued.estimated_wait_s)
    body["print"] = issued.print_job
    return body, 200 if issued.replayed else 201


@bp.get("/api/v1/tickets/<token>")
@described("A ticket's public status by its QR token", public=True,
           responses={200: TicketStatus}, path={"token": TOKEN_PARAM})
def ticket_status(token: str):
    ticket, ahead, wait = lifecycle.ticket_for_token(boundary.db(), token)
    body = ticket_api(ticket, boundary.base_url(), ahead, wait)
    if ticket.channel == "online":  # SOP 000: the request, its due date, the answer once given
        body["online"] = online_requests.public_status(boundary.db(), token)
        body["answer"] = body["online"]["answer"] if body["online"] else None
    elif ticket.status == "done":  # SOP 001 step 15: a walk-in who left reads it here
        body["answer"] = answer_later.public_answer(boundary.db(), token)
    # SOP 004: the apology or the re-service ticket, once a case compensated this visit.
    body["compensation"] = reading.public_compensation(boundary.db(), token, boundary.base_url())
    return body


@bp.get("/api/v1/offices/<office>/kiosk")
@described("The kiosk's menu: open services, waiting counts, estimated waits", public=True,
           responses={200: KioskMenu}, path={"office": OFFICE_PARAM},
           description="Public; a device token of another office gets 403 wrong_office.")
def kiosk_menu(office: str):
    return kiosk_screen.menu(boundary.db(), office, who.current_actor())


@bp.get("/api/v1/kiosk/whoami")
@described("Which office a kiosk token belongs to (pairing check)", query=WhoamiQuery,
           responses={200: Device})
def kiosk_whoami():
    return kiosk_screen.whoami(boundary.db(), who.current_actor(), request.args.get("office"))
