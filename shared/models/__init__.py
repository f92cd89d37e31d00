"""The domain's tables. Import from here so every model is registered on the metadata."""

from shared.models.audit import AuditEntry, AuthEpoch
from shared.models.base import Base, utcnow
from shared.models.lease import JobLease
from shared.models.office import (
    Counter,
    CounterService,
    DisplayProfile,
    Office,
    OfficeSettings,
    Service,
)
from shared.models.printing import Printer, PrintJob
from shared.models.staff import DeviceToken, LoginThrottle, User
from shared.models.survey import Case, CaseEvent, SurveyCheck, SurveyResponse
from shared.models.ticket import (
    IdempotencyKey,
    OfficeEventSeq,
    Ticket,
    TicketEvent,
    TicketSequence,
)
from shared.models.visit import Escalation, VisitRecord

__all__ = [
    "AuditEntry",
    "AuthEpoch",
    "Base",
    "Case",
    "CaseEvent",
    "Counter",
    "CounterService",
    "DeviceToken",
    "DisplayProfile",
    "Escalation",
    "IdempotencyKey",
    "JobLease",
    "LoginThrottle",
    "Office",
    "OfficeEventSeq",
    "OfficeSettings",
    "PrintJob",
    "Printer",
    "Service",
    "SurveyCheck",
    "SurveyResponse",
    "Ticket",
    "TicketEvent",
    "TicketSequence",
    "User",
    "VisitRecord",
    "utcnow",
]
