"""Staff accounts and the bearer tokens of devices and staff tools."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from antrian.shared.models.base import Base, UTCDateTime, utcnow

ROLES = (
    "receptionist",
    "front_office",
    "back_office",
    "main_unit",
    "coordinator",
    "head",
    "admin",
    "security",  # Petugas Keamanan: the escort desk of SOP 002
)
TOKEN_KINDS = ("kiosk", "print_agent", "user")


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: an administrator whose scope is every office.
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles_csv: Mapped[str] = mapped_column("roles", String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raised by logout: a session cookie signed before it no longer opens anything.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r for r in self.roles_csv.split(",") if r)

    def may_act_in(self, office_id: int) -> bool:
        return self.office_id is None or self.office_id == office_id


class LoginThrottle(Base):
    """Failed sign-ins of one username from one address. Keyed by both, so repeated wrong
    passwords lock that address out, not a colleague at another desk."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The latest failure: old failures stop counting, and old rows are purged.
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DeviceToken(Base):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no token."""

    __tablename__ = "device_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
