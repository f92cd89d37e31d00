"""The domain's tables. Import from here so every model is registered on the metadata."""

from antrian.shared.models.assistance import AssistanceRequest
from antrian.shared.models.audit import AuditEntry, AuthEpoch
from antrian.shared.models.base import Base, utcnow
from antrian.shared.models.breach import Breach
from antrian.shared.models.day_off import OfficeDayOff
from antrian.shared.models.lease import JobLease
from antrian.shared.models.mail import MailMessage
from antrian.shared.models.office import (
    Counter,
    CounterService,
    DisplayProfile,
    Office,
    OfficeSettings,
    Service,
)
from antrian.shared.models.printing import Printer, PrintJob
from antrian.shared.models.staff import DeviceToken, LoginThrottle, User
from antrian.shared.models.step import TicketStep
from antrian.shared.models.survey import Case, CaseEvent, SurveyCheck, SurveyResponse
from antrian.shared.models.ticket import (
    IdempotencyKey,
    OfficeEventSeq,
    Ticket,
    TicketEvent,
    TicketSequence,
    WaitingCount,
)
from antrian.shared.models.visit import Escalation, VisitRecord

__all__ = [
    "AssistanceRequest",
    "AuditEntry",
    "AuthEpoch",
    "Base",
    "Breach",
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
    "MailMessage",
    "Office",
    "OfficeDayOff",
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
    "TicketStep",
    "User",
    "VisitRecord",
    "WaitingCount",
    "utcnow",
]
