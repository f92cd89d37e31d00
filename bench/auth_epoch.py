"""What the revocation check costs a bearer-token request.

Each process re-reads the auth epoch every revocation.CHECK_EVERY_S (0.25 s) so that a revoked
token stops working everywhere within that time; a server's socket guard does it in the
background, and a request without one re-reads it once older than STALE_AFTER_S (0.5 s). This
measures token-authenticated requests per second in-process (Flask test client, SQLite, no
guard: the request reads it itself), with the check as shipped and with the epoch read
switched off (the baseline: the cache of shared/auth alone), alternating the two in the same
run and printing their ratio.
Usage: python bench/auth_epoch.py [--requests 3000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time

from antrian import demo, migrate
from antrian.app import create_app
from antrian.shared.auth import revocation


def rate(client, headers, requests: int) -> float:
    start = time.perf_counter()
    for _ in range(requests):
        assert client.get("/api/v1/kiosk/whoami", headers=headers).status_code == 200
    return requests / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"instance_path": folder, "print_spooler": False})
        db = app.extensions["antrian.db"]
        migrate.upgrade(db.engine)
        kiosk = demo.seed_if_empty(db).kiosk_token
        headers = {"Authorization": f"Bearer {kiosk}"}
        client = app.test_client()
        rate(client, headers, 200)  # warm up
        shipped, baseline = [], []
        shipped_stale_after = revocation.STALE_AFTER_S
        for _ in range(args.rounds):
            revocation.STALE_AFTER_S = shipped_stale_after
            shipped.append(rate(client, headers, args.requests))
            revocation.STALE_AFTER_S = math.inf  # never re-read: the baseline
            baseline.append(rate(client, headers, args.requests))
        db.dispose()
    best_shipped, best_baseline = max(shipped), max(baseline)
    print(f"requests/s with the epoch check: {best_shipped:.0f}; without: {best_baseline:.0f}; "
          f"ratio {best_shipped / best_baseline:.3f}")


if __name__ == "__main__":
    main()
