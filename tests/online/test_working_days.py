"""Working days (SOP 000's "2 working days"): weekends, Indonesia's national holidays and the
office's own days off do not count; the admin keeps the days off by page, API and CLI."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from antrian import cli
from antrian.shared.core import clock
from antrian.shared.desks import online_requests
from antrian.shared.models import AuditEntry, OfficeDayOff, Ticket
from antrian.shared.office.working_days import WorkingDays, national_holidays
from antrian.shared.reports.steps import working_seconds
from tests.online.conftest import send_form

JAKARTA = "Asia/Jakarta"
TWO_DAYS = 2 * 86400


def local(*args) -> datetime:
    return datetime(*args, tzinfo=clock.zone(JAKARTA))


def test_the_package_knows_indonesias_national_holidays():
    days = national_holidays(2026)
    assert date(2026, 8, 17) in days  # Hari Kemerdekaan
    assert "Kemerdekaan" in days[date(2026, 8, 17)]
    assert date(2026, 12, 25) in days and date(2026, 8, 18) not in days


@pytest.mark.parametrize("start,days_off,expected", [
    # Friday 14 Aug 2026; Monday 17 Aug is Independence Day: Wednesday, not Tuesday
    (local(2026, 8, 14, 15), (), local(2026, 8, 19, 15)),
    # and with the office closed on Tuesday 18 Aug as well: Thursday
    (local(2026, 8, 14, 15), (date(2026, 8, 18),), local(2026, 8, 20, 15)),
    # sent on the holiday itself: time starts on the next working day
    (local(2026, 8, 17, 10), (), local(2026, 8, 20, 0)),
    # Christmas on a Friday: Thursday 24 Dec 10:00 -> Tuesday 29 Dec 10:00
    (local(2026, 12, 24, 10), (), local(2026, 12, 29, 10)),
    # an ordinary week is unchanged: Wednesday -> Friday
    (local(2026, 11, 18, 10), (), local(2026, 11, 20, 10)),
])
def test_deadlines_skip_holidays_and_days_off(start, days_off, expected):
    calendar = WorkingDays(frozenset(days_off))
    assert online_requests.working_due(start, TWO_DAYS, JAKARTA, calendar) == expected
    # and measuring back gives the same two days (the reports' inverse)
    assert working_seconds(start, expected, JAKARTA, calendar) == TWO_DAYS


def test_the_admin_keeps_days_off_and_the_due_date_follows(client, office, no_fill_wait):
    token = send_form(client)
    with office.db.write() as s:  # sent on Friday 14 August 2026, 15:00 WIB
        s.scalar(select(Ticket).where(Ticket.public_token == token)).issued_at = \
            local(2026, 8, 14, 15)
    due = client.get(f"/api/v1/tickets/{token}").json["online"]["due_at"]
    assert datetime.fromisoformat(due) == local(2026, 8, 19, 15)  # past Independence Day

    admin = office.headers("admin")
    res = client.post("/api/v1/offices/demo/days-off", headers=admin,
                      json={"day": "2026-08-18", "note": "Cuti bersama"})
    assert res.status_code == 201 and res.json == {"day": "2026-08-18", "note": "Cuti bersama"}
    status = client.get(f"/api/v1/tickets/{token}").json["online"]
    assert datetime.fromisoformat(status["due_at"]) == local(2026, 8, 20, 15)
    assert status["due"] == "20-08-2026 15:00 WIB"

    again = client.post("/api/v1/offices/demo/days-off", headers=admin, json={"day": "2026-08-18"})
    assert again.status_code == 409
    for bad in ("18-08-2026", "0001-01-01", "9999-12-31"):  # a typo's year is refused too
        refused = client.post("/api/v1/offices/demo/days-off", headers=admin, json={"day": bad})
        assert (refused.status_code, refused.json["error"]["field"]) == (400, "day"), bad
    assert client.post("/api/v1/offices/demo/days-off", headers=office.headers("loket1"),
                       json={"day": "2026-08-19"}).status_code == 403
    view = client.get("/api/v1/offices/demo/days-off", headers=admin).json
    assert view["days_off"] == [{"day": "2026-08-18", "note": "Cuti bersama"}]
    assert any(h["day"] == "2026-08-17" for h in view["national_holidays"])

    assert client.delete("/api/v1/offices/demo/days-off/2026-08-18",
                         headers=admin).status_code == 204
    assert client.delete("/api/v1/offices/demo/days-off/2026-08-18",
                         headers=admin).status_code == 404
    assert client.delete("/api/v1/offices/demo/days-off/not-a-day",
                         headers=admin).status_code == 400
    assert client.get(f"/api/v1/tickets/{token}").json["online"]["due_at"] == due
    with office.db.read() as s:
        actions = s.scalars(select(AuditEntry.action)
                            .where(AuditEntry.action.like("office.day_off%"))).all()
    assert actions == ["office.day_off_add", "office.day_off_remove"]


def test_the_days_off_page_adds_and_removes(client, office, staff):
    headers = staff("admin")
    page = client.get("/admin/days-off?office=demo").get_data(as_text=True)
    assert "Hari Kemerdekaan" in page and "Cuti Bersama" in page
    res = client.post("/admin/days-off", data={"office": "demo", "day": "2026-12-24",
                                               "note": "Cuti bersama Natal",
                                               "csrf_token": headers["X-CSRF-Token"]})
    assert res.status_code == 302
    page = client.get("/admin/days-off?office=demo").get_data(as_text=True)
    assert 'id="day-off-2026-12-24"' in page
    client.post("/admin/days-off/remove", data={"office": "demo", "day": "2026-12-24",
                                                "csrf_token": headers["X-CSRF-Token"]})
    with office.db.read() as s:
        assert s.scalars(select(OfficeDayOff)).all() == []
    refused = client.post("/admin/days-off", follow_redirects=True, data={
        "office": "demo", "day": "bukan", "csrf_token": headers["X-CSRF-Token"]})
    assert "YYYY-MM-DD" in refused.get_data(as_text=True)


def test_days_off_from_the_command_line(office, instance, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    out = runner.invoke(cli.main, ["office", "day-off", "add", "demo", "2027-01-02",
                                   "--note", "Tutup"])
    assert out.exit_code == 0, out.output
    listed = runner.invoke(cli.main, ["office", "day-off", "list", "demo"]).output
    assert "2027-01-02  libur kantor / day off: Tutup" in listed
    assert runner.invoke(cli.main, ["office", "day-off", "add", "demo", "2027-01-02"]
                         ).exit_code != 0
    assert runner.invoke(cli.main, ["office", "day-off", "remove", "demo", "2027-01-02"]
                         ).exit_code == 0
    with office.db.read() as s:
        assert s.scalars(select(OfficeDayOff)).all() == []
