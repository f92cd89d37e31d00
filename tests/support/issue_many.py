"""Issue N tickets against a database from a separate process (for cross-process tests)."""

import sys

from sqlalchemy import select

from shared import auth, queue
from shared.db import Database
from shared.models import DeviceToken


def main(url: str, count: int, series_service: str) -> None:
    db = Database(url)
    with db.read() as session:
        token = session.scalar(select(DeviceToken).where(DeviceToken.kind == "kiosk"))
        actor = auth.Actor(kind="kiosk", office_id=token.office_id, token_id=token.id)
    for _ in range(count):
        queue.issue_ticket(db, "demo", queue.IssueRequest(service=series_service), actor)
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
