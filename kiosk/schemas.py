"""API v1 shapes of the visitor's side: the kiosk's menu, a ticket's public status, and the
print jobs a kiosk follows and a print agent works through."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from antrian.shared.models.printing import PRINTER_STATES
from antrian.shared.models.survey import COMPENSATIONS
from antrian.shared.models.ticket import CHANNELS
from antrian.shared.tickets.states import STATUSES
from antrian.shared.web.api_models import (
    Answer,
    Count,
    Names,
    OfficeRef,
    PrintJobState,
    Request,
    Ticket,
)


class ReserviceTicket(Answer):
    code: str
    status: Literal[STATUSES]
    priority: bool
    channel: Literal[CHANNELS]
    status_url: str


class PublicCompensation(Answer):
    kind: Literal[COMPENSATIONS]
    label: Names
    given_at: datetime
    text: str | None = Field(description="the apology's text")
    ticket: ReserviceTicket | None = Field(description="the re-service ticket")


class OnlineStatus(Answer):
    """An online request as its status link shows it (SOP 000)"""

    request_text: str | None = Field(description="what was asked (none once purged)")
    submitted_at: datetime
    submitted: str = Field(description="the same, in the office's local time")
    due_at: datetime = Field(description="answer due, in the office's working days")
    due: str = Field(description="the same, in the office's local time")
    answer: str | None = Field(description="the answer, once given")
    answered_at: datetime | None
    answered_on: str | None = Field(description="the same, in the office's local time")


class TicketStatus(Ticket):
    """The ticket's public status"""

    answer: str | None = Field(None, description="an online request's answer, once given, "
                                                 "or a walk-in's who left and chose the "
                                                 "status page")
    online: OnlineStatus | None = Field(None, description="an online request: what was asked, "
                                        "its due date and answer (online tickets only)")
    compensation: PublicCompensation | None = Field(
        description="the apology or re-service ticket a case gave this visit (SOP 004)")


class KioskOffice(OfficeRef):
    timezone: str
    language: str


class KioskService(Answer):
    service: str
    name: Names
    waiting: Count
    estimated_wait_s: float | None
    quota_left: int | None
    unavailable: Literal["closed", "quota"] | None = Field(
        description="why the kiosk shows it disabled; null when it can be taken")


class KioskMenu(Answer):
    """The kiosk's menu"""

    office: KioskOffice
    return_seconds: int
    services: list[KioskService]


class Device(Answer):
    """The device the token belongs to"""

    kind: Literal["kiosk", "print_agent"]
    token_id: int
    name: str
    office: OfficeRef


class WhoamiQuery(Request):
    office: str | None = Field(None, description="the office the kiosk expects to be paired "
                                                 "with (403 wrong_office otherwise)")


class Reprint(PrintJobState):
    """The reprint's job (or the slip's job still waiting to print: never two)"""

    ticket: str = Field(description="the ticket's code")


class Printer(Answer):
    id: int
    name: str
    url: str
    paper_mm: int
    native_qr: bool
    profile: str | None
    is_default: bool
    via_agent: bool
    state: Literal[PRINTER_STATES]
    state_at: datetime | None
    jobs_waiting: bool


class Printers(Answer):
    """The office's printers and their last known state"""

    printers: list[Printer]


class ClaimedJob(Answer):
    job: int
    kind: str
    ticket: int
    code: str
    printer: dict[str, Any]
    slip: dict[str, Any] = Field(description="what the slip says, line by line")


class ClaimedJobs(Answer):
    """The jobs claimed for this agent: print each, then acknowledge it"""

    jobs: list[ClaimedJob]


class AckRequest(Request):
    ok: bool = Field(description="printed (true) or failed (false)")
    error: str | None = Field(None, description="what went wrong, when it failed")


class AckAnswer(Answer):
    """The job's state after the report"""

    job: int
    status: Literal["done", "failed"]
    attempts: int
