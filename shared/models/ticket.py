"""Tickets, their numbering sequences and their timelines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from antrian.shared.models.base import Base, UTCDateTime, utcnow
from antrian.shared.models.office import Counter, Service

CHANNELS = ("kiosk", "reception", "online", "phone", "compensation")
# Channels whose visitors stand in the lobby and are called to a counter.
WALK_IN_CHANNELS = ("kiosk", "reception", "compensation")
# The statuses of shared.tickets.states.ACTIVE_AT_COUNTER, as the partial unique index's condition.
ACTIVE_AT_COUNTER_SQL = "status IN ('called', 'serving')"
PRIORITY_REASONS = ("lansia", "disabilitas", "ibu_hamil", "anak_kecil", "korban_bencana")


class TicketSequence(Base):
    """The last number handed out in one series of one office on one service day.

    Taken under a row lock (an atomic UPDATE ... RETURNING) so no two issuers share a number.
    """

    __tablename__ = "ticket_sequence"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    series: Mapped[str] = mapped_column(String(6), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class OfficeEventSeq(Base):
    """The per-office event counter behind every hub event's `seq`."""

    __tablename__ = "office_event_seq"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class WaitingCount(Base):
    """How many walk-in tickets wait, per office, service day, service and class: what boards,
    kiosks, consoles and each call show, read in one small query however long the queue.

    Kept by triggers on `ticket` (migration 0015_waiting_count), so every row change of a
    ticket, by any code path, updates it in the same transaction (what bypasses row triggers,
    such as TRUNCATE, needs `antrian db recount-waiting`). A later migration that rebuilds
    `ticket` on SQLite (a batch "move and copy") drops those triggers and must create them
    again (their SQL is in that migration). No foreign keys: a derived figure
    that must never stand in the way of deleting what it counts."""

    __tablename__ = "waiting_count"

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    priority: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    waiting: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        # The database itself refuses a duplicate number, whatever the code does.
        UniqueConstraint("office_id", "service_day", "series", "number"),
        Index("ix_ticket_queue", "office_id", "status", "queued_at"),
        # Covers counting the tickets ahead of one (its status page) and rebuilding the
        # waiting counts (migration 0015_waiting_count).
        Index("ix_ticket_waiting", "office_id", "status", "service_day", "service_id",
              "priority", "channel"),
        # One visitor at a counter at a time: the database refuses a second called or serving
        # ticket there, so parallel call-next requests cannot both win.
        Index("uq_ticket_active_counter", "counter_id", unique=True,
              sqlite_where=text(ACTIVE_AT_COUNTER_SQL),
              postgresql_where=text(ACTIVE_AT_COUNTER_SQL)),
        # The head of each (service, class) queue: what call-next fetches, in call order.
        Index("ix_ticket_class_head", "office_id", "status", "service_day", "service_id",
              "priority", "queued_at", "id"),
        # A counter's own tickets (busy check, console), and the office's online requests:
        # neither may read through the whole waiting queue.
        Index("ix_ticket_counter_status", "counter_id", "status"),
        Index("ix_ticket_channel_status", "office_id", "channel", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    service_day: Mapped[date] = mapped_column(Date)
    series: Mapped[str] = mapped_column(String(6))
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(12))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_reason: Mapped[str | None] = mapped_column(String(30), nullable=True)
    channel: Mapped[str] = mapped_column(String(20), default="kiosk")
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    public_token: Mapped[str] = mapped_column(String(64), unique=True)
    # The time the ticket queues by; a transfer or re-service keeps the original one.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    served_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    # A transfer may name the counter that must serve the ticket next.
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    # The counter that last transferred the ticket away (see shared.tickets.call_order).
    transferred_from_counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counter.id"), nullable=True
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    needs_assistance: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)

    service: Mapped[Service] = relationship()
    counter: Mapped[Counter | None] = relationship(foreign_keys=[counter_id])
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )


class TicketEvent(Base):
    """One step of a ticket's timeline; time standards and reports are computed from these."""

    __tablename__ = "ticket_event"
    __table_args__ = (Index("ix_ticket_event_office_kind_at", "office_id", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class IdempotencyKey(Base):
    """Remembers which ticket a kiosk request made, so a retried tap returns the same one."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("office_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    key: Mapped[str] = mapped_column(String(100))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
