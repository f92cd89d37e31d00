"""Staff sign-in for the browser consoles: password check, lockout, and the counters a user
may sit at.

A wrong password and an unknown user get the same answer in the same time (an unknown user's
password is checked against a dummy hash), so neither the form nor a stopwatch reveals which
usernames exist. The password is hashed outside any database transaction, and at most
HASH_SLOTS hashes run at once per process, so a flood of wrong passwords neither holds the write
lock nor takes every core from ticket issuing.

Two limits, both counted in `login_throttle`:
- per username and address: after MAX_FAILURES wrong passwords in a row from one address,
  that username is locked for LOCK_MINUTES from that address (a correct password there still
  waits out the lock);
- per account, the ceiling: ACCOUNT_CEILING failures from all addresses within LOCK_MINUTES
  lock the account for browsers that have never signed in to it. A browser where the user
  signed in before carries a signed "known desk" cookie and is not held by the ceiling, so an
  attacker cycling addresses cannot lock a colleague out of their own desk.
Rows whose failures are older than a day are purged (`purge_throttle`).
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from antrian.shared.auth.actors import Actor, actor_for_user, hash_password, password_hash_matches
from antrian.shared.core import clock
from antrian.shared.core.db import Database, increment
from antrian.shared.core.errors import Forbidden, InvalidInput, TooManyRequests, Unauthorized
from antrian.shared.models import Counter, LoginThrottle, Office, User

MAX_FAILURES = 5
LOCK_MINUTES = 15
ACCOUNT_CEILING = 30
ACCOUNT_ROW = "*"  # the address column of the per-account row
PURGE_AFTER = timedelta(days=1)
# One password hash at a time per process (scrypt is meant to take a core); others queue.
HASH_SLOTS = 1
HASH_WAIT_S = 10.0
_hashing = threading.BoundedSemaphore(HASH_SLOTS)
# The same kind of hash as a real one, for an unknown user; made on first use.
_dummy_hash: list[str] = []
KNOWN_DESK_COOKIE = "antrian_desk"
KNOWN_DESK_DAYS = 180
# The pages each role lands on after signing in, first match wins.
HOME_BY_ROLE = (
    ("front_office", "/counter"),
    ("receptionist", "/counter/reception"),
    ("back_office", "/counter/backoffice"),
    ("main_unit", "/counter/backoffice"),
    ("coordinator", "/counter"),
    ("head", "/admin"),
    ("admin", "/admin"),
    ("security", "/counter/escort"),
)
# Where a sign-in may send the user back to: our own staff pages only, never another host.
RETURN_PREFIXES = ("/counter", "/admin", "/survey/desk")


def home_for(roles) -> str | None:
    """The page a staff member starts on: the first of their roles in HOME_BY_ROLE."""
    return next((path for role, path in HOME_BY_ROLE if role in roles), None)


def safe_return(target: str) -> str:
    """The `next` path after signing in, or "" when it is not one of our staff pages."""
    if target.startswith("//") or "\\" in target or not target.isprintable():
        return ""  # isprintable: no CR/LF or other control character reaches the header
    return target if target.startswith(RETURN_PREFIXES) else ""


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    username: str
    display_name: str
    roles: frozenset[str]
    home: str
    session_version: int


class AccountLocked(Forbidden):
    code = "account_locked"


def sign_in(db: Database, username: str, password: str, address: str = "-",
            known_desk: bool = False) -> SignedIn:
    """Check a password. Three short steps: read the user and the locks, hash with no
    transaction open, record the outcome. `known_desk`: this browser signed in to this
    account before (its signed cookie), so the account-wide ceiling does not hold it."""
    username = (username or "").strip().lower()[:80]
    address = (address or "-")[:64]
    if not username or not password:
        raise InvalidInput("Isi nama pengguna dan kata sandi. / Enter username and password.")
    now = clock.now()
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == username))
        locked_until = _locked_until(session, username, address, known_desk, now)
        if locked_until is not None:
            raise AccountLocked(
                f"Akun terkunci dari perangkat ini sampai "
                f"{_local_hhmm(user, session, locked_until)} karena terlalu banyak "
                f"percobaan. / Locked on this device after too many attempts."
            )
    stored = user.password_hash if user is not None else _unknown_user_hash()
    ok = _check_password(stored, password) and user is not None and user.active
    with db.write() as session:
        if ok:
            session.execute(delete(LoginThrottle).where(
                LoginThrottle.username == username, LoginThrottle.address == address))
        else:
            _count_failure(session, username, address, now)
    if not ok:
        raise Unauthorized(WRONG)
    return SignedIn(user.id, user.username, user.display_name, user.roles,
                    home_for(user.roles) or "/", user.session_version)


def _locked_until(session, username: str, address: str, known_desk: bool,
                  now: datetime) -> datetime | None:
    rows = {row.address: row for row in session.scalars(select(LoginThrottle).where(
        LoginThrottle.username == username,
        LoginThrottle.address.in_((address, ACCOUNT_ROW))))}
    desk, account = rows.get(address), rows.get(ACCOUNT_ROW)
    if desk is not None and desk.locked_until and desk.locked_until > now:
        return desk.locked_until
    if not known_desk and account is not None and account.locked_until and (
            account.locked_until > now):
        return account.locked_until
    return None


def _check_password(stored: str, password: str) -> bool:
    if not _hashing.acquire(timeout=HASH_WAIT_S):
        raise TooManyRequests("Terlalu banyak percobaan masuk; coba lagi sebentar. / "
                              "Too many sign-in attempts; try again shortly.")
    try:
        return _off_the_event_loop(password_hash_matches, stored, password)
    finally:
        _hashing.release()


def _off_the_event_loop(fn, *args):
    """Under gevent the hash would run in the event loop's own thread and stall every other
    request for its whole duration; scrypt releases the GIL, so in a native thread of
    gevent's pool the loop serves on meanwhile. Without gevent this thread is already one
    of many."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        import gevent

        return gevent.get_hub().threadpool.apply(fn, args)
    return fn(*args)


def _unknown_user_hash() -> str:
    if not _dummy_hash:
        _dummy_hash.append(hash_password("antrian-no-such-user"))
    return _dummy_hash[0]


def _count_failure(session, username: str, address: str, now: datetime) -> None:
    """One more failure for the desk row and the account row; failures older than the lock
    window start again from zero. The count is one upsert that keeps the row locked, so
    parallel failures (from many addresses at once) neither collide nor get lost."""
    window = timedelta(minutes=LOCK_MINUTES)
    for where, limit in ((address, MAX_FAILURES), (ACCOUNT_ROW, ACCOUNT_CEILING)):
        failures = increment(session, LoginThrottle, {"username": username, "address": where},
                             "failures")
        row = session.get(LoginThrottle, (username, where), populate_existing=True)
        if row.last_failure_at is not None and row.last_failure_at < now - window:
            failures = 1
        row.failures = failures
        row.last_failure_at = now
        if row.failures >= limit:
            row.locked_until = now + window
            row.failures = 0


def purge_throttle(db: Database, now: datetime | None = None) -> int:
    """Forget failures older than PURGE_AFTER whose lock has run out; returns rows deleted."""
    now = now or clock.now()
    cutoff = now - PURGE_AFTER
    with db.write() as session:
        return session.execute(delete(LoginThrottle).where(
            or_(LoginThrottle.last_failure_at.is_(None),
                LoginThrottle.last_failure_at < cutoff),
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
        )).rowcount


WRONG = "Nama pengguna atau kata sandi salah. / Wrong username or password."


# ---------------------------------------------------------------- known desks and sessions


def session_user(session, user_id: int | None, version: int | None) -> User | None:
    """The active user behind a browser session whose version still matches (a logout
    raises the version, so a copied cookie dies with it)."""
    if not user_id or version is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def sign_out(db: Database, user_id: int | None, version: int | None) -> None:
    """End the user's browser sessions: every cookie signed with this version is revoked."""
    if not user_id or version is None:
        return
    with db.write() as session:
        session.execute(update(User).where(User.id == user_id,
                                           User.session_version == version)
                        .values(session_version=User.session_version + 1))


def _local_hhmm(user: User | None, session, moment: datetime | None) -> str:
    office = session.get(Office, user.office_id) if user and user.office_id else None
    tz = office.timezone if office else "Asia/Jakarta"
    return moment.astimezone(clock.zone(tz)).strftime("%H:%M") if moment else "-"


def session_actor(db: Database, user_id: int | None, version: int | None) -> Actor | None:
    """The actor behind a browser session, or None when signed out, logged out elsewhere or
    deactivated."""
    with db.read() as session:
        user = session_user(session, user_id, version)
        return actor_for_user(user) if user is not None else None


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
