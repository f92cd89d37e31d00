"""Browser tests of shared/static/hub.js against the fake hub (headless Debian Chromium).

The page records every snapshot, event and status in ``window.log``; each test drives the
fake hub over loopback and waits on that log. To show that something was *not* delivered,
a test sends a later event and waits for it: one socket keeps order, so anything sent
before it would already be in the log.
"""

from __future__ import annotations

import time

import pytest

from tests.hubjs.fake_hub import FakeHub

WAIT_MS = 10_000

# The `browser` fixture (tests/conftest.py) is Debian's Chromium, shared by the whole session.
pytestmark = [pytest.mark.browser]


@pytest.fixture
def hub(tmp_path):
    fake = FakeHub(tmp_path / "fake_hub.log")
    fake.start(seq=41)
    yield fake
    fake.stop()


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_page(fake: FakeHub, query: str = ""):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.goto(f"{fake.url}/{query}")
        return page

    yield open_page
    for context in contexts:
        context.close()


def wait_log(page, condition: str) -> None:
    """Wait until ``condition``, a JS expression over the log entry ``e``, matches one."""
    page.wait_for_function(f"() => window.log.some(e => {condition})")


def count(page, condition: str) -> int:
    return page.evaluate(f"() => window.log.filter(e => {condition}).length")


def events(page) -> list[tuple[str, int | None]]:
    return [(e["name"], e["data"].get("seq")) for e in page.evaluate("window.log")
            if e["kind"] == "event"]


def snapshots(page) -> list[int]:
    return [e["seq"] for e in page.evaluate("window.log") if e["kind"] == "snapshot"]


def connected_page(open_page, fake: FakeHub, query: str = ""):
    page = open_page(fake, query)
    wait_log(page, "e.kind === 'snapshot'")
    return page


def test_snapshot_on_connect_then_events_in_order(hub, open_page):
    page = connected_page(open_page, hub)
    kinds = [(e["kind"], e.get("state")) for e in page.evaluate("window.log")]
    # python-socketio sends the board emitted in the connect handler before its "40":
    # hub.js must hold it until the namespace is connected, not lose it.
    assert kinds == [("status", "connecting"), ("status", "connected"), ("snapshot", None)]
    assert snapshots(page) == [41]

    hub.next("ticket.issued", code="A001")
    hub.next("ticket.called", code="A001", counter=2)
    hub.next("queue.changed")
    wait_log(page, "e.kind === 'event' && e.data.seq === 44")

    assert events(page) == [("ticket.issued", 42), ("ticket.called", 43), ("queue.changed", 44)]
    assert page.evaluate("window.log[3].data") == {"code": "A001", "seq": 42}
    assert page.evaluate("[hub.lastSeq, hub.state]") == [44, "connected"]


def test_gap_triggers_sync_and_fresh_snapshot_without_delivering_the_gap_event(hub, open_page):
    page = connected_page(open_page, hub, "?gap=200")
    hub.next()  # 42
    assert hub.skip("ticket.called", code="A003") == 44  # 43 is lost on the way
    wait_log(page, "e.kind === 'snapshot' && e.seq === 44")
    hub.next("ticket.called", code="A004")  # 45
    wait_log(page, "e.kind === 'event' && e.data.seq === 45")

    assert snapshots(page) == [41, 44]
    assert events(page) == [("ticket.called", 42), ("ticket.called", 45)]
    assert hub.state()["syncs"] == 1
    assert page.evaluate("[hub.lastSeq, hub.resyncs]") == [45, 1]


def test_a_late_event_fills_the_gap_without_a_resync(hub, open_page):
    page = connected_page(open_page, hub)  # the default wait: 3 s
    hub.at(43, code="A002")  # overtook 42 (another server process was quicker)
    hub.at(44, code="A003")
    hub.at(42, code="A001")
    wait_log(page, "e.kind === 'event' && e.data.seq === 44")

    assert events(page) == [("ticket.called", 42), ("ticket.called", 43), ("ticket.called", 44)]
    assert [e["data"]["code"] for e in page.evaluate("window.log") if e["kind"] == "event"] == [
        "A001", "A002", "A003"]
    assert snapshots(page) == [41]
    assert hub.state()["syncs"] == 0
    assert page.evaluate("hub.resyncs") == 0


def test_events_that_come_while_a_snapshot_is_awaited_are_replayed(hub, open_page):
    page = connected_page(open_page, hub, "?gap=100")
    hub.delay_sync(2.5)  # the snapshot is read at once and sent 2.5 s later
    hub.next()  # 42
    hub.skip()  # 44: 43 is lost, the page resyncs after 100 ms
    page.wait_for_function("() => hub.resyncs === 1")
    # The page has sent its sync; once the hub has read the snapshot (at 44), not before:
    # on a busy machine event 45 could otherwise reach the hub ahead of the sync.
    deadline = time.monotonic() + WAIT_MS / 1000
    while hub.state()["syncs"] < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    hub.next(code="A045")  # 45 and 46 reach the page before the snapshot (at 44)
    hub.next(code="A046")
    wait_log(page, "e.kind === 'event' && e.data.seq === 46")

    assert snapshots(page) == [41, 44]
    assert events(page) == [("ticket.called", 42), ("ticket.called", 45), ("ticket.called", 46)]
    kinds = [e["kind"] for e in page.evaluate("window.log") if e["kind"] != "status"]
    assert kinds == ["snapshot", "event", "snapshot", "event", "event"]  # never before it
    assert hub.state()["syncs"] == 1


def test_events_after_a_gap_wait_for_the_snapshot(hub, open_page):
    page = connected_page(open_page, hub, "?gap=200")
    hub.skip()  # 43: a gap, so the page asks for a sync
    hub.next()  # 44: may overtake the sync answer; must wait, and must not ask again
    wait_log(page, "e.kind === 'snapshot' && e.seq >= 43")
    hub.next()  # 45
    wait_log(page, "e.kind === 'event' && e.data.seq === 45")

    delivered = [seq for _name, seq in events(page)]
    # Which of the two the server saw first (the sync or event 44) decides the snapshot.
    assert (snapshots(page), delivered) in [([41, 44], [45]), ([41, 43], [44, 45])]
    assert hub.state()["syncs"] == 1


def test_duplicates_are_dropped(hub, open_page):
    page = connected_page(open_page, hub)
    hub.next("ticket.called", code="A001")  # 42
    assert hub.duplicate() == 42
    assert hub.duplicate() == 42
    hub.next("ticket.called", code="A002")  # 43
    wait_log(page, "e.kind === 'event' && e.data.seq === 43")

    assert events(page) == [("ticket.called", 42), ("ticket.called", 43)]
    assert snapshots(page) == [41]  # a duplicate is not a gap: no resync
    assert hub.state()["syncs"] == 0


def test_targeted_events_without_seq_are_delivered(hub, open_page):
    page = connected_page(open_page, hub)
    hub.targeted("print.done", job=7)
    hub.next("queue.changed")  # 42: the office stream is untouched by targeted events
    hub.targeted("print.failed", job=8)
    wait_log(page, "e.kind === 'event' && e.name === 'print.failed'")

    assert events(page) == [("print.done", None), ("queue.changed", 42), ("print.failed", None)]
    assert page.evaluate("window.log.find(e => e.name === 'print.done').data") == {"job": 7}
    assert page.evaluate("hub.lastSeq") == 42


def test_server_restart_reconnects_with_a_new_snapshot(hub, open_page):
    page = connected_page(open_page, hub)
    hub.stop()
    wait_log(page, "e.kind === 'status' && e.state === 'reconnecting'")
    assert page.evaluate("hub.state") == "reconnecting"

    hub.start(seq=57)  # events happened while we were away; the snapshot covers them
    wait_log(page, "e.kind === 'snapshot' && e.seq === 57")
    states = [e["state"] for e in page.evaluate("window.log") if e["kind"] == "status"]
    assert states == ["connecting", "connected", "reconnecting", "connected"]

    hub.next("ticket.called")
    wait_log(page, "e.kind === 'event' && e.data.seq === 58")
    assert events(page) == [("ticket.called", 58)]


def test_connect_error_is_reported_and_retried(hub, open_page):
    page = open_page(hub, "?office=-")
    wait_log(page, "e.kind === 'status' && e.state === 'error'")
    error = page.evaluate("window.log.find(e => e.state === 'error')")
    assert error["detail"] == "office is required"
    assert page.evaluate("hub.state") == "error"

    page.wait_for_function("() => window.log.filter(e => e.state === 'error').length >= 2")
    assert hub.state()["refused"] >= 2
    assert snapshots(page) == []
    assert count(page, "e.state === 'connected'") == 0


def test_ping_timeout_reconnects(tmp_path, open_page):
    fake = FakeHub(tmp_path / "fake_hub.log", ping_interval=1, ping_timeout=1)
    fake.start(seq=5)
    try:
        page = connected_page(open_page, fake)
        fake.freeze()  # the socket stays open but the pings stop
        try:
            wait_log(page, "e.state === 'reconnecting' && e.detail === 'ping timeout'")
        finally:
            fake.thaw()
        fake.next()  # 6, sent while the page has no connection: the snapshot covers it
        page.wait_for_function(
            "() => window.log.filter(e => e.kind === 'snapshot' && e.seq === 6).length === 1")
        assert snapshots(page) == [5, 6]
        assert events(page) == []
    finally:
        fake.stop()


def test_pings_are_answered_and_the_connection_kept(tmp_path, browser):
    fake = FakeHub(tmp_path / "fake_hub.log", ping_interval=1, ping_timeout=1)
    fake.start(seq=5)
    context = browser.new_context()
    try:
        page = context.new_page()
        with page.expect_websocket() as socket_info:
            page.goto(fake.url)
        socket = socket_info.value
        for _ in range(3):  # the server would drop a client that misses one pong
            socket.wait_for_event("framesent", predicate=lambda frame: frame == "3",
                                  timeout=WAIT_MS)
        assert fake.state()["connects"] == 1
        assert count(page, "e.kind === 'status'") == 2  # connecting, connected
    finally:
        context.close()
        fake.stop()


@pytest.mark.parametrize("trigger", [
    "window.dispatchEvent(new Event('online'))",
    "Object.defineProperty(document, 'visibilityState', {get: () => 'visible'});"
    "document.dispatchEvent(new Event('visibilitychange'))",
], ids=["online", "visible"])
def test_online_or_visible_skips_the_backoff_wait(hub, open_page, trigger):
    hour = 3_600_000  # a backoff wait no test would sit out
    page = connected_page(open_page, hub, f"?min={hour}&max={hour}")
    hub.stop()
    wait_log(page, "e.state === 'reconnecting'")
    hub.start(seq=60)
    page.evaluate(trigger)
    wait_log(page, "e.kind === 'snapshot' && e.seq === 60")
    assert page.evaluate("hub.state") == "connected"


def test_emit_reaches_the_server(hub, open_page):
    page = connected_page(open_page, hub)
    assert page.evaluate("hub.emit('sync')") is True
    page.wait_for_function("() => window.log.filter(e => e.kind === 'snapshot').length === 2")
    assert hub.state()["syncs"] == 1


def test_close_stops_for_good(hub, open_page):
    page = connected_page(open_page, hub)
    page.evaluate("hub.close()")
    assert page.evaluate("[hub.state, hub.emit('sync')]") == ["closed", False]
    hub.stop()
    hub.start(seq=50)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    # A closed hub that still listened would reconnect at once; a second page connecting
    # after it is the point by which that connection would have been made.
    connected_page(open_page, hub)
    assert hub.state()["connects"] == 1
    assert snapshots(page) == [41]
    assert count(page, "e.kind === 'status'") == 2  # connecting, connected; nothing after
