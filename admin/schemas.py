"""API v1 shapes of the management plane (offices, services, counters, staff, tokens,
devices, the audit log), the sanctions-and-compensation cases and the reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, create_model

from antrian.shared.models.office import CALL_POLICIES
from antrian.shared.models.staff import ROLES
from antrian.shared.models.survey import CASE_CHANNELS, CASE_STATES, COMPENSATIONS
from antrian.shared.office import audit, counters, offices, services, standards
from antrian.shared.office.administration import DEVICE_KINDS
from antrian.shared.reports.service_report import GROUPS, TREND_BUCKETS
from antrian.shared.satisfaction.ikm import ELEMENT_KEYS, IkmWeight
from antrian.shared.supervision import running
from antrian.shared.tickets.spoken_call import LANGUAGES, DigitMode
from antrian.shared.web.api_models import (
    Answer,
    CounterKind,
    Names,
    Request,
    TicketPublic,
    WholeNumber,
)

HHMM = Field(None, pattern=r"^(\d\d:\d\d)?$", description="HH:MM, office-local; empty or "
             "null for none")
IKM_WEIGHTS = tuple(IkmWeight)


class _Closed(Request):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- offices


class Settings(Answer):
    call_policy: Literal[CALL_POLICIES]
    priority_ratio: int
    follow_service_order: bool
    digit_mode: Literal[tuple(DigitMode)]
    language: Literal[LANGUAGES]
    recalls_before_no_show: int
    ikm_weight: Literal[IKM_WEIGHTS]
    retention_days: int
    survey_days: int
    kiosk_return_seconds: int


class Office(Answer):
    """An office and its settings"""

    code: str
    name: str
    timezone: str
    header: str | None
    footer: str | None
    settings: Settings


class Offices(Answer):
    """The offices this administrator manages"""

    offices: list[Office]


class SettingsChange(_Closed):
    """Only the settings to change (an unknown one is a 400 naming it)"""

    # The bounds are offices.SETTING_RULES's; tests/foundation/test_openapi.py holds them equal.
    call_policy: Literal[CALL_POLICIES] = None
    priority_ratio: int = Field(None, ge=1, le=20)
    follow_service_order: bool = None
    digit_mode: Literal[tuple(DigitMode)] = None
    language: Literal[LANGUAGES] = None
    recalls_before_no_show: int = Field(None, ge=0, le=10)
    ikm_weight: Literal[IKM_WEIGHTS] = None
    retention_days: int = Field(None, ge=30, le=3650)
    survey_days: int = Field(None, ge=1, le=90)
    kiosk_return_seconds: int = Field(None, ge=5, le=600)


class OfficeChange(_Closed):
    name: str = Field(None, max_length=offices.MAX_NAME)
    header: str = Field(None, max_length=offices.MAX_TICKET_TEXT)
    footer: str = Field(None, max_length=offices.MAX_TICKET_TEXT)
    settings: SettingsChange = None


class NewOffice(Request):
    code: str = Field(pattern=offices.CODE_RE.pattern)
    name: str = Field(max_length=offices.MAX_NAME)
    timezone: str = Field("Asia/Jakarta", description="an IANA time zone")


# ---------------------------------------------------------------- services and counters

# One field per SOP step the code knows (standards.STANDARDS): a new step documents itself.
_STEPS = standards.STEP_KEYS
_STEP_S = Annotated[int, Field(ge=1, le=standards.MAX_STANDARD_S)]
PriorityStandards = create_model(
    "PriorityStandards", __base__=Answer,
    __doc__="SOP 002's figures for priority visitors, seconds",
    **{key: (int, ...) for key in _STEPS})
Standards = create_model(
    "Standards", __base__=Answer, __doc__="Each SOP step's time standard, seconds",
    **{key: (int, ...) for key in _STEPS},
    online_days=(int | float, Field(..., description="online requests, working days")),
    priority=(PriorityStandards, ...))
PriorityStandardsChange = create_model(
    "PriorityStandardsChange", __base__=_Closed, __doc__="Only the priority figures to change",
    **{key: (_STEP_S, None) for key in _STEPS})
StandardsChange = create_model(
    "StandardsChange", __base__=_Closed,
    __doc__="Only the standards to change, seconds; the rest stay",
    **{key: (_STEP_S, None) for key in _STEPS},
    online_days=(Annotated[int, Field(ge=1, le=standards.MAX_ONLINE_DAYS)], None),
    priority=(PriorityStandardsChange, None))


class Service(Answer):
    """A service"""

    id: int
    prefix: str
    name_id: str
    name_en: str
    quota: int | None
    opens: str | None
    closes: str | None
    active: bool
    position: int
    standards: Standards  # type: ignore[valid-type]


class Services(Answer):
    """The office's services"""

    services: list[Service]


class ServiceChange(_Closed):
    """The fields to change"""

    prefix: str = Field(None, pattern=services.PREFIX_RE.pattern)
    name_id: str = Field(None, max_length=services.MAX_NAME)
    name_en: str = Field(None, max_length=services.MAX_NAME)
    quota: Annotated[int, Field(ge=1, le=services.MAX_QUOTA)] | Literal[""] | None = Field(
        None, description="daily quota; null or empty for none")
    opens: str | None = HHMM
    closes: str | None = HHMM
    active: bool = Field(None, description="false deactivates and keeps history")
    position: WholeNumber = Field(None, description="order on the kiosk")
    standards: StandardsChange = None  # type: ignore[valid-type]


class NewService(ServiceChange):
    prefix: str = Field(pattern=services.PREFIX_RE.pattern)
    name_id: str = Field(max_length=services.MAX_NAME)
    name_en: str = Field(max_length=services.MAX_NAME)


class Counter(Answer):
    """A counter"""

    id: int
    number: int
    name: str
    kind: CounterKind
    services: list[str] = Field(description="service prefixes, in the counter's order")
    staff: str | None = Field(description="username")
    open: bool


class Counters(Answer):
    """The office's counters"""

    counters: list[Counter]


class CounterChange(_Closed):
    number: int = Field(None, ge=1, le=counters.MAX_NUMBER)
    name: str = Field(None, max_length=counters.MAX_NAME)
    kind: CounterKind = None
    services: list[str] = None
    staff: str | None = Field(None, description="username; null for nobody")
    open: bool = None


class NewCounter(CounterChange):
    number: int = Field(ge=1, le=counters.MAX_NUMBER)
    name: str = Field(max_length=counters.MAX_NAME)


# ---------------------------------------------------------------- staff and tokens

Role = Literal[ROLES]


class User(Answer):
    """A staff account"""

    id: int
    username: str
    display_name: str
    roles: list[Role]
    office: str | None
    counter: int | None
    active: bool


class NewUser(User):
    """Created; `password` is shown this once"""

    password: str


class Users(Answer):
    """The office's staff"""

    users: list[User]


class UserFields(_Closed):
    display_name: str = None
    roles: list[Role] = Field(None, min_length=1)
    counter: WholeNumber | None = Field(None, description="counter number; null for none")


class NewUserRequest(UserFields):
    username: str


class UserChange(UserFields):
    active: bool = Field(None, description="false: every process refuses the account's tokens "
                                           "within a second and closes its consoles")


class Password(Answer):
    """The new password, shown this once"""

    id: int
    username: str
    password: str


class Token(Answer):
    """A staff API token (never its value)"""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class Tokens(Answer):
    """The user's tokens"""

    tokens: list[Token]


class NewToken(Token):
    """Created; `token` is shown this once"""

    user: str
    token: str


class TokenRequest(Request):
    name: str | None = Field(None, description="default (or null): api")


class PairRequest(Request):
    kind: Literal[DEVICE_KINDS]
    name: str


class PairedDevice(Answer):
    """Paired; `token` (and a kiosk's pairing link) shown this once"""

    id: int
    kind: Literal[DEVICE_KINDS]
    name: str
    token: str
    pair_url: str | None


class RevokedDevice(Answer):
    """Revoked"""

    id: int
    kind: Literal[DEVICE_KINDS]
    name: str
    revoked: Literal[True]


class AuditQuery(Request):
    start: date | None = Field(None, alias="from", description="first day, YYYY-MM-DD")
    to: date | None = Field(None, description="last day, YYYY-MM-DD")
    kind: Literal[tuple(audit.KINDS)] | None = None


class AuditEntry(Answer):
    id: int
    at: datetime
    office: str | None
    actor: str
    address: str
    action: str = Field(description="kind.verb, e.g. service.update")
    kind: str
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditLog(Answer):
    """The audit log, newest first"""

    entries: list[AuditEntry]


# ---------------------------------------------------------------- cases (SOP 004)

CaseState = Literal[CASE_STATES]


class UserRef(Answer):
    username: str
    display_name: str


class CaseSummary(Answer):
    id: int
    status: CaseState
    status_label: Names
    channel: Literal[CASE_CHANNELS]
    ticket: str | None = Field(description="the ticket's code")
    staff: UserRef | None
    opened_at: datetime
    due_at: datetime
    overdue: bool
    compensation: Literal[COMPENSATIONS] | None
    decree_number: str | None


class CaseList(Answer):
    """The office's cases, overdue first"""

    office: str
    timezone: str
    own_only: bool
    cases: list[CaseSummary]


class CaseQuery(Request):
    status: Literal[("active", "overdue", *CASE_STATES)] | None = Field(
        None, description="a state, or active (not closed) or overdue")


class CaseTicket(Answer):
    id: int
    code: str
    service_day: date


class CaseEvent(Answer):
    kind: str
    at: datetime
    by: UserRef | None
    data: dict[str, Any] | None


class Case(Answer):
    """A case with its steps and history"""

    id: int
    status: CaseState
    status_label: Names
    channel: Literal[CASE_CHANNELS]
    ticket: CaseTicket | None
    staff: UserRef | None
    ratings: dict[str, Any] | None = Field(description="the survey's scores and its elements "
                                                       "rated 1 or 2")
    complaint: str | None
    opened_at: datetime
    due_at: datetime = Field(description="seven days after opening")
    overdue: bool
    hearing: dict[str, Any] | None
    proposal: dict[str, Any] | None
    verification: dict[str, Any] | None
    decree_number: str | None
    decree_date: date | None
    compensation: dict[str, Any] | None
    reservice_ticket: dict[str, Any] | None
    contact: dict[str, Any] | None = Field(description="the visitor's phone and e-mail, for "
                                                       "coordinator, head and admin only")
    closed_at: datetime | None
    closed_by: UserRef | None
    closing_notes: str | None
    history: list[CaseEvent]


class HearingRequest(Request):
    notes: str


class ProposeRequest(Request):
    sanction: str
    compensation: Literal[COMPENSATIONS]


class VerifyRequest(Request):
    decision: Literal["approve", "return"]
    decree_number: str | None = None
    decree_date: date | None = None
    notes: str | None = Field(None, description="required to return")


class CompensateRequest(Request):
    kind: Literal[COMPENSATIONS] | None = None
    text: str | None = Field(None, description="the apology's text")


class Compensated(Answer):
    """The case, and the re-service ticket when one was issued"""

    case: Case
    ticket: TicketPublic | None


class CloseRequest(Request):
    notes: str | None = None


# ---------------------------------------------------------------- reports


class PeriodQuery(Request):
    start: date | None = Field(None, alias="from", description="first day, YYYY-MM-DD "
                               "(office-local, inclusive; default today)")
    to: date | None = Field(None, description="last day, YYYY-MM-DD")
    service: str | None = Field(None, description="service prefix")
    counter: int | None = Field(None, ge=0, le=999_999, description="counter number "
                                "(report readers only)")
    staff: str | None = Field(None, description="username of the staff member who served "
                              "(report readers only)")


class ReportQuery(PeriodQuery):
    group: Literal[GROUPS] | None = Field(None, description="default: service")


class TrendQuery(PeriodQuery):
    by: Literal[TREND_BUCKETS] | None = Field(None, description="default: month; a daily "
                                              "trend covers at most 366 days")


class Filters(Answer):
    service: str | None
    counter: int | None
    staff: str | None


class Ikm(Answer):
    """The IKM of the period"""

    office: str
    start: date = Field(alias="from")
    to: date
    filters: Filters
    respondents: int
    elements: dict[Literal[ELEMENT_KEYS], float | None] = Field(
        description="NRR (mean score) per element")
    index: float | None = Field(description="sum of NRR x weight, 1-4")
    ikm: float | None = Field(description="index x 25, two decimals")
    grade: str | None
    label: str | None
    label_en: str | None
    weight: float = Field(description="1/9 (exact) or 0.11 (rounded)")
    weight_setting: Literal[IKM_WEIGHTS]
    population: int = Field(description="tickets completed in the period")
    sample_needed: int = Field(description="Krejcie-Morgan sample size")
    sample_reached: bool


class TrendPoint(Answer):
    period: str
    label: str
    start: date = Field(alias="from")
    to: date
    respondents: int
    ikm: float | None
    grade: str | None
    label_id: str | None
    label_en: str | None


class IkmTrend(Answer):
    """The IKM per day, week or month"""

    office: str
    start: date = Field(alias="from")
    to: date
    by: Literal[TREND_BUCKETS]
    filters: Filters
    weight_setting: Literal[IKM_WEIGHTS]
    points: list[TrendPoint]


class EscalationFigures(Answer):
    count: int
    answered: int
    open_overdue: int
    answer_p50_s: float | None
    answer_p90_s: float | None
    answer_mean_s: float | None


class CallbackFigures(Answer):
    tickets: int
    attempts: int
    reached: int


class Figures(Answer):
    key: str = Field(description="service prefix, counter number, username, channel, "
                                 "YYYY-MM-DD or HH; '-' for none")
    label: str
    issued: int
    served: int
    no_show: int
    cancelled: int
    wait_p50_s: float | None
    wait_p90_s: float | None
    wait_mean_s: float | None
    wait_measured: int
    service_p50_s: float | None
    service_p90_s: float | None
    service_mean_s: float | None
    service_measured: int
    within_standard: dict[str, float | None] = Field(
        description="share 0-1 of each SOP step within its standard; null when not measured")
    measured: dict[str, int]
    escalations: EscalationFigures
    callbacks: CallbackFigures


class ReportStep(Answer):
    key: str
    name: str
    name_en: str
    sop: str
    standard: str
    measured_by: str


class ServiceReport(Answer):
    """The service report of the period"""

    office: str
    start: date = Field(alias="from")
    to: date
    timezone: str
    group: Literal[GROUPS]
    filters: Filters
    groups: list[Figures]
    total: Figures
    steps: list[ReportStep]


# ---------------------------------------------------------------- a ticket's SOP steps


class TimelineStep(Answer):
    """One SOP step of a ticket against its standard; the running step has no end yet"""

    step: Literal[(*standards.STEP_KEYS, standards.ONLINE_DAYS)]  # type: ignore[valid-type]
    started_at: datetime
    ended_at: datetime | None
    duration_s: int
    standard_s: int
    within: bool | None


class Timeline(Answer):
    """A ticket and its SOP steps, measured (docs/standards.md)"""

    ticket: dict[str, Any]
    steps: list[TimelineStep]


# ---------------------------------------------------------------- breaches of the standards


class BreachQuery(Request):
    start: date | None = Field(None, alias="from", description="first day, YYYY-MM-DD "
                               "(office-local, inclusive; default today)")
    to: date | None = Field(None, description="last day, YYYY-MM-DD (at most 366 days)")


class StepLabel(Answer):
    id: str
    en: str
    sop: str


class Breach(Answer):
    """A running SOP step that passed its standard (the `sla.breached` event's body)"""

    id: int
    ticket: int
    code: str
    service: str
    channel: str
    step: Literal[running.STEPS]  # type: ignore[valid-type]
    step_label: StepLabel
    started_at: datetime
    breached_at: datetime
    standard_s: int = Field(description="seconds; working seconds for online_days")
    elapsed_s: int = Field(description="how long the step had run when it was raised")
    counter: str | None = Field(description="the counter holding the ticket (none while it "
                                "waits)")
    staff: str | None = Field(description="the staff member holding the ticket")


class Breaches(Answer):
    """The office's breaches of a period, oldest first (docs/standards.md)"""

    office: str
    timezone: str
    start: date = Field(alias="from")
    to: date
    breaches: list[Breach]
