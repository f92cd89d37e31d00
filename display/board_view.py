"""What a lobby board page starts from: the filtered snapshot, its profile and its language.

Also the announcement of a call the board heard about only through a snapshot (it was away
when the call was made): composed by the same function as the live event's, so the words
are the same whichever way the board learnt of the call.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import NotFound
from antrian.shared.models import Ticket
from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.office import display_profiles
from antrian.shared.office.directory import counter_by_number, office_by_code
from antrian.shared.tickets import office_snapshot
from antrian.shared.tickets.call_announcement import for_call


def board_page(db: Database, office_code: str, profile_name: str | None) -> dict[str, Any]:
    """The board's first picture. Unknown office or profile: NotFound (a 404 page)."""
    with db.consistent_read() as session:
        office = office_by_code(session, office_code)
        profile = (
            display_profiles.get_profile(session, office_code, profile_name)
            if profile_name else None
        )
        snapshot = office_snapshot.snapshot(session, office)
        return {
            "snapshot": display_profiles.filter_snapshot(snapshot, profile),
            "profile": profile.to_json() if profile else None,
            "language": profile.language if profile else office.settings.language,
            "running_text": profile.running_text if profile else "",
            "zone": clock.zone_abbreviation(office.timezone),  # shown beside the clock
        }


def announcement_for_recent(
    db: Database, office_code: str, code: str, counter_number: int
) -> dict[str, Any]:
    """The announcement of today's ticket ``code`` called to counter ``counter_number``.

    Only walk-in tickets: a phone or online ticket is never on a board, so never spoken.
    """
    with db.read() as session:
        office = office_by_code(session, office_code)
        day = clock.today(office.timezone)
        ticket = session.scalar(select(Ticket).where(
            Ticket.office_id == office.id, Ticket.service_day == day, Ticket.code == code,
            Ticket.channel.in_(WALK_IN_CHANNELS)))
        counter = counter_by_number(session, office.id, counter_number)
        if ticket is None or counter is None:
            raise NotFound("Panggilan tidak ditemukan / no such call today", field="code")
        return for_call(office, counter, ticket)
