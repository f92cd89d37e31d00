"""The timeline page of one ticket for staff: each SOP step's start, end and duration against
its standard (the same as API v1's /tickets/<id>/timeline), and a look-up by number."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from antrian.admin import bp
from antrian.admin.home import admin_view
from antrian.shared.satisfaction import ikm_report
from antrian.shared.tickets import step_view
from antrian.shared.web import boundary


@bp.get("/admin/timeline")
@admin_view
def timeline_lookup(actor, office: str):
    """Find a ticket by its number and day; without a number, the form alone."""
    code = request.args.get("code", "")
    if not code:
        return render_template("admin/timeline.html", ticket=None, steps=[], office=office,
                               args=request.args)
    day = ikm_report.parse_date(request.args.get("date"), "date")
    found = step_view.find_ticket(boundary.db(), office, code, day, actor)
    return redirect(url_for("admin.timeline_page", ticket_id=found))


@bp.get("/admin/tickets/<int:ticket_id>/timeline")
@admin_view
def timeline_page(actor, office: str, ticket_id: int):
    body = step_view.ticket_steps(boundary.db(), ticket_id, actor)
    return render_template("admin/timeline.html", ticket=body["ticket"],
                           steps=step_view.page_view(body), office=office, args=request.args)
