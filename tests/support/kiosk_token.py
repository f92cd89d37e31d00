"""Read the demo kiosk token from a LiveServer's first-start log (the pairing link)."""

from __future__ import annotations

import re

from tests.support.servers import LiveServer


def kiosk_token(server: LiveServer) -> str:
    match = re.search(r"/kiosk/demo/pair#(\S+)", server.log.read_text())
    assert match, "the first start prints the kiosk pairing link"
    return match.group(1)
