"""The time standard (*mutu baku*) of every SOP step, per service: the SOP's figure unless the
office's administrator set another.

Keys are steps, values seconds; `online_days` is in working days; `priority` holds the figures
of SOP 002 (vulnerable visitors) under the same step keys. Four steps and the online answer
live in the service's own columns (read across the queue engine: escalation deadlines, wait
estimates, the online form); the others are kept in its `standards` JSON, which stores only
what differs from the SOP, so a step without an entry follows the SOP.

A plain module (models only): the timeline measures every ticket with it in the transaction
that appends the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from antrian.shared.core.errors import InvalidInput
from antrian.shared.models import Service

MINUTE = 60
DAY_S = 24 * 3600
MAX_STANDARD_S = 30 * DAY_S  # beyond a month is a typing error, not a standard
MAX_ONLINE_DAYS = 30


@dataclass(frozen=True)
class Standard:
    key: str
    name_id: str
    name_en: str
    sop: str  # where the figure comes from
    default_s: int  # the SOP's figure for the regular channels
    priority_s: int  # SOP 002's figure (the regular one where SOP 002 names none)
    column: str | None = None  # the Service column that stores it; None: the JSON


STANDARDS: dict[str, Standard] = {s.key: s for s in (
    Standard("reception", "Resepsionis", "Reception", "POS 001 langkah 2–3; POS 002 langkah 2",
             3 * MINUTE, 5 * MINUTE),
    Standard("wait", "Menunggu dipanggil", "Waiting to be called", "POS 001 langkah 4",
             3 * MINUTE, 3 * MINUTE, "target_wait_s"),
    Standard("call", "Dipanggil sampai dilayani", "Called until served",
             "POS 001 langkah 5–6; POS 002 langkah 3", 3 * MINUTE, 2 * MINUTE),
    Standard("service", "Identitas dan rincian", "Identity and details",
             "POS 001 langkah 7–9; POS 002 langkah 4", 3 * MINUTE, 5 * MINUTE,
             "target_service_s"),
    Standard("back_office", "Back office", "Back office", "POS 001 langkah 10–11",
             8 * MINUTE, 8 * MINUTE, "back_office_s"),
    Standard("main_unit", "Unit utama", "Main unit", "POS 001 langkah 12–14; POS 003 langkah 5",
             10 * MINUTE, 10 * MINUTE, "main_unit_s"),
    Standard("answer", "Memberi jawaban", "Giving the answer", "POS 001 langkah 15",
             5 * MINUTE, 5 * MINUTE),
    Standard("closing", "Penutup dan survei", "Closing and the survey",
             "POS 001 langkah 16; POS 002 langkah 5", 5 * MINUTE, 5 * MINUTE),
    Standard("phone_record", "Mencatat penelepon", "Recording the caller",
             "POS 003 langkah 1–2", 3 * MINUTE, 3 * MINUTE),
    Standard("phone_answer", "Menjawab atau meneruskan", "Answering or passing on",
             "POS 003 langkah 3", 5 * MINUTE, 5 * MINUTE),
    Standard("callback", "Telepon balik", "Call-back", "POS 003 langkah 6",
             5 * MINUTE, 5 * MINUTE),
    Standard("escort", "Pendampingan", "Escort", "POS 002 langkah 1 dan 3",
             5 * MINUTE, 5 * MINUTE),
)}
STEP_KEYS: tuple[str, ...] = tuple(STANDARDS)
ONLINE_DAYS = "online_days"
ESCORT = "escort"
ONLINE_SOP = "POS 000 langkah 2"
ONLINE_DEFAULT_DAYS = 2
PRIORITY = "priority"
KEYS = (*STEP_KEYS, ONLINE_DAYS, PRIORITY)


@dataclass(frozen=True)
class Figures:
    """One service's standards, resolved: what a ticket is measured against."""

    regular: dict[str, int]
    priority: dict[str, int]
    online_s: int  # working seconds

    def of(self, step: str, priority: bool = False) -> int:
        # the escort is SOP 002's own step: held to its priority figure whatever the class
        return (self.priority if priority or step == ESCORT else self.regular)[step]


def figures(service: Service) -> Figures:
    stored = service.standards or {}
    regular = {}
    for key, std in STANDARDS.items():
        regular[key] = getattr(service, std.column) if std.column else int(
            stored.get(key, std.default_s))
    extra = stored.get(PRIORITY) or {}
    priority = {key: int(extra.get(key, std.priority_s)) for key, std in STANDARDS.items()}
    return Figures(regular, priority, service.online_answer_s)


def as_json(service: Service) -> dict[str, Any]:
    """The API's `standards` object of a service."""
    f = figures(service)
    days = f.online_s / DAY_S
    return {**f.regular, ONLINE_DAYS: int(days) if days.is_integer() else round(days, 4),
            PRIORITY: dict(f.priority)}


# ---------------------------------------------------------------- changing them


def _seconds(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_STANDARD_S:
        raise InvalidInput(f"'{field}' harus bilangan bulat detik 1-{MAX_STANDARD_S}. / "
                           f"'{field}' must be whole seconds, 1-{MAX_STANDARD_S}.", field=field)
    return value


def _unknown(given: dict, allowed: tuple[str, ...], field: str) -> None:
    unknown = sorted(set(given) - set(allowed), key=str)
    if unknown:
        raise InvalidInput(f"Standar waktu tidak dikenal / unknown time standard: "
                           f"{', '.join(map(str, unknown))}; pilih / use {', '.join(allowed)}",
                           field=field)


@dataclass(frozen=True)
class Change:
    """A checked change: column values, and the JSON's new content."""

    columns: dict[str, int]
    stored: dict[str, Any]


def check(value: Any, service: Service) -> Change:
    """Check a (partial) `standards` object against the service's current figures: every
    key given is checked before anything is set; keys left out keep their value."""
    if not isinstance(value, dict):
        raise InvalidInput("'standards' harus objek detik. / 'standards' must be an object of "
                           "seconds.", field="standards")
    _unknown(value, KEYS, "standards")
    columns: dict[str, int] = {}
    stored = {k: v for k, v in (service.standards or {}).items() if k in STEP_KEYS}
    stored_priority = dict((service.standards or {}).get(PRIORITY) or {})
    for key in STEP_KEYS:
        if key not in value:
            continue
        seconds = _seconds(value[key], f"standards.{key}")
        if STANDARDS[key].column:
            columns[STANDARDS[key].column] = seconds
        else:
            stored[key] = seconds
    if ONLINE_DAYS in value:
        days = value[ONLINE_DAYS]
        if isinstance(days, bool) or not isinstance(days, int) or not (
                1 <= days <= MAX_ONLINE_DAYS):
            raise InvalidInput(f"'standards.online_days' harus 1-{MAX_ONLINE_DAYS} hari kerja. / "
                               f"'standards.online_days' must be 1-{MAX_ONLINE_DAYS} working "
                               "days.", field="standards.online_days")
        columns["online_answer_s"] = days * DAY_S
    if PRIORITY in value:
        given = value[PRIORITY]
        if not isinstance(given, dict):
            raise InvalidInput("'standards.priority' harus objek detik. / "
                               "'standards.priority' must be an object of seconds.",
                               field="standards.priority")
        _unknown(given, STEP_KEYS, "standards.priority")
        for key, seconds in given.items():
            stored_priority[key] = _seconds(seconds, f"standards.priority.{key}")
    if stored_priority:
        stored[PRIORITY] = stored_priority
    return Change(columns, stored)


def apply(service: Service, change: Change) -> None:
    for column, seconds in change.columns.items():
        setattr(service, column, seconds)
    service.standards = change.stored  # a new dict: the JSON column sees the change
