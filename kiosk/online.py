"""The public online request form (SOP 000), mobile first, works without JavaScript.

Spam protection without third-party services: a hidden honeypot field, a minimum fill time
signed into the form (itsdangerous), and per-address and per-office rate limits kept in this
process (see shared/ratelimit.py for what that means with several processes).
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from kiosk import bp
from shared import clock, online, queue, web
from shared.errors import DomainError, TooManyRequests

FIELDS = ("service", "name", "institution", "phone", "email", "request_text")


def _limiters():
    return current_app.extensions.setdefault("antrian.online_limits", online.new_limiters())


def _render(office: str, values: dict, error: DomainError | None = None, status: int = 200):
    office_name, services = online.services_for_form(web.db(), office)
    token = online.form_token(current_app.config["SECRET_KEY"], office)
    return render_template(
        "kiosk/online.html", office=office, office_name=office_name, services=services,
        values=values, form_token=token, min_fill_ms=int(online.MIN_FILL_S * 1000),
        error=error.message if error else None, error_field=error.field if error else None,
    ), status


@bp.get("/kiosk/<office>/online")
def online_form(office: str):
    return _render(office, {})


@bp.post("/kiosk/<office>/online")
def online_submit(office: str):
    values = {name: request.form.get(name, "") for name in FIELDS}
    try:
        online.check_form(current_app.config["SECRET_KEY"], office,
                          request.form.get("form_token", ""), request.form.get("website", ""))
        limits = _limiters()
        address = request.remote_addr or "-"
        if not limits["ip"].allow(f"{office}|{address}") or not limits["office"].allow(office):
            raise TooManyRequests("Terlalu banyak permintaan; coba lagi nanti. / Too many "
                                  "requests; please try again later.")
        ticket, _due = online.submit(web.db(), office, online.OnlineRequest(
            service=values["service"], name=values["name"], institution=values["institution"],
            phone=values["phone"], email=values["email"], request_text=values["request_text"],
        ))
    except DomainError as exc:
        return _render(office, values, exc, exc.status)
    return redirect(url_for("kiosk.online_sent", office=office, token=ticket.public_token))


@bp.get("/kiosk/<office>/online/sent/<token>")
def online_sent(office: str, token: str):
    ticket, _ahead, _wait = queue.ticket_for_token(web.db(), token)
    with web.db().read() as session:
        office_row = queue.office_by_code(session, office)
        if ticket.office_id != office_row.id or ticket.channel != "online":
            return render_template("kiosk/online_missing.html"), 404
        due = online.due_at(office_row, ticket)
        tz = office_row.timezone
    local_due = due.astimezone(clock.zone(tz))
    return render_template(
        "kiosk/online_sent.html", code=ticket.code, office=office,
        status_url=f"{web.base_url().rstrip('/')}/t/{ticket.public_token}",
        due=local_due.strftime("%d-%m-%Y %H:%M ") + clock.zone_abbreviation(tz),
        service=ticket.service.name_id,
    )
