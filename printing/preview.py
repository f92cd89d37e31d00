"""The ticket drawn with Pillow, from the same blocks the printer gets.

Used by the admin screens and the docs: one image per paper width, one pixel per printer dot.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from antrian.printing.layout import (
    Block,
    Cut,
    Feed,
    Picture,
    Qr,
    Rule,
    Text,
    qr_image,
    test_page_blocks,
    ticket_blocks,
)
from antrian.printing.slip_values import PrintSettings, TicketSlip

#: Font A is 12 x 24 dots; the printer advances about 30 dots per line.
CHAR_HEIGHT = 24
LINE_PITCH = 30
MARGIN = 16
WHITE, BLACK = 255, 0


def render_preview(slip: TicketSlip, settings: PrintSettings) -> Image.Image:
    """The ticket as a greyscale image as wide as the printable area."""
    return render_blocks(ticket_blocks(slip, settings), settings)


def preview_png(slip: TicketSlip, settings: PrintSettings) -> bytes:
    """The ticket preview as PNG bytes, ready for an HTTP response."""
    buffer = io.BytesIO()
    render_preview(slip, settings).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_test_page(settings: PrintSettings, office_name: str) -> Image.Image:
    """The installer's test page, as the printer would print it."""
    return render_blocks(test_page_blocks(settings, office_name), settings)


def render_blocks(blocks: Sequence[Block], settings: PrintSettings) -> Image.Image:
    """Draw blocks top to bottom on white paper."""
    strips = [_strip(block, settings) for block in blocks]
    height = MARGIN * 2 + sum(strip.height for strip in strips)
    paper = Image.new("L", (settings.dots, height), WHITE)
    y = MARGIN
    for strip in strips:
        paper.paste(strip, (0, y))
        y += strip.height
    return paper


def _strip(block: Block, settings: PrintSettings) -> Image.Image:
    dots = settings.dots
    match block:
        case Text():
            return _text_strip(block, dots)
        case Rule():
            strip = Image.new("L", (dots, LINE_PITCH), WHITE)
            draw = ImageDraw.Draw(strip)
            for x in range(0, dots, 12):
                draw.line([(x + 2, LINE_PITCH // 2), (x + 9, LINE_PITCH // 2)], BLACK, 2)
            return strip
        case Feed():
            return Image.new("L", (dots, LINE_PITCH * block.lines), WHITE)
        case Qr():
            code = qr_image(block.data, block.module)
            strip = Image.new("L", (dots, code.height + 2 * LINE_PITCH), WHITE)
            strip.paste(code, ((dots - code.width) // 2, LINE_PITCH))
            return strip
        case Picture():
            return block.image.convert("L")
        case Cut():
            return Image.new("L", (dots, LINE_PITCH * 2), WHITE)
    raise TypeError(f"not a layout block: {block!r}")


def _text_strip(block: Text, dots: int) -> Image.Image:
    """One line: drawn at font A's proportions, magnified like the printer does."""
    glyphs = _glyphs(block.text, block.bold)
    target_h = CHAR_HEIGHT * block.height
    scale = target_h / glyphs.height
    target_w = max(1, round(glyphs.width * scale * block.width / block.height))
    target_w = min(target_w, dots)
    glyphs = glyphs.resize((target_w, target_h), Image.Resampling.LANCZOS)
    ink, paper = (WHITE, BLACK) if block.inverted else (BLACK, WHITE)
    strip = Image.new("L", (dots, target_h + LINE_PITCH - CHAR_HEIGHT), WHITE)
    x = {"left": 0, "center": (dots - target_w) // 2, "right": dots - target_w}[block.align]
    if block.inverted:
        ImageDraw.Draw(strip).rectangle([x, 0, x + target_w - 1, target_h - 1], fill=paper)
    # glyphs are black on white; use them as the mask that lays ink on the strip
    mask = glyphs.point(lambda value: 255 - value)
    strip.paste(Image.new("L", glyphs.size, ink), (x, 0), mask)
    return strip


def _glyphs(text: str, bold: bool) -> Image.Image:
    """The text black on white at the built-in font's natural size."""
    font = _font()
    stroke = 1 if bold else 0
    ascent, descent = _metrics(font)
    width = max(1, round(font.getlength(text)) + 2 * stroke + 1)
    image = Image.new("L", (width, ascent + descent + 2 * stroke), WHITE)
    ImageDraw.Draw(image).text(
        (stroke, stroke), text, font=font, fill=BLACK, stroke_width=stroke, stroke_fill=BLACK
    )
    return image


@lru_cache(maxsize=1)
def _font() -> Any:
    """Pillow's bundled scalable font (Pillow >= 10.1), so no TTF has to ship or be installed."""
    return ImageFont.load_default(size=40)


def _metrics(font: Any) -> tuple[int, int]:
    try:
        return font.getmetrics()
    except AttributeError:  # the bitmap fallback when Pillow lacks FreeType
        return 11, 0
