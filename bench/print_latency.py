"""Tap to paper: from the kiosk's HTTP POST to the last byte at a (virtual) 80 mm printer.

Starts a real `antrian serve` with the spooler on, registers a virtual network printer on
loopback (image QR, 80 mm), issues N tickets one after another like taps, and measures for
each the time from sending the POST to the printer's last received byte. Prints p50/p99.
Run: python bench/print_latency.py [N]   (default 200)
"""

from __future__ import annotations

import sys
import time

from _common import bearer_session, percentile, start_server

from tests.virtual_printer import VirtualPrinter

SERVICES = "ABCD"


def main(count: int) -> None:
    with VirtualPrinter() as printer:
        server = start_server()
        try:
            server.cli("printer", "add", "--office", "demo", "--name", "bench",
                       "--url", printer.url, "--paper", "80")
            kiosk = bearer_session(server, "--office", "demo", "--kind", "kiosk")
            url = f"{server.url}/api/v1/offices/demo/tickets"
            kiosk.post(url, json={"service": "A"}, timeout=10)  # warm-up, not counted
            printer.wait_for_jobs(1, timeout=30)
            latencies = []
            for i in range(count):
                start = time.monotonic()
                reply = kiosk.post(url, json={"service": SERVICES[i % 4]}, timeout=10)
                reply.raise_for_status()
                printer.wait_for_jobs(i + 2, timeout=30)
                record = printer.job_records[i + 1]
                latencies.append((record.last_byte_at - start) * 1000)
        finally:
            server.stop()
    print(f"print latency, tap -> last byte at the printer, {count} tickets, 80 mm, image QR")
    print(f"  p50 {percentile(latencies, 50):6.1f} ms")
    print(f"  p99 {percentile(latencies, 99):6.1f} ms")
    print(f"  max {max(latencies):6.1f} ms   (target: p99 < 150 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
