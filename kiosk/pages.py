"""The visitor's pages: the touch kiosk, its pairing page, and a ticket's QR status page."""

from __future__ import annotations

from flask import Response, render_template, url_for

from antrian.kiosk import bp
from antrian.shared.desks import online_requests
from antrian.shared.tickets import kiosk_screen, lifecycle
from antrian.shared.tickets.ticket_json import status_url
from antrian.shared.web import boundary, qr


@bp.get("/kiosk/<office>")
def kiosk_page(office: str):
    menu = kiosk_screen.menu(boundary.db(), office)
    return render_template(
        "kiosk/kiosk.html",
        office=menu["office"],
        reasons=kiosk_screen.priority_reasons(),
        return_seconds=menu["return_seconds"],
    )


@bp.get("/kiosk/<office>/pair")
def pair_page(office: str):
    menu = kiosk_screen.menu(boundary.db(), office)
    return render_template("kiosk/pair.html", office=menu["office"])


@bp.get("/t/<token>")
def ticket_page(token: str):
    view = kiosk_screen.ticket_view(boundary.db(), token, boundary.base_url())
    online = None
    if view["ticket"]["channel"] == "online":  # SOP 000: the request, its due date, the answer
        online = online_requests.public_status(boundary.db(), token)
    return render_template(
        "kiosk/ticket.html",
        ticket=view["ticket"],
        office=view["office"],
        online=online,
        survey_url=url_for("survey.page", token=token),
    )


@bp.get("/t/<token>/qr.svg")
def ticket_qr(token: str):
    ticket, _, _ = lifecycle.ticket_for_token(boundary.db(), token)
    svg = qr.svg(status_url(boundary.base_url(), ticket.public_token))
    return Response(
        svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=86400"}
    )
