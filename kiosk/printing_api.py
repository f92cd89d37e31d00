"""API v1 for printing: reprints, job states, printer states, and the print agent's feed."""

from __future__ import annotations

from antrian.kiosk import bp
from antrian.kiosk.schemas import AckAnswer, AckRequest, ClaimedJobs, Device, Printers, Reprint
from antrian.shared.tickets import kiosk_screen, print_jobs
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM, PrintJobState
from antrian.shared.web.openapi import described


@bp.post("/api/v1/tickets/<int:ticket_id>/reprint")
@described("Queue a reprint of a ticket's slip (reception, or the kiosk that issued it)",
           responses={201: Reprint}, errors=(409,),
           description="409 no_printer when the office has none, ticket_finished once the "
           "ticket is done.")
def reprint(ticket_id: int):
    return print_jobs.reprint(
        boundary.db(), ticket_id, who.current_actor(), boundary.base_url()
    ), 201


@bp.get("/api/v1/print-jobs/<int:job_id>")
@described("A print job's state (the kiosk follows its ticket's slip)",
           responses={200: PrintJobState})
def print_job(job_id: int):
    return print_jobs.job_status(boundary.db(), job_id, who.current_actor())


@bp.get("/api/v1/offices/<office>/printers")
@described("The office's printers and their last known state (staff; not a kiosk)",
           responses={200: Printers}, path={"office": OFFICE_PARAM})
def printers(office: str):
    return {"printers": print_jobs.office_printers(boundary.db(), office, who.current_actor())}


@bp.post("/api/v1/print-jobs/claim")
@described("A print agent claims its office's due jobs, with each slip's content",
           responses={200: ClaimedJobs})
def claim_jobs():
    """A print agent's due jobs, each claimed for it: print them, then acknowledge each one."""
    return {"jobs": print_jobs.claim_for_agent(boundary.db(), who.current_actor())}


@bp.post("/api/v1/print-jobs/<int:job_id>/ack")
@described("A print agent reports a job printed or failed", body=AckRequest,
           responses={200: AckAnswer}, errors=(409,),
           description="409 not_claimed when the job is not being printed.")
def ack_job(job_id: int):
    body = boundary.json_body()
    outcome = print_jobs.ack(
        boundary.db(), job_id, who.current_actor(), body.get("ok"), body.get("error")
    )
    return {"job": outcome.job_id, "status": outcome.status, "attempts": outcome.attempts}


@bp.get("/api/v1/print-agent/whoami")
@described("Which office a print agent token belongs to", responses={200: Device})
def agent_whoami():
    return kiosk_screen.whoami(boundary.db(), who.current_actor(), kind="print_agent")
