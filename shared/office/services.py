"""Creating and editing an office's services: prefix, names, quota, opening hours, order on
the kiosk, active, and the time standards.

A prefix is unique in its office (a database constraint) and is never taken or given up while
tickets of the day carry it: today's numbers would otherwise run on under two services. A
service is never deleted; deactivating keeps its tickets and reports.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput
from antrian.shared.models import Office, Service, Ticket
from antrian.shared.office import audit, standards
from antrian.shared.office.administration import setup_changed, setup_updated
from antrian.shared.office.directory import office_by_code, service_by_prefix
from antrian.shared.office.offices import administered_office, require_permission
from antrian.shared.tickets import numbering

PREFIX_RE = re.compile(r"^[A-Z]{1,3}$")
MAX_NAME = 120
MAX_QUOTA = 100_000
#: The time standard of every SOP step, by the key the API, the pages and the command line
#: use (shared.office.standards: the SOP's figures, where each is stored, how it is checked).
STANDARDS = standards.STANDARDS
FIELDS = ("prefix", "name_id", "name_en", "quota", "opens", "closes", "active", "position",
          "standards")


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def service_json(service: Service) -> dict[str, Any]:
    return {"id": service.id, "prefix": service.prefix, "name_id": service.name_id,
            "name_en": service.name_en, "quota": service.daily_quota,
            "opens": _hhmm(service.opens), "closes": _hhmm(service.closes),
            "active": service.active, "position": service.position,
            "standards": standards.as_json(service)}


# ---------------------------------------------------------------- checking one field each


def _name(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_NAME:
        raise InvalidInput(f"'{field}' 1-{MAX_NAME} karakter. / '{field}' is 1-{MAX_NAME} "
                           "characters.", field=field)
    return " ".join(value.split())


def _quota(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_QUOTA:
        raise InvalidInput(f"Kuota harian 1-{MAX_QUOTA}, atau kosong tanpa batas. / Daily quota "
                           f"is 1-{MAX_QUOTA}, or empty for none.", field="quota")
    return value


def _clock(value: Any, field: str) -> time | None:
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str) or not re.fullmatch(r"\d\d:\d\d", value):
            raise ValueError
        return time.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"'{field}' harus JJ:MM. / '{field}' must be HH:MM.",
                           field=field) from None


def _whole(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"'{field}' harus bilangan bulat {low}-{high}. / '{field}' must be "
                           f"a whole number {low}-{high}.", field=field)
    return value


def _prefix(value: Any, office: Office) -> str:
    if not isinstance(value, str) or not PREFIX_RE.fullmatch(value):
        raise InvalidInput("Kode layanan: 1-3 huruf besar, mis. A. / Prefix: 1-3 capital "
                           "letters, e.g. A.", field="prefix")
    if value == office.priority_prefix:
        raise Conflict(f"{value} dipakai untuk nomor prioritas. / {value} is the priority "
                       "numbers' prefix.", code="prefix_taken")
    return value


def _carried_today(session: Session, office: Office, prefix: str) -> bool:
    """Whether today's tickets of this office carry this prefix."""
    day = clock.today(office.timezone)
    return session.scalar(select(func.count(Ticket.id)).where(
        Ticket.office_id == office.id, Ticket.service_day == day,
        Ticket.series == prefix)) > 0


def _apply(session: Session, office: Office, service: Service, body: dict[str, Any]) -> None:
    """Check every given field, then set them: nothing is set unless all are valid."""
    unknown = set(body) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"Kolom tidak dikenal / unknown field(s): {', '.join(sorted(unknown))}",
                           field=sorted(unknown)[0])
    values: dict[str, Any] = {}
    if "prefix" in body and body["prefix"] != service.prefix:
        new = _prefix(body["prefix"], office)
        if session.scalar(select(Service.id).where(Service.office_id == office.id,
                                                   Service.prefix == new)):
            raise Conflict(f"Kode {new} sudah dipakai layanan lain. / Prefix {new} is taken.",
                           code="prefix_taken")
        others = set(session.scalars(select(Service.prefix).where(
            Service.office_id == office.id, Service.id != service.id)))
        clash = numbering.series_clash(new, others, office.priority_prefix)
        if clash:
            raise Conflict(f"Kode {new} akan tertukar dengan nomor layanan {clash} (prioritas "
                           f"P, daring D, telepon T). / Prefix {new} would read like service "
                           f"{clash}'s priority, online or phone numbers.", code="prefix_taken")
        if _carried_today(session, office, new):
            raise Conflict(f"Tiket hari ini masih memakai kode {new}; pakai kode lain atau "
                           f"tunggu besok. / Today's tickets carry {new}.", code="prefix_in_use")
        if service.prefix and _carried_today(session, office, service.prefix):
            raise Conflict(f"Tiket hari ini memakai kode {service.prefix}; kode baru berlaku "
                           "besok. / Today's tickets carry this prefix; change it tomorrow.",
                           code="prefix_in_use")
        values["prefix"] = new
    for field in ("name_id", "name_en"):
        if field in body:
            values[field] = _name(body[field], field)
    if "quota" in body:
        values["daily_quota"] = _quota(body["quota"])
    for field in ("opens", "closes"):
        if field in body:
            values[field] = _clock(body[field], field)
    opens = values.get("opens", service.opens)
    closes = values.get("closes", service.closes)
    if opens and closes and opens >= closes:
        raise InvalidInput("Jam buka harus sebelum jam tutup. / Opening must be before closing.",
                           field="closes")
    if "active" in body:
        if not isinstance(body["active"], bool):
            raise InvalidInput("'active' harus true/false. / 'active' must be a boolean.",
                               field="active")
        values["active"] = body["active"]
    if "position" in body:
        values["position"] = _whole(body["position"], "position", 0, 999)
    change = standards.check(body["standards"], service) if "standards" in body else None
    for column, value in values.items():
        setattr(service, column, value)
    if change is not None:  # a partial object: the steps it leaves out keep their figures
        standards.apply(service, change)


def _flush(session: Session, prefix: str) -> None:
    try:
        session.flush()
    except IntegrityError:  # the same prefix saved at the same moment elsewhere
        raise Conflict(f"Kode {prefix} sudah dipakai layanan lain. / Prefix {prefix} is taken.",
                       code="prefix_taken") from None


def list_services(db: Database, office_code: str, actor: Actor | None) -> list[dict[str, Any]]:
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_reports", office.id)
        return [service_json(s) for s in session.scalars(
            select(Service).where(Service.office_id == office.id)
            .order_by(Service.position, Service.prefix))]


def get_service(db: Database, office_code: str, prefix: str,
                actor: Actor | None) -> dict[str, Any]:
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_reports", office.id)
        return service_json(service_by_prefix(session, office, prefix, field="prefix"))


def create_service(db: Database, origin: audit.Origin, office_code: str,
                   body: dict[str, Any]) -> dict[str, Any]:
    require_permission(origin.actor, "administer")  # 401/403 before any 400
    for required in ("prefix", "name_id", "name_en"):
        if required not in body:
            raise InvalidInput(f"Kolom '{required}' wajib diisi. / '{required}' is required.",
                               field=required)
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        last = session.scalar(select(func.max(Service.position)).where(
            Service.office_id == office.id))
        service = Service(office_id=office.id, prefix="", name_id="", name_en="",
                          position=0 if last is None else last + 1, active=True)
        _apply(session, office, service, body)
        session.add(service)
        _flush(session, service.prefix)
        view = service_json(service)
        audit.record(session, origin, office.id, "service.create", service.prefix, None, view)
        setup_changed(session, office, {"change": "service", "service": {
            "id": service.id, "prefix": service.prefix, "active": service.active}})
        return view


def update_service(db: Database, origin: audit.Origin, office_code: str, prefix: str,
                   body: dict[str, Any]) -> dict[str, Any]:
    require_permission(origin.actor, "administer")  # 401/403 before any 400
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        service = service_by_prefix(session, office, prefix, field="prefix")
        before = service_json(service)
        _apply(session, office, service, body)
        _flush(session, service.prefix)
        after = service_json(service)
        setup_updated(session, origin, office, "service.update", prefix, before, after,
                      {"change": "service", "service": {
                          "id": service.id, "prefix": service.prefix, "active": service.active}})
        return after
