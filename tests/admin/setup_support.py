"""What the management-plane tests share: actors, a snapshot of every table, a second office."""

from __future__ import annotations

from sqlalchemy import select, text

from antrian.shared.auth.accounts import add_user
from antrian.shared.auth.actors import Actor, actor_for_user
from antrian.shared.models import Base, Office, OfficeSettings, User
from antrian.shared.office import audit

PASSWORD = "rahasia-123"


def actor(db, username: str) -> Actor:
    with db.read() as s:
        return actor_for_user(s.scalar(select(User).where(User.username == username)))


def origin(db, username: str) -> audit.Origin:
    return audit.Origin(actor(db, username), "192.0.2.7")


def snapshot(db) -> dict[str, list]:
    """Every row of every table: a refused change must leave this exactly as it was."""
    with db.read() as s:
        return {t.name: sorted(map(repr, s.execute(text(f'SELECT * FROM "{t.name}"')).all()))
                for t in Base.metadata.sorted_tables}


def add_root(db) -> str:
    """An administrator of every office."""
    with db.write() as s:
        add_user(s, "root", PASSWORD, ["admin"], None, "Admin Pusat")
    return "root"


def add_other_office(db) -> str:
    """A second office 'lain' with its own administrator 'lainadmin'."""
    with db.write() as s:
        s.add(Office(code="lain", name="Kantor Lain", settings_json=OfficeSettings().to_json()))
        s.flush()
        add_user(s, "lainadmin", PASSWORD, ["admin"], "lain")
    return "lainadmin"


def add_coordinator(db) -> str:
    with db.write() as s:
        # not "koordinator": the demo office seeds that one (SOP 004's coordinator)
        add_user(s, "koordinator3", PASSWORD, ["coordinator"], "demo")
    return "koordinator3"
