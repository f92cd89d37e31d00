"""Office, its services and counters: the configuration a queue runs on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from antrian.shared.models.base import Base

COUNTER_KINDS = ("regular", "priority", "back_office")
CALL_POLICIES = ("strict", "ratio", "priority_counter_only", "priority_counter_first")


@dataclass(frozen=True)
class OfficeSettings:
    """Per-office choices; stored as JSON so a new setting needs no migration."""

    call_policy: str = "strict"
    priority_ratio: int = 3
    follow_service_order: bool = False
    digit_mode: str = "digits"
    language: str = "id"
    recalls_before_no_show: int = 2
    ikm_weight: str = "exact"
    retention_days: int = 365
    survey_days: int = 7
    kiosk_return_seconds: int = 20
    # SOP 004: when the back office is reminded if the day's survey is not checked yet.
    survey_check_reminder: str = "15:00"

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> OfficeSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (raw or {}).items() if k in known})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Office(Base):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    ticket_header: Mapped[str] = mapped_column(String(500), default="")
    ticket_footer: Mapped[str] = mapped_column(String(500), default="")
    priority_prefix: Mapped[str] = mapped_column(String(3), default="P")
    settings_json: Mapped[dict] = mapped_column("settings", JSON, default=dict)
    # The ticket's logo (PNG or JPEG); in the database, so print agents receive it too.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)

    services: Mapped[list[Service]] = relationship(
        back_populates="office", order_by="Service.position"
    )
    counters: Mapped[list[Counter]] = relationship(
        back_populates="office", order_by="Counter.number"
    )
    # The default printer first, then by id: printjobs takes the first one.
    printers: Mapped[list[Printer]] = relationship(  # noqa: F821
        order_by="(Printer.is_default.desc(), Printer.id)", viewonly=True
    )

    @property
    def settings(self) -> OfficeSettings:
        return OfficeSettings.from_json(self.settings_json)


class Service(Base):
    """A kind of business at the desk; its letter prefixes the ticket numbers.

    The time standards (seconds) come from the SOPs (shared.office.standards): the wait and
    service targets and the deadlines for the back office and main unit to answer an escalation
    in columns, every other step's figure (and SOP 002's priority ones) in `standards`.
    """

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("office_id", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(3))
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    daily_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_wait_s: Mapped[int] = mapped_column(Integer, default=3 * 60)
    target_service_s: Mapped[int] = mapped_column(Integer, default=3 * 60)
    back_office_s: Mapped[int] = mapped_column(Integer, default=8 * 60)
    main_unit_s: Mapped[int] = mapped_column(Integer, default=10 * 60)
    online_answer_s: Mapped[int] = mapped_column(Integer, default=2 * 24 * 3600)
    # The other steps' standards where they differ from the SOP: {"call": 120, ...,
    # "priority": {...}}; read through shared.office.standards, never directly.
    standards: Mapped[dict] = mapped_column(JSON, default=dict)
    # Opening hours in the office's local time; None: open whenever the office is.
    opens: Mapped[time | None] = mapped_column(Time, nullable=True)
    closes: Mapped[time | None] = mapped_column(Time, nullable=True)

    office: Mapped[Office] = relationship(back_populates="services")

    def open_at(self, local: time) -> bool:
        """Within its opening hours at this local time of day (always, when none are set)."""
        return (self.opens is None or local >= self.opens) and (
            self.closes is None or local < self.closes)


class CounterService(Base):
    """Which services a counter serves, in the counter's own order."""

    __tablename__ = "counter_service"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    service: Mapped[Service] = relationship()


class Counter(Base):
    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20), default="regular")
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)

    office: Mapped[Office] = relationship(back_populates="counters")
    service_links: Mapped[list[CounterService]] = relationship(
        order_by="CounterService.position", cascade="all, delete-orphan"
    )

    @property
    def service_ids(self) -> tuple[int, ...]:
        return tuple(link.service_id for link in self.service_links)


class DisplayProfile(Base):
    """Which counters and services one board shows (a floor, a wing), its language and text."""

    __tablename__ = "display_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    counter_numbers: Mapped[str] = mapped_column(String(200), default="")
    service_prefixes: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="id")
    running_text: Mapped[str] = mapped_column(Text, default="")
