"""Administering an office's setup: the overview the administration home shows, pairing and
revoking devices, opening and closing counters, activating and deactivating services.

Seeing needs `view_reports` (back office, coordinator, head, admin). Opening a counter or a
service needs `run_office` (coordinator, admin); devices need `administer` (admin). Each change
is one transaction that records `office.changed` (what changed, for boards and consoles) and
`queue.changed` with the waiting counts, which is what the kiosk re-reads its menu on: a closed
service greys out there at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.auth import actors, revocation
from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound
from antrian.shared.models import (
    Counter,
    DeviceToken,
    DisplayProfile,
    Office,
    Printer,
    Service,
    Ticket,
    User,
)
from antrian.shared.office import audit
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets import lifecycle, office_snapshot, print_jobs
from antrian.shared.tickets.ticket_json import counter_json, status_url

DEVICE_KINDS = ("kiosk", "print_agent")
SAMPLE_TICKET_ID = 2**31 - 1
MAX_DEVICE_NAME = 120
#: Printer states in the administrator's words: (Indonesian, English, a mark that is not colour).
PRINTER_STATES = {
    "online": ("Siap", "Online", "✓"),
    "paper_near_end": ("Kertas hampir habis", "Paper near end", "!"),
    "paper_out": ("Kertas habis", "Paper out", "✕"),
    "cover_open": ("Penutup terbuka", "Cover open", "✕"),
    "offline": ("Tidak terhubung", "Offline", "✕"),
    "unknown": ("Belum diketahui", "Unknown", "?"),
}
KIND_LABELS = {
    "regular": ("Reguler", "Regular"),
    "priority": ("Prioritas", "Priority"),
    "back_office": ("Back office", "Back office"),
}
DEVICE_LABELS = {"kiosk": ("Kios", "Kiosk"), "print_agent": ("Agen cetak", "Print agent")}


@dataclass(frozen=True)
class PairedKiosk:
    """A new kiosk token: the raw token exists only here, to be shown once."""

    token_id: int
    name: str
    office_code: str
    token: str

    def pair_path(self) -> str:
        return pair_path(self.office_code, self.token)


def pair_path(office_code: str, token: str) -> str:
    """Where a kiosk is paired. The token rides in the fragment, so it never reaches a
    server log."""
    return f"/kiosk/{office_code}/pair#{token}"


# ---------------------------------------------------------------- reading


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def overview(db: Database, office_code: str, actor: Actor | None) -> dict[str, Any]:
    """Everything the administration home shows, as plain values (no personal data)."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_reports", office.id)
        day = clock.today(office.timezone)
        waiting = {
            row["service"]: row for row in office_snapshot.waiting_counts(session, office, day)
        }
        services = session.scalars(
            select(Service)
            .where(Service.office_id == office.id)
            .order_by(Service.position, Service.prefix)
        ).all()
        prefixes = {s.id: s.prefix for s in services}
        counters = session.scalars(
            select(Counter).where(Counter.office_id == office.id).order_by(Counter.number)
        ).all()
        staff = {
            u.id: u.display_name
            for u in session.scalars(
                select(User).where(User.id.in_([c.staff_id for c in counters if c.staff_id]))
            )
        }
        result = {
            "office": {
                "code": office.code,
                "name": office.name,
                "timezone": office.timezone,
                "zone": clock.zone_abbreviation(office.timezone),
            },
            "service_day": day.isoformat(),
            "may_run": actor.may("run_office"),
            "may_administer": actor.may("administer"),
            "printers": [
                _printer_view(p)
                for p in session.scalars(
                    select(Printer).where(Printer.office_id == office.id).order_by(Printer.name)
                )
            ],
            "devices": [
                _device_view(t)
                for t in session.scalars(
                    select(DeviceToken)
                    .where(DeviceToken.office_id == office.id, DeviceToken.kind.in_(DEVICE_KINDS))
                    .order_by(DeviceToken.revoked, DeviceToken.kind, DeviceToken.id)
                )
            ],
            "services": [_service_view(s, waiting.get(s.prefix, {})) for s in services],
            "counters": [_counter_view(c, staff, prefixes) for c in counters],
            "profiles": [
                {
                    "id": p.id,
                    "name": p.name,
                    "counters": p.counter_numbers,
                    "services": p.service_prefixes,
                    "language": p.language,
                }
                for p in session.scalars(
                    select(DisplayProfile)
                    .where(DisplayProfile.office_id == office.id)
                    .order_by(DisplayProfile.name)
                )
            ],
        }
        result["glance"] = _glance(result)
        return result


def _glance(view: dict[str, Any]) -> dict[str, int]:
    """The day in four figures for the top of the page."""
    return {
        "waiting": sum(s["waiting"] for s in view["services"]),
        "counters_open": sum(c["is_open"] for c in view["counters"]),
        "counters": len(view["counters"]),
        "services_active": sum(s["active"] for s in view["services"]),
        "services": len(view["services"]),
        "printers_ok": sum(p["state"] == "online" for p in view["printers"]),
        "printers": len(view["printers"]),
        "kiosks": sum(d["kind"] == "kiosk" and not d["revoked"] for d in view["devices"]),
    }


def _printer_view(printer: Printer) -> dict[str, Any]:
    state = printer.state if printer.state in PRINTER_STATES else "unknown"
    label_id, label_en, mark = PRINTER_STATES[state]
    return {
        **print_jobs.printer_json(printer),
        "state": state,
        "state_id": label_id,
        "state_en": label_en,
        "state_mark": mark,
    }


def _device_view(token: DeviceToken) -> dict[str, Any]:
    label_id, label_en = DEVICE_LABELS[token.kind]
    return {
        "id": token.id,
        "kind": token.kind,
        "kind_id": label_id,
        "kind_en": label_en,
        "name": token.name,
        "created_at": _iso(token.created_at),
        "last_used_at": _iso(token.last_used_at),
        "revoked": token.revoked,
    }


def _service_view(service: Service, counts: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": service.id,
        "prefix": service.prefix,
        "name_id": service.name_id,
        "name_en": service.name_en,
        "active": service.active,
        "daily_quota": service.daily_quota,
        "quota_left": counts.get("quota_left"),
        "waiting": counts.get("waiting", 0),
        "minutes": {
            key: round(getattr(service, key) / 60)
            for key in ("target_wait_s", "target_service_s", "back_office_s", "main_unit_s")
        },
    }


def _counter_view(
    counter: Counter, staff: dict[int, str], prefixes: dict[int, str]
) -> dict[str, Any]:
    label_id, label_en = KIND_LABELS.get(counter.kind, (counter.kind, counter.kind))
    return {
        **(counter_json(counter) or {}),
        "kind_id": label_id,
        "kind_en": label_en,
        "is_open": counter.is_open,
        "staff": staff.get(counter.staff_id or 0),
        "services": [prefixes[sid] for sid in counter.service_ids if sid in prefixes],
    }


def sample_slip(
    db: Database, office_code: str, printer_id: int, actor: Actor | None, base_url: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a ticket of this office would print now on this printer: (slip data, printer).

    The ticket is built in memory and never added to the session, so nothing is stored; the
    words come from `printjobs.slip_data`, the very function real tickets print from.
    """
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_reports", office.id)
        printer = session.get(Printer, printer_id)
        if printer is None or printer.office_id != office.id:
            raise NotFound(f"Printer tidak ditemukan / unknown printer: {printer_id}")
        service = session.scalar(
            select(Service)
            .where(Service.office_id == office.id)
            .order_by(Service.active.desc(), Service.position)
            .limit(1)
        )
        if service is None:
            raise Conflict(
                "Kantor ini belum punya layanan. / This office has no service yet.",
                code="no_service",
            )
        now = clock.now()
        sample = Ticket(
            office_id=office.id,
            service_id=service.id,
            service_day=clock.service_day(now, office.timezone),
            series=service.prefix,
            number=1,
            code=f"{service.prefix}001",
            priority=False,
            channel="kiosk",
            status="waiting",
            public_token="contoh",
            queued_at=now,
            issued_at=now,
        )
        sample.id = SAMPLE_TICKET_ID  # counts as issued after every real ticket
        sample.service = service
        with session.no_autoflush:
            data = print_jobs.slip_data(session, sample, office, status_url(base_url, "contoh"))
        return data, print_jobs.printer_json(printer)


# ---------------------------------------------------------------- changing


def setup_changed(session: Session, office: Office, what: dict[str, Any]) -> None:
    """Tell boards, kiosks and consoles: the office's setup changed, and so may the queues."""
    session.flush()
    events.record(session, events.Event("office.changed", office.id, office.code, what))
    lifecycle.record_queue_changed(session, office)


def setup_updated(
    session: Session,
    origin: audit.Origin,
    office: Office,
    action: str,
    target: str,
    before: dict[str, Any],
    after: dict[str, Any],
    what: dict[str, Any],
) -> None:
    """Audit and announce an edit only when it changed something: saving an unchanged form
    neither fills the log nor wakes every board."""
    old, new = audit.changed_fields(before, after)
    if new:
        audit.record(session, origin, office.id, action, target, old, new)
        setup_changed(session, office, what)


def set_counter_open(
    db: Database,
    office_code: str,
    counter_id: int,
    is_open: bool,
    actor: Actor | None,
    address: str = "-",
) -> dict[str, Any]:
    """Open or close a counter. A closed counter cannot call and leaves the wait estimate; a
    ticket already at it stays there for its staff to finish."""
    with db.write() as session:
        office = office_by_code(session, office_code)
        require(actor, "run_office", office.id)
        counter = session.get(Counter, counter_id)
        if counter is None or counter.office_id != office.id:
            raise NotFound(f"Loket tidak ditemukan / unknown counter: {counter_id}")
        was_open = counter.is_open
        counter.is_open = is_open
        if was_open != is_open:
            audit.record(
                session,
                audit.Origin(actor, address),
                office.id,
                "counter.open" if is_open else "counter.close",
                str(counter.number),
                {"open": was_open},
                {"open": is_open},
            )
        view = {**(counter_json(counter) or {}), "is_open": is_open}
        setup_changed(session, office, {"change": "counter", "counter": view})
        return view


def set_service_active(
    db: Database,
    office_code: str,
    service_id: int,
    active: bool,
    actor: Actor | None,
    address: str = "-",
) -> dict[str, Any]:
    """Activate or deactivate a service. A deactivated one issues no tickets (409
    `service_closed`); its waiting tickets are still called."""
    with db.write() as session:
        office = office_by_code(session, office_code)
        require(actor, "run_office", office.id)
        service = session.get(Service, service_id)
        if service is None or service.office_id != office.id:
            raise NotFound(f"Layanan tidak ditemukan / unknown service: {service_id}")
        if service.active != active:
            audit.record(
                session,
                audit.Origin(actor, address),
                office.id,
                "service.activate" if active else "service.deactivate",
                service.prefix,
                {"active": service.active},
                {"active": active},
            )
        service.active = active
        view = {"id": service.id, "prefix": service.prefix, "active": active}
        setup_changed(session, office, {"change": "service", "service": view})
        return view


def pair_kiosk(
    db: Database, office_code: str, name: str, actor: Actor | None, address: str = "-"
) -> PairedKiosk:
    """A new kiosk token for this office; its raw value is returned once and never stored."""
    return pair_device(db, office_code, "kiosk", name, actor, address)


def pair_device(
    db: Database, office_code: str, kind: str, name: Any, actor: Actor | None, address: str = "-"
) -> PairedKiosk:
    """A new kiosk or print-agent token; its raw value is returned once and never stored."""
    if kind not in DEVICE_KINDS:
        raise InvalidInput(
            f"Jenis perangkat: {' / '.join(DEVICE_KINDS)}. / Kind must be one "
            f"of {', '.join(DEVICE_KINDS)}.",
            field="kind",
        )
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name or len(name) > MAX_DEVICE_NAME:
        label_id, label_en = DEVICE_LABELS[kind]
        raise InvalidInput(
            f"Nama {label_id.lower()} 1-{MAX_DEVICE_NAME} karakter. / The "
            f"{label_en.lower()} name is 1-{MAX_DEVICE_NAME} characters.",
            field="name",
        )
    with db.write() as session:
        office = office_by_code(session, office_code)
        require(actor, "administer", office.id)
        raw = actors.create_device_token(session, office.code, kind, name)
        session.flush()
        token_id = session.scalar(
            select(DeviceToken.id).where(DeviceToken.token_hash == actors.hash_token(raw))
        )
        audit.record(
            session,
            audit.Origin(actor, address),
            office.id,
            "device.pair",
            name,
            None,
            {"id": token_id, "kind": kind, "name": name},
        )
        return PairedKiosk(token_id, name, office.code, raw)


def revoke_device(
    db: Database, office_code: str | None, token_id: int, actor: Actor | None, address: str = "-"
) -> dict[str, Any]:
    """Revoke a kiosk or print-agent token: its next request here gets 401 (other server
    processes follow within a second). Staff tokens are not managed here."""
    with db.write() as session:
        token = session.get(DeviceToken, token_id)
        office = (
            office_by_code(session, office_code)
            if office_code is not None
            else session.get(Office, token.office_id)
            if token is not None
            else None
        )
        if office is not None:
            require(actor, "administer", office.id)
        if token is None or token.office_id != office.id or token.kind not in DEVICE_KINDS:
            raise NotFound(f"Perangkat tidak ditemukan / unknown device: {token_id}")
        if token.revoked:
            raise Conflict(
                f"{token.name} sudah dicabut. / {token.name} is already revoked.",
                code="already_revoked",
            )
        token.revoked = True
        revocation.bump(session)
        audit.record(
            session,
            audit.Origin(actor, address),
            office.id,
            "device.revoke",
            token.name,
            {"revoked": False},
            {"revoked": True},
        )
        revoked = {"id": token.id, "kind": token.kind, "name": token.name, "revoked": True}
    actors.revoked_here()  # other processes follow within revocation.STALE_AFTER_S
    return revoked
