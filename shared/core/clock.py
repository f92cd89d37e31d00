"""Time in the office's zone: a service day starts at the office's local midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from antrian.shared.core.errors import InvalidInput

ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
                      "Asia/Jayapura": "WIT"}


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"Zona waktu tidak dikenal / unknown time zone: {name}") from exc


def now() -> datetime:
    return datetime.now(UTC)


def service_day(moment: datetime, tz_name: str) -> date:
    return moment.astimezone(zone(tz_name)).date()


def today(tz_name: str) -> date:
    """The office's service day now."""
    return service_day(now(), tz_name)


def day_bounds(day: date, tz_name: str) -> tuple[datetime, datetime]:
    """The UTC instants where a local service day starts and ends."""
    tz = zone(tz_name)
    start = datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return start, end


def zone_abbreviation(tz_name: str) -> str:
    return ZONE_ABBREVIATIONS.get(tz_name, tz_name)
