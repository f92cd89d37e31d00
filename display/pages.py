"""Board pages."""

from __future__ import annotations

from flask import render_template

from display import bp
from shared import board, web


@bp.get("/display/<office>/events")
def event_log(office: str):
    """A live log of the office's hub events: proves a screen on this LAN receives them."""
    snapshot = board.office_snapshot(web.db(), office)
    return render_template("display/event_log.html", office=snapshot["office"])
