"""API v1 for printing: reprints, job states, printer states, and the print agent's feed."""

from __future__ import annotations

from kiosk import bp
from shared import kiosk, printjobs, web


@bp.post("/api/v1/tickets/<int:ticket_id>/reprint")
def reprint(ticket_id: int):
    return printjobs.reprint(web.db(), ticket_id, web.current_actor(), web.base_url()), 201


@bp.get("/api/v1/print-jobs/<int:job_id>")
def print_job(job_id: int):
    return printjobs.job_status(web.db(), job_id, web.current_actor())


@bp.get("/api/v1/offices/<office>/printers")
def printers(office: str):
    return {"printers": printjobs.office_printers(web.db(), office, web.current_actor())}


@bp.post("/api/v1/print-jobs/claim")
def claim_jobs():
    """A print agent's due jobs, each claimed for it: print them, then acknowledge each one."""
    return {"jobs": printjobs.claim_for_agent(web.db(), web.current_actor())}


@bp.post("/api/v1/print-jobs/<int:job_id>/ack")
def ack_job(job_id: int):
    body = web.json_body()
    outcome = printjobs.ack(web.db(), job_id, web.current_actor(), body.get("ok"),
                            body.get("error"))
    return {"job": outcome.job_id, "status": outcome.status, "attempts": outcome.attempts}


@bp.get("/api/v1/print-agent/whoami")
def agent_whoami():
    return kiosk.whoami(web.db(), web.current_actor(), kind="print_agent")
