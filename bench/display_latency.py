"""From the call-next POST to the lobby board showing the code, and to 500 sockets hearing it.

Two figures on one `antrian serve` on loopback (or a running deployment, --url):
1. board: a real board page in headless Chromium; a MutationObserver stamps when
   `#now-code` shows each code (Date.now(), same clock as this process); measured from just
   before the call-next POST. p50/p95 over --calls calls.
2. fan-out: --sockets bare WebSocket display clients; from the POST to the LAST of them
   receiving that call's `ticket.called`. p50/p95 over --fanout-calls calls.
Usage: python bench/display_latency.py [--calls 60] [--sockets 500] [--fanout-calls 30]
       [--url URL --kiosk-token T --staff-token T]
"""

from __future__ import annotations

import argparse
import time

import requests
from _common import add_target_args, open_target, percentile
from _wsclient import fanout_latencies

OBSERVER = """
window.benchSeen = {};
new MutationObserver(() => {
  const code = document.getElementById('now-code').textContent;
  if (!(code in window.benchSeen)) window.benchSeen[code] = Date.now();
}).observe(document.getElementById('now-code'), {childList: true, characterData: true,
  subtree: true});
"""


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name}: n={len(ms)} p50={percentile(ms, 50):.1f}ms p95={percentile(ms, 95):.1f}ms "
            f"max={max(ms):.1f}ms")


def call(staff: requests.Session, url: str) -> tuple[float, dict]:
    t0 = time.time()
    ticket = staff.post(f"{url}/api/v1/counters/1/call-next", timeout=10).json()
    return t0, ticket


def finish(staff: requests.Session, url: str, ticket: dict) -> None:
    for action in ("serve", "complete"):
        staff.post(f"{url}/api/v1/tickets/{ticket['id']}/{action}", timeout=10)


def board_latency(url: str, kiosk, staff, calls: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(url + "/display/demo")
        page.wait_for_function("document.body.dataset.state === 'connected'")
        page.evaluate(OBSERVER)
        for _ in range(calls):
            kiosk.post(f"{url}/api/v1/offices/demo/tickets", json={"service": "A"}, timeout=10)
            t0, ticket = call(staff, url)
            code = ticket["code"]
            page.wait_for_function(f"'{code}' in window.benchSeen")
            out.append(page.evaluate(f"window.benchSeen['{code}']") / 1000 - t0)
            finish(staff, url, ticket)
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--fanout-calls", type=int, default=30)
    add_target_args(parser)
    args = parser.parse_args()
    target = open_target(args)
    try:
        print(summary("POST -> board DOM (Chromium)",
                      board_latency(target.url, target.kiosk, target.staff, args.calls)))
        print(summary(f"POST -> last of {args.sockets} sockets",
                      fanout_latencies(target.url, target.staff, target.kiosk, args.sockets,
                                       args.fanout_calls)))
    finally:
        target.stop()

if __name__ == "__main__":
    main()
