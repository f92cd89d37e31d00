"""The back office's daily survey check (SOP 004), the reminder, and the retention purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from antrian.shared.auth.actors import actor_for_user
from antrian.shared.core import clock
from antrian.shared.core.errors import Conflict, Forbidden, InvalidInput
from antrian.shared.models import Case, Ticket, User
from antrian.shared.office import retention
from antrian.shared.satisfaction import daily_check
from tests.cases.conftest import drive, rate
from tests.support.factories import serve_one, user_id
from tests.survey.conftest import ALL_THREE


def _actor(office, username):
    with office.db.read() as s:
        return actor_for_user(s.get(User, user_id(office, username)))


def test_marking_the_day_checked_records_who_when_and_low_ratings(client, office):
    for answers in ({**ALL_THREE, "u3": 2}, ALL_THREE):
        _, token = serve_one(client, office)
        rate(client, token, answers)
    checked = daily_check.mark_checked(office.db, "demo", _actor(office, "backoffice"))
    assert checked.by == "Back Office" and checked.low_ratings == 1
    status = daily_check.check_status(office.db, "demo")
    assert status.checked.low_ratings == 1 and status.reminder_due is False
    with pytest.raises(Conflict):
        daily_check.mark_checked(office.db, "demo", _actor(office, "koordinator"))


def test_only_back_office_and_coordinator_check(office):
    for who in ("loket1", "kepala", "resepsionis"):
        with pytest.raises(Forbidden):
            daily_check.mark_checked(office.db, "demo", _actor(office, who))


def test_a_future_day_cannot_be_checked(office):
    tomorrow = clock.today("Asia/Jakarta") + timedelta(days=1)
    with pytest.raises(InvalidInput):
        daily_check.mark_checked(office.db, "demo", _actor(office, "backoffice"), tomorrow)


def test_the_recap_lists_unchecked_working_days(client, office):
    tid, _ = serve_one(client, office)
    monday = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)  # 10:00 WIB
    with office.db.write() as s:  # the office's first ticket was on Monday 16 November
        s.get(Ticket, tid).service_day = monday.date()
    daily_check.mark_checked(office.db, "demo", _actor(office, "backoffice"),
                              monday.date() + timedelta(days=1))
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # next Monday, 09:00 WIB
    status = daily_check.check_status(office.db, "demo", now=now)
    days = [d.isoformat() for d in status.unchecked_days]
    # Tuesday was checked; the weekend had no responses; today is not "missed" yet.
    assert days == ["2026-11-16", "2026-11-18", "2026-11-19", "2026-11-20"]


def test_the_reminder_comes_at_the_office_time(office):
    now = clock.now()
    local = now.astimezone(clock.zone("Asia/Jakarta"))
    earlier = (local - timedelta(minutes=1)).strftime("%H:%M")
    later = (local + timedelta(minutes=2)).strftime("%H:%M")
    if earlier > local.strftime("%H:%M") or later < local.strftime("%H:%M"):
        pytest.skip("too close to midnight to test both sides")
    admin = _actor(office, "admin")
    daily_check.set_reminder_time(office.db, "demo", admin, later)
    assert daily_check.check_status(office.db, "demo", now=now).reminder_due is False
    daily_check.set_reminder_time(office.db, "demo", admin, earlier)
    assert daily_check.check_status(office.db, "demo", now=now).reminder_due is True
    daily_check.mark_checked(office.db, "demo", _actor(office, "backoffice"))
    assert daily_check.check_status(office.db, "demo", now=now).reminder_due is False
    with pytest.raises(InvalidInput):
        daily_check.set_reminder_time(office.db, "demo", admin, "25:00")
    with pytest.raises(Forbidden):
        daily_check.set_reminder_time(office.db, "demo", _actor(office, "backoffice"),
                                       "14:00")


def test_the_retention_purge_blanks_the_cases_texts(client, office, low_case):
    case_id, _, _ = low_case
    drive(client, office, case_id, "compensate")
    later = clock.now() + timedelta(days=400)
    retention.purge_personal_data(office.db, now=later)
    with office.db.read() as s:
        case = s.get(Case, case_id)
        assert case.hearing_notes is None and case.sanction is None
        assert case.compensation_text is None
        # The steps stay for the report.
        assert case.status == "compensated" and case.decree_number is not None


def test_the_purge_leaves_recent_cases(client, office, low_case):
    case_id, _, _ = low_case
    drive(client, office, case_id, "hearing")
    retention.purge_personal_data(office.db)
    with office.db.read() as s:
        assert s.get(Case, case_id).hearing_notes is not None


def test_the_back_office_desk_reminds_at_the_office_time(client, office):
    from tests.support.factories import sign_in

    admin = _actor(office, "admin")
    now = clock.now().astimezone(clock.zone("Asia/Jakarta"))
    res, _ = sign_in(client, "backoffice", office.passwords["backoffice"])
    assert res.status_code == 302
    daily_check.set_reminder_time(office.db, "demo", admin, "00:00")
    page = client.get("/counter/backoffice").get_data(as_text=True)
    assert 'class="survey-reminder" role="alert" data-reminder-in="0" >' in page
    if now.strftime("%H:%M") < "23:58":  # later today: hidden, shown by the page's timer
        daily_check.set_reminder_time(office.db, "demo", admin, "23:59")
        page = client.get("/counter/backoffice").get_data(as_text=True)
        assert 'class="survey-reminder"' in page and " hidden>" in page
    daily_check.mark_checked(office.db, "demo", _actor(office, "backoffice"))
    assert "survey-reminder" not in client.get("/counter/backoffice").get_data(as_text=True)


def test_reminder_seconds_count_down_to_the_office_time(office):
    daily_check.set_reminder_time(office.db, "demo", _actor(office, "admin"), "15:00")
    morning = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # 14:00 WIB
    status = daily_check.check_status(office.db, "demo", now=morning)
    assert status.reminder_in_s == 3600 and not status.reminder_due
    afternoon = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)  # 15:30 WIB
    status = daily_check.check_status(office.db, "demo", now=afternoon)
    assert status.reminder_in_s == 0 and status.reminder_due
