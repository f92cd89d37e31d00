"""Printer state from DLE EOT: the byte decoding, and real queries to the virtual printer."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy, File, Network

from antrian.printing.connections import open_printer
from antrian.printing.status import (
    PrinterState,
    decode_offline_cause,
    decode_paper_status,
    decode_printer_status,
    is_status_byte,
    query_state,
)
from tests.virtual_printer import VirtualPrinter


@pytest.mark.parametrize(
    ("byte", "state"),
    [
        (0x12, PrinterState.online),
        (0x1E, PrinterState.paper_near_end),  # bits 2 and 3
        (0x16, PrinterState.paper_near_end),  # some printers set only bit 2
        (0x72, PrinterState.paper_out),  # bits 5 and 6
        (0x7E, PrinterState.paper_out),  # out wins over near end
        (0x32, PrinterState.paper_out),
        (0x30, PrinterState.unknown),  # CUPS answers the character "0"
        (0x38, PrinterState.unknown),  # ... or "8"
        (0x00, PrinterState.unknown),
        (0xFF, PrinterState.unknown),
    ],
)
def test_decode_paper_status(byte: int, state: PrinterState) -> None:
    assert decode_paper_status(byte) is state


def test_decode_printer_status_and_offline_cause() -> None:
    assert decode_printer_status(0x12) is PrinterState.online
    assert decode_printer_status(0x1A) is PrinterState.offline
    assert decode_printer_status(0x38) is PrinterState.unknown
    assert decode_offline_cause(0x16) is PrinterState.cover_open
    assert decode_offline_cause(0x32) is PrinterState.paper_out
    assert decode_offline_cause(0x12) is PrinterState.offline
    assert not is_status_byte(256) and not is_status_byte(-1)


def test_states_are_the_strings_stored_on_the_printer_row() -> None:
    assert [str(state) for state in PrinterState] == [
        "online", "offline", "paper_near_end", "paper_out", "cover_open", "unknown"]
    assert PrinterState("paper_out") is PrinterState.paper_out


@pytest.mark.parametrize(
    ("paper", "cover_open", "state"),
    [
        ("ok", False, PrinterState.online),
        ("near_end", False, PrinterState.paper_near_end),
        ("out", False, PrinterState.paper_out),
        ("ok", True, PrinterState.cover_open),
    ],
)
def test_query_state_asks_the_printer(
    virtual_printer: VirtualPrinter, paper: str, cover_open: bool, state: PrinterState
) -> None:
    virtual_printer.paper = paper  # type: ignore[assignment]
    virtual_printer.cover_open = cover_open
    printer = open_printer(virtual_printer.url, timeout=1)
    try:
        assert query_state(printer) is state
    finally:
        printer.close()


def test_state_follows_the_printer_between_queries(virtual_printer: VirtualPrinter) -> None:
    printer = open_printer(virtual_printer.url, timeout=1)
    try:
        assert query_state(printer) is PrinterState.online
        virtual_printer.paper = "near_end"
        assert query_state(printer) is PrinterState.paper_near_end
    finally:
        printer.close()


def test_printers_that_cannot_answer_are_unknown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    dummy = Dummy()
    assert query_state(dummy) is PrinterState.unknown
    assert dummy.output == b"", "no status bytes should be sent where no answer can come"
    file_printer = File(str(tmp_path / "lp0"))
    assert query_state(file_printer) is PrinterState.unknown
    file_printer.close()


def test_silent_network_printer_is_unknown(virtual_printer: VirtualPrinter) -> None:
    virtual_printer.answers_status = False
    printer = open_printer(virtual_printer.url, timeout=0.3)
    try:
        assert query_state(printer) is PrinterState.unknown
    finally:
        printer.close()


def test_unreachable_printer_is_offline(virtual_printer: VirtualPrinter) -> None:
    printer = open_printer(virtual_printer.url, timeout=0.5)
    virtual_printer.stop()  # switched off under an open connection
    assert query_state(printer) is PrinterState.offline
    printer.close()


def test_printer_that_was_never_reachable_is_offline(virtual_printer: VirtualPrinter) -> None:
    virtual_printer.stop()
    printer = Network("127.0.0.1", virtual_printer.port, timeout=0.5)
    assert query_state(printer) is PrinterState.offline
    assert query_state(printer) is PrinterState.offline, "and again after the failed open"
