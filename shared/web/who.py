"""Who is asking: the one place that turns a request or a socket into an `Actor`, and that
guards what a session cookie may do (CSRF).

Three credentials, one answer (`actors.Actor`, the domain's view of the caller):
- `Authorization: Bearer <token>`: a device token (kiosk, print agent) or a staff member's
  token; Flask-Login's `request_loader`. Tokens are cached per process for a few seconds and
  dropped at once when any credential is revoked (`actors.recent_actor`).
- the signed session cookie of a browser that signed in on /counter/login; Flask-Login's
  `user_loader`. The session also carries the user's session version ("sv"): signing out
  raises it, so every copy of the cookie dies; a disabled account is refused the same way.
- a socket: its `auth.token`, else the session cookie of its handshake (`socket_actor`).

A request that names a bearer token is that token's, whatever cookie it also carries.

CSRF (Flask-WTF's CSRFProtect) guards every unsafe request that carries the session cookie,
except bearer requests (a browser never adds that header across sites) and the views marked
`csrf_exempt`: visitor forms that act for nobody (their capability is the ticket's token in the
address) and the sign-in form, which checks its token itself to answer with the form again.
Forms send the token as `csrf_token`, scripts as the `X-CSRF-Token` header (read from the
page's `<meta name="csrf-token">`). A request without the session cookie has no session to
borrow: it is anonymous, and its view answers 401 or sends it to the sign-in.
"""

from __future__ import annotations

from functools import wraps

from flask import Flask, current_app, g, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user
from flask_wtf.csrf import CSRFProtect, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from antrian.shared.auth import actors, staff_login
from antrian.shared.auth.actors import Actor
from antrian.shared.core.errors import DomainError, Forbidden, InvalidInput, Unauthorized

login_manager = LoginManager()
login_manager.session_protection = None  # the session version ("sv") is our revocation
csrf = CSRFProtect()

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_MESSAGE = "Token CSRF tidak cocok; muat ulang halaman. / CSRF token mismatch."
SIGN_IN_NEEDED = "Perlu login. / Please log in."
NOT_YOUR_PAGE = ("Peran Anda tidak mengizinkan halaman ini. / "
                 "Your role does not allow this page.")


class Caller(UserMixin):
    """What Flask-Login holds for a request: the actor behind it."""

    def __init__(self, actor: Actor):
        self.actor = actor

    def get_id(self) -> str | None:
        return str(self.actor.user_id) if self.actor.user_id is not None else None


class _NewSession(UserMixin):
    """The user a sign-in puts in the session (`login_user` needs only the id)."""

    def __init__(self, user_id: int):
        self.id = user_id


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # `_guard_csrf` decides
    # A console stays open all day: its token lives as long as its session.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # The token and the SameSite cookie are the defence; a browser that strips the Referer
    # (a privacy setting) must not lock the staff out over HTTPS.
    app.config.setdefault("WTF_CSRF_SSL_STRICT", False)
    login_manager.init_app(app)
    csrf.init_app(app)
    app.before_request(_guard_csrf)


# ---------------------------------------------------------------- the credentials


def bearer_actor(token: str) -> Actor:
    """The actor of a bearer token (Unauthorized when unknown, revoked or its account is
    disabled); its last use is recorded at most once a minute."""
    db = current_app.extensions["antrian.db"]
    actor, epoch = actors.recent_actor(db, token)
    if actor is None:
        with db.read() as s:
            actor = actors.actor_for_bearer(s, token)
            stale = actors.token_needs_touch(s, token)
        if stale:
            with db.write() as s:
                actors.touch_token(s, token)
        actors.remember_actor(token, actor, epoch)
    return actor


def session_actor() -> Actor | None:
    """The signed-in user of this request's session, while the session's version still
    matches and the account is active; None otherwise."""
    user_id = _session_user_id()
    if user_id is None:
        return None
    return staff_login.session_actor(current_app.extensions["antrian.db"], user_id,
                                     session.get("sv"))


def _bearer_token(header: str) -> str:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidInput("Authorization harus 'Bearer <token>'. / Use 'Bearer <token>'.")
    return token.strip()


@login_manager.user_loader
def _load_session_user(_user_id: str) -> Caller | None:
    if "Authorization" in request.headers:
        return None  # the bearer speaks for this request (request_loader)
    actor = session_actor()
    return Caller(actor) if actor is not None else None


@login_manager.request_loader
def _load_bearer(req) -> Caller | None:
    header = req.headers.get("Authorization")
    if header is None:
        return None
    try:
        return Caller(bearer_actor(_bearer_token(header)))
    except DomainError as exc:
        # Kept for `current_actor`, which raises it: Flask-Login also loads the user for
        # templates, and an error page must still render for a revoked token.
        g.refused_credential = exc
        return None


def current_actor() -> Actor | None:
    """Who is asking this request: the bearer token's actor, else the signed-in user's;
    None when anonymous. A bad, unknown or revoked bearer token raises."""
    caller = current_user._get_current_object()
    refused = g.get("refused_credential")
    if refused is not None:
        raise refused
    return caller.actor if caller.is_authenticated else None


def socket_actor(auth: dict) -> Actor | None:
    """Who opens a socket: its `auth.token`, else the session cookie of its handshake.
    Raises Unauthorized for a bad token."""
    token = auth.get("token")
    if isinstance(token, str) and token:
        return bearer_actor(token)
    return session_actor()


def start_session(signed: staff_login.SignedIn) -> None:
    """A fresh session for a user who just signed in: nothing of the old one survives (no
    fixation), and the CSRF token is a new one."""
    session.clear()
    g.pop("csrf_token", None)  # generate_csrf caches the old session's token per request
    login_user(_NewSession(signed.user_id))
    session["sv"] = signed.session_version


def end_session() -> None:
    """Sign out everywhere: the session version goes up, so every copy of the cookie dies."""
    staff_login.sign_out(current_app.extensions["antrian.db"],
                         _session_user_id(), session.get("sv"))
    session.clear()


def _session_user_id() -> int | None:
    """Flask-Login's `_user_id` of this session, when it is one of ours."""
    raw = session.get("_user_id")
    return int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() else None


# ---------------------------------------------------------------- pages


def staff_page(permission: str | None = None):
    """A staff page: the view gets the actor as its first argument. Nobody signed in →
    Unauthorized, which sends a browser to the sign-in (`refusal`); a role without
    `permission` → Forbidden, a page that says so."""
    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            actor = current_actor()
            if actor is None:
                raise Unauthorized(SIGN_IN_NEEDED)
            if permission is not None and not actor.may(permission):
                raise Forbidden(NOT_YOUR_PAGE)
            return view(actor, *args, **kwargs)
        return inner
    return wrap


# ---------------------------------------------------------------- CSRF


def csrf_token() -> str:
    """The session's CSRF token, for a form's `csrf_token` field or the page's meta tag."""
    return generate_csrf()


def csrf_exempt(view):
    """Leave this view out of the CSRF guard: a visitor form that acts for nobody, or a view
    that checks the token itself (`csrf_valid`)."""
    return csrf.exempt(view)


def csrf_valid() -> bool:
    """Whether this request's form carries the session's CSRF token."""
    try:
        validate_csrf(request.form.get("csrf_token", ""))
    except ValidationError:
        return False
    return True


def _guard_csrf() -> None:
    if request.method in SAFE_METHODS or "Authorization" in request.headers:
        return
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return  # no session to borrow: anonymous, and refused as such by its view
    csrf.protect(apply_exemptions=True)
