"""Sliding-window rate limits for public forms: in this process, or shared through Redis.

`SlidingWindow` keeps its windows in this process's memory: with N processes a client may get
up to N times the limit, and a restart forgets everything. When REDIS_URL is set,
`RedisWindow` keeps them in Redis (one sorted set of hit times per key, checked and added to
by one Lua script, so it is atomic across processes) and every process counts the same hits.

Why not Flask-Limiter: its limits decorate routes and count a request when the route is
entered, before the form is validated, which is the very way garbage locked people out. Our
limits are a step of the service (shared/online.accept_form), taken once a request is valid,
with a key the service chooses; what that needs from a store is this one script.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any


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


# KEYS[1]: the key's sorted set; ARGV: now, window seconds, limit, a unique member.
_ALLOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return 1
"""


class RedisWindow:
    """`SlidingWindow` with its hits in Redis, shared by every process of the site."""

    def __init__(self, client: Any, prefix: str, limit: int, window_s: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.client = client
        self.prefix = prefix
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._allow = client.register_script(_ALLOW)

    def allow(self, key: str) -> bool:
        member = f"{self.clock():.6f}-{uuid.uuid4().hex[:8]}"
        return bool(self._allow(keys=[self.prefix + key],
                                args=[self.clock(), self.window_s, self.limit, member]))

    def retry_after(self, key: str) -> int:
        now = self.clock()
        oldest = self.client.zrangebyscore(self.prefix + key, now - self.window_s, "+inf",
                                           start=0, num=1, withscores=True)
        if not oldest or self.client.zcard(self.prefix + key) < self.limit:
            return 0
        return max(int(oldest[0][1] + self.window_s - now) + 1, 1)


def window(limit: int, window_s: float, *, redis_url: str = "", prefix: str = "") -> Any:
    """A window in Redis when a URL is given, else in this process."""
    if not redis_url:
        return SlidingWindow(limit, window_s)
    import redis  # only a deployment with Redis needs the client

    return RedisWindow(redis.Redis.from_url(redis_url), prefix, limit, window_s)
