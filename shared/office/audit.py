"""The audit log: every administrative change, written in the same transaction as the change
itself (a refused change leaves no entry, a made one always has one).

Entries hold configuration only, never visitor data: the services that write them pass the
setup values before and after (no password, no token; those appear as "set" or "created").
Reading needs `read_audit` (head, admin), each within their own office.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import InvalidInput
from antrian.shared.models import AuditEntry, Office
from antrian.shared.office.directory import office_by_code
from antrian.shared.satisfaction.ikm_report import parse_date

#: What the log can be filtered by: the part of an action before its dot.
KINDS = {
    "office": ("Kantor", "Office"),
    "settings": ("Pengaturan", "Settings"),
    "service": ("Layanan", "Service"),
    "counter": ("Loket", "Counter"),
    "user": ("Petugas", "Staff"),
    "token": ("Token API", "API token"),
    "device": ("Perangkat", "Device"),
    "printer": ("Printer", "Printer"),
    "display_profile": ("Profil layar", "Display profile"),
}
MAX_ROWS = 2000
CSV_COLUMNS = ("at", "office", "actor", "address", "action", "subject", "before", "after")


@dataclass(frozen=True)
class Origin:
    """Who makes a change and from where: the actor and the address of the request ("cli"
    for the command line)."""

    actor: Actor | None
    address: str = "-"


def record(session: Session, origin: Origin, office_id: int | None, action: str,
           subject: str, before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None) -> None:
    assert action.split(".", 1)[0] in KINDS, action
    actor = origin.actor
    session.add(AuditEntry(
        at=clock.now(), office_id=office_id,
        actor_user_id=actor.user_id if actor else None,
        actor_name=(actor.username or actor.kind) if actor else "-",
        address=(origin.address or "-")[:64], action=action, subject=subject[:200],
        before=before, after=after,
    ))


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what differs, so an entry reads as the change it was."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def entries(db: Database, office_code: str, actor: Actor | None, *, start: str | None = None,
            end: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """The office's entries, newest first, between two local days (inclusive) and of one
    kind. An all-offices reader also sees the entries above any office (office creation)."""
    first, last = parse_date(start, "from"), parse_date(end, "to")
    if kind and kind not in KINDS:
        raise InvalidInput(f"Jenis tidak dikenal / unknown kind: {kind}", field="kind")
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "read_audit", office.id)
        scope = AuditEntry.office_id == office.id
        if actor.office_id is None:
            scope = or_(scope, AuditEntry.office_id.is_(None))
        query = select(AuditEntry, Office.code).outerjoin(
            Office, Office.id == AuditEntry.office_id).where(scope)
        zone = clock.zone(office.timezone)
        if first:
            query = query.where(AuditEntry.at >= datetime.combine(first, datetime.min.time(),
                                                                  zone))
        if last:
            query = query.where(AuditEntry.at < datetime.combine(
                last + timedelta(days=1), datetime.min.time(), zone))
        if kind:
            query = query.where(AuditEntry.action.like(f"{kind}.%"))
        rows = session.execute(query.order_by(AuditEntry.id.desc()).limit(MAX_ROWS)).all()
        return [{"id": e.id, "at": e.at.isoformat(), "office": code, "actor": e.actor_name,
                 "address": e.address, "action": e.action, "kind": e.action.split(".")[0],
                 "subject": e.subject, "before": e.before, "after": e.after}
                for e, code in rows]


def readable(change: dict[str, Any] | None) -> str:
    """A change as "key: value" lines for the page (nested values as compact JSON)."""
    if not change:
        return "–"
    return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
                     for key, value in change.items())


def _cell(value: str) -> str:
    """A spreadsheet must not run a name that starts like a formula ("=HYPERLINK(...)")."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row["at"], row["office"] or "", row["actor"], row["address"],
                         row["action"], _cell(row["subject"]),
                         json.dumps(row["before"], ensure_ascii=False) if row["before"] else "",
                         json.dumps(row["after"], ensure_ascii=False) if row["after"] else ""])
    return out.getvalue()
