"""Staff accounts: creating them and checking their passwords."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import hash_password
from antrian.shared.core.errors import Conflict, InvalidInput
from antrian.shared.models import User
from antrian.shared.models.staff import ROLES
from antrian.shared.office.directory import office_by_code

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 8


def add_user(
    session: Session, username: str, password: str, roles: list[str],
    office_code: str | None, display_name: str | None = None,
) -> User:
    if not USERNAME.match(username):
        raise InvalidInput("Nama pengguna: 2-40 huruf kecil, angka, titik, garis. / "
                           "Username: 2-40 lowercase letters, digits, . _ -", field="username")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Kata sandi minimal {MIN_PASSWORD} karakter. / "
                           f"Password needs {MIN_PASSWORD}+ characters.", field="password")
    unknown = [r for r in roles if r not in ROLES]
    if not roles or unknown:
        raise InvalidInput(f"Peran tidak dikenal / unknown role(s): {', '.join(unknown) or '-'}; "
                           f"pilih / choose from {', '.join(ROLES)}", field="roles")
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"Pengguna {username} sudah ada. / User exists.", code="user_exists")
    office_id = None
    if office_code is not None:
        office = office_by_code(session, office_code)
        office_id = office.id
    user = User(
        office_id=office_id, username=username, display_name=display_name or username,
        password_hash=hash_password(password), roles_csv=",".join(roles),
    )
    session.add(user)
    session.flush()
    return user
