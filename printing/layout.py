"""The ticket as a list of blocks, and the ESC/POS renderer that prints them.

The layout is described once (text, rule, feed, QR, picture, cut) so the printer and the
Pillow preview in :mod:`printing.preview` cannot drift apart.
"""

from __future__ import annotations

import io
import logging
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import qrcode
from escpos.constants import QR_ECLEVEL_M
from PIL import Image, ImageOps

from antrian.printing.slip_values import PrintSettings, TicketSlip, declared_pixels

log = logging.getLogger(__name__)

Align = Literal["left", "center", "right"]

#: Error correction of every ticket QR: M survives a smudged thermal print.
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
#: Quiet zone python-escpos draws around an image QR, in modules.
QR_BORDER = 1


@dataclass(frozen=True)
class Text:
    """One printed line; longer text is wrapped by the layout, never by a renderer."""

    text: str
    width: int = 1
    height: int = 1
    bold: bool = False
    align: Align = "center"
    inverted: bool = False


@dataclass(frozen=True)
class Rule:
    """A separator across the paper."""


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class Qr:
    """A QR code; `module` is the size of one module in dots."""

    data: str
    module: int


@dataclass(frozen=True, eq=False)
class Picture:
    """A 1-bit image exactly as wide as the printable area (black = dot)."""

    image: Image.Image


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut."""


Block = Text | Rule | Feed | Qr | Picture | Cut


# --- describing the ticket ------------------------------------------------------------------


def ticket_blocks(slip: TicketSlip, settings: PrintSettings) -> list[Block]:
    """The ticket, top to bottom."""
    cols = settings.columns
    blocks: list[Block] = []
    if slip.logo_path or slip.logo_png:
        source = slip.logo_path or io.BytesIO(slip.logo_png)
        logo = load_logo(source, settings.dots)
        if logo is not None:
            blocks.append(Picture(logo))
    blocks += _lines(slip.office_name, cols, bold=True, height=2)
    for line in slip.header_lines:
        blocks += _lines(line, cols, bold=True)
    blocks.append(Rule())
    blocks += _lines(slip.service_name, cols, bold=True)
    blocks.append(Feed())
    big = number_scale(slip.code, cols)
    blocks += _lines(slip.code, cols, bold=True, width=big, height=big)
    blocks.append(Feed())
    if slip.priority:
        label = slip.priority_label or "PRIORITAS"
        blocks += _lines(f" {label} ", cols, bold=True, inverted=True)
    blocks += _lines(slip.issued_at_text, cols)
    blocks.append(Rule())
    blocks += _lines(slip.ahead_text, cols)
    blocks += _lines(slip.wait_text, cols)
    blocks.append(Qr(slip.qr_url, qr_module(slip.qr_url, settings.dots)))
    blocks += _lines(slip.qr_caption, cols)
    blocks.append(Rule())
    for line in slip.footer_lines:
        blocks += _lines(line, cols)
    if settings.cut:
        blocks.append(Cut())
    return blocks


def test_page_blocks(
    settings: PrintSettings, office_name: str, now: datetime | None = None
) -> list[Block]:
    """A short page an installer prints to check paper width, QR mode and the cutter."""
    cols = settings.columns
    now = now or datetime.now().astimezone()
    qr_mode = "QR printer (GS ( k)" if settings.native_qr else "QR gambar / image"
    payload = f"ANTRIAN TES {settings.paper_mm}mm"
    blocks: list[Block] = []
    blocks += _lines("TES PRINTER", cols, bold=True, width=2, height=2)
    blocks += _lines("Printer test", cols)
    blocks.append(Rule())
    blocks += _lines(office_name, cols, bold=True)
    blocks += _lines(now.strftime("%d-%m-%Y %H:%M:%S %Z").strip(), cols)
    blocks += _lines(f"Kertas {settings.paper_mm} mm, {settings.dots} titik", cols)
    blocks += _lines(f"Lebar {cols} kolom / columns", cols)
    blocks += _lines(qr_mode, cols)
    blocks.append(Text("".join(str(i % 10) for i in range(1, cols + 1)), align="left"))
    blocks.append(Qr(payload, qr_module(payload, settings.dots)))
    blocks += _lines(payload, cols)
    if settings.cut:
        blocks.append(Cut())
    return blocks


def number_scale(code: str, columns: int) -> int:
    """Character magnification for the ticket number: as big as fits, at most 8x."""
    return max(1, min(8, columns // 8, columns // max(1, len(code))))


def qr_module(data: str, dots: int) -> int:
    """Dots per module so the QR, with its quiet zone, covers about 3/5 of the paper.

    The size follows from the QR's version alone, which qrcode finds from the encoded bit
    length without drawing the code: the one QR of a job is drawn by the renderer.
    """
    code = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=QR_BORDER)
    code.add_data(data)  # the same segments as python-escpos makes, so the same version
    side = qr_side(code.best_fit()) + 2 * QR_BORDER
    return max(1, min(16, dots * 3 // 5 // side))


def qr_side(version: int) -> int:
    """Modules along one side of a QR code of this version (1 to 40)."""
    return 17 + 4 * version


def qr_image(data: str, module: int) -> Image.Image:
    """The QR as an "L" image, black on white, the way both renderers draw it."""
    code = qrcode.QRCode(
        error_correction=QR_ERROR_CORRECTION, box_size=module, border=QR_BORDER
    )
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def load_logo(path: str | io.BytesIO, dots: int) -> Image.Image | None:
    """The logo fitted into the paper width (and half as tall), centred, 1-bit.

    A missing or broken logo must never stop a ticket, so it is logged and skipped.
    """
    try:
        with Image.open(path) as src:
            src.load()
            rgba = src.convert("RGBA")
    except OSError:
        log.warning("ticket logo %s cannot be read; printing without it",
                    path if isinstance(path, str) else "of the office")
        return None
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    fitted = ImageOps.contain(flat.convert("L"), (dots, max(1, dots // 2)))
    canvas = Image.new("L", (dots, fitted.height), 255)
    canvas.paste(fitted, ((dots - fitted.width) // 2, 0))
    return canvas.convert("1")


_PUNCTUATION = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2022": "*",
        "\u00b7": ".",
        "\u00a0": " ",
    }
)


def ascii_safe(text: str) -> str:
    """Text every ESC/POS printer prints the same: ASCII, accents dropped, no control bytes.

    Cheap printers disagree on code pages, and a stray ESC in an office name would be a
    command, so the layout only ever hands printable ASCII to a renderer.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    printable = "".join(ch if " " <= ch <= "~" else ("?" if ch > "~" else " ") for ch in kept)
    return printable


def _lines(
    text: str,
    columns: int,
    *,
    width: int = 1,
    height: int = 1,
    bold: bool = False,
    align: Align = "center",
    inverted: bool = False,
) -> list[Text]:
    """Text blocks for `text`, wrapped to what fits at this magnification."""
    clean = ascii_safe(text)
    if not clean.strip():
        return []
    fit = max(1, columns // width)
    wrapped = textwrap.wrap(clean, fit) if len(clean) > fit else [clean]
    return [Text(line, width, height, bold, align, inverted) for line in wrapped]


# --- printing through python-escpos ---------------------------------------------------------


def print_ticket(printer: Any, slip: TicketSlip, settings: PrintSettings) -> None:
    """Print one ticket on any python-escpos printer (Network, Usb, Serial, File, Dummy...).

    Open the printer with the same profile as `settings`. A connection that breaks mid-job
    raises OSError (TimeoutError on a stalled network printer); the caller closes the printer.
    """
    render_escpos(printer, ticket_blocks(slip, settings), settings)


def print_test_page(printer: Any, settings: PrintSettings, office_name: str,
                    now: datetime | None = None) -> None:
    """Print the installer's test page; `now` in the office's zone."""
    render_escpos(printer, test_page_blocks(settings, office_name, now), settings)


def render_escpos(printer: Any, blocks: Sequence[Block], settings: PrintSettings) -> None:
    """Send `blocks` as ESC/POS, starting from a reset so no earlier job's style leaks in."""
    with _paper_width(printer, settings.dots):
        printer.hw("INIT")
        for block in blocks:
            _emit(printer, block, settings)


def _emit(printer: Any, block: Block, settings: PrintSettings) -> None:
    match block:
        case Text():
            printer.set(
                align=block.align,
                bold=block.bold,
                invert=block.inverted,
                custom_size=True,
                width=block.width,
                height=block.height,
            )
            printer.textln(block.text)
        case Rule():
            printer.set(align="left", bold=False, invert=False, custom_size=True, width=1, height=1)
            printer.textln("-" * settings.columns)
        case Feed():
            printer.set(custom_size=True, width=1, height=1)
            printer.ln(block.lines)
        case Qr():
            printer.set(align="center")
            if settings.native_qr:
                printer.qr(block.data, ec=QR_ECLEVEL_M, size=block.module, native=True)
                printer.ln()
            else:
                printer.qr(
                    block.data,
                    ec=QR_ECLEVEL_M,
                    size=block.module,
                    native=False,
                    image_arguments={"center": True},
                )
        case Picture():
            printer.set(align="center")
            printer.image(block.image)
        case Cut():
            printer.cut()


@contextmanager
def _paper_width(printer: Any, dots: int) -> Iterator[None]:
    """Lend the printer a profile that knows the paper width while a job is rendered.

    The default python-escpos profile says the width is "Unknown": image() then prints a
    warning to stdout for every image and cannot centre the QR.
    """
    profile = printer.profile
    if declared_pixels(profile.profile_data) is not None:
        yield
        return
    media = profile.profile_data.get("media", {})
    fitted = object.__new__(type(profile))
    fitted.__dict__.update(profile.__dict__)
    fitted.profile_data = {
        **profile.profile_data,
        "media": {**media, "width": {**media.get("width", {}), "pixels": dots}},
    }
    printer.profile = fitted
    try:
        yield
    finally:
        printer.profile = profile
