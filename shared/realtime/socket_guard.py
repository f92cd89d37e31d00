"""Closing the open sockets of a disabled account or a revoked token, in every process.

Each server process runs `guard` in the background: when the auth epoch moves (see
shared/auth/revocation.py) it looks at the users and tokens holding sockets here and disconnects
those no longer valid. A console that reconnects is refused at connect time; its page, on
reload, goes to the login.
"""

from __future__ import annotations

import logging

from antrian.shared.auth import revocation
from antrian.shared.core.db import Database

log = logging.getLogger(__name__)


def sweep(hub, db: Database) -> int:
    """Disconnect this process's sockets whose account or token is no longer valid."""
    users, tokens = hub.holders_here()
    if not users and not tokens:
        return 0
    with db.read() as session:
        bad_users, bad_tokens = revocation.no_longer_valid(session, users, tokens)
    closed = sum(hub.disconnect_room(f"user:{u}") for u in bad_users)
    closed += sum(hub.disconnect_room(f"token:{t}") for t in bad_tokens)
    if closed:
        log.info("closed %d socket(s) of disabled accounts or revoked tokens", closed)
    return closed


def guard(hub, db: Database, every_s: float = revocation.CHECK_EVERY_S) -> None:
    """Until the database is closed: sweep whenever the auth epoch moved. Its look keeps the
    process's watch fresh for the requests too (they then read nothing)."""
    watch = revocation.watch_for(db)
    last = None
    while not db.closed:
        try:
            seen = watch.seen(db, every_s)
            if last is not None and seen != last:
                sweep(hub, db)
            last = seen
        except Exception:  # the database may blink; the next round tries again
            log.exception("checking for revoked credentials failed")
        hub.socketio.sleep(every_s)
