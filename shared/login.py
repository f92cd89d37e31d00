"""Staff sign-in for the browser consoles: password check, lockout, and the counters a user
may sit at.

A wrong password and an unknown user get the same answer, so the login form does not reveal
which usernames exist. After MAX_FAILURES wrong passwords in a row from one address, that
username is locked for LOCK_MINUTES from that address (a correct password there still waits
out the lock); from any other desk it still signs in, so nobody can lock a colleague out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from shared import clock
from shared.auth import Actor, actor_for_user, password_matches
from shared.db import Database
from shared.errors import Forbidden, InvalidInput, Unauthorized
from shared.models import Counter, LoginThrottle, Office, User

MAX_FAILURES = 5
LOCK_MINUTES = 15
# The pages each role lands on after signing in, first match wins.
HOME_BY_ROLE = (
    ("front_office", "/counter"),
    ("receptionist", "/counter/reception"),
    ("back_office", "/counter/backoffice"),
    ("main_unit", "/counter/backoffice"),
    ("coordinator", "/counter"),
    ("head", "/admin"),
    ("admin", "/admin"),
)
# Where a sign-in may send the user back to: our own staff pages only, never another host.
RETURN_PREFIXES = ("/counter", "/admin", "/survey/desk")


def home_for(roles) -> str | None:
    """The page a staff member starts on: the first of their roles in HOME_BY_ROLE."""
    return next((path for role, path in HOME_BY_ROLE if role in roles), None)


def safe_return(target: str) -> str:
    """The `next` path after signing in, or "" when it is not one of our staff pages."""
    if target.startswith("//") or "\\" in target:
        return ""
    return target if target.startswith(RETURN_PREFIXES) else ""


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    username: str
    display_name: str
    roles: frozenset[str]
    home: str


class AccountLocked(Forbidden):
    code = "account_locked"


def sign_in(db: Database, username: str, password: str, address: str = "-") -> SignedIn:
    """Check a password; counts failures per (username, address) and locks after too many."""
    username = (username or "").strip().lower()[:80]
    if not username or not password:
        raise InvalidInput("Isi nama pengguna dan kata sandi. / Enter username and password.")
    now = clock.now()
    with db.write() as session:
        throttle = session.get(LoginThrottle, (username, address[:64]))
        user = session.scalar(select(User).where(User.username == username))
        if throttle is not None and throttle.locked_until and throttle.locked_until > now:
            raise AccountLocked(
                f"Akun terkunci dari perangkat ini sampai "
                f"{_local_hhmm(user, session, throttle.locked_until)} karena terlalu banyak "
                f"percobaan. / Locked on this device after too many attempts."
            )
        ok = user is not None and user.active and password_matches(user, password)
        if ok:
            if throttle is not None:
                session.delete(throttle)
        else:
            # The failure is counted and committed; the error is raised after the commit.
            if throttle is None:
                throttle = LoginThrottle(username=username, address=address[:64], failures=0)
                session.add(throttle)
            throttle.failures += 1
            if throttle.failures >= MAX_FAILURES:
                throttle.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                throttle.failures = 0
        signed = None if not ok else SignedIn(
            user.id, user.username, user.display_name, user.roles,
            home_for(user.roles) or "/")
    if not ok:
        raise Unauthorized(WRONG)
    return signed


WRONG = "Nama pengguna atau kata sandi salah. / Wrong username or password."


def _local_hhmm(user: User | None, session, moment: datetime | None) -> str:
    office = session.get(Office, user.office_id) if user and user.office_id else None
    tz = office.timezone if office else "Asia/Jakarta"
    return moment.astimezone(clock.zone(tz)).strftime("%H:%M") if moment else "-"


def session_actor(db: Database, user_id: int | None) -> Actor | None:
    """The actor behind a browser session, or None when signed out or deactivated."""
    if not user_id:
        return None
    with db.read() as session:
        user = session.get(User, user_id)
        return actor_for_user(user) if user is not None and user.active else None


@dataclass(frozen=True)
class CounterChoice:
    id: int
    number: int
    name: str
    kind: str
    office_code: str
    is_open: bool
    mine: bool  # the counter assigned to this user (Counter.staff_id)


def counters_for(db: Database, actor: Actor) -> list[CounterChoice]:
    """Counters of the user's office(s) they may operate; their own one first."""
    if not actor.may("operate_counter"):
        return []
    with db.read() as session:
        query = select(Counter, Office.code).join(Office, Office.id == Counter.office_id)
        if actor.office_id is not None:
            query = query.where(Counter.office_id == actor.office_id)
        rows = session.execute(query.order_by(Office.code, Counter.number)).all()
        choices = [
            CounterChoice(c.id, c.number, c.name, c.kind, code, c.is_open,
                          c.staff_id == actor.user_id)
            for c, code in rows
            if c.kind != "back_office"
        ]
    return sorted(choices, key=lambda c: (not c.mine, c.office_code, c.number))


def office_code_of(db: Database, actor: Actor, requested: str | None = None) -> str:
    """The office a desk page works on: the user's own, or for an all-offices user the one
    asked for (else the first)."""
    with db.read() as session:
        if actor.office_id is not None:
            return session.get(Office, actor.office_id).code
        query = select(Office.code).order_by(Office.id)
        if requested:
            query = query.where(Office.code == requested)
        code = session.scalar(query)
        if code is None:
            raise InvalidInput("Kantor tidak ditemukan. / Unknown office.")
        return code
