"""The printed ticket, decoded back from the bytes print_ticket sends."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageDraw

from antrian.printing.layout import (
    Cut,
    Qr,
    Text,
    ascii_safe,
    print_test_page,
    print_ticket,
    ticket_blocks,
)
from antrian.printing.slip_values import PrintSettings, TicketSlip
from tests.escpos_decoder import CutMark, Line, QrCode, Raster, Receipt, decode
from tests.printing.conftest import make_slip

WIDTHS = {58: (384, 32), 80: (576, 48)}


def printed(slip: TicketSlip, settings: PrintSettings) -> Receipt:
    printer = Dummy()
    print_ticket(printer, slip, settings)
    return decode(printer.output)


@pytest.mark.parametrize("native_qr", [False, True], ids=["image-qr", "native-qr"])
@pytest.mark.parametrize("paper_mm", [58, 80])
def test_ticket_decodes_to_the_slip(paper_mm: int, native_qr: bool) -> None:
    slip = make_slip(priority=True, priority_label="PRIORITAS - Lansia")
    receipt = printed(slip, PrintSettings(paper_mm=paper_mm, native_qr=native_qr))
    _, columns = WIDTHS[paper_mm]

    office = receipt.line("BPMP Provinsi Jawa Tengah")
    assert office.bold and office.align == "center"
    for header in slip.header_lines:
        line = receipt.line(header)
        assert line.bold and line.align == "center"
    assert receipt.lines[0] == office, "the office name heads the ticket"

    rules = [line for line in receipt.lines if set(line.text) == {"-"}]
    assert rules and all(len(rule.text) == columns for rule in rules)

    number = receipt.line("A001")
    assert number.text.strip() == "A001"
    assert number.width >= 2 and number.height >= 2 and number.bold
    assert number.align == "center"
    assert len(number.text) * number.width <= columns, "the number must fit on one line"

    label = receipt.line("PRIORITAS - Lansia")
    assert label.inverted or label.bold
    for text in (slip.service_name, slip.ahead_text, slip.wait_text, slip.qr_caption,
                 *slip.footer_lines):
        assert receipt.line(text).width == 1
    assert "Sabtu, 21 November 2026 10:15" in receipt.text()

    assert receipt.qr_payloads == [slip.qr_url]
    assert receipt.qr_codes[0].native is native_qr
    assert receipt.cuts == 1
    assert isinstance(receipt.items[-1], CutMark), "the cut comes last"


def test_paper_order_number_then_qr_then_footer(slip: TicketSlip) -> None:
    items = printed(slip, PrintSettings()).items
    where = {
        "number": _index(items, lambda i: isinstance(i, Line) and i.text == "A001"),
        "qr": _index(items, lambda i: isinstance(i, QrCode)),
        "caption": _index(items, lambda i: isinstance(i, Line) and i.text == slip.qr_caption),
        "footer": _index(items, lambda i: isinstance(i, Line) and "dipungut" in i.text),
    }
    assert where["number"] < where["qr"] < where["caption"] < where["footer"]


def _index(items: list, predicate) -> int:  # type: ignore[no-untyped-def]
    return next(n for n, item in enumerate(items) if predicate(item))


def test_image_qr_is_centered_and_fits_the_paper(slip: TicketSlip) -> None:
    for paper_mm, (dots, _) in WIDTHS.items():
        receipt = printed(slip, PrintSettings(paper_mm=paper_mm))
        (image,) = receipt.images
        assert image.width == dots
        box = image.convert("L").point(lambda v: 255 - v).getbbox()
        assert box is not None
        left, right = box[0], dots - box[2]
        assert abs(left - right) <= 16, f"QR off centre at {paper_mm} mm: {left} vs {right}"


def test_regular_ticket_has_no_priority_mark(slip: TicketSlip) -> None:
    receipt = printed(slip, PrintSettings())
    assert "PRIORITAS" not in receipt.text()
    assert not any(line.inverted for line in receipt.lines)


def test_priority_without_label_still_says_prioritas() -> None:
    receipt = printed(make_slip(priority=True), PrintSettings())
    assert receipt.line("PRIORITAS").inverted


def test_no_cut_when_the_printer_has_no_cutter(slip: TicketSlip) -> None:
    assert printed(slip, PrintSettings(cut=False)).cuts == 0


def test_starts_with_a_reset_so_earlier_styles_do_not_leak(slip: TicketSlip) -> None:
    printer = Dummy()
    printer.set(bold=True, invert=True, custom_size=True, width=3, height=3)
    print_ticket(printer, slip, PrintSettings())
    receipt = decode(printer.output)
    assert receipt.resets == 1
    assert not receipt.line(slip.wait_text).bold


def test_long_lines_are_wrapped_to_the_paper() -> None:
    name = "Balai Penjaminan Mutu Pendidikan Provinsi Nusa Tenggara Timur"
    receipt = printed(make_slip(office_name=name), PrintSettings(paper_mm=58))
    assert all(len(line.text) * line.width <= 32 for line in receipt.lines)
    office_lines = [line.text for line in receipt.lines if line.height == 2 and line.width == 1]
    assert " ".join(office_lines) == name


def test_long_code_shrinks_the_number_to_fit() -> None:
    receipt = printed(make_slip(code="PRI-1024"), PrintSettings(paper_mm=58))
    number = receipt.line("PRI-1024")
    assert number.width >= 2 and len(number.text) * number.width <= 32


def test_non_ascii_and_control_bytes_are_made_printable() -> None:
    slip = make_slip(
        office_name="Kantor Café – Pusat\x1b@",
        footer_lines=("Gratis — tidak dipungut biaya",),
    )
    printer = Dummy()
    print_ticket(printer, slip, PrintSettings())
    receipt = decode(printer.output)
    assert receipt.resets == 1, "an ESC @ in a name must not reach the printer as a command"
    assert receipt.line("Kantor Cafe - Pusat").bold
    assert receipt.line("Gratis - tidak dipungut biaya")
    assert max(printer.output.replace(b"\x1b@", b"", 1).split(b"\x1dv0")[0]) < 0x80


def test_ascii_safe() -> None:
    assert ascii_safe("Café “Ibu” – Pelayanan…") == 'Cafe "Ibu" - Pelayanan...'
    assert ascii_safe("a\tb\nc\x1bd") == "a b c d"
    assert ascii_safe("日本") == "??"


def test_logo_prints_first_at_paper_width(tmp_path, slip: TicketSlip) -> None:  # type: ignore[no-untyped-def]
    logo = Image.new("RGB", (120, 60), "white")
    ImageDraw.Draw(logo).rectangle([10, 10, 110, 50], fill="black")
    path = tmp_path / "logo.png"
    logo.save(path)
    for paper_mm, (dots, _) in WIDTHS.items():
        receipt = printed(make_slip(logo_path=str(path)), PrintSettings(paper_mm=paper_mm))
        first = receipt.items[0]
        assert isinstance(first, Raster) and first.image.width == dots
        box = first.image.convert("L").point(lambda v: 255 - v).getbbox()
        assert box is not None and box[2] - box[0] > dots * 0.8, "logo scaled to the paper"
        assert receipt.qr_payloads == [slip.qr_url]


def test_missing_logo_never_stops_a_ticket(tmp_path) -> None:  # type: ignore[no-untyped-def]
    receipt = printed(make_slip(logo_path=str(tmp_path / "gone.png")), PrintSettings())
    assert receipt.line("A001")
    assert len(receipt.images) == 1  # only the QR


def test_profile_narrows_the_layout_to_its_head() -> None:
    settings = PrintSettings(paper_mm=80, profile="TM-T88V")
    assert (settings.dots, settings.columns) == (512, 42)
    printer = Dummy(profile="TM-T88V")
    print_ticket(printer, make_slip(), settings)
    receipt = decode(printer.output)
    assert {len(line.text) for line in receipt.lines if set(line.text) == {"-"}} == {42}
    assert all(image.width <= 512 for image in receipt.images)


def test_blocks_are_the_single_description_of_the_ticket(slip: TicketSlip) -> None:
    blocks = ticket_blocks(slip, PrintSettings(paper_mm=58))
    assert isinstance(blocks[-1], Cut)
    (qr,) = [block for block in blocks if isinstance(block, Qr)]
    assert qr.data == slip.qr_url and 2 <= qr.module <= 16
    texts = [block.text for block in blocks if isinstance(block, Text)]
    assert texts[0] == slip.office_name and slip.code in texts


def test_test_page() -> None:
    for paper_mm, (_, columns) in WIDTHS.items():
        printer = Dummy()
        print_test_page(printer, PrintSettings(paper_mm=paper_mm), "BPMP Provinsi Bali")
        receipt = decode(printer.output)
        assert receipt.line("TES PRINTER").bold
        assert receipt.line("Printer test")
        assert receipt.line("BPMP Provinsi Bali")
        assert receipt.line(f"Kertas {paper_mm} mm")
        ruler = receipt.line("1234567890")
        assert len(ruler.text) == columns
        assert receipt.qr_payloads == [f"ANTRIAN TES {paper_mm}mm"]
        assert receipt.cuts == 1
