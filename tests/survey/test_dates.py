"""The date filters every page uses: one format, in the office's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from antrian.shared.core import clock
from antrian.shared.web import boundary
from tests.support.factories import set_finished
from tests.survey.test_pages import login

MOMENT = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)  # 23:30 WIB, 01:30 the 21st WIT


def test_local_time_in_the_offices_zone():
    assert boundary.local_time(MOMENT, "Asia/Jakarta") == "20-11-2026 23:30"
    assert boundary.local_time(MOMENT.isoformat(), "Asia/Jayapura") == "21-11-2026 01:30"
    assert boundary.local_time(MOMENT) == "20-11-2026 16:30"  # no zone: as it is
    assert boundary.local_time(None, "Asia/Jakarta") == boundary.local_time("") == "–"


def test_local_clock_and_local_date():
    assert boundary.local_clock(MOMENT, "Asia/Jayapura") == "01:30"
    assert boundary.local_date(MOMENT, "Asia/Jayapura") == "21-11-2026"
    assert boundary.local_date(date(2026, 1, 5)) == "05-01-2026"
    assert boundary.local_clock(None) == boundary.local_date(None) == "–"


def test_the_filters_are_registered_for_every_template(office):
    env = office.app.jinja_env
    for name in ("local_time", "local_clock", "local_date"):
        assert env.filters[name] is boundary.TEMPLATE_FILTERS[name]



def test_pages_print_moments_in_the_offices_zone(client, office, done):
    # The demo office is in WIB (UTC+7); the survey stays open 7 days after the service.
    set_finished(office, done[0], datetime(2020, 1, 1, 16, 30, tzinfo=UTC))
    expired = client.get(f"/survey/{done[1]}").get_data(as_text=True)
    assert "dapat diisi sampai\n      08-01-2020 23:30 WIB." in expired

    finished = clock.now() - timedelta(minutes=2)
    set_finished(office, done[0], finished)
    login(client, office, "loket1")
    desk = client.get("/survey/desk/1").get_data(as_text=True)
    wib = finished.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%H:%M")
    assert f"selesai / done {wib} WIB" in desk
