"""What a printed ticket shows and how the printer is set up, as plain values.

The caller localises everything to strings first, so the printing layer never needs
the database, the clock or the translation tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

#: Printable width in dots of a 203 dpi head, and columns of font A (12 dots wide).
PAPER_DOTS = {58: 384, 80: 576}
FONT_A_DOTS = 12


@dataclass(frozen=True)
class TicketSlip:
    """Everything one ticket prints, already in the visitor's language."""

    office_name: str
    header_lines: tuple[str, ...]
    service_name: str
    code: str
    priority: bool
    priority_label: str | None
    issued_at_text: str
    ahead_text: str
    wait_text: str
    qr_url: str
    qr_caption: str
    footer_lines: tuple[str, ...]
    logo_path: str | None = None
    logo_png: bytes | None = None  # the office's logo as stored (PNG or JPEG bytes)


@dataclass(frozen=True)
class PrintSettings:
    """How one printer is driven; stored with the Printer row."""

    paper_mm: int = 80
    native_qr: bool = False
    profile: str | None = None
    cut: bool = True

    def __post_init__(self) -> None:
        if self.paper_mm not in PAPER_DOTS:
            allowed = " or ".join(str(mm) for mm in PAPER_DOTS)
            raise ValueError(f"paper_mm must be {allowed}, not {self.paper_mm!r}")
        if self.profile is not None and self.profile not in _profile_names():
            raise ValueError(f"unknown python-escpos printer profile {self.profile!r}")

    @property
    def dots(self) -> int:
        """Printable width in dots, narrowed by the profile when it knows its head."""
        dots = PAPER_DOTS[self.paper_mm]
        known = _profile_pixels(self.profile)
        return min(dots, known) if known else dots

    @property
    def columns(self) -> int:
        """Characters of font A that fit on one line at normal size."""
        return self.dots // FONT_A_DOTS


def _profile_names() -> frozenset[str]:
    from escpos.capabilities import CAPABILITIES

    return frozenset(CAPABILITIES["profiles"])


@cache
def _profile_pixels(profile: str | None) -> int | None:
    """The head width the named python-escpos profile declares, or None."""
    if profile is None:
        return None
    from escpos.capabilities import CAPABILITIES

    return declared_pixels(CAPABILITIES["profiles"].get(profile, {}))


def declared_pixels(profile_data: dict[str, Any]) -> int | None:
    """The head width in python-escpos profile data, or None when it says "Unknown"."""
    try:
        return int(profile_data["media"]["width"]["pixels"])
    except (KeyError, TypeError, ValueError):
        return None
