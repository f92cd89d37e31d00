"""Purging visitor data after the office's retention period (UU 27/2022, PDP).

The `VisitRecord` rows go, and so does free text that may name someone: a ticket's note, the
questions and answers of its escalations, survey comments, and the texts of sanctions and
compensation cases (the complaint, the contact, the notes, the apology). The tickets, their
timelines, the survey scores and the cases' steps stay, anonymous, so time standards and
reports still add up.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from antrian.shared.cases import workflow
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.models import (
    Escalation,
    MailMessage,
    Office,
    SurveyResponse,
    Ticket,
    VisitRecord,
)


def _expired(session: Session, office: Office, now: datetime):
    cutoff = now - timedelta(days=office.settings.retention_days)
    return select(Ticket.id).where(Ticket.office_id == office.id, Ticket.issued_at < cutoff)


def _blank_free_text(session: Session, expired) -> None:
    session.execute(update(Ticket).where(Ticket.id.in_(expired), Ticket.note.is_not(None))
                    .values(note=None))
    session.execute(update(Escalation).where(Escalation.ticket_id.in_(expired))
                    .values(question="(dihapus / purged)", answer=None))
    session.execute(update(SurveyResponse)
                    .where(SurveyResponse.ticket_id.in_(expired),
                           SurveyResponse.comment.is_not(None))
                    .values(comment=None))
    # The answers' e-mails hold the address and the answer: they go with the visit's data.
    session.execute(delete(MailMessage).where(MailMessage.ticket_id.in_(expired)))


def purge_personal_data(db: Database, *, dry_run: bool = False,
                        now: datetime | None = None) -> dict[str, int]:
    """Delete visitor data older than each office's `retention_days`; returns counts by
    office code."""
    now = now or clock.now()
    purged: dict[str, int] = {}
    with db.write() as session:
        for office in session.scalars(select(Office)):
            expired = _expired(session, office, now)
            count = session.scalar(
                select(func.count()).select_from(VisitRecord)
                .where(VisitRecord.ticket_id.in_(expired))
            ) or 0
            if not dry_run:
                session.execute(delete(VisitRecord).where(VisitRecord.ticket_id.in_(expired)))
                _blank_free_text(session, expired)
                workflow.purge_free_text(session, office,
                                      now - timedelta(days=office.settings.retention_days))
            purged[office.code] = count
    return purged
