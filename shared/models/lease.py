"""Leases that let one process of a deployment run a periodic job (the daily purge)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime


class JobLease(Base):
    """Who ran a job last, and until when nobody else may: a process runs the job only if
    it moved `expires_at` forward itself, in one guarded update."""

    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120), default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
