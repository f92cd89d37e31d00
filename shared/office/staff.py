"""Managing staff accounts and their API tokens: list, create (a generated password shown
once), edit display name, roles and counter, reset the password, disable; tokens listed per
user, created and revoked.

Only an administrator writes (`administer`): an office's own administrator for its staff, an
administrator of every office for anyone. Disabling an account, changing its roles or
revoking a token raises the auth epoch in the same transaction, so every server process stops
honouring the old credential within a second (see shared/auth/revocation.py); open consoles of a
disabled account are disconnected by the hub's guard.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.auth import actors, revocation
from antrian.shared.auth.accounts import add_user
from antrian.shared.auth.actors import Actor, require
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound
from antrian.shared.models import Counter, DeviceToken, Office, User
from antrian.shared.models.staff import ROLES
from antrian.shared.office import audit
from antrian.shared.office.counters import assign_staff
from antrian.shared.office.directory import counter_by_number
from antrian.shared.office.offices import administered_office, require_permission

MAX_DISPLAY_NAME = 120
FIELDS = ("display_name", "roles", "counter", "active")


def new_password() -> str:
    """12 characters from a URL-safe alphabet: easy to type once, then changed."""
    return secrets.token_urlsafe(9)


def user_json(session: Session, user: User) -> dict[str, Any]:
    counter = session.scalar(select(Counter.number).where(Counter.staff_id == user.id)
                             .order_by(Counter.number).limit(1))
    office = session.get(Office, user.office_id) if user.office_id else None
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "roles": sorted(user.roles, key=ROLES.index), "office": office.code if office else None,
            "counter": counter, "active": user.active}


def _roles(value: Any) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(r, str) for r in value):
        raise InvalidInput(f"'roles' harus daftar peran: {', '.join(ROLES)}. / 'roles' must "
                           f"list roles from {', '.join(ROLES)}.", field="roles")
    unknown = [r for r in value if r not in ROLES]
    if unknown:
        raise InvalidInput(f"Peran tidak dikenal / unknown role(s): {', '.join(unknown)}",
                           field="roles")
    return list(dict.fromkeys(value))


def _display_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"Nama tampilan 1-{MAX_DISPLAY_NAME} karakter. / Display name is "
                           f"1-{MAX_DISPLAY_NAME} characters.", field="display_name")
    return " ".join(value.split())


def _counter(session: Session, office_id: int | None, value: Any) -> Counter | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("'counter' harus nomor loket. / 'counter' must be a counter number.",
                           field="counter")
    counter = counter_by_number(session, office_id, value)
    if counter is None:
        raise InvalidInput(f"Loket {value} tidak ada di kantor ini. / No counter {value} at "
                           "this office.", field="counter")
    return counter


def managed_user(session: Session, user_id: int, actor: Actor | None) -> User:
    """The user, once the actor may administer their office (an all-offices account only
    by an all-offices administrator)."""
    require_permission(actor, "administer")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"Pengguna tidak ditemukan / unknown user: {user_id}")
    # An all-offices account (office None) passes only for an all-offices administrator.
    require(actor, "administer", user.office_id if user.office_id is not None else -1)
    return user


def user_id_of(db: Database, username: str) -> int:
    with db.read() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        raise NotFound(f"Pengguna tidak ditemukan / unknown user: {username}")
    return user_id


def list_users(db: Database, office_code: str, actor: Actor | None) -> list[dict[str, Any]]:
    with db.read() as session:
        office = administered_office(session, office_code, actor)
        return [user_json(session, u) for u in session.scalars(
            select(User).where(User.office_id == office.id)
            .order_by(User.active.desc(), User.username))]


def create_user(db: Database, origin: audit.Origin, office_code: str,
                body: dict[str, Any]) -> dict[str, Any]:
    """A new account of this office with a generated password, returned once."""
    require_permission(origin.actor, "administer")  # 401/403 before any 400
    unknown = set(body) - {"username", "display_name", "roles", "counter"}
    if unknown:
        raise InvalidInput(f"Kolom tidak dikenal / unknown field(s): {', '.join(sorted(unknown))}",
                           field=sorted(unknown)[0])
    username = body.get("username")
    if not isinstance(username, str):
        raise InvalidInput("Kolom 'username' wajib diisi. / 'username' is required.",
                           field="username")
    roles = _roles(body.get("roles"))
    display_name = _display_name(body.get("display_name") or username)
    password = new_password()
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        counter = _counter(session, office.id, body.get("counter"))
        user = add_user(session, username.strip().lower(), password, roles, office.code,
                        display_name)
        if counter is not None:
            assign_staff(session, counter, user)
            session.flush()
        view = user_json(session, user)
        audit.record(session, origin, office.id, "user.create", user.username, None,
                     {**view, "password": "dibuat / generated"})
        return {**view, "password": password}


def update_user(db: Database, origin: audit.Origin, user_id: int,
                body: dict[str, Any]) -> dict[str, Any]:
    require_permission(origin.actor, "administer")  # 401/403 before any 400
    unknown = set(body) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"Kolom tidak dikenal / unknown field(s): {', '.join(sorted(unknown))}",
                           field=sorted(unknown)[0])
    with db.write() as session:
        user = managed_user(session, user_id, origin.actor)
        before = user_json(session, user)
        if "display_name" in body:
            user.display_name = _display_name(body["display_name"])
        if "roles" in body:
            user.roles_csv = ",".join(_roles(body["roles"]))
        if "active" in body:
            if not isinstance(body["active"], bool):
                raise InvalidInput("'active' harus true/false. / 'active' must be a boolean.",
                                   field="active")
            if not body["active"] and origin.actor and origin.actor.user_id == user.id:
                raise Conflict("Anda tidak dapat menonaktifkan akun sendiri. / You cannot "
                               "disable your own account.", code="own_account")
            user.active = body["active"]
        if "counter" in body:
            assign_staff(session, _counter(session, user.office_id, body["counter"]), user)
        session.flush()
        after = user_json(session, user)
        old, new = audit.changed_fields(before, after)
        if new:
            verb = ("disable" if new.get("active") is False else
                    "enable" if new.get("active") else "update")
            audit.record(session, origin, user.office_id, f"user.{verb}", user.username,
                         old, new)
        weakened = "roles" in new or new.get("active") is False
        if weakened:
            revocation.bump(session)
    if weakened:
        actors.revoked_here()
    return after


def reset_password(db: Database, origin: audit.Origin, user_id: int) -> dict[str, Any]:
    """A new generated password, returned once; the old one stops working."""
    password = new_password()
    with db.write() as session:
        user = managed_user(session, user_id, origin.actor)
        user.password_hash = actors.hash_password(password)
        audit.record(session, origin, user.office_id, "user.reset_password", user.username,
                     None, {"password": "diganti / replaced"})
        return {"id": user.id, "username": user.username, "password": password}


# ---------------------------------------------------------------- staff API tokens


def _token_json(token: DeviceToken) -> dict[str, Any]:
    return {"id": token.id, "name": token.name, "created_at": token.created_at.isoformat(),
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
            "revoked": token.revoked}


def list_tokens(db: Database, user_id: int, actor: Actor | None) -> list[dict[str, Any]]:
    with db.read() as session:
        user = managed_user(session, user_id, actor)
        return [_token_json(t) for t in session.scalars(
            select(DeviceToken).where(DeviceToken.user_id == user.id,
                                      DeviceToken.kind == "user")
            .order_by(DeviceToken.revoked, DeviceToken.id.desc()))]


def create_token(db: Database, origin: audit.Origin, user_id: int,
                 name: Any = None) -> dict[str, Any]:
    """A staff API token bound to this user's roles and office; the raw token is returned
    once and only its hash is stored."""
    name = name if name is not None else "api"
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 120:
        raise InvalidInput("Nama token 1-120 karakter. / The token name is 1-120 characters.",
                           field="name")
    with db.write() as session:
        user = managed_user(session, user_id, origin.actor)
        if not user.active:
            raise Conflict("Akun ini nonaktif. / This account is disabled.",
                           code="user_inactive")
        raw = actors.create_user_token(session, user.username, name.strip())
        session.flush()
        token = session.scalar(select(DeviceToken).where(
            DeviceToken.token_hash == actors.hash_token(raw)))
        audit.record(session, origin, user.office_id, "token.create",
                     f"{user.username}: {token.name}", None, {"id": token.id, "name": token.name})
        return {**_token_json(token), "user": user.username, "token": raw}


def revoke_token(db: Database, origin: audit.Origin, token_id: int) -> dict[str, Any]:
    with db.write() as session:
        token = session.get(DeviceToken, token_id)
        if token is None or token.kind != "user":
            raise NotFound(f"Token tidak ditemukan / unknown token: {token_id}")
        user = managed_user(session, token.user_id, origin.actor)
        if token.revoked:
            raise Conflict("Token ini sudah dicabut. / This token is already revoked.",
                           code="already_revoked")
        token.revoked = True
        revocation.bump(session)
        audit.record(session, origin, user.office_id, "token.revoke",
                     f"{user.username}: {token.name}", {"revoked": False}, {"revoked": True})
        view = {**_token_json(token), "user": user.username}
    actors.revoked_here()
    return view
