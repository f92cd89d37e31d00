"""The demo office seeded on first run: the BPMP ULT services, four counters, staff, a kiosk."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from antrian.shared.auth import actors
from antrian.shared.auth.accounts import add_user
from antrian.shared.core.db import Database
from antrian.shared.models import Counter, CounterService, Office, OfficeSettings, Service

CODE = "demo"
MINUTE = 60

# (prefix, Indonesian, English); time standards from SOP 001 and 000.
SERVICES = [
    ("A", "Informasi", "Information"),
    ("B", "Pengaduan", "Complaints"),
    ("C", "Perizinan", "Permits"),
    ("D", "Layanan Umum", "General services"),
]
STAFF = [
    ("admin", "Administrator", ["admin"], None),
    ("resepsionis", "Resepsionis", ["receptionist"], None),
    ("loket1", "Petugas Loket 1", ["front_office"], 1),
    ("loket2", "Petugas Loket 2", ["front_office"], 2),
    ("loket3", "Petugas Loket 3", ["front_office"], 3),
    ("loket4", "Petugas Loket 4", ["front_office"], 4),
    ("backoffice", "Back Office", ["back_office"], None),
    ("koordinator", "Koordinator ULT", ["coordinator"], None),
    ("kepala", "Kepala / Penanggung Jawab ULT", ["head"], None),
    ("satpam", "Petugas Keamanan", ["security"], None),
]


@dataclass(frozen=True)
class DemoCredentials:
    passwords: dict[str, str]
    kiosk_token: str


def seed_if_empty(db: Database) -> DemoCredentials | None:
    """Create the demo office unless any office exists; returns what to print once."""
    with db.write() as session:
        if session.scalar(select(Office.id).limit(1)) is not None:
            return None
        office = Office(
            code=CODE,
            name="BPMP Demo - Unit Layanan Terpadu",
            timezone="Asia/Jakarta",
            ticket_header="Unit Layanan Terpadu (ULT)",
            ticket_footer="Layanan ini tidak dipungut biaya",
            priority_prefix="P",
            # SOP 002: priority visitors go to the priority counter (Loket 4); a regular
            # counter takes them when it is closed or once they waited past their standard.
            settings_json=OfficeSettings(call_policy="priority_counter_first").to_json(),
        )
        session.add(office)
        session.flush()
        services = [
            Service(office_id=office.id, prefix=p, name_id=n_id, name_en=n_en, position=i,
                    target_wait_s=3 * MINUTE, target_service_s=13 * MINUTE,
                    back_office_s=8 * MINUTE, main_unit_s=10 * MINUTE,
                    online_answer_s=2 * 24 * 3600)
            for i, (p, n_id, n_en) in enumerate(SERVICES)
        ]
        session.add_all(services)
        session.flush()
        counters = {}
        for number in range(1, 5):
            kind = "priority" if number == 4 else "regular"
            counter = Counter(office_id=office.id, number=number, kind=kind, is_open=True,
                              name=f"Loket {number}" + (" (Prioritas)" if number == 4 else ""))
            counter.service_links = [CounterService(service_id=s.id, position=i)
                                     for i, s in enumerate(services)]
            session.add(counter)
            counters[number] = counter
        session.flush()
        passwords = {}
        for username, name, roles, counter_number in STAFF:
            passwords[username] = secrets.token_urlsafe(9)
            user = add_user(session, username, passwords[username], roles, CODE, name)
            if counter_number:
                counters[counter_number].staff_id = user.id
        kiosk_token = actors.create_device_token(session, CODE, "kiosk", "Kios lobi")
        return DemoCredentials(passwords, kiosk_token)
