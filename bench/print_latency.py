"""Tap to paper: from the kiosk's HTTP POST to the last byte at a (virtual) 80 mm printer.

Starts a real `antrian serve` with the spooler on, registers a virtual network printer on
loopback (image QR, 80 mm), issues N tickets one after another like taps, and measures for
each the time from sending the POST to the printer's last received byte. Prints p50/p99.
Run: python bench/print_latency.py [N]   (default 200)
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.servers import LiveServer  # noqa: E402
from tests.virtual_printer import VirtualPrinter  # noqa: E402

SERVICES = "ABCD"


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, VirtualPrinter() as printer:
        server = LiveServer(Path(tmp) / "instance").start()
        try:
            server.cli("printer", "add", "--office", "demo", "--name", "bench",
                       "--url", printer.url, "--paper", "80")
            token = re.search(r"/kiosk/demo/pair#(\S+)", server.log.read_text()).group(1)
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {token}"
            url = f"{server.url}/api/v1/offices/demo/tickets"
            session.post(url, json={"service": "A"}, timeout=10)  # warm-up, not counted
            printer.wait_for_jobs(1, timeout=30)
            latencies = []
            for i in range(count):
                start = time.monotonic()
                reply = session.post(url, json={"service": SERVICES[i % 4]}, timeout=10)
                reply.raise_for_status()
                printer.wait_for_jobs(i + 2, timeout=30)
                record = printer.job_records[i + 1]
                latencies.append((record.last_byte_at - start) * 1000)
        finally:
            server.stop()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, round(0.99 * len(latencies)) - 1)]
    print(f"print latency, tap -> last byte at the printer, {count} tickets, 80 mm, image QR")
    print(f"  p50 {statistics.median(latencies):6.1f} ms")
    print(f"  p99 {p99:6.1f} ms")
    print(f"  max {latencies[-1]:6.1f} ms   (target: p99 < 150 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
