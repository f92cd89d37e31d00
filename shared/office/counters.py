"""Creating and editing an office's counters: number, name, kind, the services each serves
(in its own order), the staff member who usually sits there, open or closed.

Every prefix and the staff member are checked against this office before anything is set, so
a counter never serves a service that does not exist here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound
from antrian.shared.models import Counter, CounterService, Office, Service, User
from antrian.shared.models.office import COUNTER_KINDS
from antrian.shared.office import audit
from antrian.shared.office.administration import setup_changed, setup_updated
from antrian.shared.office.directory import counter_by_number, office_by_code
from antrian.shared.office.offices import administered_office, require_permission

MAX_NUMBER = 999
MAX_NAME = 60
FIELDS = ("number", "name", "kind", "services", "staff", "open")


def counter_json(session: Session, counter: Counter) -> dict[str, Any]:
    prefixes = dict(session.execute(select(Service.id, Service.prefix).where(
        Service.office_id == counter.office_id)).all())
    staff = session.get(User, counter.staff_id) if counter.staff_id else None
    return {"id": counter.id, "number": counter.number, "name": counter.name,
            "kind": counter.kind, "services": [prefixes[i] for i in counter.service_ids],
            "staff": staff.username if staff else None, "open": counter.is_open}


def assign_staff(session: Session, counter: Counter | None, user: User) -> None:
    """`user` usually sits at `counter` (None: at no counter), and at no other one."""
    session.execute(update(Counter).where(Counter.staff_id == user.id)
                    .values(staff_id=None))
    if counter is not None:
        counter.staff_id = user.id


def office_user(session: Session, office: Office, username: Any, field: str) -> User:
    if not isinstance(username, str):
        raise InvalidInput(f"'{field}' harus nama pengguna. / '{field}' must be a username.",
                           field=field)
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.office_id != office.id:
        raise InvalidInput(f"Petugas {username} tidak ada di kantor ini. / No staff member "
                           f"{username} at this office.", field=field)
    return user


def _services(session: Session, office: Office, value: Any) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise InvalidInput("'services' harus daftar kode layanan. / 'services' must be a list "
                           "of prefixes.", field="services")
    known = dict(session.execute(select(Service.prefix, Service.id).where(
        Service.office_id == office.id)).all())
    unknown = [p for p in value if p not in known]
    if unknown:
        raise InvalidInput(f"Layanan tidak ada di kantor ini / unknown service(s): "
                           f"{', '.join(unknown)}", field="services", code="unknown_service")
    return [known[p] for p in dict.fromkeys(value)]


def _apply(session: Session, office: Office, counter: Counter, body: dict[str, Any]) -> None:
    """Check every given field, then set them."""
    unknown = set(body) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"Kolom tidak dikenal / unknown field(s): {', '.join(sorted(unknown))}",
                           field=sorted(unknown)[0])
    values: dict[str, Any] = {}
    if "number" in body:
        number = body["number"]
        if isinstance(number, bool) or not isinstance(number, int) or not (
                1 <= number <= MAX_NUMBER):
            raise InvalidInput(f"Nomor loket 1-{MAX_NUMBER}. / Counter number is "
                               f"1-{MAX_NUMBER}.", field="number")
        if number != counter.number and session.scalar(select(Counter.id).where(
                Counter.office_id == office.id, Counter.number == number)):
            raise Conflict(f"Loket {number} sudah ada. / Counter {number} exists.",
                           code="counter_exists")
        values["number"] = number
    if "name" in body:
        name = body["name"]
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
            raise InvalidInput(f"Nama loket 1-{MAX_NAME} karakter. / The name is "
                               f"1-{MAX_NAME} characters.", field="name")
        values["name"] = " ".join(name.split())
    if "kind" in body:
        if body["kind"] not in COUNTER_KINDS:
            raise InvalidInput(f"Jenis loket: {' / '.join(COUNTER_KINDS)}. / Kind must be one "
                               f"of {', '.join(COUNTER_KINDS)}.", field="kind")
        values["kind"] = body["kind"]
    if "open" in body:
        if not isinstance(body["open"], bool):
            raise InvalidInput("'open' harus true/false. / 'open' must be a boolean.",
                               field="open")
        values["is_open"] = body["open"]
    service_ids = _services(session, office, body["services"]) if "services" in body else None
    staff = None
    if body.get("staff") is not None:
        staff = office_user(session, office, body["staff"], "staff")
    for column, value in values.items():
        setattr(counter, column, value)
    if service_ids is not None:
        counter.service_links = [CounterService(service_id=sid, position=i)
                                 for i, sid in enumerate(service_ids)]
    if "staff" in body:
        session.flush()
        if staff is None:
            counter.staff_id = None
        else:
            assign_staff(session, counter, staff)


def _flush(session: Session, number: int) -> None:
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"Loket {number} sudah ada. / Counter {number} exists.",
                       code="counter_exists") from None


def list_counters(db: Database, office_code: str, actor: Actor | None) -> list[dict[str, Any]]:
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_reports", office.id)
        return [counter_json(session, c) for c in session.scalars(
            select(Counter).where(Counter.office_id == office.id).order_by(Counter.number))]


def get_counter(db: Database, office_code: str, number: int,
                actor: Actor | None) -> dict[str, Any]:
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_reports", office.id)
        return counter_json(session, _numbered(session, office, number))


def _numbered(session: Session, office: Office, number: int) -> Counter:
    counter = counter_by_number(session, office.id, number)
    if counter is None:
        raise NotFound(f"Loket tidak ditemukan / unknown counter: {number}", field="number")
    return counter


def create_counter(db: Database, origin: audit.Origin, office_code: str,
                   body: dict[str, Any]) -> dict[str, Any]:
    require_permission(origin.actor, "administer")  # 401/403 before any 400
    for required in ("number", "name"):
        if required not in body:
            raise InvalidInput(f"Kolom '{required}' wajib diisi. / '{required}' is required.",
                               field=required)
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        counter = Counter(office_id=office.id, number=0, name="", kind="regular", is_open=True)
        _apply(session, office, counter,
               {"services": [], **{k: v for k, v in body.items() if k != "staff"}})
        session.add(counter)
        _flush(session, counter.number)
        if body.get("staff") is not None:
            assign_staff(session, counter,
                         office_user(session, office, body["staff"], "staff"))
            session.flush()
        view = counter_json(session, counter)
        audit.record(session, origin, office.id, "counter.create", str(counter.number), None,
                     view)
        setup_changed(session, office, {"change": "counter", "counter": {
            "id": counter.id, "number": counter.number, "name": counter.name,
            "is_open": counter.is_open}})
        return view


def update_counter(db: Database, origin: audit.Origin, office_code: str, number: int,
                   body: dict[str, Any]) -> dict[str, Any]:
    require_permission(origin.actor, "administer")  # 401/403 before any 400
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        counter = _numbered(session, office, number)
        before = counter_json(session, counter)
        _apply(session, office, counter, body)
        _flush(session, counter.number)
        after = counter_json(session, counter)
        setup_updated(session, origin, office, "counter.update", str(number), before, after,
                      {"change": "counter", "counter": {
                          "id": counter.id, "number": counter.number, "name": counter.name,
                          "is_open": counter.is_open}})
        return after
