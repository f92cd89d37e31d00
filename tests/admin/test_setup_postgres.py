"""The management plane's refusals on PostgreSQL too, and a race on a prefix settled by the
database's unique constraint (a clean 409 for the loser, never a 500)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from antrian.shared.core.errors import Conflict, Forbidden, InvalidInput
from antrian.shared.models import Service
from antrian.shared.office import counters, offices, services, staff
from tests.admin.setup_support import add_coordinator, origin, snapshot

pytestmark = pytest.mark.postgres


def test_refusals_leave_nothing_on_postgres(pg_office):
    db = pg_office.db
    admin = origin(db, "admin")
    coordinator = origin(db, add_coordinator(db))
    for error, call, args in [
        (Conflict, services.create_service,
         (admin, "demo", {"prefix": "A", "name_id": "x", "name_en": "x"})),
        (InvalidInput, counters.create_counter,
         (admin, "demo", {"number": 8, "name": "L8", "services": ["A", "Z"]})),
        (Forbidden, staff.create_user,
         (coordinator, "demo", {"username": "baru", "roles": ["front_office"]})),
        (InvalidInput, offices.update_office,
         (admin, "demo", {"name": "Baru", "settings": {"call_policy": "random"}})),
    ]:
        before = snapshot(db)
        with pytest.raises(error):
            call(db, *args)
        assert snapshot(db) == before


def test_two_administrators_adding_the_same_prefix_at_once(pg_office):
    db = pg_office.db
    admin = origin(db, "admin")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def add(n: int) -> None:
        barrier.wait()
        try:
            services.create_service(db, admin, "demo", {
                "prefix": "Q", "name_id": f"Antrian {n}", "name_en": f"Queue {n}"})
            outcomes.append("created")
        except Conflict as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["created"] + ["prefix_taken"] * 3
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Service).where(
            Service.prefix == "Q")) == 1
