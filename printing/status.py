"""What state a printer is in, from its DLE EOT real-time status answers.

Epson-style status bytes always have bit 1 and bit 4 set and bits 0 and 7 clear; a byte
without that shape is not a status answer (CUPS, for one, fakes "0"/"8") and reads as unknown.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import CupsPrinter, Network

DLE_EOT = b"\x10\x04"
#: The DLE EOT questions asked (3, the error cause, tells nothing a ticket desk acts on).
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4

_FIXED_MASK, _FIXED_BITS = 0x93, 0x12
_OFFLINE = 0x08
_COVER_OPEN = 0x04
_PAPER_END_STOP = 0x20
_NEAR_END = 0x0C
_PAPER_OUT = 0x60


class PrinterState(StrEnum):
    """Printer state as stored on the Printer row and shown to the administrator."""

    online = "online"
    offline = "offline"
    paper_near_end = "paper_near_end"
    paper_out = "paper_out"
    cover_open = "cover_open"
    unknown = "unknown"


def is_status_byte(byte: int) -> bool:
    """Whether `byte` has the fixed bits every DLE EOT answer carries."""
    return 0 <= byte <= 0xFF and byte & _FIXED_MASK == _FIXED_BITS


def decode_paper_status(byte: int) -> PrinterState:
    """DLE EOT 4 (paper roll sensor): bits 2-3 near end, bits 5-6 paper out."""
    if not is_status_byte(byte):
        return PrinterState.unknown
    if byte & _PAPER_OUT:
        return PrinterState.paper_out
    if byte & _NEAR_END:
        return PrinterState.paper_near_end
    return PrinterState.online


def decode_offline_cause(byte: int) -> PrinterState:
    """DLE EOT 2 (offline cause): bit 2 cover open, bit 5 stopped at paper end."""
    if not is_status_byte(byte):
        return PrinterState.unknown
    if byte & _COVER_OPEN:
        return PrinterState.cover_open
    if byte & _PAPER_END_STOP:
        return PrinterState.paper_out
    return PrinterState.offline


def decode_printer_status(byte: int) -> PrinterState:
    """DLE EOT 1 (printer status): bit 3 set means offline."""
    if not is_status_byte(byte):
        return PrinterState.unknown
    return PrinterState.offline if byte & _OFFLINE else PrinterState.online


class _NoAnswer(Exception):
    """The printer stayed silent: it cannot answer on this connection."""


def query_state(printer: Any) -> PrinterState:
    """Ask the printer how it is; never raises.

    Printers that cannot answer (Dummy, File, CUPS) are `unknown`; a connection that
    cannot be opened or drops is `offline`.
    """
    if not can_answer(printer):
        return PrinterState.unknown
    try:
        general = decode_printer_status(_ask(printer, PRINTER_STATUS))
        if general is PrinterState.unknown:
            return general
        if general is PrinterState.offline:
            detail = decode_offline_cause(_ask(printer, OFFLINE_CAUSE))
        else:
            detail = decode_paper_status(_ask(printer, PAPER_SENSOR))
        return general if detail is PrinterState.unknown else detail
    except (TimeoutError, _NoAnswer, NotImplementedError):
        return PrinterState.unknown
    except (DeviceNotFoundError, ConnectionError, OSError, AssertionError):
        # AssertionError: python-escpos asserts on the device after a failed open
        return PrinterState.offline
    except Exception:
        return PrinterState.unknown


def can_answer(printer: Any) -> bool:
    """Whether this printer object can read an answer back at all."""
    if isinstance(printer, CupsPrinter):
        return False  # its _read() reports the queue, not the printer
    return type(printer)._read is not Escpos._read


def _ask(printer: Any, n: int) -> int:
    answer = printer.query_status(DLE_EOT + bytes([n]))
    # a TCP recv of nothing is the peer hanging up; a serial read of nothing is silence
    if answer is None or len(answer) == 0:
        if isinstance(printer, Network):
            raise ConnectionError("printer closed the connection")
        raise _NoAnswer
    return answer[-1]  # the newest byte, should an earlier answer still be queued
