"""Our own ESC/POS decoder: turns printer bytes back into what the paper would show.

Tests assert on the decoded ticket (lines with their style, QR payloads, cuts) instead of
on byte strings, so they survive harmless changes in how python-escpos encodes a command.
Unknown commands raise :class:`DecodeError` rather than being skipped: a byte we do not
understand is a byte a real printer might print as garbage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import zxingcpp
from PIL import Image, ImageOps

ESC, GS, DLE = 0x1B, 0x1D, 0x10
LF, CR, HT, FF = 0x0A, 0x0D, 0x09, 0x0C

ALIGNS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
#: ESC t n -> Python codec, for the tables python-escpos picks most often.
CODEPAGES = {0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252",
             17: "cp866", 18: "cp852", 19: "cp858"}
#: ESC commands with a fixed number of parameter bytes that do not change the decoded text.
ESC_PLAIN = {"2": 0, "3": 1, "-": 1, "M": 1, "{": 1, "r": 1, " ": 1, "R": 1, "p": 3, "=": 1,
             "V": 1, "U": 1, "$": 2, "\\": 2, "c": 2, "B": 2, "J": 1, "e": 1, "T": 1}
#: GS commands with one parameter byte that do not change the decoded text.
GS_PLAIN = {"b": 1, "|": 1, "H": 1, "h": 1, "w": 1, "f": 1, "a": 1, "r": 1, "I": 1,
            "L": 2, "W": 2, "P": 2}


class DecodeError(ValueError):
    """The bytes contain something this decoder (and maybe the printer) does not know."""


@dataclass
class Line:
    """One printed line with the style its first character was printed in."""

    text: str
    bold: bool = False
    align: str = "left"
    width: int = 1
    height: int = 1
    inverted: bool = False


@dataclass
class Raster:
    """A printed bit image (black = dot) and the QR payloads found in it."""

    image: Image.Image
    payloads: list[str]


@dataclass
class QrCode:
    payload: str
    native: bool


@dataclass
class CutMark:
    partial: bool


Item = Line | Raster | QrCode | CutMark


@dataclass
class Receipt:
    """The decoded job, in paper order."""

    items: list[Item] = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)
    resets: int = 0

    @property
    def lines(self) -> list[Line]:
        return [item for item in self.items if isinstance(item, Line)]

    @property
    def printed_lines(self) -> list[Line]:
        """Lines that put ink on paper (blank feeds left out)."""
        return [line for line in self.lines if line.text.strip()]

    @property
    def images(self) -> list[Image.Image]:
        return [item.image for item in self.items if isinstance(item, Raster)]

    @property
    def qr_codes(self) -> list[QrCode]:
        return [item for item in self.items if isinstance(item, QrCode)]

    @property
    def qr_payloads(self) -> list[str]:
        return [code.payload for code in self.qr_codes]

    @property
    def cuts(self) -> int:
        return sum(isinstance(item, CutMark) for item in self.items)

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def line(self, needle: str) -> Line:
        """The first line containing `needle`."""
        for line in self.lines:
            if needle in line.text:
                return line
        raise KeyError(f"no line contains {needle!r}; lines: {[x.text for x in self.lines]}")


def decode(data: bytes) -> Receipt:
    """Decode a whole job."""
    return _Decoder(data).run()


def read_qr(image: Image.Image) -> list[str]:
    """QR payloads in a printed image, read the way a phone would, with paper around it."""
    framed = ImageOps.expand(image.convert("L"), border=32, fill=255)
    found = zxingcpp.read_barcodes(framed, formats=zxingcpp.BarcodeFormat.QRCode)
    return [code.text for code in found]


class _Decoder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.receipt = Receipt()
        self.chars: list[str] = []
        self.line_style: dict[str, object] | None = None
        self.bands: list[Image.Image] = []
        self.last_raster_end = -1
        self.last_raster_index = -1
        self.stored_qr: str | None = None
        self.stored_graphic: Image.Image | None = None
        self._reset()

    # -- state ------------------------------------------------------------------------------

    def _reset(self) -> None:
        self.bold = False
        self.align = "left"
        self.width = 1
        self.height = 1
        self.inverted = False
        self.codec = "cp437"

    def _style(self) -> dict[str, object]:
        return {"bold": self.bold, "align": self.align, "width": self.width,
                "height": self.height, "inverted": self.inverted}

    def _newline(self) -> None:
        style = self.line_style or self._style()
        self.receipt.items.append(Line("".join(self.chars), **style))  # type: ignore[arg-type]
        self.chars = []
        self.line_style = None

    def _flush_text(self) -> None:
        if self.chars:
            self._newline()

    def _add_image(self, image: Image.Image) -> None:
        payloads = read_qr(image)
        self.receipt.items.append(Raster(image, payloads))
        self.receipt.items += [QrCode(p, native=False) for p in payloads]

    def _flush_bands(self) -> None:
        if not self.bands:
            return
        width = max(band.width for band in self.bands)
        image = Image.new("1", (width, sum(band.height for band in self.bands)), 1)
        y = 0
        for band in self.bands:
            image.paste(band, (0, y))
            y += band.height
        self.bands = []
        self._add_image(image)

    # -- reading ----------------------------------------------------------------------------

    def _take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise DecodeError(f"command at byte {self.pos} is cut short")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def _byte(self) -> int:
        return self._take(1)[0]

    def _u16(self) -> int:
        low, high = self._take(2)
        return low + 256 * high

    def run(self) -> Receipt:
        while self.pos < len(self.data):
            start = self.pos
            byte = self._byte()
            if byte == ESC:
                self._esc(start)
            elif byte == GS:
                self._gs(start)
            elif byte == DLE:
                self._dle(start)
            elif byte == LF:
                if self.bands and not self.chars:
                    continue  # the LF that advances past a column-image band
                self._newline()
            elif byte == FF:
                self._flush_text()
            elif byte == CR:
                continue
            elif byte == HT:
                self._text(b"\t")
            elif byte < 0x20 or byte == 0x7F:
                raise DecodeError(f"unknown control byte 0x{byte:02x} at {start}")
            else:
                self._text(bytes([byte]))
        self._flush_bands()
        self._flush_text()
        return self.receipt

    def _text(self, raw: bytes) -> None:
        self._flush_bands()
        if not self.chars:
            self.line_style = self._style()
        self.chars.append(raw.decode(self.codec, errors="replace"))

    def _esc(self, start: int) -> None:
        cmd = chr(self._byte())
        if cmd not in "3*2":
            self._flush_bands()
        if cmd == "@":
            self._flush_text()
            self._reset()
            self.receipt.resets += 1
        elif cmd == "!":
            mode = self._byte()
            self.bold = bool(mode & 0x08)
            self.height = 2 if mode & 0x10 else 1
            self.width = 2 if mode & 0x20 else 1
        elif cmd in "EG":
            self.bold = bool(self._byte() & 1)
        elif cmd == "a":
            n = self._byte()
            if n not in ALIGNS:
                raise DecodeError(f"bad alignment {n} at {start}")
            self.align = ALIGNS[n]
        elif cmd == "t":
            self.codec = CODEPAGES.get(self._byte(), "cp437")
        elif cmd == "d":
            feed = self._byte()
            for _ in range(max(feed, 1 if self.chars else 0)):
                self._newline()
        elif cmd in "im":
            self._flush_text()
            self.receipt.items.append(CutMark(partial=cmd == "m"))
        elif cmd == "*":
            self._column_band(start)
        elif cmd == "D":
            while self._byte() != 0:
                pass
        elif cmd in ESC_PLAIN:
            self._take(ESC_PLAIN[cmd])
        else:
            raise DecodeError(f"unknown command ESC {cmd!r} at {start}")

    def _gs(self, start: int) -> None:
        cmd = chr(self._byte())
        self._flush_bands()
        if cmd == "!":
            size = self._byte()
            self.width = (size >> 4) + 1
            self.height = (size & 0x0F) + 1
        elif cmd == "B":
            self.inverted = bool(self._byte() & 1)
        elif cmd == "V":
            self._flush_text()
            mode = self._byte()
            if mode in (65, 66, 97, 98, 103, 104):
                self._byte()
            elif mode not in (0, 1, 48, 49):
                raise DecodeError(f"bad cut mode {mode} at {start}")
            self.receipt.items.append(CutMark(partial=mode in (1, 49, 66, 98, 104)))
        elif cmd == "v":
            self._raster(start)
        elif cmd == "(":
            self._gs_paren(start)
        elif cmd == "k":
            self._barcode()
        elif cmd in GS_PLAIN:
            self._take(GS_PLAIN[cmd])
        else:
            raise DecodeError(f"unknown command GS {cmd!r} at {start}")

    def _dle(self, start: int) -> None:
        cmd = self._byte()
        if cmd != 0x04:
            raise DecodeError(f"unknown command DLE 0x{cmd:02x} at {start}")
        self.receipt.status_queries.append(self._byte())

    # -- images and codes -------------------------------------------------------------------

    def _raster(self, start: int) -> None:
        """GS v 0 m xL xH yL yH: raster bit image, rows of xL+256*xH bytes, MSB left."""
        if self._byte() != ord("0"):
            raise DecodeError(f"unknown GS v variant at {start}")
        mode = self._byte()
        row_bytes, rows = self._u16(), self._u16()
        bits = self._take(row_bytes * rows)
        image = _bits_to_image(bits, row_bytes * 8, rows)
        if mode & 1:
            image = image.resize((image.width * 2, image.height))
        if mode & 2:
            image = image.resize((image.width, image.height * 2))
        self._flush_text()
        items = self.receipt.items
        previous = items[self.last_raster_index] if start == self.last_raster_end else None
        if isinstance(previous, Raster) and previous.image.width == image.width:
            # python-escpos sends tall images in fragments; they are one picture on paper
            merged = Image.new("1", (image.width, previous.image.height + image.height), 1)
            merged.paste(previous.image, (0, 0))
            merged.paste(image, (0, previous.image.height))
            del items[self.last_raster_index :]  # the fragment and the codes read from it
            image = merged
        self.last_raster_index = len(items)
        self._add_image(image)
        self.last_raster_end = self.pos

    def _column_band(self, start: int) -> None:
        """ESC * m nL nH: one band of 8 or 24 dots, column by column, MSB on top."""
        mode = self._byte()
        if mode not in (0, 1, 32, 33):
            raise DecodeError(f"bad ESC * mode {mode} at {start}")
        columns = self._u16()
        depth = 3 if mode >= 32 else 1
        data = self._take(columns * depth)
        band = Image.new("1", (columns, depth * 8), 1)
        pixels = band.load()
        for x in range(columns):
            for j in range(depth):
                byte = data[x * depth + j]
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        pixels[x, j * 8 + bit] = 0
        self._flush_text()
        self.bands.append(band)

    def _gs_paren(self, start: int) -> None:
        """GS ( k (2D codes) and GS ( L (graphics); other GS ( functions are skipped."""
        kind = chr(self._byte())
        body = self._take(self._u16())
        if kind == "k":
            self._qr_function(body, start)
        elif kind == "L":
            self._graphics_function(body, start)
        elif kind not in "AEHK":
            raise DecodeError(f"unknown command GS ( {kind!r} at {start}")

    def _qr_function(self, body: bytes, start: int) -> None:
        if len(body) < 2:
            raise DecodeError(f"short GS ( k at {start}")
        symbol, function = body[0], body[1]
        if symbol != ord("1"):
            return  # PDF417 and friends: not used by antrian
        if function == 80:
            self.stored_qr = body[3:].decode("utf-8")
        elif function == 81:
            self._flush_text()
            if self.stored_qr is None:
                raise DecodeError(f"QR print without stored data at {start}")
            self.receipt.items.append(QrCode(self.stored_qr, native=True))

    def _graphics_function(self, body: bytes, start: int) -> None:
        function = body[1] if len(body) > 1 else -1
        if function == 112:  # store raster graphics: m fn a bx by c xL xH yL yH data
            width = body[6] + 256 * body[7]
            height = body[8] + 256 * body[9]
            image = _bits_to_image(body[10:], width, height)
            self.stored_graphic = image.resize((width * body[3], height * body[4]))
        elif function == 50:  # print the stored graphics
            self._flush_text()
            if self.stored_graphic is None:
                raise DecodeError(f"graphics print without data at {start}")
            self._add_image(self.stored_graphic)

    def _barcode(self) -> None:
        kind = self._byte()
        if kind <= 6:
            while self._byte() != 0:
                pass
        else:
            self._take(self._byte())


def _bits_to_image(bits: bytes, width: int, height: int) -> Image.Image:
    """Packed rows, 1 = dot, as a 1-bit image with black dots on white."""
    row_bytes = (width + 7) // 8
    raw = Image.frombytes("1", (row_bytes * 8, height), bytes(bits[: row_bytes * height]))
    return ImageOps.invert(raw.convert("L")).crop((0, 0, width, height)).convert("1")
