"""The seven-day deadline with a clock under the test's control, and the `case.overdue`
check: raised once per case, idempotent, live to the cases room only."""

from __future__ import annotations

from datetime import timedelta

from antrian.app import check_overdue_cases
from antrian.shared.cases import workflow
from antrian.shared.models import Case
from tests.cases.conftest import case_of, drive, rate
from tests.support.factories import serve_one


class Captured:
    def __init__(self, db):
        self.events = []
        db.subscribe(self.events.extend)

    def named(self, name):
        return [e for e in self.events if e.name == name]


def test_a_case_is_overdue_seven_days_after_it_opened(client, office, frozen):
    tid, token = serve_one(client, office)
    rate(client, token)
    case_id = case_of(office, tid)
    h = office.headers("kepala")
    body = client.get(f"/api/v1/cases/{case_id}", headers=h).json
    opened = frozen.at
    assert body["due_at"] == (opened + timedelta(days=7)).isoformat()
    frozen.advance(days=7, seconds=-1)
    assert client.get(f"/api/v1/cases/{case_id}", headers=h).json["overdue"] is False
    frozen.advance(seconds=1)
    assert client.get(f"/api/v1/cases/{case_id}", headers=h).json["overdue"] is True
    listed = client.get("/api/v1/offices/demo/cases?status=overdue", headers=h).json
    assert [c["id"] for c in listed["cases"]] == [case_id]


def test_a_closed_case_is_never_overdue(client, office, frozen, low_case):
    case_id, _, _ = low_case
    drive(client, office, case_id, "close")
    frozen.advance(days=30)
    assert client.get(f"/api/v1/cases/{case_id}", headers=office.headers("kepala")
                      ).json["overdue"] is False
    assert check_overdue_cases(office.db) == 0


def test_the_overdue_event_is_raised_once_per_case(client, office, frozen):
    seen = Captured(office.db)
    tid1, token1 = serve_one(client, office)
    rate(client, token1)
    frozen.advance(days=2)
    tid2, token2 = serve_one(client, office, counter=2)
    rate(client, token2)
    first, second = case_of(office, tid1), case_of(office, tid2)

    assert check_overdue_cases(office.db) == 0  # nobody is late yet
    frozen.advance(days=5)  # the first case reaches seven days
    assert check_overdue_cases(office.db) == 1
    assert check_overdue_cases(office.db) == 0  # idempotent
    frozen.advance(days=2)
    assert check_overdue_cases(office.db) == 1  # now the second
    assert check_overdue_cases(office.db) == 0

    overdue = seen.named("case.overdue")
    assert [e.payload["case"]["id"] for e in overdue] == [first, second]
    for event in overdue:
        assert event.rooms == ("cases:demo",) and not event.office_wide  # no board, no kiosk
        assert set(event.payload["case"]) == {"id", "status", "overdue", "due_at"}
    history = client.get(f"/api/v1/cases/{first}", headers=office.headers("koordinator")
                         ).json["history"]
    assert [h["kind"] for h in history].count("overdue") == 1


def test_a_case_claimed_by_another_process_is_not_announced_again(client, office, frozen,
                                                                  low_case):
    case_id, _, _ = low_case
    frozen.advance(days=8)
    with office.db.write() as s:  # another server's check claimed it a moment ago
        s.get(Case, case_id).overdue_at = frozen.at
    assert workflow.flag_overdue(office.db) == 0


def test_the_overdue_check_takes_an_explicit_moment(client, office, low_case):
    """A scheduler may pass its own `now`; nothing before the seven days is flagged."""
    case_id, _, _ = low_case
    with office.db.read() as s:
        due = s.get(Case, case_id).due_at
    assert workflow.flag_overdue(office.db, now=due - timedelta(seconds=1)) == 0
    assert workflow.flag_overdue(office.db, now=due) == 1


def test_case_events_reach_the_cases_room_only(client, office, low_case):
    seen = Captured(office.db)
    case_id, _, _ = low_case
    drive(client, office, case_id, "hearing")
    updated = seen.named("case.updated")
    assert len(updated) == 1 and updated[0].rooms == ("cases:demo",)
    assert not updated[0].office_wide
    assert updated[0].payload == {"case": {"id": case_id, "status": "heard",
                                           "overdue": False}}
