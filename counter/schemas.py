"""API v1 shapes of the staff desks: the counter's actions, its console, visit records,
reception, the phone desk, the back office and online answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from antrian.counter import console_view
from antrian.shared.desks.phone import CALLBACK_OUTCOMES
from antrian.shared.desks.visits import AUTHORITY_DOCS, OUTCOMES, PURPOSES
from antrian.shared.models.visit import ANSWER_BY, ESCALATION_LEVELS
from antrian.shared.tickets.states import STATUSES
from antrian.shared.web.api_models import (
    Answer,
    AssistanceKind,
    AssistanceStatus,
    CounterCall,
    CounterRef,
    IssueRequest,
    Names,
    OfficeRef,
    Request,
    ServiceQueue,
    TicketPublic,
    WholeNumber,
)

Level = Literal[ESCALATION_LEVELS]


# ---------------------------------------------------------------- a counter's actions


class CallRequest(Request):
    code: str = Field(description="the waiting ticket's code, e.g. A012")


class TransferRequest(Request):
    """transfer: to another service, optionally to one counter"""

    service: str = Field(description="service prefix")
    counter: WholeNumber | None = Field(None, description="counter number")
    note: str | None = None


class EscalateRequest(Request):
    """escalate: a question for the back office (or the main unit)"""

    question: str
    level: Level = "back_office"


class TicketActionRequest(Request):
    """transfer takes {service, counter?, note?}; escalate takes {question, level?}; the
    other actions take no body"""

    service: str | None = None
    counter: WholeNumber | None = None
    note: str | None = None
    question: str | None = None
    level: Level | None = None


class ConsoleQuery(Request):
    waiting_offset: int | None = Field(None, ge=0, le=console_view.WAITING_OFFSET_MAX,
                                       description="waiting tickets to skip")
    waiting_limit: int | None = Field(None, ge=0, le=console_view.WAITING_PAGE_MAX,
                                      description="waiting tickets to send (default "
                                      f"{console_view.WAITING_PAGE})")


class VisitView(Answer):
    """The visit record as staff see it (NIK masked); {exists: false} before one is saved"""

    exists: bool
    name: str | None = None
    institution: str | None = None
    regency: str | None = None
    phone: str | None = None
    email: str | None = None
    nik_masked: str | None = None
    purpose_category: str | None = None
    purpose_detail: str | None = None
    on_behalf: bool | None = None
    authority_doc: str | None = None
    outcome: str | None = None
    request_text: str | None = None
    answer_text: str | None = None


class EscalationAnswer(Answer):
    question: str
    answer: str | None
    answered_at: datetime | None


class CurrentTicket(TicketPublic):
    served_at: datetime | None
    target_service_s: int
    needs_assistance: bool
    assistance: AssistanceState | None = Field(description="SOP 002's escort request, if any")
    priority_reason: str | None
    note: str | None
    visit: VisitView
    answer: EscalationAnswer | None


class WaitingTicket(Answer):
    id: int
    code: str
    service: str
    service_name: Names
    transferred: bool
    priority: bool
    priority_reason: str | None
    needs_assistance: bool
    assistance: AssistanceState | None
    waited_s: int
    target_wait_s: int
    for_other_counter: bool
    sent_from_here: bool


class WaitingPage(Answer):
    total: int
    offset: int
    limit: int


class ReturnedTicket(Answer):
    id: int
    code: str
    status: Literal[STATUSES]
    service: str
    question: str | None
    answer: str | None
    due_at: datetime | None
    answer_by: Literal[ANSWER_BY] | None = Field(
        None, description="the visitor left: callback or status_page")
    phone: str | None = None
    actions: list[str] = Field(default_factory=list,
                               description="resume; answer-later while the visitor may leave")


class AnswerLaterRequest(Request):
    """The visitor left while the question was out: how the answer reaches them"""

    by: Literal[ANSWER_BY]
    phone: str | None = Field(None, description="for a call-back, unless the visit record "
                                                "has the number")


class PassOnRequest(Request):
    answer: str | None = Field(None, description="the corrected answer; absent: the main "
                                                 "unit's answer unchanged")


class CounterStats(Answer):
    served: int
    no_shows: int
    average_service_s: int | None


class ConsoleCounter(Answer):
    id: int
    number: int
    name: str
    kind: str
    open: bool
    office: str


class Console(Answer):
    """The counter console's state"""

    counter: ConsoleCounter
    now: datetime
    recalls_before_no_show: int
    current: CurrentTicket | None
    waiting: list[WaitingTicket]
    waiting_page: WaitingPage
    returned: list[ReturnedTicket]
    stats: CounterStats
    services: list[dict[str, Any]]
    counters: list[dict[str, Any]]
    online: list[dict[str, Any]]


class VisitInput(Request):
    """What the desk learned about the visit (SOP 001); every field optional"""

    name: str | None = None
    institution: str | None = None
    regency: str | None = None
    phone: str | None = None
    email: str | None = None
    nik: str | None = Field(None, description="16 digits; answered masked, never whole")
    # An empty choice is no choice: the console's form sends "" for an unset select.
    purpose_category: Literal[("", *PURPOSES)] | None = None
    purpose_detail: str | None = None
    on_behalf: bool = False
    authority_doc: Literal[("", *AUTHORITY_DOCS)] | None = Field(
        None, description="required when on_behalf")
    outcome: Literal[("", *OUTCOMES)] | None = None
    request_text: str | None = None
    answer_text: str | None = None


# ---------------------------------------------------------------- reception and phone


class ReceptionRequest(IssueRequest):
    """A ticket with the visitor's data, in one go (SOP 001/002)"""

    visitor: VisitInput | None = None


class ReceptionPrinter(Answer):
    id: int
    name: str
    state: str
    state_at: datetime | None


class ReceptionTicket(Answer):
    id: int
    code: str
    service: str
    priority: bool
    status: Literal[STATUSES]
    token: str


class ReceptionOverview(Answer):
    """Reception's overview: waiting, counters, printers, today's last tickets"""

    office: OfficeRef
    waiting: list[ServiceQueue]
    counters: list[CounterCall]
    printers: list[ReceptionPrinter]
    recent: list[ReceptionTicket]


class CallLogRequest(VisitInput):
    """A phone call (SOP 003): the service and what the caller said"""

    service: str = Field(description="service prefix")


class Calls(Answer):
    """Call-backs due and today's calls"""

    callbacks: list[dict[str, Any]]
    recent: list[dict[str, Any]]


class AnswerRequest(Request):
    answer: str


class ForwardCallRequest(Request):
    level: Level | None = Field("back_office", description="null: back_office")
    question: str | None = None


class CallbackRequest(Request):
    outcome: Literal[CALLBACK_OUTCOMES]
    answer: str | None = None


class OpenEscalation(Answer):
    id: int
    ticket_id: int
    code: str
    channel: str
    service: str
    level: Level
    level_label: str
    question: str
    asked_at: datetime
    due_at: datetime
    overdue: bool
    answer: str | None
    visitor: str | None
    review: bool = Field(False, description="the main unit's answer for the back office to "
                                             "pass on or correct")
    proposed: str | None = Field(None, description="on a review: the main unit's answer")


class Escalations(Answer):
    """Open escalations, soonest due first"""

    escalations: list[OpenEscalation]


class EscalationAnswered(Answer):
    """Answered"""

    id: int
    answered_at: datetime


class ForwardEscalationRequest(Request):
    note: str | None = None


class EscalationForwarded(Answer):
    """Passed to the main unit"""

    id: int
    level: Level
    due_at: datetime


class AnswerOnlineRequest(Request):
    answer: str
    counter: WholeNumber | None = Field(None, description="counter number")


# ---------------------------------------------------------------- the escort desk (SOP 002)


class AssistanceState(Answer):
    """A ticket's assistance request as the counter console shows it"""

    kind: AssistanceKind
    kind_label: Names
    status: AssistanceStatus
    acknowledged_at: datetime | None


class AssistanceRequestView(Answer):
    """One visitor waiting for (or being given) an escort or a wheelchair"""

    id: int
    ticket_id: int
    code: str
    service: str
    service_name: Names
    priority: bool
    ticket_status: Literal[STATUSES]
    counter: CounterRef | None
    kind: AssistanceKind
    kind_label: Names
    status: AssistanceStatus
    requested_at: datetime
    due_at: datetime = Field(description="requested_at + SOP 002's escort standard")
    overdue: bool
    acknowledged_at: datetime | None
    acknowledged_by: str | None = Field(description="the guard's display name")
    done_at: datetime | None


class AssistanceRequests(Answer):
    """Today's requests not yet done, oldest first"""

    requests: list[AssistanceRequestView]
