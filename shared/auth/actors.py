"""Who is acting, and what each role may do.

Bearer tokens are random, shown once, and stored only as SHA-256. Staff tokens are bound to a
user, so the user's roles and office scope apply to them; device tokens act for one office.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from antrian.shared.auth import revocation
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Forbidden, NotFound, Unauthorized
from antrian.shared.models import DeviceToken, Office, User
from antrian.shared.office.directory import office_by_code

# What each permission needs: any one of these roles, or one of these device kinds.
PERMISSIONS: dict[str, frozenset[str]] = {
    # "online_form" is the public online request form of SOP 000 (kiosk/online_form.py).
    "issue_ticket": frozenset({"kiosk", "online_form", "receptionist", "front_office",
                               "coordinator", "admin"}),
    "operate_counter": frozenset({"front_office", "back_office", "main_unit", "coordinator"}),
    "reprint": frozenset({"kiosk", "receptionist", "front_office", "coordinator", "admin"}),
    # The printers' list holds their URLs: staff only, never a kiosk.
    "view_printers": frozenset({"receptionist", "front_office", "coordinator", "admin"}),
    "print_agent": frozenset({"print_agent"}),
    # The staff desks of counter/: reception (SOP 001/002), phone (SOP 003), back office.
    "reception_desk": frozenset({"receptionist", "coordinator"}),
    "phone_desk": frozenset({"front_office", "receptionist", "coordinator"}),
    "answer_escalation": frozenset({"back_office", "main_unit", "coordinator"}),
    # The mail outbox of online requests' answers (shared/desks/outbox.py): who answers them
    # and who runs the office see what was not sent yet and send it again.
    "mail_outbox": frozenset({"front_office", "coordinator", "admin"}),
    # The escort desk of SOP 002 (shared/desks/assistance.py): security, and its coordinator.
    "escort_desk": frozenset({"security", "coordinator"}),
    "view_reports": frozenset({"back_office", "coordinator", "head", "admin"}),
    # A ticket's SOP steps against their standards: every staff role of the office.
    "view_timeline": frozenset({"receptionist", "front_office", "back_office", "main_unit",
                                "coordinator", "head", "admin"}),
    # Opening/closing counters and services on the administration home (shared/office_admin).
    "run_office": frozenset({"coordinator", "admin"}),
    # Sanctions and compensation (SOP 004, shared/cases/workflow.py): each step belongs to one role;
    # cases are personal judgements about staff, so only these see them (and the staff
    # member their own).
    "view_cases": frozenset({"coordinator", "head", "admin"}),
    # The live view and the breaches of the time standards (shared/supervision): they name
    # counters and staff members.
    "supervise": frozenset({"coordinator", "head", "admin"}),
    "open_case": frozenset({"back_office", "coordinator"}),
    "hear_case": frozenset({"coordinator"}),
    "propose_case": frozenset({"coordinator"}),
    "verify_case": frozenset({"head"}),
    "compensate_case": frozenset({"coordinator"}),
    "close_case": frozenset({"coordinator", "head"}),
    "check_survey": frozenset({"back_office", "coordinator"}),
    "administer": frozenset({"admin"}),
    # The audit log of administrative changes (shared/audit).
    "read_audit": frozenset({"head", "admin"}),
}
# The channels each grant may issue through the ticket API; `compensation` is nobody's: only
# the sanctions flow creates those tickets, through its own service function.
CHANNELS_BY_GRANT: dict[str, frozenset[str]] = {
    "kiosk": frozenset({"kiosk"}),
    "online_form": frozenset({"online"}),
    "receptionist": frozenset({"kiosk", "reception", "phone"}),
    "front_office": frozenset({"kiosk", "reception", "phone"}),
    "coordinator": frozenset({"kiosk", "reception", "online", "phone"}),
    "admin": frozenset({"kiosk", "reception", "online", "phone"}),
}
LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True)
class Actor:
    kind: str  # "user" or a device kind ("kiosk", "print_agent")
    office_id: int | None  # None: an administrator of every office
    user_id: int | None = None
    username: str | None = None
    roles: frozenset[str] = frozenset()
    token_id: int | None = None

    @property
    def grants(self) -> frozenset[str]:
        return self.roles if self.kind == "user" else frozenset({self.kind})

    def may(self, permission: str) -> bool:
        return bool(self.grants & PERMISSIONS[permission])

    def may_issue_on(self, channel: str) -> bool:
        return any(channel in CHANNELS_BY_GRANT.get(grant, ()) for grant in self.grants)


def require(actor: Actor | None, permission: str, office_id: int) -> Actor:
    if actor is None:
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    if not actor.may(permission):
        raise Forbidden(
            "Peran Anda tidak mengizinkan tindakan ini. / Your role does not allow this action."
        )
    if actor.office_id is not None and actor.office_id != office_id:
        raise Forbidden("Anda tidak bertugas di kantor ini. / You do not work at this office.")
    return actor


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def password_matches(user: User, password: str) -> bool:
    return password_hash_matches(user.password_hash, password)


def password_hash_matches(stored: str, password: str) -> bool:
    return check_password_hash(stored, password)


def actor_for_user(user: User) -> Actor:
    return Actor(
        kind="user",
        office_id=user.office_id,
        user_id=user.id,
        username=user.username,
        roles=user.roles,
    )


# Recently checked bearer tokens: a kiosk or console sends one on every request, and looking
# it up each time would cost a transaction. Each entry remembers the auth epoch it was read
# under: once any credential is revoked (in any process) the epoch moves and every entry is
# stale, so a revoked token stops working everywhere within revocation.STALE_AFTER_S at most.
RECENT_TTL_S = 10.0
_recent: dict[str, tuple[float, int, Actor]] = {}


def recent_actor(db: Database, raw: str) -> tuple[Actor | None, int]:
    """(the cached actor or None, the epoch to remember a fresh look-up under)."""
    epoch = revocation.watch_for(db).seen(db, revocation.STALE_AFTER_S)
    hit = _recent.get(hash_token(raw))
    if hit and hit[0] > time.monotonic() and hit[1] == epoch:
        return hit[2], epoch
    return None, epoch


def remember_actor(raw: str, actor: Actor, epoch: int) -> None:
    """Cache an actor read under `epoch` (taken before the read, so a revocation committed
    meanwhile makes this entry stale at once)."""
    if len(_recent) > 10_000:  # bounded: a flood of bad tokens never gets here anyway
        _recent.clear()
    _recent[hash_token(raw)] = (time.monotonic() + RECENT_TTL_S, epoch, actor)


def revoked_here() -> None:
    """After a revoking transaction committed: this process forgets at once, without waiting
    for its next look at the epoch."""
    _recent.clear()
    revocation.expire_all()


def actor_for_bearer(session: Session, raw: str) -> Actor:
    """The actor behind a bearer token. Works in a read transaction: it never writes."""
    row = session.scalar(select(DeviceToken).where(DeviceToken.token_hash == hash_token(raw)))
    if row is None or row.revoked:
        raise Unauthorized("Token tidak dikenal atau dicabut. / Unknown or revoked token.")
    if row.kind == "user":
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            raise Unauthorized("Akun token ini tidak aktif. / This token's account is inactive.")
        return actor_for_user(user)
    return Actor(kind=row.kind, office_id=row.office_id, token_id=row.id)


def token_needs_touch(session: Session, raw: str) -> bool:
    last = session.scalar(
        select(DeviceToken.last_used_at).where(DeviceToken.token_hash == hash_token(raw))
    )
    return last is None or datetime.now(UTC) - last > LAST_USED_GRANULARITY


def touch_token(session: Session, raw: str) -> None:
    """Record when a token was last used, at most once a minute: a write on every request
    would queue every reader behind the one SQLite writer."""
    session.execute(
        update(DeviceToken)
        .where(DeviceToken.token_hash == hash_token(raw))
        .values(last_used_at=datetime.now(UTC))
    )


def create_device_token(session: Session, office_code: str, kind: str, name: str) -> str:
    office = office_by_code(session, office_code)
    raw = new_token()
    session.add(DeviceToken(office_id=office.id, kind=kind, name=name, token_hash=hash_token(raw)))
    return raw


def create_user_token(session: Session, username: str, name: str = "api") -> str:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"Pengguna tidak ditemukan / unknown user: {username}")
    if user.office_id is None:
        office_id = session.scalar(select(Office.id).order_by(Office.id))
    else:
        office_id = user.office_id
    raw = new_token()
    session.add(
        DeviceToken(
            office_id=office_id, kind="user", name=name, user_id=user.id,
            token_hash=hash_token(raw),
        )
    )
    return raw
