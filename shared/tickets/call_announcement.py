"""The announcement that travels with every `ticket.called` event.

Composed once on the server, in both languages, so every board speaks the same words and a
board whose profile is English needs no second round trip.
"""

from __future__ import annotations

from typing import Any

from antrian.shared.models import Counter, Office, Ticket
from antrian.shared.tickets.spoken_call import compose_call


def for_call(office: Office, counter: Counter, ticket: Ticket) -> dict[str, Any]:
    mode = office.settings.digit_mode
    spoken = {}
    for lang in ("id", "en"):
        ann = compose_call(ticket.code, str(counter.number), lang=lang, digit_mode=mode)
        spoken[lang] = {"text": ann.text, "clips": list(ann.clips)}
    return {"lang": office.settings.language, **spoken}
