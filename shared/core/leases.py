"""Once per deployment: several server processes share one database, and a periodic job
(the daily purge, a watcher) must run in one of them per period, not in each.

`take` moves a job's lease forward only if it has run out, in one guarded UPDATE: of the
processes that try at the same moment, exactly one sees its row updated."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.models import JobLease

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def take(db: Database, name: str, period: timedelta, holder: str | None = None) -> bool:
    """True if this caller now holds the lease for `period` and should run the job."""
    now = clock.now()
    with db.write() as session:
        if session.get(JobLease, name) is None:
            try:
                with session.begin_nested():
                    session.add(JobLease(name=name, holder="", expires_at=LONG_AGO))
            except IntegrityError:
                pass  # another process created it just now
        taken = session.execute(
            update(JobLease)
            .where(JobLease.name == name, JobLease.expires_at <= now)
            .values(holder=holder or holder_name(), expires_at=now + period)
            .execution_options(synchronize_session=False)
        )
        return taken.rowcount == 1


def expires_at(db: Database, name: str) -> datetime | None:
    with db.read() as session:
        return session.scalar(select(JobLease.expires_at).where(JobLease.name == name))
