"""The test decoder itself: hand-made ESC/POS in, paper out."""

from __future__ import annotations

import pytest
import qrcode
from escpos.printer import Dummy

from tests.escpos_decoder import CutMark, DecodeError, Line, decode

ESC, GS = b"\x1b", b"\x1d"
URL = "https://antrian.example.go.id/t/decoder"


def test_styles_apply_to_the_lines_that_follow() -> None:
    data = (
        ESC + b"@" + ESC + b"a\x01" + ESC + b"E\x01" + b"Kantor\n"
        + ESC + b"E\x00" + GS + b"!\x33" + b"A001\n"
        + GS + b"!\x00" + GS + b"B\x01" + b"PRIORITAS\n"
        + GS + b"B\x00" + ESC + b"a\x02" + b"kanan\n"
    )
    assert decode(data).lines == [
        Line("Kantor", bold=True, align="center"),
        Line("A001", align="center", width=4, height=4),
        Line("PRIORITAS", align="center", inverted=True),
        Line("kanan", align="right"),
    ]


def test_esc_bang_print_mode_sets_bold_and_double_size() -> None:
    (line,) = decode(ESC + b"!\x38" + b"besar\n").lines
    assert (line.bold, line.width, line.height) == (True, 2, 2)


def test_reset_clears_styles() -> None:
    data = ESC + b"E\x01" + GS + b"!\x11" + ESC + b"@" + b"biasa\n"
    assert decode(data).lines == [Line("biasa")]


def test_benign_commands_are_skipped() -> None:
    data = (
        ESC + b"t\x00" + ESC + b"M\x00" + ESC + b"-\x01" + ESC + b"3\x20" + ESC + b"2"
        + GS + b"b\x00" + b"teks" + ESC + b"d\x03"
    )
    receipt = decode(data)
    assert [line.text for line in receipt.lines] == ["teks", "", ""]


def test_cuts_in_all_their_spellings() -> None:
    data = b"a\n" + GS + b"V\x00" + GS + b"V\x01" + GS + b"VB\x00" + GS + b"V\x41\x03"
    receipt = decode(data)
    assert receipt.cuts == 4
    assert [item.partial for item in receipt.items if isinstance(item, CutMark)] == [
        False, True, True, False
    ]


def test_native_qr_payload_is_read_from_gs_paren_k() -> None:
    printer = Dummy()
    printer.qr(URL, native=True, size=6)
    receipt = decode(printer.output)
    assert receipt.qr_payloads == [URL]
    assert receipt.qr_codes[0].native


def test_stored_but_unprinted_native_qr_is_not_on_paper() -> None:
    printer = Dummy()
    printer._send_2d_code_data(b"\x50", b"1", URL.encode(), b"0")
    assert decode(printer.output).qr_payloads == []


@pytest.mark.parametrize("impl", ["bitImageRaster", "bitImageColumn", "graphics"])
def test_image_qr_is_decoded_in_every_image_command(impl: str) -> None:
    printer = Dummy()
    printer.qr(URL, native=False, size=5, image_arguments={"impl": impl})
    receipt = decode(printer.output)
    assert receipt.qr_payloads == [URL]
    assert not receipt.qr_codes[0].native
    assert len(receipt.images) == 1


def test_tall_raster_images_sent_in_fragments_are_one_picture() -> None:
    image = qrcode.make(URL, box_size=30, border=2).get_image()
    assert image.height > 960  # python-escpos splits at 960 rows
    printer = Dummy()
    printer.image(image)
    receipt = decode(printer.output)
    assert len(receipt.images) == 1 and receipt.images[0].height == image.height
    assert receipt.qr_payloads == [URL]


def test_status_queries_are_recorded_not_printed() -> None:
    receipt = decode(b"\x10\x04\x01\x10\x04\x04")
    assert receipt.status_queries == [1, 4] and receipt.lines == []


@pytest.mark.parametrize(
    "data", [ESC + b"\x7f", GS + b"\x7f\x00", b"\x01", b"\x10\x05\x01"], ids=repr
)
def test_unknown_commands_are_an_error(data: bytes) -> None:
    with pytest.raises(DecodeError, match="unknown"):
        decode(data)


def test_truncated_command_is_an_error() -> None:
    with pytest.raises(DecodeError, match="cut short"):
        decode(GS + b"v0\x00\x10\x00\x10\x00" + b"\x00" * 5)
