"""The public online request form (SOP 000), mobile first, works without JavaScript.

Spam protection without third-party services: a hidden honeypot field, a minimum fill time
signed into the form (itsdangerous), and per-address and per-office rate limits counted only
for valid requests, in Redis when it is configured (shared/core/ratelimit.py).
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from antrian.kiosk import bp
from antrian.shared.core.errors import DomainError
from antrian.shared.desks import online_requests
from antrian.shared.tickets.ticket_json import status_url
from antrian.shared.web import boundary, signed_values, who

FIELDS = ("service", "name", "institution", "phone", "email", "request_text")


def _limiters():
    limits = current_app.extensions.get("antrian.online_limits")
    if limits is None:
        settings = current_app.config["ANTRIAN"]
        limits = online_requests.new_limiters(settings.redis_url, settings.redis_channel)
        current_app.extensions["antrian.online_limits"] = limits
    return limits


def _render(office: str, values: dict, error: DomainError | None = None, status: int = 200):
    office_name, services = online_requests.services_for_form(boundary.db(), office)
    token = signed_values.form_token(current_app.config["SECRET_KEY"], office)
    return render_template(
        "kiosk/online.html", office=office, office_name=office_name, services=services,
        values=values, form_token=token, min_fill_ms=int(online_requests.MIN_FILL_S * 1000),
        error=error.message if error else None, error_field=error.field if error else None,
    ), status


@bp.get("/kiosk/<office>/online")
def online_form(office: str):
    return _render(office, {})


@bp.post("/kiosk/<office>/online")
@who.csrf_exempt  # a visitor's form: it acts for nobody (its own signed form token and limits)
def online_submit(office: str):
    values = {name: request.form.get(name, "") for name in FIELDS}
    try:
        sent = online_requests.Submission(
            request=online_requests.OnlineRequest(**values),
            shown_at=signed_values.form_shown_at(current_app.config["SECRET_KEY"], office,
                                                 request.form.get("form_token", "")),
            honeypot=request.form.get("website", ""),
            address=request.remote_addr or "-",
        )
        ticket = online_requests.accept_form(boundary.db(), office, sent, _limiters())
    except DomainError as exc:
        return _render(office, values, exc, exc.status)
    return redirect(url_for("kiosk.online_sent", office=office, token=ticket.public_token))


@bp.get("/kiosk/<office>/online/sent/<token>")
def online_sent(office: str, token: str):
    view = online_requests.sent_view(boundary.db(), office, token)
    return render_template(
        "kiosk/online_sent.html",
        office=office,
        status_url=status_url(boundary.base_url(), view["token"]),
        **view,
    )
