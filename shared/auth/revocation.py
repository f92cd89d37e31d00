"""Making a revoked token or a disabled account stop working in every server process.

Each process keeps recently checked bearer tokens (and open sockets) so that it need not look
them up on every request. A revocation raises one database number, the auth epoch; each
process reads that number every CHECK_EVERY_S (one tiny query) and, when it moved, drops
what it had cached and re-checks its open sockets. So a revocation made in one process holds
in all of them within about CHECK_EVERY_S, with no extra moving part: the database they share
is the message.

One watch per database serves the whole process. A server's socket guard re-reads it in the
background, so a request finds it fresh and reads nothing; without the guard (a script, a
test's client) a request re-reads it once it is older than STALE_AFTER_S.
"""

from __future__ import annotations

import math
import time
import weakref

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.core.db import Database, increment
from antrian.shared.models import AuthEpoch, DeviceToken, User

CHECK_EVERY_S = 0.25
STALE_AFTER_S = 2 * CHECK_EVERY_S  # a request's own look, when no guard has looked lately:
# revoked tokens stop within CHECK_EVERY_S as a rule, and within STALE_AFTER_S at worst
_ROW = {"id": 1}


def bump(session: Session) -> int:
    """Mark, inside the revoking transaction, that some credential stopped being valid."""
    return increment(session, AuthEpoch, _ROW, "version")


def current(session: Session) -> int:
    return session.scalar(select(AuthEpoch.version).where(AuthEpoch.id == _ROW["id"])) or 0


monotonic = time.monotonic  # the watch's clock (a test moves it)


class EpochWatch:
    """The auth epoch as this process last read it."""

    def __init__(self) -> None:
        self._seen = 0
        self._read_at = -math.inf

    def seen(self, db: Database, max_age_s: float) -> int:
        """The epoch, read again when the last reading is `max_age_s` old. Readings only move
        forward: the guard and a request may read at once, and the slower one must not put
        back an older number (a revoked token would be trusted again)."""
        now = monotonic()
        if now - self._read_at >= max_age_s:
            with db.read() as session:
                version = current(session)
            self._seen = max(self._seen, version)
            self._read_at = max(self._read_at, now)
        return self._seen

    def expire(self) -> None:
        """Read the epoch again on the next look (this process just revoked something)."""
        self._read_at = -math.inf


_watches: weakref.WeakKeyDictionary[Database, EpochWatch] = weakref.WeakKeyDictionary()


def watch_for(db: Database) -> EpochWatch:
    """This process's watch of `db`'s epoch, shared by its requests and its socket guard."""
    watch = _watches.get(db)
    if watch is None:
        watch = _watches[db] = EpochWatch()
    return watch


def expire_all() -> None:
    """This process just revoked something: every watch reads again on its next look."""
    for watch in list(_watches.values()):
        watch.expire()


def no_longer_valid(session: Session, user_ids: set[int],
                    token_ids: set[int]) -> tuple[set[int], set[int]]:
    """Of these users and tokens, the disabled users and the revoked (or vanished) tokens."""
    active_users = set(session.scalars(select(User.id).where(
        User.id.in_(user_ids), User.active.is_(True)))) if user_ids else set()
    live_tokens = set(session.scalars(select(DeviceToken.id).where(
        DeviceToken.id.in_(token_ids), DeviceToken.revoked.is_(False)))) if token_ids else set()
    return user_ids - active_users, token_ids - live_tokens
