"""Printer URLs: one string in the Printer row says how to reach the printer.

    tcp://192.168.1.50:9100          network printer (raw port 9100)
    usb://04b8:0202                  USB vendor:product id, hexadecimal
    serial:///dev/ttyUSB0?baud=19200 serial port (baud defaults to 9600)
    cups://kiosk-printer             a raw CUPS queue
    file:///dev/usb/lp0              a device file (Linux usblp)
    dummy://                         nothing: bytes are kept in memory (tests, previews)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import CupsPrinter, Dummy, File, Network, Serial, Usb

SCHEMES = ("tcp", "usb", "serial", "cups", "file", "dummy")
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_USB_ID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")


class PrinterUnavailable(Exception):
    """The printer could not be opened: off, unplugged, unreachable or a driver is missing."""


class UnknownProfile(PrinterUnavailable, ValueError):
    """The stored python-escpos profile is not one this python-escpos knows (a typo, or a
    profile an upgrade dropped): no job can be sent until it is corrected."""


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed, validated printer URL."""

    scheme: str
    host: str = ""
    port: int = 0
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""
    baud: int = 9600
    queue: str = ""


def parse_url(url: str) -> PrinterAddress:
    """Validate a printer URL; the ValueError message is meant for the administrator."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ValueError(
            f"unknown printer URL scheme {parts.scheme!r} in {url!r}; "
            f"use one of {', '.join(s + '://' for s in SCHEMES)}"
        )
    if scheme == "tcp":
        return _parse_tcp(url, parts)
    if scheme == "usb":
        match = _USB_ID.match(parts.netloc)
        if not match:
            raise ValueError(
                f"USB printer needs usb://VID:PID in hex, e.g. usb://04b8:0202: {url!r}"
            )
        return PrinterAddress("usb", vendor_id=int(match[1], 16), product_id=int(match[2], 16))
    if scheme == "serial":
        return _parse_serial(url, parts)
    if scheme == "cups":
        queue = unquote(parts.netloc or parts.path.strip("/"))
        if not queue:
            raise ValueError(f"CUPS printer needs a queue name, e.g. cups://kiosk: {url!r}")
        return PrinterAddress("cups", queue=queue)
    if scheme == "file":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/"):
            raise ValueError(
                f"file printer needs an absolute path, e.g. file:///dev/usb/lp0: {url!r}"
            )
        return PrinterAddress("file", device=path)
    return PrinterAddress("dummy")


def _parse_tcp(url: str, parts: Any) -> PrinterAddress:
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"bad port in printer URL {url!r}") from None
    if not parts.hostname:
        raise ValueError(f"network printer needs a host, e.g. tcp://192.168.1.50:9100: {url!r}")
    if port is None:
        raise ValueError(f"network printer needs a port, usually 9100: {url!r}")
    if port == 0:
        raise ValueError(f"port 0 is not a printer port: {url!r}")
    return PrinterAddress("tcp", host=parts.hostname, port=port)


def _parse_serial(url: str, parts: Any) -> PrinterAddress:
    device = unquote(parts.netloc + parts.path) if parts.netloc else unquote(parts.path)
    if not device or device == "/":
        raise ValueError(f"serial printer needs a port, e.g. serial:///dev/ttyUSB0: {url!r}")
    query = parse_qs(parts.query)
    unknown = set(query) - {"baud"}
    if unknown:
        raise ValueError(f"unknown serial option {sorted(unknown)[0]!r} in {url!r}")
    baud_text = query.get("baud", ["9600"])[-1]
    if not baud_text.isdigit() or int(baud_text) not in BAUD_RATES:
        rates = ", ".join(str(rate) for rate in BAUD_RATES)
        raise ValueError(f"bad baud rate {baud_text!r} in {url!r}; use one of {rates}")
    return PrinterAddress("serial", device=device, baud=int(baud_text))


def describe_url(url: str) -> str:
    """A short Indonesian description for admin screens, e.g. "Jaringan 192.168.1.50:9100"."""
    address = parse_url(url)
    match address.scheme:
        case "tcp":
            host = f"[{address.host}]" if ":" in address.host else address.host
            return f"Jaringan {host}:{address.port}"
        case "usb":
            return f"USB {address.vendor_id:04x}:{address.product_id:04x}"
        case "serial":
            return f"Serial {address.device} ({address.baud} baud)"
        case "cups":
            return f"Antrean CUPS {address.queue}"
        case "file":
            return f"Berkas perangkat {address.device}"
    return "Printer tiruan (uji)"


def supports_status(url: str) -> bool:
    """Whether the printer can answer DLE EOT status queries over this connection."""
    return parse_url(url).scheme in ("tcp", "usb", "serial")


def open_printer(url: str, *, timeout: float = 3.0, profile: str | None = None) -> Any:
    """A connected python-escpos printer for `url`.

    The connection is opened here, so a dead printer fails now and within `timeout`
    rather than on the first byte. python-escpos does not reconnect an object whose open
    failed, so each attempt must call this again. Raises PrinterUnavailable (UnknownProfile
    for a profile python-escpos does not know).
    """
    address = parse_url(url)
    try:
        printer = _construct(address, timeout, profile)
    except KeyError:  # python-escpos looks the profile up by name
        raise UnknownProfile(
            f"{describe_url(url)}: profil printer python-escpos tidak dikenal / "
            f"unknown python-escpos printer profile {profile!r}"
        ) from None
    if address.scheme == "dummy":
        return printer
    try:
        printer.open()
    except (DeviceNotFoundError, OSError, RuntimeError) as error:
        raise PrinterUnavailable(f"{describe_url(url)}: {error}".strip()) from error
    return printer


def _construct(address: PrinterAddress, timeout: float, profile: str | None) -> Any:
    kind = {"tcp": Network, "usb": Usb, "serial": Serial, "cups": CupsPrinter,
            "file": File, "dummy": Dummy}[address.scheme]
    if not kind.is_usable():
        raise PrinterUnavailable(
            f"{kind.__name__} printers need an extra Python package (pyusb, pyserial or pycups)"
        )
    match address.scheme:
        case "tcp":
            return Network(address.host, address.port, timeout=timeout, profile=profile)
        case "usb":
            return Usb(address.vendor_id, address.product_id, timeout=int(timeout * 1000),
                       profile=profile)
        case "serial":
            return Serial(address.device, baudrate=address.baud, timeout=timeout, profile=profile)
        case "cups":
            return CupsPrinter(address.queue, profile=profile)
        case "file":
            return File(address.device, profile=profile)
    return Dummy(profile=profile)
