"""API v1: issuing tickets, a ticket's public status, and what the kiosk screen needs."""

from __future__ import annotations

from flask import request

from kiosk import bp
from shared import case_views, kiosk, online, queue, web
from shared.views import ticket_api


@bp.post("/api/v1/offices/<office>/tickets")
def issue_ticket(office: str):
    req = web.issue_request(web.json_body())
    issued = queue.issue_ticket(web.db(), office, req, web.current_actor())
    body = ticket_api(issued.ticket, web.base_url(), issued.ahead, issued.estimated_wait_s)
    body["print"] = issued.print_job
    return body, 200 if issued.replayed else 201


@bp.get("/api/v1/tickets/<token>")
def ticket_status(token: str):
    ticket, ahead, wait = queue.ticket_for_token(web.db(), token)
    body = ticket_api(ticket, web.base_url(), ahead, wait)
    if ticket.channel == "online":  # SOP 000: the answer of an online request, once given
        body["answer"] = online.public_answer(web.db(), token)
    # SOP 004: the apology or the re-service ticket, once a case compensated this visit.
    body["compensation"] = case_views.public_compensation(web.db(), token, web.base_url())
    return body


@bp.get("/api/v1/offices/<office>/kiosk")
def kiosk_menu(office: str):
    return kiosk.menu(web.db(), office, web.current_actor())


@bp.get("/api/v1/kiosk/whoami")
def kiosk_whoami():
    return kiosk.whoami(web.db(), web.current_actor(), request.args.get("office"))
