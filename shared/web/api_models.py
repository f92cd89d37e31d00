"""The API v1 shapes every face shares: the error, the ticket, the counter, the board.

Documentation and validation models (pydantic): request models are checked at the boundary
(shared/web/openapi.py); response models describe what shared/ returns and are never used
to build it. Enumerations come from the code's own constants.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from antrian.shared.models.assistance import ASSISTANCE_KINDS, ASSISTANCE_STATUSES
from antrian.shared.models.office import COUNTER_KINDS
from antrian.shared.models.printing import JOB_STATES
from antrian.shared.models.ticket import CHANNELS, PRIORITY_REASONS
from antrian.shared.tickets.states import STATUSES

MAX_INT = 2**31 - 1  # as boundary.MAX_INT: PostgreSQL's INTEGER

#: A whole number the database can hold; bool is no number here (strict validation).
WholeNumber = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
Count = Annotated[int, Field(ge=0)]
Seconds = Annotated[float, Field(description="seconds")]

TicketStatus = Literal[STATUSES]
Channel = Literal[CHANNELS]
PriorityReason = Literal[PRIORITY_REASONS]
CounterKind = Literal[COUNTER_KINDS]
JobState = Literal[JOB_STATES]
AssistanceKind = Literal[ASSISTANCE_KINDS]
AssistanceStatus = Literal[ASSISTANCE_STATUSES]

#: Path parameters: what the code can ever have created, so a fuzzer's guesses stay on the
#: routes (a "." or ".." would be resolved away by the client before it is sent).
OFFICE_PARAM = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,39}$",
                "examples": ["demo"], "description": "office code"}
TOKEN_PARAM = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$",
               "description": "the ticket's public (QR) token"}
PREFIX_PARAM = {"type": "string", "pattern": "^[A-Z]{1,3}$", "examples": ["A"],
                "description": "service prefix"}


class Answer(BaseModel):
    """A response model: documents what the code returns (fields beyond these may follow)."""

    model_config = ConfigDict(extra="allow")


class Request(BaseModel):
    """A request body: validated strictly before the view runs; unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")


# ---------------------------------------------------------------- the error


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine code: invalid_input, unauthorized, forbidden, "
                                  "csrf, not_found, conflict, illegal_transition, gone, "
                                  "rate_limited, counter_busy, quota_reached, ...")
    message: str = Field(description="Indonesian first, then English")
    field: str | None = Field(None, description="the request field at fault, when one is")


class Error(BaseModel):
    """Every 4xx answer: {"error": {"code", "message", "field"?}}"""

    error: ErrorDetail


# ---------------------------------------------------------------- tickets


class Names(Answer):
    id: str
    en: str


class CounterRef(Answer):
    id: int
    number: int
    name: str
    kind: CounterKind


class TicketPublic(Answer):
    """The ticket as boards, kiosks and the hub see it"""

    id: int
    code: str
    number: int
    service: str = Field(description="service prefix")
    service_name: Names
    priority: bool
    channel: Channel
    status: TicketStatus
    counter: CounterRef | None
    recall_count: int
    issued_at: datetime
    called_at: datetime | None


class PrintJobState(Answer):
    """A print job as the kiosk and staff see it"""

    job: int
    status: JobState
    attempts: int


class Ticket(TicketPublic):
    """The API v1 ticket"""

    token: str = Field(description="public token: the QR code's status page")
    status_url: str
    ahead: int | None = Field(description="tickets ahead; null once called")
    estimated_wait_s: float | None


class IssuedTicket(Ticket):
    """The ticket issued (or replayed), with its slip's print job"""

    print: PrintJobState | None = Field(description="null when nothing is printed")


class IssueRequest(Request):
    # null is as good as absent (the default), as it always was for these fields
    service: str = Field(description="service prefix, e.g. A")
    priority: bool | None = False
    priority_reason: PriorityReason | None = None
    channel: Channel | None = Field("kiosk", description="a kiosk issues only kiosk tickets, "
                                    "staff the channels of their role, nobody compensation")
    idempotency_key: str | None = Field(None, description="or the Idempotency-Key header")
    needs_assistance: bool | None = False
    assistance: AssistanceKind | None = Field(
        None, description="SOP 002: a wheelchair or an escort; raises a request on the escort "
        "desk (a walk-in ticket only). needs_assistance alone asks for an escort")


# ---------------------------------------------------------------- the board


class CounterCall(Answer):
    counter: CounterRef
    open: bool
    ticket: TicketPublic | None


class RecentCall(Answer):
    code: str
    service: str
    priority: bool
    counter: CounterRef | None
    at: datetime
    recall: bool


class ServiceQueue(Answer):
    service: str
    name: Names
    active: bool
    waiting: Count
    priority_waiting: Count
    quota_left: int | None = Field(description="null: no daily quota")


class OfficeRef(Answer):
    code: str
    name: str


class BoardOffice(OfficeRef):
    timezone: str


class Board(Answer):
    """The board snapshot (also sent as `board` on every hub connect)"""

    seq: int = Field(description="the office's event sequence the snapshot is at")
    office: BoardOffice
    service_day: date
    calls: list[CounterCall]
    recent: list[RecentCall]
    waiting: list[ServiceQueue]


class Health(Answer):
    """Liveness"""

    status: Literal["ok"]


class Document(Answer):
    """This document (OpenAPI 3.1)"""

    openapi: str
    paths: dict[str, Any]
