"""API v1 of the sanctions-and-compensation cases (SOP 004): list, read, and the five steps.

Errors as everywhere: 403 for the wrong role, 409 (``case_out_of_order``) for a step out of
order, 400 for a malformed body. Routes parse and call one service in shared/cases/workflow.py.
"""

from __future__ import annotations

from flask import request

from antrian.admin import bp
from antrian.shared.cases import reading, workflow
from antrian.shared.web import boundary


@bp.get("/api/v1/offices/<office>/cases")
def cases_list(office: str):
    return reading.list_cases(boundary.db(), office, boundary.current_actor(),
                            request.args.get("status") or None)


@bp.get("/api/v1/cases/<int:case_id>")
def case_get(case_id: int):
    return reading.case_detail(boundary.db(), case_id, boundary.current_actor())


@bp.post("/api/v1/cases/<int:case_id>/hearing")
def case_hearing(case_id: int):
    body = boundary.json_body()
    return workflow.record_hearing(boundary.db(), case_id, boundary.current_actor(),
                                boundary.field(body, "notes", str, required=True))


@bp.post("/api/v1/cases/<int:case_id>/propose")
def case_propose(case_id: int):
    body = boundary.json_body()
    return workflow.propose(boundary.db(), case_id, boundary.current_actor(),
                         boundary.field(body, "sanction", str, required=True),
                         boundary.field(body, "compensation", str, required=True))


@bp.post("/api/v1/cases/<int:case_id>/verify")
def case_verify(case_id: int):
    body = boundary.json_body()
    return workflow.verify(boundary.db(), case_id, boundary.current_actor(),
                        boundary.field(body, "decision", str, required=True),
                        boundary.field(body, "decree_number", str),
                        boundary.field(body, "decree_date", str),
                        boundary.field(body, "notes", str))


@bp.post("/api/v1/cases/<int:case_id>/compensate")
def case_compensate(case_id: int):
    body = boundary.json_body()
    done = workflow.compensate(boundary.db(), case_id, boundary.current_actor(),
                            boundary.field(body, "kind", str), boundary.field(body, "text", str),
                            boundary.base_url())
    return {"case": done.case, "ticket": done.ticket}


@bp.post("/api/v1/cases/<int:case_id>/close")
def case_close(case_id: int):
    body = boundary.json_body()
    return workflow.close(
        boundary.db(), case_id, boundary.current_actor(), boundary.field(body, "notes", str)
    )
