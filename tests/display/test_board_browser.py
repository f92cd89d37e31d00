"""The lobby board in headless Chromium against a live `antrian serve`.

Headless Chromium has no speech voices, so announcements take the chime-and-flash path; the
queue (queued/start/end, in order, never cut off) is the same whatever voices the call, and
that is what these tests read from `window.antrianBoard.spoken`.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.display.conftest import FAST, SHOTS, Desk
from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser

CONNECTED = "document.body.dataset.state === 'connected'"


def open_board(browser, server, path="/display/demo", viewport=(1920, 1080), fast=True):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    if fast:
        page.add_init_script(FAST)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + path)
    page.wait_for_function(CONNECTED)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def spoken(page, phase=None):
    log = page.evaluate("window.antrianBoard.spoken")
    return [e for e in log if phase is None or e["phase"] == phase]


def wait_ended(page, count):
    page.wait_for_function(
        f"window.antrianBoard.spoken.filter(e => e.phase === 'end').length >= {count}")


def test_a_call_appears_and_a_recall_is_announced_again(browser, live, desk):
    page = open_board(browser, live)
    desk.issue("B")
    ticket = desk.call_next(2)
    page.wait_for_function(
        f"document.getElementById('now-code').textContent === '{ticket['code']}'")
    assert page.text_content("#now-counter") == "Loket 2"
    assert page.text_content("#counters li[data-counter='2'] .code") == ticket["code"]
    wait_ended(page, 1)
    desk.recall(2)
    wait_ended(page, 2)
    ends = spoken(page, "end")
    assert [(e["code"], e["recall"]) for e in ends] == [(ticket["code"], False),
                                                       (ticket["code"], True)]
    assert ends[0]["text"].startswith("Nomor antrian Be ")
    assert ends[0]["text"].endswith("silakan menuju loket dua")
    assert page.is_visible("#now-recall")
    assert page.errors == []
    page.close()


def test_three_quick_calls_are_announced_in_order_none_cut_off(browser, live, desk):
    page = open_board(browser, live)
    for service in "ACD":
        desk.issue(service)
    calls = [desk.call_next(n) for n in (1, 2, 3)]  # back to back, faster than one announcement
    wait_ended(page, 3)
    log = [e for e in spoken(page) if e["phase"] in ("start", "end")]
    assert [(e["phase"], e["code"]) for e in log] == [
        (phase, c["code"]) for c in calls for phase in ("start", "end")]
    # Each announcement ended before the next began: none was cut off.
    for ended, started in zip(log[1::2], log[2::2], strict=False):
        assert ended["t"] <= started["t"]
    assert all(e["backend"] in ("silent", "speech", "clips") for e in log)
    queued = spoken(page, "queued")
    assert [e["code"] for e in queued] == [c["code"] for c in calls]
    assert [e["text"].split(",")[1] for e in queued] == [
        " silakan menuju loket satu", " silakan menuju loket dua", " silakan menuju loket tiga"]
    page.close()


def test_a_profile_board_ignores_other_counters(browser, live, desk):
    live.cli("display-profile", "set", "--office", "demo", "--name", "sayap-timur",
             "--counters", "3", "--language", "en")
    page = open_board(browser, live, "/display/demo?profile=sayap-timur")
    assert page.eval_on_selector_all("#counters li", "els => els.map(e => e.dataset.counter)") \
        == ["3"]
    desk.issue("A")
    desk.call_next(1)  # not this board's counter
    desk.issue("A")
    mine = desk.call_next(3)
    wait_ended(page, 1)
    assert [e["code"] for e in spoken(page, "end")] == [mine["code"]]
    assert spoken(page, "end")[0]["text"].startswith("Number A ")  # the profile's language
    assert page.text_content("#now-code") == mine["code"]
    page.close()


def test_page_weight_stays_on_the_lan_and_under_150_kb(browser, live):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sizes: dict[str, int] = {}
    hosts: set[str] = set()

    def on_response(response):
        hosts.add(urlparse(response.url).netloc)
        if response.url.startswith("http"):
            sizes[response.url] = len(response.body())

    page.on("response", on_response)
    page.goto(live.url + "/display/demo")
    page.wait_for_function(CONNECTED)
    page.wait_for_load_state("networkidle")
    assert hosts == {urlparse(live.url).netloc}
    assert any(u.endswith("board.js") for u in sizes) and any(u.endswith("hub.js") for u in sizes)
    assert sum(sizes.values()) < 150 * 1024, sizes
    page.close()


def test_date_and_clock_in_indonesian_for_the_office_time_zone(browser, live):
    page = open_board(browser, live)
    date = page.text_content("#date")
    assert re.fullmatch(r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ \d{4}", date)
    assert re.fullmatch(r"\d{2}\.\d{2} WIB", page.text_content("#time"))
    page.close()


def test_screenshots_with_calls_priority_waiting_and_running_text(browser, live, desk):
    live.cli("display-profile", "set", "--office", "demo", "--name", "lobi", "--running-text",
             "Selamat datang di ULT BPMP. Layanan ini tidak dipungut biaya. "
             "Jam layanan Senin-Jumat 08.00-16.00 WIB.")
    for service in "AABBCD":
        desk.issue(service)
    for number in (1, 2, 3):
        desk.call_next(number)
    desk.issue("B", priority=True)
    priority = desk.call_next(4)
    assert priority["priority"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1920, 1080), (1280, 720)):
        page = open_board(browser, live, "/display/demo?profile=lobi", (width, height))
        assert page.text_content("#now-code") == priority["code"]
        assert page.is_visible("#now-priority")  # a word, not colour alone
        assert "PRIORITAS" in page.text_content("#counters li[data-counter='4']")
        assert page.is_visible(".marquee")
        box = page.locator("#now-code").bounding_box()
        assert box["height"] >= 0.2 * height  # readable from five metres
        page.screenshot(path=str(SHOTS / f"display-board-{width}x{height}.png"))
        page.close()


def test_restart_catches_up_and_announces_only_the_latest(browser, tmp_path):
    server = LiveServer(tmp_path / "instance").start()
    try:
        desk = Desk(server)
        page = open_board(browser, server)
        page.wait_for_function("window.antrianBoard.lastSeq !== null")
        server.stop()
        page.wait_for_function("document.body.dataset.state === 'reconnecting'")
        assert page.is_visible("#status")
        assert page.text_content("#now-code")  # the last picture stays
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "display-board-reconnecting.png"))

        # The server comes back and three calls are made while the board is still away (its
        # network is cut); back on the network it must show them all and speak only the last.
        page.context.set_offline(True)
        server.start()
        made = []
        for service, number in (("A", 1), ("B", 2), ("C", 3)):
            desk.issue(service)
            made.append(desk.call_next(number))
        assert page.evaluate("document.body.dataset.state") != "connected"
        page.context.set_offline(False)
        page.wait_for_function(CONNECTED, timeout=30000)
        last = made[-1]["code"]
        page.wait_for_function(f"document.getElementById('now-code').textContent === '{last}'")
        wait_ended(page, 1)
        page.wait_for_timeout(300)  # nothing else may follow (no backlog replay)
        assert [e["code"] for e in spoken(page, "queued")] == [last]
        assert spoken(page, "end")[0]["text"].endswith("silakan menuju loket tiga")
        shown = page.eval_on_selector_all("#recent li .code", "els => els.map(e => e.textContent)")
        assert [c["code"] for c in made[:2]][::-1] == shown[:2]
        assert page.errors == []
        page.close()
    finally:
        server.stop()
