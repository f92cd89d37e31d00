"""The desk of the answer tests: a walk-in escalated at counter 1, the back office and the
main unit's answers, with the demo office's bearer tokens (the demo has no main-unit user:
the back office sees the main unit's level too)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from antrian.shared.models import Escalation, TicketEvent, VisitRecord


class Walk:
    def __init__(self, client, office) -> None:
        self.client, self.office = client, office

    def post(self, url: str, who: str = "loket1", status: int | None = 200, **body):
        res = self.client.post(url, json=body, headers=self.office.headers(who))
        if status is not None:
            assert res.status_code == status, (url, res.status_code, res.json)
        return res

    def get(self, url: str, who: str = "loket1"):
        res = self.client.get(url, headers=self.office.headers(who))
        assert res.status_code == 200, (url, res.json)
        return res.json

    def escalated(self, question: str = "Apakah SK tunjangan sudah terbit?") -> dict:
        """A kiosk ticket called, served and escalated at counter 1."""
        t = self.post("/api/v1/offices/demo/tickets", "kiosk", 201, service="A").json
        assert self.post("/api/v1/counters/1/call-next").json["id"] == t["id"]
        self.post(f"/api/v1/tickets/{t['id']}/serve")
        self.post(f"/api/v1/tickets/{t['id']}/escalate", question=question)
        return t

    def open_escalation(self, ticket_id: int) -> dict:
        rows = [e for e in self.get("/api/v1/offices/demo/escalations", "backoffice")
                ["escalations"] if e["ticket_id"] == ticket_id]
        assert len(rows) == 1, rows
        return rows[0]

    def to_main_unit(self, ticket_id: int) -> dict:
        esc = self.open_escalation(ticket_id)
        self.post(f"/api/v1/escalations/{esc['id']}/forward", "backoffice", 201)
        return self.open_escalation(ticket_id)

    def answer(self, ticket_id: int, text: str) -> dict:
        esc = self.open_escalation(ticket_id)
        self.post(f"/api/v1/escalations/{esc['id']}/answer", "backoffice", answer=text)
        return esc

    def returned(self, ticket_id: int) -> dict:
        rows = self.get("/api/v1/counters/1/console")["returned"]
        return next(r for r in rows if r["id"] == ticket_id)

    def record(self, ticket_id: int) -> VisitRecord | None:
        with self.office.db.read() as s:
            return s.get(VisitRecord, ticket_id)

    def events(self, ticket_id: int) -> list[tuple[str, dict]]:
        with self.office.db.read() as s:
            return [(k, d) for k, d in s.execute(
                select(TicketEvent.kind, TicketEvent.data)
                .where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id))]

    def escalation_rows(self, ticket_id: int) -> list[Escalation]:
        with self.office.db.read() as s:
            return list(s.scalars(select(Escalation).where(Escalation.ticket_id == ticket_id)
                                  .order_by(Escalation.id)))


@pytest.fixture
def walk(client, office) -> Walk:
    return Walk(client, office)
