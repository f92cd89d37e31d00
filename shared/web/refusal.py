"""How a refused or failed request is answered: one path for the whole app.

Every refusal is raised (a `DomainError`, a Werkzeug `HTTPException`, Flask-WTF's `CSRFError`)
and answered here, once:
- as the API's JSON, `{"error": {"code", "message"[, "field"]}}`, when the request is for
  the API or a script: its path starts with /api/, its view is marked `json_view`, it
  prefers `application/json` to `text/html` in `Accept` (the staff desks' fetch calls send
  `Accept: application/json`), it sends a JSON body, or it says `X-Requested-With:
  XMLHttpRequest`;
- else as a page in Indonesian then English (antrian/templates/error.html) with the same
  status: a visitor never sees raw JSON or a stack trace. A page that needs a signed-in
  user (`Unauthorized`) sends the browser to the sign-in instead.

Views do not catch refusals, except to show a form again with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from flask import Flask, current_app, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from antrian.shared.auth import staff_login
from antrian.shared.core.errors import DomainError, Forbidden, InvalidInput, Unauthorized
from antrian.shared.web import who

log = logging.getLogger(__name__)

# The heading of a page per status (Indonesian, English); others take their class's.
HEADINGS = {
    400: ("Permintaan tidak dapat diproses", "The request cannot be processed"),
    401: ("Perlu login", "Sign-in needed"),
    403: ("Tidak diizinkan", "Not allowed"),
    404: ("Tidak ditemukan", "Not found"),
    405: ("Cara ini tidak dipakai di alamat ini", "Method not allowed"),
    409: ("Tidak dapat diproses sekarang", "Cannot be done now"),
    410: ("Sudah tidak berlaku", "No longer valid"),
    413: ("Kiriman terlalu besar", "Too large"),
    429: ("Terlalu banyak permintaan", "Too many requests"),
    500: ("Terjadi kesalahan di server", "Server error"),
}
HINT_404 = ("Periksa alamatnya, atau tanyakan kepada petugas.",
            "Check the address, or ask the staff.")
SERVER_ERROR = "Terjadi kesalahan di server. / Server error."
OUT_OF_RANGE = "Nilai di luar batas yang dapat disimpan. / A value is out of range."
# A face's own words for a status (`explain`): {(blueprint, status): (heading, hint)}.
_EXPLAINED: dict[tuple[str, int], tuple[tuple[str, str], tuple[str, str] | None]] = {}
_JSON_VIEWS: set[str] = set()


def explain(blueprint: str, status: int, heading: tuple[str, str],
            hint: tuple[str, str] | None = None) -> None:
    """Give the error page of a face's `status` its own heading and hint (both Indonesian,
    English), e.g. the lobby board's "board not found" with how to set one up."""
    _EXPLAINED[(blueprint, status)] = (heading, hint)


def json_view(view: Callable) -> Callable:
    """A view outside /api/ that scripts call for JSON: its refusals are JSON too."""
    _JSON_VIEWS.add(f"{view.__module__}.{view.__name__}")
    return view


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is not None and f"{view.__module__}.{view.__name__}" in _JSON_VIEWS:
        return True
    accepted = request.accept_mimetypes
    prefers_json = (accepted.best_match(("text/html", "application/json"))
                    == "application/json" and accepted["application/json"] > 0)
    return (prefers_json or request.is_json
            or request.headers.get("X-Requested-With") == "XMLHttpRequest")


def error_response(code: str, message: str, status: int, field_name: str | None = None):
    error = {"code": code, "message": message}
    if field_name:
        error["field"] = field_name
    return jsonify(error=error), status


def login_redirect():
    """Send a browser to the staff sign-in, which brings it back here once signed in. A
    refused form post, which a GET cannot replay, comes back to the page it was sent from."""
    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        sent_from = urlsplit(request.referrer or "")
        same_host = sent_from.netloc in ("", request.host)
        target = staff_login.safe_return(sent_from.path) if same_host else ""
    login = url_for("counter.login_page")
    # quoted by hand: url_for(next=...) would leave the target's "?" unescaped
    return redirect(login + "?next=" + quote(target, safe="/") if target else login)


def answer(code: str, message: str | None, status: int, field_name: str | None = None):
    """The one answer to a refusal: JSON for the API and scripts, else a page."""
    if wants_json():
        return error_response(code, message or _heading(status)[1], status, field_name)
    return page(status, message)


def page(status: int, message: str | None = None):
    heading, hint = _EXPLAINED.get((request.blueprint or "", status), (None, None))
    heading = heading or _heading(status)
    if hint is None and status == 404:
        hint = HINT_404
    try:
        body = render_template(
            "error.html", status=status, heading=heading, message=message, hint=hint,
            nothing_changed=request.method not in who.SAFE_METHODS and status < 500,
            desk=_desk_link(),
        )
    except Exception:  # the page itself failed (the database is away): words still go out
        log.exception("the error page could not be rendered")
        body = (f"<!doctype html><html lang=\"id\"><title>{status}</title>"
                f"<h1>{escape(heading[0])} / {escape(heading[1])}</h1></html>")
    return body, status, {"Cache-Control": "no-store"}


def _heading(status: int) -> tuple[str, str]:
    return HEADINGS.get(status) or HEADINGS[500 if status >= 500 else 400]


def _desk_link() -> str | None:
    """The signed-in staff member's own desk, unless this is it."""
    try:
        actor = who.current_actor()
    except Exception:  # a refused credential is what this page may be about
        return None
    if actor is None or actor.kind != "user":
        return None
    desk = staff_login.home_for(actor.roles)
    if desk is None or (request.method == "GET" and request.path == desk):
        return None
    return desk


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        if isinstance(exc, Unauthorized) and not wants_json():
            return login_redirect()
        return answer(exc.code, exc.message, exc.status, exc.field)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        # Forbidden, as the session-token check always answered (403 "csrf").
        refused = Forbidden(who.CSRF_MESSAGE, code="csrf")
        return answer(refused.code, refused.message, refused.status)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.response is not None or exc.code is None or exc.code < 400:
            return exc
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return error_response(code, exc.description or exc.name, exc.code)
        return page(exc.code)

    @app.errorhandler(DataError)
    def data_error(exc: DataError):
        # A value the database cannot hold (a boundary check missed it): refuse, never 500.
        log.warning("refused a value the database cannot store on %s %r", request.method,
                    request.path[:200])
        refused = InvalidInput(OUT_OF_RANGE)
        return answer(refused.code, refused.message, refused.status)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %r", request.method, request.path[:200])
        return answer("internal", SERVER_ERROR, 500)
