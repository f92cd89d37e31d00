"""API v1 of the escort desk (SOP 002): the open assistance requests, and a guard's two
steps. Thin: parse, call one service, serialise."""

from __future__ import annotations

from antrian.counter import bp
from antrian.counter.schemas import AssistanceRequests, AssistanceRequestView
from antrian.shared.desks import assistance
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM
from antrian.shared.web.openapi import described


@bp.get("/api/v1/offices/<office>/assistance")
@described("The escort desk's list: today's assistance requests not yet done",
           responses={200: AssistanceRequests}, path={"office": OFFICE_PARAM})
def list_assistance(office: str):
    return {"requests": assistance.open_requests(boundary.db(), office, who.current_actor())}


@bp.post("/api/v1/assistance/<int:request_id>/acknowledge")
@described("A guard takes the request: the counters see that help is on the way (409 when "
           "another guard took it first)", responses={200: AssistanceRequestView},
           errors=(409,))
def acknowledge_assistance(request_id: int):
    return assistance.acknowledge(boundary.db(), request_id, who.current_actor())


@bp.post("/api/v1/assistance/<int:request_id>/done")
@described("The visitor has been escorted (409 unless acknowledged first)",
           responses={200: AssistanceRequestView}, errors=(409,))
def finish_assistance(request_id: int):
    return assistance.finish(boundary.db(), request_id, who.current_actor())
