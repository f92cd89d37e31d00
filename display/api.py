"""API v1: the board snapshot, the same one the hub sends on connect."""

from __future__ import annotations

from display import bp
from shared import board, web


@bp.get("/api/v1/offices/<office>/board")
def board_snapshot(office: str):
    return board.office_snapshot(web.db(), office)
