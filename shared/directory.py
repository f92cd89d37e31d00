"""Read-only look-ups of the configured offices, for index pages and the command line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shared.db import Database
from shared.models import Office


@dataclass(frozen=True)
class OfficeEntry:
    code: str
    name: str


def list_offices(db: Database) -> list[OfficeEntry]:
    with db.read() as session:
        return [OfficeEntry(o.code, o.name)
                for o in session.scalars(select(Office).order_by(Office.name))]
