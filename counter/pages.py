"""The staff pages: sign in and out, pick a counter, the console, reception, phone desk and
back office. Pages only render a shell; their scripts talk to API v1 with the session cookie
and the CSRF header."""

from __future__ import annotations

import base64
from functools import wraps

from flask import abort, current_app, redirect, render_template, request, session, url_for

from counter import bp
from shared import directory, kiosk, login, online, qr, reception, survey_check, visits, web
from shared.errors import DomainError
from shared.views import status_url


def _actor():
    return login.session_actor(web.db(), session.get("user_id"), session.get("sv"))


def staff_page(permission: str):
    """Signed-in staff only (else the login page); the role must grant `permission`."""
    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            actor = _actor()
            if actor is None:
                return redirect(url_for("counter.login_page", next=request.path))
            if not actor.may(permission):
                return render_template("counter/forbidden.html", actor=actor), 403
            return view(actor, *args, **kwargs)
        return inner
    return wrap


NAV = (
    ("operate_counter", "/counter", "Loket", "Counter"),
    ("reception_desk", "/counter/reception", "Resepsionis", "Reception"),
    ("phone_desk", "/counter/phone", "Telepon", "Phone desk"),
    ("answer_escalation", "/counter/backoffice", "Back office", "Escalations"),
)


def _common(actor, active: str, **extra):
    nav = [{"href": href, "id": label_id, "en": label_en}
           for permission, href, label_id, label_en in NAV if actor.may(permission)]
    timezone = directory.timezone_of(web.db(), actor.office_id)  # the desk PC's may be wrong
    return {"actor": actor, "csrf": web.csrf_token(), "nav": nav, "active": active,
            "timezone": timezone, **extra}


@bp.get("/counter/login")
def login_page():
    return render_template("counter/login.html", csrf=web.csrf_token(), error=None,
                           username="", next=request.args.get("next", ""))


@bp.post("/counter/login")
def login_submit():
    sent = request.form.get("csrf_token", "")
    username = request.form.get("username", "")
    target = request.form.get("next", "")
    if not web.same_token(sent, session.get("csrf", "")):
        error = "Sesi kedaluwarsa; coba lagi. / Session expired; try again."
        return _login_again(error, username, target, 400)
    secret = current_app.secret_key
    desk = request.cookies.get(login.KNOWN_DESK_COOKIE)
    known = username.strip().lower() in login.known_desk_usernames(secret, desk)
    try:
        signed = login.sign_in(web.db(), username, request.form.get("password", ""),
                               request.remote_addr or "-", known_desk=known)
    except DomainError as exc:
        return _login_again(exc.message, username, target, exc.status)
    session.clear()  # a fresh session on sign-in: no fixation
    session["user_id"] = signed.user_id
    session["sv"] = signed.session_version
    web.csrf_token()
    response = redirect(login.safe_return(target) or signed.home)
    response.set_cookie(login.KNOWN_DESK_COOKIE,
                        login.known_desk_cookie(secret, desk, signed.username),
                        max_age=login.KNOWN_DESK_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


def _login_again(error: str, username: str, target: str, status: int):
    return render_template("counter/login.html", csrf=web.csrf_token(), error=error,
                           username=username, next=target), status


@bp.post("/counter/logout")
def logout():
    sent = request.form.get("csrf_token", "")
    if web.same_token(sent, session.get("csrf", "")):
        login.sign_out(web.db(), session.get("user_id"), session.get("sv"))
        session.clear()
    return redirect(url_for("counter.login_page"))


@bp.get("/counter")
def home():
    actor = _actor()
    if actor is None:
        return redirect(url_for("counter.login_page"))
    if not actor.may("operate_counter"):
        target = login.home_for(actor.roles)
        if target and target != "/counter":
            return redirect(target)
        return render_template("counter/forbidden.html", actor=actor), 403
    return render_template("counter/choose.html",
                           **_common(actor, "/counter",
                                     counters=login.counters_for(web.db(), actor)))


@bp.get("/counter/<int:counter_id>")
@staff_page("operate_counter")
def console_page(actor, counter_id: int):
    choices = {c.id: c for c in login.counters_for(web.db(), actor)}
    if counter_id not in choices:
        abort(404)
    return render_template("counter/console.html",
                           **_common(actor, "/counter", counter=choices[counter_id],
                                     purposes=visits.PURPOSES, docs=visits.AUTHORITY_DOCS,
                                     outcomes=visits.OUTCOMES))


@bp.get("/counter/reception")
@staff_page("reception_desk")
def reception_page(actor):
    office = login.office_code_of(web.db(), actor, request.args.get("office"))
    return render_template("counter/reception.html",
                           **_common(actor, "/counter/reception", office=office,
                                     purposes=visits.PURPOSES,
                                     docs=visits.AUTHORITY_DOCS,
                                     reasons=kiosk.priority_reasons(),
                                     services=_services(office)))


@bp.get("/counter/phone")
@staff_page("phone_desk")
def phone_page(actor):
    office = login.office_code_of(web.db(), actor, request.args.get("office"))
    return render_template("counter/phone.html",
                           **_common(actor, "/counter/phone", office=office,
                                     services=_services(office)))


@bp.get("/counter/backoffice")
@staff_page("answer_escalation")
def backoffice_page(actor):
    office = login.office_code_of(web.db(), actor, request.args.get("office"))
    # SOP 004: the back office checks the survey daily; remind it here at the office's time.
    check = survey_check.check_status(web.db(), office) if actor.may("check_survey") else None
    return render_template("counter/backoffice.html",
                           **_common(actor, "/counter/backoffice", office=office, check=check))


@bp.get("/counter/ticket/<int:ticket_id>/print")
@staff_page("reprint")
def printable_ticket(actor, ticket_id: int):
    ticket = reception.printable(web.db(), ticket_id, actor)
    url = status_url(web.base_url(), ticket["token"])
    return render_template("counter/printable.html", t=ticket, status_url=url,
                           qr_data="data:image/svg+xml;base64,"
                           + base64.b64encode(qr.svg(url)).decode())


def _services(office_code: str):
    return online.services_for_form(web.db(), office_code)[1]
