"""Display profiles: which counters and services one lobby board shows (a floor, a wing).

An office with two floors hangs a TV on each; each TV shows only its own counters and the
services served there, speaks in its own language and scrolls its own running text. The
administrator sets a profile with ``antrian display-profile set``; the board picks it with
``/display/<office>?profile=<name>``.

Filtering is one pure function over the board snapshot (:func:`filter_snapshot`) so the
server's first render and the browser's live updates apply the same rule: a call shows when
its counter is in the profile's counters (empty: all counters) and its service is in the
profile's services (empty: all services); waiting counts show for the profile's services.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.core.errors import InvalidInput, NotFound
from antrian.shared.models import Counter, DisplayProfile, Office, Service
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets.spoken_call import LANGUAGES

__all__ = [
    "MAX_RUNNING_TEXT",
    "delete_profile",
    "Profile",
    "filter_snapshot",
    "get_profile",
    "list_profiles",
    "parse_list",
    "set_profile",
    "shows_call",
]

MAX_RUNNING_TEXT = 500
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
_PREFIX_RE = re.compile(r"[A-Z]{1,3}")


@dataclass(frozen=True)
class Profile:
    """A board's selection. Empty ``counters``/``services`` mean "all of them"."""

    name: str
    counters: tuple[int, ...] = ()
    services: tuple[str, ...] = ()
    language: str = "id"
    running_text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "counters": list(self.counters), "services": list(self.services)}


def parse_list(text: str | None) -> list[str]:
    """``"1, 2,,3"`` -> ``["1", "2", "3"]``: the comma lists the CLI and the table store."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


# ---------------------------------------------------------------- the pure filter


def shows_call(profile: Profile | None, counter_number: int | None, service: str | None) -> bool:
    """Whether a call of ``service`` to counter ``counter_number`` belongs on this board."""
    if profile is None:
        return True
    if profile.counters and counter_number not in profile.counters:
        return False
    return not profile.services or service in profile.services


def filter_snapshot(snapshot: dict[str, Any], profile: Profile | None) -> dict[str, Any]:
    """The board snapshot as this profile's board shows it; the input is left untouched."""
    if profile is None:
        return snapshot
    counters = set(profile.counters)
    services = set(profile.services)

    def counter_shown(counter: dict[str, Any] | None) -> bool:
        return not counters or (counter is not None and counter["number"] in counters)

    calls = []
    for row in snapshot["calls"]:
        if not counter_shown(row["counter"]):
            continue
        ticket = row["ticket"]
        if ticket is not None and services and ticket["service"] not in services:
            row = {**row, "ticket": None}  # the counter is ours, that ticket's service is not
        calls.append(row)
    return {
        **snapshot,
        "calls": calls,
        "recent": [
            r for r in snapshot["recent"]
            if counter_shown(r["counter"]) and (not services or r["service"] in services)
        ],
        "waiting": [w for w in snapshot["waiting"] if not services or w["service"] in services],
    }


# ---------------------------------------------------------------- the stored profiles


def _profile(row: DisplayProfile) -> Profile:
    return Profile(
        name=row.name,
        counters=tuple(int(n) for n in parse_list(row.counter_numbers)),
        services=tuple(parse_list(row.service_prefixes)),
        language=row.language,
        running_text=row.running_text or "",
    )


def _check_counters(session: Session, office: Office, raw: list[str]) -> tuple[int, ...]:
    numbers = []
    for item in raw:
        if not item.isascii() or not item.isdigit():
            raise InvalidInput(
                f"Nomor loket harus angka: {item!r} / counter numbers must be numbers",
                field="counters",
            )
        numbers.append(int(item))
    known = set(session.scalars(select(Counter.number).where(Counter.office_id == office.id)))
    unknown = [n for n in numbers if n not in known]
    if unknown:
        listed = ", ".join(map(str, unknown))
        raise InvalidInput(
            f"Loket tidak ada di kantor {office.code}: {listed} / no such counter", field="counters"
        )
    return tuple(dict.fromkeys(numbers))


def _check_services(session: Session, office: Office, raw: list[str]) -> tuple[str, ...]:
    prefixes = [p.upper() for p in raw]
    known = set(session.scalars(select(Service.prefix).where(Service.office_id == office.id)))
    unknown = [p for p in prefixes if not _PREFIX_RE.fullmatch(p) or p not in known]
    if unknown:
        raise InvalidInput(
            f"Layanan tidak ada di kantor {office.code}: {', '.join(unknown)} / no such service",
            field="services",
        )
    return tuple(dict.fromkeys(prefixes))


def set_profile(
    session: Session,
    office_code: str,
    name: str,
    *,
    counters: list[str] | None = None,
    services: list[str] | None = None,
    language: str | None = None,
    running_text: str | None = None,
) -> Profile:
    """Create or update a profile; arguments left as None keep their stored value."""
    office = office_by_code(session, office_code)
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise InvalidInput(
            "Nama profil: huruf kecil, angka, '-' atau '_', maks. 60 / profile name: lowercase "
            "letters, digits, '-' or '_', up to 60",
            field="name",
        )
    row = session.scalar(select(DisplayProfile).where(
        DisplayProfile.office_id == office.id, DisplayProfile.name == name))
    if row is None:
        row = DisplayProfile(office_id=office.id, name=name, counter_numbers="",
                             service_prefixes="", language=office.settings.language,
                             running_text="")
        session.add(row)
    if counters is not None:
        row.counter_numbers = ",".join(map(str, _check_counters(session, office, counters)))
    if services is not None:
        row.service_prefixes = ",".join(_check_services(session, office, services))
    if language is not None:
        if language not in LANGUAGES:
            raise InvalidInput(
                f"Bahasa harus salah satu dari {', '.join(LANGUAGES)} / language must be one of "
                f"{', '.join(LANGUAGES)}",
                field="language",
            )
        row.language = language
    if running_text is not None:
        text = " ".join(running_text.split())
        if len(text) > MAX_RUNNING_TEXT:
            raise InvalidInput(
                f"Teks berjalan maks. {MAX_RUNNING_TEXT} karakter / running text is limited to "
                f"{MAX_RUNNING_TEXT} characters",
                field="running_text",
            )
        row.running_text = text
    session.flush()
    return _profile(row)


def _row(session: Session, office_code: str, name: str) -> DisplayProfile:
    office = office_by_code(session, office_code)
    row = session.scalar(select(DisplayProfile).where(
        DisplayProfile.office_id == office.id, DisplayProfile.name == name))
    if row is None:
        raise NotFound(
            f"Profil layar tidak ditemukan / unknown display profile: {name}", field="profile"
        )
    return row


def get_profile(session: Session, office_code: str, name: str) -> Profile:
    """The named profile of the office; NotFound when it does not exist."""
    return _profile(_row(session, office_code, name))


def list_profiles(session: Session, office_code: str | None = None) -> list[tuple[str, Profile]]:
    """Every profile as (office code, profile), ordered by office then name."""
    query = (
        select(Office.code, DisplayProfile)
        .join(Office, Office.id == DisplayProfile.office_id)
        .order_by(Office.code, DisplayProfile.name)
    )
    if office_code is not None:
        query = query.where(Office.id == office_by_code(session, office_code).id)
    return [(code, _profile(row)) for code, row in session.execute(query).all()]


def delete_profile(session: Session, office_code: str, name: str) -> None:
    """Remove a profile; a board still using it then shows the "unknown profile" page."""
    session.delete(_row(session, office_code, name))
