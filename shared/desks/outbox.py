"""The mail outbox (SOP 000): an online request's answer goes to the requester by e-mail.

`queue` writes the message in the caller's transaction (the answer's), so a committed answer
always has its message; `send_due` sends what is due, in one process of the deployment at a
time (app.py runs it under a lease), and a failed send is tried again later, backing off,
until it has failed MAX_ATTEMPTS times; then it waits for staff, who see every unsent message
on the admin's "E-mail" page and can send it again. Nothing is ever dropped.

Addresses and answers are personal data: they stay in the table (purged with the visit's
data) and never go into a log or an event.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, NotFound
from antrian.shared.models import MailMessage, Office, Ticket
from antrian.shared.office.directory import office_by_code

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # 1+2+4+...+64 minutes, then about an hour more: staff take over
FIRST_RETRY_S = 60
MAX_RETRY_S = 6 * 3600
CLAIM_S = 600  # a message being sent is not taken by another sender for this long
BATCH = 20

#: Sends one message (to, subject, body); raises when it was not accepted.
Transport = Callable[[str, str, str], None]


def retry_after(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: doubling from a minute, at most six hours."""
    return timedelta(seconds=min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S))


def queue(session: Session, office_id: int, ticket_id: int | None, to: str, subject: str,
          body: str) -> MailMessage:
    """Add a message to the outbox in the caller's transaction; due at once."""
    row = MailMessage(office_id=office_id, ticket_id=ticket_id, to_addr=to,
                      subject=subject[:200], body=body, created_at=clock.now(), attempts=0,
                      next_try_at=clock.now())
    session.add(row)
    return row


def _claim(db: Database, message_id: int) -> tuple[str, str, str] | None:
    """Take one due message for this sender; None if another took it first. The claim runs
    from now, not from the batch's start: the sends before it may have been slow."""
    now = clock.now()
    with db.write() as session:
        taken = session.execute(
            update(MailMessage)
            .where(MailMessage.id == message_id, _due(now))
            .values(claimed_until=now + timedelta(seconds=CLAIM_S))
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            return None
        row = session.get(MailMessage, message_id)
        return row.to_addr, row.subject, row.body


def _due(now: datetime):
    """Unsent, its time come, and no sender on it: a staff retry during a send waits for it."""
    return and_(MailMessage.sent_at.is_(None), MailMessage.next_try_at <= now,
                or_(MailMessage.claimed_until.is_(None), MailMessage.claimed_until <= now))


def _describe(exc: Exception) -> str:
    """What staff see of a failure (never logged: an SMTP refusal may quote the address)."""
    return f"{type(exc).__name__}: {exc}"[:500]


def send_due(db: Database, transport: Transport, limit: int = BATCH) -> dict[str, int]:
    """Send the messages due now, oldest first; returns how many were sent and failed."""
    now = clock.now()
    with db.read() as session:
        due = session.scalars(
            select(MailMessage.id)
            .where(_due(now))
            .order_by(MailMessage.next_try_at, MailMessage.id).limit(limit)
        ).all()
    counts = {"sent": 0, "failed": 0}
    for message_id in due:
        claimed = _claim(db, message_id)
        if claimed is None:
            continue
        try:
            transport(*claimed)
        except Exception as exc:  # any refusal or outage: kept, and tried again later
            _failed(db, message_id, exc)
            counts["failed"] += 1
        else:
            with db.write() as session:
                row = session.get(MailMessage, message_id)
                row.attempts += 1
                row.sent_at, row.next_try_at, row.last_error = clock.now(), None, None
                row.claimed_until = None
            counts["sent"] += 1
    return counts


def _failed(db: Database, message_id: int, exc: Exception) -> None:
    with db.write() as session:
        row = session.get(MailMessage, message_id)
        row.attempts += 1
        row.last_error, row.claimed_until = _describe(exc), None
        gave_up = row.attempts >= MAX_ATTEMPTS
        row.next_try_at = None if gave_up else clock.now() + retry_after(row.attempts)
        attempts = row.attempts
    # The message's number and the failure's kind only: no address, no text.
    log.warning("mail %d not sent (attempt %d%s): %s", message_id, attempts,
                ", waiting for staff" if gave_up else "", type(exc).__name__)


# ---------------------------------------------------------------- what staff see and do


def state_of(row: MailMessage) -> str:
    if row.sent_at is not None:
        return "sent"
    if row.next_try_at is None:
        return "failed"  # gave up: waits for staff
    return "retrying" if row.attempts else "pending"


def _json(row: MailMessage, code: str | None) -> dict[str, Any]:
    return {
        "id": row.id, "ticket": code, "to": row.to_addr, "subject": row.subject,
        "state": state_of(row), "attempts": row.attempts, "last_error": row.last_error,
        "created_at": row.created_at.isoformat(),
        "next_try_at": row.next_try_at.isoformat() if row.next_try_at else None,
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
    }


def messages(db: Database, office_code: str, actor: Actor | None, *,
             unsent_only: bool = False, limit: int = 200) -> dict[str, Any]:
    """The office's outbox, newest first (unsent ones first of all): staff only."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "mail_outbox", office.id)
        query = (select(MailMessage, Ticket.code)
                 .outerjoin(Ticket, Ticket.id == MailMessage.ticket_id)
                 .where(MailMessage.office_id == office.id))
        if unsent_only:
            query = query.where(MailMessage.sent_at.is_(None))
        rows = session.execute(
            query.order_by(MailMessage.sent_at.is_not(None), MailMessage.id.desc()).limit(limit)
        ).all()
        items = [_json(row, code) for row, code in rows]
    counts = {s: sum(1 for m in items if m["state"] == s)
              for s in ("pending", "retrying", "failed", "sent")}
    return {"office": {"code": office.code, "name": office.name, "timezone": office.timezone},
            "messages": items, "counts": counts}


def retry(db: Database, message_id: int, actor: Actor | None) -> dict[str, Any]:
    """Staff send an unsent message again now (a failed one gets a fresh round of tries)."""
    with db.write() as session:
        row = session.get(MailMessage, message_id)
        if row is None:
            raise NotFound("Pesan tidak ditemukan. / Message not found.")
        require(actor, "mail_outbox", row.office_id)
        if row.sent_at is not None:
            raise Conflict("Pesan ini sudah terkirim. / This message was already sent.",
                           code="already_sent")
        if row.attempts >= MAX_ATTEMPTS:
            row.attempts = 0
        row.next_try_at = clock.now()
        code = session.scalar(select(Ticket.code).where(Ticket.id == row.ticket_id))
        office = session.get(Office, row.office_id)
        log.info("mail %d queued again by staff (%s)", row.id, office.code)
        return _json(row, code)
