"""The virtual printer fixture behaves like a port-9100 printer."""

from __future__ import annotations

import socket
import time

import pytest

from tests.virtual_printer import VirtualPrinter


def send(printer: VirtualPrinter, *chunks: bytes, pause: float = 0.0) -> bytes:
    """Send chunks on one connection, collect every answer byte, close."""
    with socket.create_connection(("127.0.0.1", printer.port), timeout=1) as conn:
        for chunk in chunks:
            conn.sendall(chunk)
            time.sleep(pause)
        conn.shutdown(socket.SHUT_WR)
        answers = b""
        while data := conn.recv(16):
            answers += data
    return answers


def test_each_connection_is_a_job_with_arrival_times(virtual_printer: VirtualPrinter) -> None:
    before = time.monotonic()
    send(virtual_printer, b"first")
    send(virtual_printer, b"sec", b"ond", pause=0.05)
    assert virtual_printer.wait_for_jobs(2) == [b"first", b"second"]
    first, second = virtual_printer.job_records
    assert before <= first.connected_at <= first.last_byte_at <= first.closed_at  # type: ignore[operator]
    assert second.last_byte_at - second.connected_at >= 0.04  # type: ignore[operator]


def test_status_queries_are_answered_even_split_across_reads(
    virtual_printer: VirtualPrinter,
) -> None:
    virtual_printer.paper = "out"
    answers = send(virtual_printer, b"\x10\x04\x01", b"\x10", b"\x04", b"\x04", pause=0.1)
    assert answers == bytes([0x1A, 0x7E])
    assert virtual_printer.jobs == [], "a status-only connection is not a print job"
    assert virtual_printer.records[-1].status_queries == [1, 4]


def test_status_bytes_follow_the_paper() -> None:
    printer = VirtualPrinter()
    assert printer.status_byte(4) == 0x12
    printer.paper = "near_end"
    assert (printer.status_byte(1), printer.status_byte(4)) == (0x12, 0x1E)
    printer.paper = "out"
    assert (printer.status_byte(1), printer.status_byte(2), printer.status_byte(4)) == (
        0x1A, 0x32, 0x7E)


def test_wait_for_jobs_times_out(virtual_printer: VirtualPrinter) -> None:
    with pytest.raises(TimeoutError):
        virtual_printer.wait_for_jobs(1, timeout=0.2)


def test_switch_off_and_on_at_the_same_port(virtual_printer: VirtualPrinter) -> None:
    port = virtual_printer.port
    virtual_printer.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    virtual_printer.start()
    assert virtual_printer.url == f"tcp://127.0.0.1:{port}"
    send(virtual_printer, b"back")
    assert virtual_printer.wait_for_jobs(1) == [b"back"]


def test_frozen_printer_never_completes_the_handshake(virtual_printer: VirtualPrinter) -> None:
    virtual_printer.freeze()
    with pytest.raises(TimeoutError):
        socket.create_connection(("127.0.0.1", virtual_printer.port), timeout=0.3)
