"""The Pillow preview draws the same blocks the printer gets."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from antrian.printing.layout import Text
from antrian.printing.preview import (
    CHAR_HEIGHT,
    LINE_PITCH,
    preview_png,
    render_blocks,
    render_preview,
    render_test_page,
)
from antrian.printing.slip_values import PrintSettings, TicketSlip
from tests.printing.conftest import make_slip


def qr_payloads(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize(("paper_mm", "dots"), [(58, 384), (80, 576)])
def test_preview_png_is_paper_wide_and_its_qr_scans(
    paper_mm: int, dots: int, slip: TicketSlip
) -> None:
    png = preview_png(slip, PrintSettings(paper_mm=paper_mm))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.width == dots
    assert image.height > image.width, "a ticket is a tall strip"
    assert qr_payloads(image) == [slip.qr_url]


def test_preview_is_white_paper_with_black_ink(slip: TicketSlip) -> None:
    image = render_preview(slip, PrintSettings())
    assert image.getpixel((0, 0)) == 255
    assert image.getextrema() == (0, 255)


def test_priority_mark_is_drawn_white_on_black() -> None:
    settings = PrintSettings(paper_mm=58)
    regular = render_preview(make_slip(), settings)
    priority = render_preview(make_slip(priority=True, priority_label="PRIORITAS"), settings)
    assert priority.height == regular.height + LINE_PITCH
    label = render_blocks([Text(" PRIORITAS ", bold=True, inverted=True)], settings)
    plain = render_blocks([Text(" PRIORITAS ", bold=True)], settings)
    assert ink(label) > 2 * ink(plain)


def ink(image: Image.Image) -> float:
    """Share of dark pixels."""
    histogram = image.convert("L").histogram()
    return sum(histogram[:128]) / (image.width * image.height)


def test_number_is_drawn_at_its_magnification() -> None:
    settings = PrintSettings(paper_mm=58)
    four_x = render_preview(make_slip(code="A001"), settings)  # 4x: 4 chars of 32 columns
    three_x = render_preview(make_slip(code="PRI-10245"), settings)  # 9 chars: 3x
    assert four_x.height - three_x.height == CHAR_HEIGHT


def test_test_page_preview_scans() -> None:
    image = render_test_page(PrintSettings(paper_mm=58), "BPMP Provinsi Bali")
    assert image.width == 384
    assert qr_payloads(image) == ["ANTRIAN TES 58mm"]
