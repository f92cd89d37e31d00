"""The small web glue every blueprint shares: the database, the request body and its
checks at the door, dates on pages, and the response headers.

Who is asking is worked out in shared/web/who.py; how a refusal is answered (JSON or a page)
in shared/web/refusal.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.routing import IntegerConverter

from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import InvalidInput
from antrian.shared.tickets import lifecycle


def db() -> Database:
    return current_app.extensions["antrian.db"]


def base_url() -> str:
    return current_app.config.get("PUBLIC_URL") or request.host_url


# ---------------------------------------------------------------- request bodies


def json_body() -> dict[str, Any]:
    """The request's JSON object; an empty body counts as {}."""
    if not request.get_data(cache=True):
        return {}
    if not request.is_json:
        raise InvalidInput("Kirim JSON dengan Content-Type: application/json. / "
                           "Send JSON with Content-Type: application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("Badan permintaan harus objek JSON yang sah. / "
                           "The body must be a valid JSON object.")
    return body


def field(body: dict[str, Any], name: str, kind: type | tuple[type, ...], *,
          required: bool = False, default: Any = None, allow_none: bool = False) -> Any:
    """One typed field; bool is never accepted where a number is expected."""
    if name not in body:
        if required:
            raise InvalidInput(f"Kolom '{name}' wajib diisi. / '{name}' is required.", field=name)
        return default
    value = body[name]
    if value is None and (allow_none or not required):
        return None if allow_none else default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    is_stray_bool = isinstance(value, bool) and bool not in kinds
    if is_stray_bool or not isinstance(value, kinds):
        names = "/".join(k.__name__ for k in kinds)
        raise InvalidInput(f"Kolom '{name}' harus bertipe {names}. / '{name}' must be {names}.",
                           field=name)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise InvalidInput(f"Kolom '{name}' terlalu besar. / '{name}' is out of range.",
                           field=name)
    return value


# ---------------------------------------------------------------- boundary checks

MAX_INT = 2**31 - 1  # PostgreSQL's INTEGER; an id beyond it cannot exist


def at_most_pattern(limit: int) -> str:
    """A regular expression (no anchors, no groups) for the whole numbers 0..limit written
    without leading zeros: shorter numbers, then per digit of `limit` a smaller digit there."""
    digits = str(limit)
    if len(digits) == 1:
        return f"[0-{digits}]"
    parts = [f"[0-9]{{1,{len(digits) - 1}}}"]
    for i, d in enumerate(digits):
        rest = len(digits) - i - 1
        low = "1" if i == 0 else "0"
        if int(d) > int(low):
            parts.append(f"{digits[:i]}[{low}-{int(d) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    parts.append(digits)
    return "|".join(parts)


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: a number no row can have simply does not match (404),
    instead of reaching the database and failing there. ASCII digits only: Python's `\\d`
    and `int()` also take "١٢" and the like."""

    # The bound is in the pattern, not only in `max`: Werkzeug counts a rule whose pattern
    # matched as "this path exists" before it converts, so a PUT to /tickets/2147483648/visit
    # answered 405 (the GET's pattern matched) instead of 404.
    regex = r"0*(?:" + at_most_pattern(MAX_INT) + ")"

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def whole_number(raw: str | None, name: str, *, maximum: int = MAX_INT) -> int | None:
    """A query or form value that must be a whole number: ASCII digits only ("²" and "١"
    pass str.isdigit() but are no number a visitor meant), at most `maximum`; None when
    absent or empty."""
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or int(raw) > maximum:
        raise InvalidInput(f"'{name}' harus bilangan bulat 0-{maximum}. / "
                           f"'{name}' must be a whole number 0-{maximum}.", field=name)
    return int(raw)


# ---------------------------------------------------------------- the request's own shape

MAX_JSON_DEPTH = 20  # our deepest body is 3 levels; Python's parser recurses per level
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(data: bytes) -> int:
    """How deeply a JSON text nests, counted without parsing it (parsing is what recurses)."""
    depth = deepest = 0
    for bracket in _JSON_BRACKETS.findall(_JSON_STRING.sub(b"", data)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def has_lone_surrogate(value: Any) -> bool:
    """Whether any text in a parsed JSON value holds a UTF-16 surrogate ("\\ud800"): no
    database can store it as UTF-8."""
    if isinstance(value, str):
        return not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    return False


def refuse_unstorable_json() -> None:
    """Before any view: a JSON body nested beyond MAX_JSON_DEPTH, or holding text that
    cannot be stored, is refused with a 400 before anything reads or writes it."""
    if not request.is_json:
        return None
    data = request.get_data(cache=True)
    if not data:
        return None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise InvalidInput("JSON terlalu dalam bersarang. / JSON is nested too deeply.")
    if b"\\u" in data and has_lone_surrogate(request.get_json(silent=True)):
        raise InvalidInput("Teks berisi karakter yang tidak sah. / "
                           "Text contains an invalid character (a lone surrogate).")
    return None


def refuse_nul_bytes() -> None:
    """PostgreSQL text cannot hold NUL; SQLite can. Refuse it at the door for both, so the
    two databases behave alike and nothing is half-written."""
    form = request.form  # parsed before the raw body is read, or it would come back empty
    data = request.get_data(cache=True)
    found = (
        "\x00" in request.path
        or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True))
        or any("\x00" in v for v in form.values())
        or b"\x00" in data
        or b"\\u0000" in data
    )
    if found:
        raise InvalidInput("Teks berisi karakter NUL. / Text contains a NUL character.")
    return None


def issue_request(body: dict[str, Any]) -> lifecycle.IssueRequest:
    """A ticket request from a JSON body, as the kiosk and the reception desk send it (the
    desk's own channel is set by the reception service)."""
    return lifecycle.IssueRequest(
        service=field(body, "service", str, required=True),
        priority=field(body, "priority", bool, default=False),
        priority_reason=field(body, "priority_reason", str),
        channel=field(body, "channel", str, default="kiosk"),
        idempotency_key=request.headers.get("Idempotency-Key")
        or field(body, "idempotency_key", str),
        needs_assistance=field(body, "needs_assistance", bool, default=False),
        assistance=field(body, "assistance", str),
        base_url=base_url(),
    )


# ---------------------------------------------------------------- dates on pages

DATE_FORMAT = "%d-%m-%Y"
TIME_FORMAT = "%H:%M"
NEVER = "–"


def _moment(value: datetime | str, tz_name: str | None) -> datetime:
    """A datetime or ISO text, in the zone ``tz_name`` when given (else as it is)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(clock.zone(tz_name)) if tz_name else moment


def local_time(value: datetime | str | None, tz_name: str | None = None) -> str:
    """A moment as "21-11-2026 10:15" in the office's zone ``tz_name``; "–" for never."""
    if not value:
        return NEVER
    return _moment(value, tz_name).strftime(f"{DATE_FORMAT} {TIME_FORMAT}")


def local_clock(value: datetime | str | None, tz_name: str | None = None) -> str:
    """The time of day of a moment, "10:15", in the office's zone ``tz_name``; "–" for never."""
    if not value:
        return NEVER
    return _moment(value, tz_name).strftime(TIME_FORMAT)


def local_date(value: date | datetime | str | None, tz_name: str | None = None) -> str:
    """A day as "21-11-2026" (a moment's day in the office's zone ``tz_name``); "–" for none."""
    if not value:
        return NEVER
    if isinstance(value, str | datetime):
        value = _moment(value, tz_name)
    return value.strftime(DATE_FORMAT)


TEMPLATE_FILTERS = {"local_time": local_time, "local_clock": local_clock,
                    "local_date": local_date}


def register_template_filters(app: Flask) -> None:
    """The date filters, for every template of the app."""
    for name, function in TEMPLATE_FILTERS.items():
        app.add_template_filter(function, name)


# ---------------------------------------------------------------- response headers

# Every page passes it: scripts and styles come from our own files only (no inline code,
# no style attributes), images also as data: (the printer preview), sockets to ourselves.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Ticket and survey addresses carry the ticket's token: never send them elsewhere.
    "Referrer-Policy": "same-origin",
}


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class SessionOverHttps(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the request came over HTTPS (directly, or
    through a trusted proxy's X-Forwarded-Proto), so it is never sent back over plain HTTP."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or (
            has_request_context() and request.is_secure))
