"""Issue N tickets against a database from a separate process (for cross-process tests)."""

import sys

from sqlalchemy import select

from antrian.shared.auth import actors
from antrian.shared.core.db import Database
from antrian.shared.models import DeviceToken
from antrian.shared.tickets import lifecycle


def main(url: str, count: int, series_service: str) -> None:
    db = Database(url)
    with db.read() as session:
        token = session.scalar(select(DeviceToken).where(DeviceToken.kind == "kiosk"))
        actor = actors.Actor(kind="kiosk", office_id=token.office_id, token_id=token.id)
    for _ in range(count):
        lifecycle.issue_ticket(db, "demo", lifecycle.IssueRequest(service=series_service), actor)
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
