"""API v1: the board snapshot, the same one the hub sends on connect."""

from __future__ import annotations

from antrian.display import bp
from antrian.shared.tickets import office_snapshot
from antrian.shared.web import boundary


@bp.get("/api/v1/offices/<office>/board")
def board_snapshot(office: str):
    return office_snapshot.office_snapshot(boundary.db(), office)
