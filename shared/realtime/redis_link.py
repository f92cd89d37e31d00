"""The hub's link to the other server processes: one Redis pub/sub channel, as data.

Each process sends its own committed events (and a few control messages) to the channel and
hands what the others send to its hub; the hub puts the office events in order. We keep this
link instead of python-socketio's Redis manager because that one retries a lost connection
with a doubling wait (53 s of silence after a 70 s outage here) and cannot tell a quiet
channel from a dead connection. Here:

- a lost connection is retried every `RETRY_S`, however long Redis was away;
- a connection that goes silent is pinged after `PING_S` and given up after `DEAD_S`
  (a dropped network path sends no error, only silence);
- `on_up` runs after every (re)subscription, so the hub can resync what it missed;
- while Redis is down, sending drops messages at once: local sockets keep being served.

`start_task` and `sleep` come from the Socket.IO server, so the same code runs on threads and
on gevent (with sockets monkey-patched, as `gunicorn -k gevent` does).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

RETRY_S = 0.5
PING_S = 1.0
DEAD_S = 3.0


class RedisLink:
    def __init__(self, url: str, channel: str, *, on_message: Callable[[dict], None],
                 on_up: Callable[[], None], start_task: Callable, sleep: Callable,
                 make_queue: Callable) -> None:
        import redis  # the `redis` extra; only needed with several processes

        self._redis = redis
        self.url, self.channel = url, channel
        self.origin = uuid.uuid4().hex  # our own messages come back from Redis: skip them
        self.on_message, self.on_up = on_message, on_up
        self._start_task, self._sleep = start_task, sleep
        self._outbox = make_queue()
        self.connected = False
        self.reconnects = 0
        self.dropped = 0  # messages not sent because Redis was down

    def start(self) -> None:
        self._start_task(self._listen_forever)
        self._start_task(self._send_forever)

    def send(self, message: dict[str, Any]) -> None:
        """Queue a message for the other processes; never blocks."""
        self._outbox.put(message)

    def publish_now(self, message: dict[str, Any]) -> None:
        """Send once, synchronously: for a command-line process that has no running hub."""
        client = self._client()
        try:
            client.publish(self.channel, self._encode(message))
        finally:
            client.close()

    # ------------------------------------------------------------ sending

    def _client(self):
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No retries inside redis-py (its default waits with a growing backoff): this link
        # has its own steady retry, and a message that cannot be sent now is dropped.
        return self._redis.Redis.from_url(self.url, socket_connect_timeout=1,
                                          socket_timeout=DEAD_S, retry=Retry(NoBackoff(), 0))

    def _encode(self, message: dict[str, Any]) -> str:
        return json.dumps({**message, "origin": self.origin}, separators=(",", ":"))

    def _send_forever(self) -> None:
        client = self._client()
        while True:
            message = self._outbox.get()
            if not self.connected:
                self.dropped += 1  # the others resync from the database when it is back
                continue
            try:
                client.publish(self.channel, self._encode(message))
            except Exception as exc:  # the listener notices too and reconnects
                self.dropped += 1
                log.warning("hub: sending to Redis failed: %s", exc)

    # ------------------------------------------------------------ receiving

    def _listen_forever(self) -> None:
        while True:
            try:
                self._listen()
            except Exception as exc:
                if self.connected:
                    log.warning("hub: Redis connection lost (%s); retrying every %.1f s",
                                exc, RETRY_S)
            self.connected = False
            self._sleep(RETRY_S)

    def _listen(self) -> None:
        client = self._client()
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(self.channel)
            last_heard = time.monotonic()
            pinged = False
            while True:
                message = pubsub.get_message(timeout=PING_S / 2)
                now = time.monotonic()
                if message is not None:
                    last_heard, pinged = now, False
                    self._receive(message)
                elif now - last_heard > DEAD_S:
                    raise ConnectionError(f"no answer from Redis in {DEAD_S:.0f} s")
                elif now - last_heard > PING_S and not pinged:
                    pubsub.ping()
                    pinged = True
        finally:
            try:
                pubsub.close()
                client.close()
            except Exception:  # closing a dead connection may fail too; it is gone anyway
                pass

    def _receive(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "subscribe":
            (log.warning if self.reconnects else log.info)(
                "hub: Redis link up (channel %s)", self.channel)
            self.connected = True
            self.reconnects += 1
            self.on_up()
        elif kind == "message":
            try:
                data = json.loads(message["data"])
            except (TypeError, ValueError):
                return
            if isinstance(data, dict) and data.get("origin") != self.origin:
                self.on_message(data)
