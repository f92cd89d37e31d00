"""The administrator's "print a test page" button: the same test page as `antrian printer
test`, sent from this server to a printer it reaches itself."""

from __future__ import annotations

from typing import Any

from antrian.printing.connections import PrinterUnavailable, open_printer
from antrian.printing.layout import print_test_page as layout_test_page
from antrian.printing.slip_from_job import print_settings
from antrian.shared.core import clock


def print_test_page(printer: dict[str, Any]) -> tuple[bool, str]:
    """(whether it printed, the message for the page)."""
    name = printer["name"]
    if printer["via_agent"]:
        return False, (f"{name} dicetak oleh agen cetak di kantor; uji dari komputer itu dengan "
                       f"`antrian printer test`. / {name} is driven by a print agent: test it "
                       "there.")
    try:
        settings = print_settings(printer)
        device = open_printer(printer["url"], profile=settings.profile)
        try:
            layout_test_page(device, settings, printer["office_name"],
                             clock.now().astimezone(clock.zone(printer["timezone"])))
        finally:
            device.close()
    except (PrinterUnavailable, OSError, ValueError) as exc:
        return False, f"Gagal mencetak di {name} / printing failed: {exc}"
    return True, f"Halaman tes terkirim ke {name}. / Test page sent to {name}."
