"""What the touch kiosk shows before a tap: the open services, their queues and waits, and
which device it is."""

from __future__ import annotations

from typing import Any

from antrian.shared.auth.actors import Actor
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Forbidden, Unauthorized
from antrian.shared.models import DeviceToken, Office
from antrian.shared.models.ticket import PRIORITY_REASONS
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets import office_snapshot, wait_estimate

#: The priority reasons of UU 25/2009 art. 29 as the kiosk offers them, Indonesian first.
REASON_LABELS = {
    "lansia": ("Lansia (60 tahun ke atas)", "Elderly (60 or over)"),
    "disabilitas": ("Penyandang disabilitas", "Person with a disability"),
    "ibu_hamil": ("Ibu hamil", "Pregnant"),
    "anak_kecil": ("Membawa anak kecil", "With a small child"),
    "korban_bencana": ("Korban bencana", "Disaster victim"),
}


def priority_reasons() -> list[dict[str, str]]:
    return [{"code": code, "id": REASON_LABELS[code][0], "en": REASON_LABELS[code][1]}
            for code in PRIORITY_REASONS]


def menu(db: Database, office_code: str, actor: Actor | None = None) -> dict[str, Any]:
    """The kiosk's home screen: one entry per service with its queue and expected wait.

    Public, like the board: it holds no personal data. A device token, though, reads only
    its own office's menu. A closed service or one whose daily quota is used up is listed
    with the reason, so the kiosk shows it disabled.
    """
    with db.read() as session:
        office = office_by_code(session, office_code)
        if actor is not None and actor.kind != "user" and actor.office_id != office.id:
            raise Forbidden("Token ini untuk kantor lain. / This token belongs to another "
                            "office.", code="wrong_office")
        day = clock.today(office.timezone)
        counts = office_snapshot.waiting_counts(
            session, office, day
        )  # one row per service, in order
        entries = []
        local = clock.now().astimezone(clock.zone(office.timezone)).time()
        for service, row in zip(office.services, counts, strict=True):
            unavailable = None
            if not service.active or not service.open_at(local):
                unavailable = "closed"
            elif row["quota_left"] == 0:
                unavailable = "quota"
            entries.append(
                {
                    "service": service.prefix,
                    "name": row["name"],
                    "waiting": row["waiting"],
                    "estimated_wait_s": wait_estimate.estimate_fresh(
                        session, service, row["waiting"]
                    ),
                    "quota_left": row["quota_left"],
                    "unavailable": unavailable,
                }
            )
        return {
            "office": {
                "code": office.code,
                "name": office.name,
                "timezone": office.timezone,
                "language": office.settings.language,
            },
            "return_seconds": office.settings.kiosk_return_seconds,
            "services": entries,
        }


DEVICE_NAMES = {"kiosk": ("kios", "kiosk"), "print_agent": ("agen cetak", "print agent")}


def whoami(
    db: Database, actor: Actor | None, office_code: str | None = None, kind: str = "kiosk"
) -> dict[str, Any]:
    """The device a bearer token belongs to: how the pairing page checks a kiosk token and
    how a print agent learns its office."""
    name_id, name_en = DEVICE_NAMES[kind]
    if actor is None:
        raise Unauthorized(f"Perlu token {name_id}. / A {name_en} token is needed.")
    if actor.kind != kind or actor.token_id is None:
        raise Forbidden(
            f"Ini bukan token {name_id}. / This is not a {name_en} token.", code=f"not_{kind}"
        )
    with db.read() as session:
        token = session.get(DeviceToken, actor.token_id)
        office = session.get(Office, actor.office_id)
        if office_code is not None and office.code != office_code:
            raise Forbidden(
                f"Token ini untuk kantor {office.code}. / "
                f"This token belongs to office {office.code}.",
                code="wrong_office",
            )
        return {
            "kind": kind,
            "token_id": token.id,
            "name": token.name,
            "office": {"code": office.code, "name": office.name},
        }


def ticket_view(db: Database, token: str, base_url: str) -> dict[str, Any]:
    """A ticket's status page: the public ticket and its office (the page follows the
    ticket's status live from there)."""
    from antrian.shared.tickets import lifecycle
    from antrian.shared.tickets.ticket_json import ticket_api

    ticket, ahead, wait = lifecycle.ticket_for_token(db, token)
    with db.read() as session:
        office = session.get(Office, ticket.office_id)
        return {
            "ticket": ticket_api(ticket, base_url, ahead, wait),
            "office": {"code": office.code, "name": office.name},
        }
