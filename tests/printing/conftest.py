"""Fixtures for the printing tests (`virtual_printer` lives in tests/conftest.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from antrian.printing.slip_values import TicketSlip


def make_slip(**changes: object) -> TicketSlip:
    """A realistic ticket of a BPMP desk; keyword arguments replace fields."""
    slip = TicketSlip(
        office_name="BPMP Provinsi Jawa Tengah",
        header_lines=("Unit Layanan Terpadu", "Jl. Kyai Mojo, Srondol Kulon"),
        service_name="Layanan Umum",
        code="A001",
        priority=False,
        priority_label=None,
        issued_at_text="Sabtu, 21 November 2026 10:15 WIB",
        ahead_text="Antrean di depan Anda: 3",
        wait_text="Perkiraan tunggu: 12 menit",
        qr_url="https://antrian.example.go.id/t/Zx81kLmQ2pVb",
        qr_caption="Pindai untuk status & survei",
        footer_lines=("Layanan ini tidak dipungut biaya", "Terima kasih"),
    )
    return replace(slip, **changes)  # type: ignore[arg-type]


@pytest.fixture
def slip() -> TicketSlip:
    return make_slip()
