"""An office's own days off (cuti bersama, a local closure): no working time runs on them,
as on the national holidays the `holidays` package knows (shared/office/working_days.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base


class OfficeDayOff(Base):
    __tablename__ = "office_day_off"
    __table_args__ = (UniqueConstraint("office_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(120), default="")
