"""API v1 for printing: reprints, job states, printer states, and the print agent's feed."""

from __future__ import annotations

from antrian.kiosk import bp
from antrian.shared.tickets import kiosk_screen, print_jobs
from antrian.shared.web import boundary


@bp.post("/api/v1/tickets/<int:ticket_id>/reprint")
def reprint(ticket_id: int):
    return print_jobs.reprint(
        boundary.db(), ticket_id, boundary.current_actor(), boundary.base_url()
    ), 201


@bp.get("/api/v1/print-jobs/<int:job_id>")
def print_job(job_id: int):
    return print_jobs.job_status(boundary.db(), job_id, boundary.current_actor())


@bp.get("/api/v1/offices/<office>/printers")
def printers(office: str):
    return {"printers": print_jobs.office_printers(boundary.db(), office, boundary.current_actor())}


@bp.post("/api/v1/print-jobs/claim")
def claim_jobs():
    """A print agent's due jobs, each claimed for it: print them, then acknowledge each one."""
    return {"jobs": print_jobs.claim_for_agent(boundary.db(), boundary.current_actor())}


@bp.post("/api/v1/print-jobs/<int:job_id>/ack")
def ack_job(job_id: int):
    body = boundary.json_body()
    outcome = print_jobs.ack(
        boundary.db(), job_id, boundary.current_actor(), body.get("ok"), body.get("error")
    )
    return {"job": outcome.job_id, "status": outcome.status, "attempts": outcome.attempts}


@bp.get("/api/v1/print-agent/whoami")
def agent_whoami():
    return kiosk_screen.whoami(boundary.db(), boundary.current_actor(), kind="print_agent")
