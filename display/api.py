"""API v1: the board snapshot, the same one the hub sends on connect."""

from __future__ import annotations

from antrian.display import bp
from antrian.shared.tickets import office_snapshot
from antrian.shared.web import boundary
from antrian.shared.web.api_models import OFFICE_PARAM, Board
from antrian.shared.web.openapi import described


@bp.get("/api/v1/offices/<office>/board")
@described("The board snapshot (also sent as `board` on every hub connect)", public=True,
           responses={200: Board}, path={"office": OFFICE_PARAM})
def board_snapshot(office: str):
    return office_snapshot.office_snapshot(boundary.db(), office)
