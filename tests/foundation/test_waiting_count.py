"""The waiting counts the database keeps (`WaitingCount`, by triggers on `ticket`) always
equal a count of the tickets themselves: after every kind of change, through the services or
straight in SQL, and with counters and kiosks working at once on PostgreSQL."""

from __future__ import annotations

import random
import threading
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, func, select, update

from antrian import cli
from antrian.shared.models import PrintJob, Ticket, TicketEvent, WaitingCount
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.tickets import office_snapshot
from antrian.shared.tickets.states import WAITING

ACTIONS = ("serve", "complete", "no-show", "requeue", "hold", "resume", "cancel", "transfer")


def counted(db) -> dict[tuple, int]:
    """The counts, from the table the triggers keep; rows at 0 left out."""
    with db.read() as session:
        return {(o, d, s, p): n for o, d, s, p, n in session.execute(select(
            WaitingCount.office_id, WaitingCount.service_day, WaitingCount.service_id,
            WaitingCount.priority, WaitingCount.waiting)) if n}


def recounted(db) -> dict[tuple, int]:
    """The same counts, from the tickets."""
    key = (Ticket.office_id, Ticket.service_day, Ticket.service_id, Ticket.priority)
    with db.read() as session:
        return {tuple(row[:4]): row[4] for row in session.execute(
            select(*key, func.count()).where(Ticket.status == WAITING,
                                             Ticket.channel.in_(WALK_IN_CHANNELS))
            .group_by(*key))}


def random_day(client, office, seed: int, steps: int) -> int:
    """Kiosk and reception tickets, priority or not, in four services, and a counter doing
    whatever it may with them; the counts are compared after every step."""
    rng = random.Random(seed)
    staff, checks = office.headers("loket1"), 0
    current: dict | None = None
    for _ in range(steps):
        if current is None or rng.random() < 0.3:
            body = {"service": rng.choice("ABCD")}
            if rng.random() < 0.2:
                body.update(priority=True, priority_reason="lansia")
            who = "kiosk" if rng.random() < 0.8 else "resepsionis"
            client.post("/api/v1/offices/demo/tickets", json=body, headers=office.headers(who))
        if current is None:
            reply = client.post("/api/v1/counters/1/call-next", headers=staff)
            current = reply.get_json() if reply.status_code == 200 else None
        else:
            action = rng.choice(ACTIONS)
            body = {"service": rng.choice("ABCD")} if action == "transfer" else None
            reply = client.post(f"/api/v1/tickets/{current['id']}/{action}", json=body,
                                headers=staff)
            if reply.status_code == 200 and reply.get_json()["status"] not in (
                    "called", "serving"):
                current = None
        assert counted(office.db) == recounted(office.db)
        checks += 1
    return checks


def test_the_counts_follow_every_change_on_sqlite(client, office):
    assert random_day(client, office, seed=5, steps=150) == 150
    assert sum(counted(office.db).values()) > 0


@pytest.mark.postgres
def test_the_counts_follow_every_change_on_postgres(pg_office):
    client = pg_office.app.test_client()
    assert random_day(client, pg_office, seed=7, steps=120) == 120


def test_changes_made_straight_in_sql_are_counted_too(client, office):
    for service in "AABC":
        client.post("/api/v1/offices/demo/tickets", json={"service": service},
                    headers=office.headers("kiosk"))
    with office.db.write() as session:
        first = session.scalar(select(Ticket.id).order_by(Ticket.id).limit(1))
        session.execute(update(Ticket).where(Ticket.id == first).values(status="cancelled"))
        session.execute(update(Ticket).where(Ticket.status == WAITING)
                        .values(service_id=select(Ticket.service_id).where(Ticket.id == first)
                                .scalar_subquery()))
    assert counted(office.db) == recounted(office.db)
    assert sum(counted(office.db).values()) == 3
    with office.db.write() as session:
        gone = Ticket.id != first
        for model in (TicketEvent, PrintJob):  # what an issued ticket has: its timeline, slip
            session.execute(delete(model).where(model.ticket_id.in_(select(Ticket.id)
                                                                    .where(gone))))
        session.execute(delete(Ticket).where(gone))
    assert counted(office.db) == recounted(office.db) == {}


@pytest.mark.postgres
def test_counters_and_kiosks_at_once_leave_exact_counts(pg_office):
    """Four kiosks issue and four counters call at the same time: every change takes its
    count row's lock in its own transaction, so none is lost."""
    app = pg_office.app
    errors: list[str] = []

    def kiosk(i: int) -> None:
        client = app.test_client()
        for n in range(25):
            reply = client.post("/api/v1/offices/demo/tickets", json={"service": "AB"[n % 2]},
                                headers=pg_office.headers("kiosk"))
            if reply.status_code != 201:
                errors.append(f"issue {reply.status_code}")

    def counter(number: int) -> None:
        client = app.test_client()
        staff = pg_office.headers(f"loket{number}")
        for _ in range(25):
            reply = client.post(f"/api/v1/counters/{number}/call-next", headers=staff)
            if reply.status_code == 200:
                ticket = reply.get_json()["id"]
                for action in ("serve", "complete"):
                    client.post(f"/api/v1/tickets/{ticket}/{action}", headers=staff)

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(4)]
    threads += [threading.Thread(target=counter, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert counted(pg_office.db) == recounted(pg_office.db)
    assert sum(recounted(pg_office.db).values()) < 100  # the counters did call some


def test_recount_rebuilds_counts_that_drifted_while_triggers_were_off(client, office,
                                                                      instance, monkeypatch):
    for service in "ABBC":
        client.post("/api/v1/offices/demo/tickets", json={"service": service},
                    headers=office.headers("kiosk"))
    expected = recounted(office.db)
    with office.db.write() as session:  # what a restore without triggers leaves behind
        session.execute(update(WaitingCount).values(waiting=WaitingCount.waiting + 5))
        session.add(WaitingCount(office_id=99, service_day=date(2026, 1, 1), service_id=1,
                                 priority=False, waiting=3))
    assert counted(office.db) != expected
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli.main, ["db", "recount-waiting"])
    assert result.exit_code == 0, result.output
    assert "4 tiket menunggu dihitung ulang" in result.output
    assert counted(office.db) == expected


@pytest.mark.postgres
def test_recount_on_postgres(pg_office):
    client = pg_office.app.test_client()
    for service in "AAB":
        client.post("/api/v1/offices/demo/tickets", json={"service": service},
                    headers=pg_office.headers("kiosk"))
    with pg_office.db.write() as session:
        session.execute(delete(WaitingCount))
    assert office_snapshot.recount_waiting(pg_office.db) == 3
    assert counted(pg_office.db) == recounted(pg_office.db)
