"""Domain events: numbered per office before commit, published only after it, dropped on
rollback."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from antrian.shared.core import events
from antrian.shared.models import Office, Ticket


def test_events_reach_listeners_only_after_commit(office):
    seen = []

    def listener(batch):
        # The change must already be visible to a fresh transaction.
        with office.db.read() as s:
            seen.append((batch[0].name, s.scalar(select(Office.name).where(Office.id == 1))))

    office.db.subscribe(listener)
    with office.db.write() as s:
        s.get(Office, 1).name = "Kantor Baru"
        events.record(s, events.Event("office.renamed", 1, "demo", {}))
        assert seen == []
    assert seen == [("office.renamed", "Kantor Baru")]


def test_events_are_dropped_on_rollback(office):
    seen = []
    office.db.subscribe(seen.append)
    with pytest.raises(RuntimeError), office.db.write() as s:
        events.record(s, events.Event("ticket.issued", 1, "demo", {}))
        raise RuntimeError("boom")
    with office.db.write() as s:
        pass
    assert seen == []


def test_seq_is_contiguous_per_office_and_skips_private_events(office):
    batches = []
    office.db.subscribe(batches.append)
    for _ in range(3):
        with office.db.write() as s:
            events.record(s, events.Event("a", 1, "demo", {}))
            events.record(s, events.Event("private", 1, "demo", {}, rooms=("kiosk:1",),
                                          office_wide=False))
            events.record(s, events.Event("b", 1, "demo", {}))
    seqs = [e.seq for batch in batches for e in batch if e.office_wide]
    assert seqs == list(range(seqs[0], seqs[0] + 6))
    assert all(e.seq is None for batch in batches for e in batch if not e.office_wide)
    assert batches[0][0].message()["office"] == "demo"


def test_event_payloads_carry_no_personal_data(client, office):
    batches = []
    office.db.subscribe(batches.append)
    client.post("/api/v1/offices/demo/tickets", headers=office.headers("resepsionis"),
                json={"service": "A", "priority": True, "priority_reason": "disabilitas",
                      "channel": "reception"})
    text = repr([e.message() for batch in batches for e in batch])
    assert "disabilitas" not in text  # a health-related reason stays off boards and logs
    with office.db.read() as s:
        token = s.scalar(select(Ticket.public_token))
    assert token not in text.replace(f"ticket:{token}", "")


def test_a_call_is_one_office_event_carrying_the_waiting_counts(client, office):
    """Every screen of the office hears each call: one send per screen, not two (a
    `ticket.called` and a `queue.changed`); the board and the kiosk read the counts from it."""
    for service in ("A", "A", "B"):
        client.post("/api/v1/offices/demo/tickets", headers=office.headers("kiosk"),
                    json={"service": service})
    batches = []
    office.db.subscribe(batches.append)
    assert client.post("/api/v1/counters/1/call-next", headers=office.headers()).status_code == 200
    [batch] = batches
    assert [e.name for e in batch if e.office_wide] == ["ticket.called"]
    waiting = {w["service"]: w["waiting"] for w in batch[0].message()["waiting"]}
    assert waiting["A"] + waiting["B"] == 2  # after the call: one of the three is out
    # A recall moves nobody: it carries no counts.
    client.post("/api/v1/counters/1/recall", headers=office.headers())
    assert batches[1][0].name == "ticket.called" and "waiting" not in batches[1][0].payload
