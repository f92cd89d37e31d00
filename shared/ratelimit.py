"""A small in-process sliding-window rate limiter for public forms.

Each server process keeps its own windows in memory: with N processes behind a proxy a client
may get up to N times the limit, and a restart forgets everything. That is enough to blunt a
flood from one address on an office LAN without any third-party service; a deployment that
needs a hard global limit puts one in its reverse proxy.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    """At most `limit` hits per key within the last `window_s` seconds."""

    def __init__(self, limit: int, window_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count a hit for `key` if it fits the window; False (and not counted) if not."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                self._prune(now)
            return True

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may try again (0 if it may now)."""
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key)
            if not hits or len(hits) < self.limit:
                return 0
            return max(int(hits[0] + self.window_s - now) + 1, 1)

    def _prune(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window_s]:
            del self._hits[key]
