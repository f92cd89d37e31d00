"""QR codes drawn on the server as SVG (a ticket's status page, a kiosk's pairing link): no
JavaScript QR library, no CDN."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def svg(data: str) -> bytes:
    """A crisp, scalable QR (error correction M, like the printed one) for any screen size."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()
