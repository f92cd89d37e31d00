"""Visitor data is purged after the retention period; the anonymous ticket stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from antrian.shared.core import clock
from antrian.shared.models import Escalation, Ticket, VisitRecord
from antrian.shared.office import retention


def test_purge_removes_only_expired_visitor_data(client, office):
    ids = []
    for _ in range(2):
        res = client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                          headers=office.headers("kiosk"))
        ids.append(res.json["id"])
    with office.db.write() as s:
        old = s.get(Ticket, ids[0])
        old.issued_at = clock.now() - timedelta(days=400)  # past the default 365 days
        for tid in ids:
            s.add(VisitRecord(ticket_id=tid, name="Ibu Sari", phone="0812", nik="3201000000000001"))
            s.get(Ticket, tid).note = "Ibu Sari membawa surat kuasa"
            s.add(Escalation(ticket_id=tid, office_id=1, question="Ibu Sari bertanya",
                             answer="dijawab", due_at=clock.now()))

    assert retention.purge_personal_data(office.db, dry_run=True) == {"demo": 1}
    with office.db.read() as s:
        assert s.scalar(select(func.count()).select_from(VisitRecord)) == 2

    assert retention.purge_personal_data(office.db) == {"demo": 1}
    with office.db.read() as s:
        assert s.scalars(select(VisitRecord.ticket_id)).all() == [ids[1]]
        assert s.scalar(select(func.count(Ticket.id))) == 2  # the timings stay
        assert s.get(Ticket, ids[0]).note is None
        assert s.get(Ticket, ids[1]).note == "Ibu Sari membawa surat kuasa"
        questions = dict(s.execute(select(Escalation.ticket_id, Escalation.question)).all())
        assert "Sari" not in questions[ids[0]] and "Sari" in questions[ids[1]]
