"""From a print job's plain data (as `shared.tickets.print_jobs` builds it, or as a print agent
receives it over HTTP) to the values the layout prints."""

from __future__ import annotations

import base64
from typing import Any

from antrian.printing.slip_values import PrintSettings, TicketSlip


def ticket_slip(data: dict[str, Any]) -> TicketSlip:
    """A TicketSlip from `printjobs.slip_data`; unknown keys are ignored (newer servers)."""
    return TicketSlip(
        office_name=str(data["office_name"]),
        header_lines=tuple(str(line) for line in data.get("header_lines", ())),
        service_name=str(data["service_name"]),
        code=str(data["code"]),
        priority=bool(data.get("priority")),
        priority_label=data.get("priority_label"),
        issued_at_text=str(data.get("issued_at_text", "")),
        ahead_text=str(data.get("ahead_text", "")),
        wait_text=str(data.get("wait_text", "")),
        qr_url=str(data["qr_url"]),
        qr_caption=str(data.get("qr_caption", "")),
        footer_lines=tuple(str(line) for line in data.get("footer_lines", ())),
        logo_png=_logo(data.get("logo_b64")),
    )


def _logo(encoded: Any) -> bytes | None:
    """The logo's bytes; a damaged one is dropped (a ticket never fails for its logo)."""
    if not isinstance(encoded, str) or not encoded:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except ValueError:
        return None


def print_settings(printer: dict[str, Any]) -> PrintSettings:
    """How to drive the printer described by `printjobs.printer_json`."""
    return PrintSettings(
        paper_mm=int(printer.get("paper_mm") or 80),
        native_qr=bool(printer.get("native_qr")),
        profile=printer.get("profile") or None,
    )
