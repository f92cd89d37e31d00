"""The head's report pages in headless Chromium, on screen and as printed (Chromium's PDF,
turned into images with pdftoppm, colour and grey), over months of a busy office."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.support import busy_office
from tests.support.factories import user_id
from tests.support.servers import LiveServer

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"
# July to November 2026; September's visitors were less pleased.
MONTHS = [((2026, 7, 1), (2026, 7, 31), (1, 5, 4)), ((2026, 8, 1), (2026, 8, 31), (1, 4, 5)),
          ((2026, 9, 1), (2026, 9, 30), (4, 5, 1)), ((2026, 10, 1), (2026, 10, 31), (1, 5, 4)),
          ((2026, 11, 1), (2026, 11, 30), (1, 3, 6))]


@pytest.fixture
def live(office, instance):
    for seed, (first, last, moods) in enumerate(MONTHS, start=1):
        busy_office.fill(office.db, date(*first), date(*last), 800, seed=seed, moods=moods)
    server = LiveServer(instance).start()
    yield server
    server.stop()


@pytest.fixture
def page(browser, office, live):
    serializer = office.app.session_interface.get_signing_serializer(office.app)
    cookie = serializer.dumps({"_user_id": str(user_id(office, "backoffice")), "sv": 0})
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    context.add_cookies([{"name": "session", "value": cookie, "url": live.url}])
    page = context.new_page()
    yield page
    context.close()


def printed(page, name: str) -> list[Path]:
    """Print the page to an A4 PDF as Chromium does, and turn its pages into PNGs, in colour
    and in grey (how an office's laser printer shows it)."""
    pdf = SHOTS / f"{name}.pdf"
    page.emulate_media(media="print")  # what page.pdf() prints with, stated for the reader
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: apt-get install -y poppler-utils")
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(SHOTS / f"{name}-print")],
                   check=True, timeout=60)
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "70", str(pdf),
                    str(SHOTS / f"{name}-grey")], check=True, timeout=60)
    return sorted(SHOTS.glob(f"{name}-print-*.png"))


def fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    for box in page.eval_on_selector_all("svg.chart", "els => els.map(e => "
                                         "e.getBoundingClientRect().width)"):
        assert 300 < box <= 1366


@pytest.mark.browser
def test_service_report_on_screen_and_printed(page, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live.url}/admin/reports?from=2026-10-01&to=2026-10-31&group=service")
    page.wait_for_selector("svg#chart-steps")
    assert page.locator("svg.chart").count() == 3
    assert int(page.inner_text("#issued")) == 800
    assert "puncak / peak" in page.text_content("svg#chart-hours")
    fits_the_screen(page)
    page.screenshot(path=str(SHOTS / "service-1366.png"), full_page=True)

    page.select_option("select[name=group]", "hour")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**group=hour**")
    assert "09.00–09.59" in page.inner_text("table.report-groups")
    page.screenshot(path=str(SHOTS / "service-by-hour-1366.png"), full_page=True)

    with page.expect_download() as download:
        page.click("a.buttonlike:has-text('XLSX')")
    assert download.value.suggested_filename == (
        "laporan-layanan-demo-hour-2026-10-01_2026-10-31.xlsx")

    pages = printed(page, "service-by-hour")
    assert not page.is_visible("form.filters") and not page.is_visible(".bar nav")
    assert 1 <= len(pages) <= 6


@pytest.mark.browser
def test_trend_with_the_ikm_by_month_on_screen_and_printed(page, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live.url}/admin/reports/trend?from=2026-07-01&to=2026-11-30&by=month")
    page.wait_for_selector("svg#chart-ikm")
    chart = page.text_content("svg#chart-ikm")
    for band in ("A 88,31–100", "B 76,61–88,30", "C 65,00–76,60"):
        assert band in chart
    rows = page.locator("table.trend tbody tr")
    assert rows.count() == 5 and "Sep 2026" in rows.nth(2).inner_text()
    fits_the_screen(page)
    page.screenshot(path=str(SHOTS / "trend-1366.png"), full_page=True)
    pages = printed(page, "trend")
    assert 1 <= len(pages) <= 4


@pytest.mark.browser
def test_ikm_page_exports_and_a_narrow_screen(page, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live.url}/admin/ikm?from=2026-10-01&to=2026-10-31")
    with page.expect_download() as download:
        page.click("a.buttonlike:has-text('XLSX')")
    assert download.value.suggested_filename == "ikm-demo-2026-10-01_2026-10-31.xlsx"
    page.set_viewport_size({"width": 800, "height": 1000})
    page.goto(f"{live.url}/admin/reports?from=2026-11-01&to=2026-11-30&group=channel")
    page.wait_for_selector("svg#chart-waits")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(SHOTS / "service-by-channel-800.png"), full_page=True)
