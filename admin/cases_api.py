"""API v1 of the sanctions-and-compensation cases (SOP 004): list, read, and the five steps.

Errors as everywhere: 403 for the wrong role, 409 (``case_out_of_order``) for a step out of
order, 400 for a malformed body. Routes parse and call one service in shared/cases/workflow.py.
"""

from __future__ import annotations

from flask import request

from antrian.admin import bp
from antrian.admin.schemas import (
    Case,
    CaseList,
    CaseQuery,
    CloseRequest,
    Compensated,
    CompensateRequest,
    HearingRequest,
    ProposeRequest,
    VerifyRequest,
)
from antrian.shared.cases import reading, workflow
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM
from antrian.shared.web.openapi import described


@bp.get("/api/v1/offices/<office>/cases")
@described("The office's sanctions-and-compensation cases, overdue first", query=CaseQuery,
           responses={200: CaseList}, path={"office": OFFICE_PARAM},
           description="Coordinator, head, admin; a staff member gets only the cases about "
           "them.")
def cases_list(office: str):
    return reading.list_cases(boundary.db(), office, who.current_actor(),
                            request.args.get("status") or None)


@bp.get("/api/v1/cases/<int:case_id>")
@described("One case with its steps and history", responses={200: Case})
def case_get(case_id: int):
    return reading.case_detail(boundary.db(), case_id, who.current_actor())


@bp.post("/api/v1/cases/<int:case_id>/hearing")
@described("The coordinator records the staff member's explanation (from open or returned)",
           body=HearingRequest, responses={200: Case}, errors=(409,))
def case_hearing(case_id: int):
    body = boundary.json_body()
    return workflow.record_hearing(boundary.db(), case_id, who.current_actor(),
                                boundary.field(body, "notes", str, required=True))


@bp.post("/api/v1/cases/<int:case_id>/propose")
@described("The coordinator proposes the sanction and the compensation (after the hearing)",
           body=ProposeRequest, responses={200: Case}, errors=(409,))
def case_propose(case_id: int):
    body = boundary.json_body()
    return workflow.propose(boundary.db(), case_id, who.current_actor(),
                         boundary.field(body, "sanction", str, required=True),
                         boundary.field(body, "compensation", str, required=True))


@bp.post("/api/v1/cases/<int:case_id>/verify")
@described("The head approves with the decree (SK) number and date, or returns for review",
           body=VerifyRequest, responses={200: Case}, errors=(409,))
def case_verify(case_id: int):
    body = boundary.json_body()
    return workflow.verify(boundary.db(), case_id, who.current_actor(),
                        boundary.field(body, "decision", str, required=True),
                        boundary.field(body, "decree_number", str),
                        boundary.field(body, "decree_date", str),
                        boundary.field(body, "notes", str))


@bp.post("/api/v1/cases/<int:case_id>/compensate")
@described("The coordinator gives the compensation (after the decree)",
           body=CompensateRequest, responses={200: Compensated},
           errors=(409,), description="An apology (shown on the visitor's status page), a "
           "priority re-service ticket of channel compensation, or an online re-service.")
def case_compensate(case_id: int):
    body = boundary.json_body()
    done = workflow.compensate(boundary.db(), case_id, who.current_actor(),
                            boundary.field(body, "kind", str), boundary.field(body, "text", str),
                            boundary.base_url())
    return {"case": done.case, "ticket": done.ticket}


@bp.post("/api/v1/cases/<int:case_id>/close")
@described("The coordinator or the head closes a compensated case", body=CloseRequest,
           responses={200: Case}, errors=(409,))
def case_close(case_id: int):
    body = boundary.json_body()
    return workflow.close(
        boundary.db(), case_id, who.current_actor(), boundary.field(body, "notes", str)
    )
