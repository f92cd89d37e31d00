"""The supervisor's live view `/admin/live` (coordinator, head, administrator) and API v1's
list of breaches of the time standards. The page renders the state once; its script keeps
it live from the `supervisor` socket (`sla.breached` at once, the rest by reloading the page's
part on each office event)."""

from __future__ import annotations

from flask import Response, render_template, request

from antrian.admin import bp
from antrian.admin.home import admin_view
from antrian.admin.schemas import Breaches, BreachQuery
from antrian.shared.satisfaction.ikm_report import parse_date
from antrian.shared.supervision import breaches, live
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM
from antrian.shared.web.openapi import described


@bp.get("/api/v1/offices/<office>/breaches")
@described("The office's breaches of the time standards in a period: each running SOP step "
           "that passed its standard, raised once (coordinator, head, administrator)",
           query=BreachQuery, responses={200: Breaches}, path={"office": OFFICE_PARAM})
def api_breaches(office: str):
    return breaches.list_breaches(boundary.db(), office, who.current_actor(),
                                  parse_date(request.args.get("from"), "from"),
                                  parse_date(request.args.get("to"), "to"))


@bp.get("/admin/live")
@admin_view
def live_page(actor, office: str):
    view = live.live_view(boundary.db(), office, actor)
    response = Response(render_template("admin/live.html", view=view, office=office))
    response.headers["Cache-Control"] = "no-store"  # it is the state of this moment
    return response
