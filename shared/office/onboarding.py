"""The setup walk a new office's administrator sees first: services, counters, staff, a
kiosk, a printer, in that order, each marked done once the office has one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from antrian.shared.auth.actors import Actor
from antrian.shared.core.db import Database
from antrian.shared.models import Counter, DeviceToken, Printer, Service, User
from antrian.shared.office.offices import administered_office

#: (key, Indonesian, English, the page that does it, what it asks for in words).
STEPS = (
    ("services", "Layanan", "Services", "/admin/services",
     ("Tambahkan layanan beserta kode nomornya.", "Add the services and their ticket prefix.")),
    ("counters", "Loket", "Counters", "/admin/counters",
     ("Tambahkan loket dan layanan yang dilayaninya.", "Add counters and what they serve.")),
    ("staff", "Petugas", "Staff", "/admin/staff",
     ("Buat akun petugas loket.", "Create the counter staff's accounts.")),
    ("kiosk", "Kios", "Kiosk", "/admin/devices",
     ("Pasangkan kios di lobi.", "Pair the lobby kiosk.")),
    ("printer", "Printer", "Printer", "/admin/devices",
     ("Tambahkan printer tiket.", "Add the ticket printer.")),
)


def steps(db: Database, office_code: str, actor: Actor | None) -> list[dict[str, Any]]:
    """Each step with `done` and, for the first one not done, `next`."""
    with db.read() as session:
        office = administered_office(session, office_code, actor)

        def count(model, *where) -> int:
            return session.scalar(select(func.count()).select_from(model).where(
                model.office_id == office.id, *where))

        done = {
            "services": count(Service) > 0,
            "counters": count(Counter) > 0,
            "staff": count(User, User.active.is_(True), User.id != actor.user_id) > 0,
            "kiosk": count(DeviceToken, DeviceToken.kind == "kiosk",
                           DeviceToken.revoked.is_(False)) > 0,
            "printer": count(Printer) > 0,
        }
    result, next_found = [], False
    for number, (key, label_id, label_en, page, (hint_id, hint_en)) in enumerate(STEPS, 1):
        is_next = not done[key] and not next_found
        next_found = next_found or is_next
        result.append({"number": number, "key": key, "label_id": label_id,
                       "label_en": label_en, "page": page, "hint_id": hint_id,
                       "hint_en": hint_en, "done": done[key], "next": is_next})
    return result
