"""The staff pages: sign in and out, pick a counter, the console, reception, phone desk and
back office. Pages only render a shell; their scripts talk to API v1 with the session cookie
and the CSRF header."""

from __future__ import annotations

import base64

from flask import abort, current_app, redirect, render_template, request, url_for

from antrian.counter import bp
from antrian.shared.auth import staff_login
from antrian.shared.core.errors import DomainError, Forbidden
from antrian.shared.desks import online_requests, reception, visits
from antrian.shared.office import directory
from antrian.shared.satisfaction import daily_check
from antrian.shared.tickets import kiosk_screen
from antrian.shared.tickets.ticket_json import status_url
from antrian.shared.web import boundary, qr, signed_values, who

NAV = (
    ("operate_counter", "/counter", "Loket", "Counter"),
    ("reception_desk", "/counter/reception", "Resepsionis", "Reception"),
    ("phone_desk", "/counter/phone", "Telepon", "Phone desk"),
    ("answer_escalation", "/counter/backoffice", "Back office", "Escalations"),
    ("escort_desk", "/counter/escort", "Pendampingan", "Escort desk"),
)


def _common(actor, active: str, **extra):
    nav = [{"href": href, "id": label_id, "en": label_en}
           for permission, href, label_id, label_en in NAV if actor.may(permission)]
    timezone = directory.timezone_of(boundary.db(), actor.office_id)  # the desk PC's may be wrong
    return {"actor": actor, "csrf": who.csrf_token(), "nav": nav, "active": active,
            "timezone": timezone, **extra}


@bp.get("/counter/login")
def login_page():
    return render_template("counter/login.html", csrf=who.csrf_token(), error=None,
                           username="", next=request.args.get("next", ""))


@bp.post("/counter/login")
@who.csrf_exempt  # checked here, to answer a stale form with the form again
def login_submit():
    username = request.form.get("username", "")
    target = request.form.get("next", "")
    if not who.csrf_valid():
        error = "Sesi kedaluwarsa; coba lagi. / Session expired; try again."
        return _login_again(error, username, target, 400)
    secret = current_app.secret_key
    desk = request.cookies.get(staff_login.KNOWN_DESK_COOKIE)
    known = username.strip().lower() in signed_values.known_desk_usernames(secret, desk)
    try:
        signed = staff_login.sign_in(boundary.db(), username, request.form.get("password", ""),
                               request.remote_addr or "-", known_desk=known)
    except DomainError as exc:
        return _login_again(exc.message, username, target, exc.status)
    who.start_session(signed)
    response = redirect(staff_login.safe_return(target) or signed.home)
    response.set_cookie(staff_login.KNOWN_DESK_COOKIE,
                        signed_values.known_desk_cookie(secret, desk, signed.username),
                        max_age=staff_login.KNOWN_DESK_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


def _login_again(error: str, username: str, target: str, status: int):
    return render_template("counter/login.html", csrf=who.csrf_token(), error=error,
                           username=username, next=target), status


@bp.post("/counter/logout")
def logout():
    who.end_session()
    return redirect(url_for("counter.login_page"))


@bp.get("/counter")
@who.staff_page()
def home(actor):
    if not actor.may("operate_counter"):
        target = staff_login.home_for(actor.roles)
        if target and target != "/counter":
            return redirect(target)
        raise Forbidden(who.NOT_YOUR_PAGE)
    return render_template("counter/choose.html",
                           **_common(actor, "/counter",
                                     counters=staff_login.counters_for(boundary.db(), actor)))


@bp.get("/counter/<int:counter_id>")
@who.staff_page("operate_counter")
def console_page(actor, counter_id: int):
    choices = {c.id: c for c in staff_login.counters_for(boundary.db(), actor)}
    if counter_id not in choices:
        abort(404)
    return render_template("counter/console.html",
                           **_common(actor, "/counter", counter=choices[counter_id],
                                     purposes=visits.PURPOSES, docs=visits.AUTHORITY_DOCS,
                                     outcomes=visits.OUTCOMES))


@bp.get("/counter/reception")
@who.staff_page("reception_desk")
def reception_page(actor):
    office = staff_login.office_code_of(boundary.db(), actor, request.args.get("office"))
    return render_template("counter/reception.html",
                           **_common(actor, "/counter/reception", office=office,
                                     purposes=visits.PURPOSES,
                                     docs=visits.AUTHORITY_DOCS,
                                     reasons=kiosk_screen.priority_reasons(),
                                     services=_services(office)))


@bp.get("/counter/phone")
@who.staff_page("phone_desk")
def phone_page(actor):
    office = staff_login.office_code_of(boundary.db(), actor, request.args.get("office"))
    return render_template("counter/phone.html",
                           **_common(actor, "/counter/phone", office=office,
                                     services=_services(office)))


@bp.get("/counter/backoffice")
@who.staff_page("answer_escalation")
def backoffice_page(actor):
    office = staff_login.office_code_of(boundary.db(), actor, request.args.get("office"))
    # SOP 004: the back office checks the survey daily; remind it here at the office's time.
    check = daily_check.check_status(boundary.db(), office) if actor.may("check_survey") else None
    return render_template("counter/backoffice.html",
                           **_common(actor, "/counter/backoffice", office=office, check=check))


@bp.get("/counter/escort")
@who.staff_page("escort_desk")
def escort_page(actor):
    """SOP 002's escort desk: the guards' live list of visitors who need help."""
    office = staff_login.office_code_of(boundary.db(), actor, request.args.get("office"))
    return render_template("counter/escort.html", **_common(actor, "/counter/escort",
                                                            office=office))


@bp.get("/counter/ticket/<int:ticket_id>/print")
@who.staff_page("reprint")
def printable_ticket(actor, ticket_id: int):
    ticket = reception.printable(boundary.db(), ticket_id, actor)
    url = status_url(boundary.base_url(), ticket["token"])
    return render_template("counter/printable.html", t=ticket, status_url=url,
                           qr_data="data:image/svg+xml;base64,"
                           + base64.b64encode(qr.svg(url)).decode())


def _services(office_code: str):
    return online_requests.services_for_form(boundary.db(), office_code)[1]
