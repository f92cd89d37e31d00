"""Printer URLs, and real jobs over TCP to the virtual printer."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from escpos.printer import Dummy, File, Network, Usb

from antrian.printing.connections import (
    PrinterAddress,
    PrinterUnavailable,
    describe_url,
    open_printer,
    parse_url,
    supports_status,
)
from antrian.printing.layout import print_ticket
from antrian.printing.slip_values import PrintSettings, TicketSlip
from tests.escpos_decoder import decode
from tests.virtual_printer import VirtualPrinter


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("tcp://192.168.1.50:9100", PrinterAddress("tcp", host="192.168.1.50", port=9100)),
        ("TCP://printer.local:9101", PrinterAddress("tcp", host="printer.local", port=9101)),
        ("tcp://[fe80::1]:9100", PrinterAddress("tcp", host="fe80::1", port=9100)),
        ("usb://04b8:0202", PrinterAddress("usb", vendor_id=0x04B8, product_id=0x0202)),
        ("usb://0FE6:811E", PrinterAddress("usb", vendor_id=0x0FE6, product_id=0x811E)),
        ("serial:///dev/ttyUSB0?baud=19200",
         PrinterAddress("serial", device="/dev/ttyUSB0", baud=19200)),
        ("serial:///dev/ttyS1", PrinterAddress("serial", device="/dev/ttyS1", baud=9600)),
        ("serial://COM3?baud=115200", PrinterAddress("serial", device="COM3", baud=115200)),
        ("cups://kiosk-printer", PrinterAddress("cups", queue="kiosk-printer")),
        ("file:///dev/usb/lp0", PrinterAddress("file", device="/dev/usb/lp0")),
        ("dummy://", PrinterAddress("dummy")),
    ],
)
def test_good_urls(url: str, address: PrinterAddress) -> None:
    assert parse_url(url) == address


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://192.168.1.50:9100", "unknown printer URL scheme"),
        ("192.168.1.50:9100", "unknown printer URL scheme"),
        ("", "unknown printer URL scheme"),
        ("tcp://192.168.1.50", "needs a port"),
        ("tcp://:9100", "needs a host"),
        ("tcp://192.168.1.50:99999", "bad port"),
        ("tcp://192.168.1.50:abc", "bad port"),
        ("usb://04b8", "VID:PID"),
        ("usb://4b8:202", "VID:PID"),
        ("usb://04bg:0202", "VID:PID"),
        ("serial:///dev/ttyUSB0?baud=12345", "bad baud rate"),
        ("serial:///dev/ttyUSB0?baud=fast", "bad baud rate"),
        ("serial:///dev/ttyUSB0?parity=E", "unknown serial option"),
        ("serial://", "needs a port"),
        ("cups://", "queue name"),
        ("file://dev/usb/lp0", "absolute path"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_url(url)


def test_describe_and_status_support() -> None:
    assert describe_url("tcp://192.168.1.50:9100") == "Jaringan 192.168.1.50:9100"
    assert describe_url("usb://04b8:0202") == "USB 04b8:0202"
    assert describe_url("serial:///dev/ttyUSB0?baud=19200") == "Serial /dev/ttyUSB0 (19200 baud)"
    assert "kiosk" in describe_url("cups://kiosk")
    assert "/dev/usb/lp0" in describe_url("file:///dev/usb/lp0")
    assert [supports_status(u) for u in ("tcp://h:9100", "usb://04b8:0202", "serial:///dev/x",
                                         "file:///dev/usb/lp0", "cups://q", "dummy://")] == [
        True, True, True, False, False, False]


def test_dummy_and_file_printers(tmp_path, slip: TicketSlip) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(open_printer("dummy://"), Dummy)
    target = tmp_path / "lp0"
    printer = open_printer(f"file://{target}")
    assert isinstance(printer, File)
    print_ticket(printer, slip, PrintSettings())
    printer.close()
    assert decode(target.read_bytes()).qr_payloads == [slip.qr_url]


def test_file_printer_that_cannot_be_opened(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrinterUnavailable, match="Berkas perangkat"):
        open_printer(f"file://{tmp_path}/no/such/dir/lp0")


def test_profile_is_passed_and_checked() -> None:
    assert open_printer("dummy://", profile="TM-T88V").profile.media["width"]["pixels"] == 512
    with pytest.raises(ValueError, match="profile"):
        open_printer("dummy://", profile="No-Such-Printer")


@pytest.mark.skipif(Usb.is_usable(), reason="pyusb is installed here")
def test_missing_driver_package_is_reported_not_crashed() -> None:
    with pytest.raises(PrinterUnavailable, match="pyusb"):
        open_printer("usb://04b8:0202")


def test_job_over_tcp_decodes_like_the_dummy(
    virtual_printer: VirtualPrinter, slip: TicketSlip
) -> None:
    settings = PrintSettings(paper_mm=58)
    printer = open_printer(virtual_printer.url, timeout=2)
    assert isinstance(printer, Network) and printer.timeout == 2
    print_ticket(printer, slip, settings)
    printer.close()
    (job,) = virtual_printer.wait_for_jobs(1)

    dummy = Dummy()
    print_ticket(dummy, slip, settings)
    assert job == dummy.output
    receipt = decode(job)
    assert receipt.line("A001").width >= 2
    assert receipt.qr_payloads == [slip.qr_url]
    assert receipt.cuts == 1


def test_each_connection_is_one_job(virtual_printer: VirtualPrinter, slip: TicketSlip) -> None:
    for code in ("A001", "A002"):
        printer = open_printer(virtual_printer.url)
        print_ticket(printer, replace(slip, code=code), PrintSettings())
        printer.close()
    jobs = virtual_printer.wait_for_jobs(2)
    assert [decode(job).line("A00").text for job in jobs] == ["A001", "A002"]


def test_switched_off_printer_is_refused_quickly(virtual_printer: VirtualPrinter) -> None:
    virtual_printer.stop()
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable, match="Jaringan 127.0.0.1"):
        open_printer(virtual_printer.url, timeout=2)
    assert time.monotonic() - started < 2


def test_hung_printer_fails_within_the_timeout_not_60_s(virtual_printer: VirtualPrinter) -> None:
    virtual_printer.freeze()
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable):
        open_printer(virtual_printer.url, timeout=0.5)
    elapsed = time.monotonic() - started
    assert 0.4 <= elapsed < 2, f"took {elapsed:.2f} s"


def test_printer_switched_back_on_prints_again(
    virtual_printer: VirtualPrinter, slip: TicketSlip
) -> None:
    port = virtual_printer.port
    virtual_printer.stop()
    with pytest.raises(PrinterUnavailable):
        open_printer(virtual_printer.url, timeout=1)
    virtual_printer.start()
    assert virtual_printer.port == port
    printer = open_printer(virtual_printer.url, timeout=1)
    print_ticket(printer, slip, PrintSettings())
    printer.close()
    assert decode(virtual_printer.wait_for_jobs(1)[0]).qr_payloads == [slip.qr_url]


def test_unknown_profile_is_an_unavailable_printer_with_a_clear_message() -> None:
    # a profile stored before a python-escpos upgrade dropped it: callers that handle an
    # unreachable printer must not crash on it
    with pytest.raises(PrinterUnavailable, match="unknown python-escpos printer profile 'Gone'"):
        open_printer("tcp://127.0.0.1:9100", profile="Gone")
