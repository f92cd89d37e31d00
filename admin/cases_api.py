"""API v1 of the sanctions-and-compensation cases (SOP 004): list, read, and the five steps.

Errors as everywhere: 403 for the wrong role, 409 (``case_out_of_order``) for a step out of
order, 400 for a malformed body. Routes parse and call one service in shared/cases.py.
"""

from __future__ import annotations

from flask import request

from admin import bp
from shared import case_views, cases, web


@bp.get("/api/v1/offices/<office>/cases")
def cases_list(office: str):
    return case_views.list_cases(web.db(), office, web.current_actor(),
                            request.args.get("status") or None)


@bp.get("/api/v1/cases/<int:case_id>")
def case_get(case_id: int):
    return case_views.case_detail(web.db(), case_id, web.current_actor())


@bp.post("/api/v1/cases/<int:case_id>/hearing")
def case_hearing(case_id: int):
    body = web.json_body()
    return cases.record_hearing(web.db(), case_id, web.current_actor(),
                                web.field(body, "notes", str, required=True))


@bp.post("/api/v1/cases/<int:case_id>/propose")
def case_propose(case_id: int):
    body = web.json_body()
    return cases.propose(web.db(), case_id, web.current_actor(),
                         web.field(body, "sanction", str, required=True),
                         web.field(body, "compensation", str, required=True))


@bp.post("/api/v1/cases/<int:case_id>/verify")
def case_verify(case_id: int):
    body = web.json_body()
    return cases.verify(web.db(), case_id, web.current_actor(),
                        web.field(body, "decision", str, required=True),
                        web.field(body, "decree_number", str),
                        web.field(body, "decree_date", str),
                        web.field(body, "notes", str))


@bp.post("/api/v1/cases/<int:case_id>/compensate")
def case_compensate(case_id: int):
    body = web.json_body()
    done = cases.compensate(web.db(), case_id, web.current_actor(),
                            web.field(body, "kind", str), web.field(body, "text", str),
                            web.base_url())
    return {"case": done.case, "ticket": done.ticket}


@bp.post("/api/v1/cases/<int:case_id>/close")
def case_close(case_id: int):
    body = web.json_body()
    return cases.close(web.db(), case_id, web.current_actor(), web.field(body, "notes", str))
