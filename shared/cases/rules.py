"""The rules of a sanctions-and-compensation case (SOP 004) that need no database: its
deadline, its states and steps with the role each needs, and the words pages show for them.
shared/cases/workflow.py changes cases by these rules; shared/cases/reading.py reads them."""

from __future__ import annotations

from datetime import datetime

from antrian.shared.auth.actors import Actor
from antrian.shared.core.errors import Conflict
from antrian.shared.models import Case, VisitRecord
from antrian.shared.models.survey import CASE_CHANNELS
from antrian.shared.satisfaction.instrument import ELEMENT_KEYS

CASE_DAYS = 7  # SOP 004: "selambatnya 1 (satu) minggu"
LOW_SCORE = 2  # 1 tidak baik, 2 kurang baik
TEXT_MAX = 4000
DECREE_MAX = 80
COMPLAINT_CHANNELS = tuple(c for c in CASE_CHANNELS if c != "survey")

STATUS_LABELS = {
    "open": ("Baru", "Open"),
    "heard": ("Sudah didengar", "Heard"),
    "proposed": ("Menunggu verifikasi", "Awaiting verification"),
    "returned": ("Dikembalikan untuk ditinjau", "Returned for review"),
    "approved": ("SK terbit", "Decree issued"),
    "compensated": ("Kompensasi diberikan", "Compensated"),
    "closed": ("Selesai", "Closed"),
}
CHANNEL_LABELS = {
    "survey": ("Survei (nilai rendah)", "Survey (low rating)"),
    "letter": ("Surat", "Letter"),
    "phone": ("Telepon/SMS", "Phone/SMS"),
    "whatsapp": ("WhatsApp", "WhatsApp"),
    "social_media": ("Media sosial", "Social media"),
    "email": ("E-mail", "E-mail"),
    "web": ("Laman web", "Web page"),
    "in_person": ("Tatap muka", "In person"),
}
COMPENSATION_LABELS = {
    "apology": ("Permohonan maaf dari Koordinator ULT", "An apology from the coordinator"),
    "reservice_in_person": ("Layanan ulang langsung dengan prioritas",
                            "Priority re-service in person"),
    "reservice_online": ("Layanan ulang daring dengan prioritas",
                         "Priority re-service online"),
}
HISTORY_LABELS = {
    "opened": ("Kasus dibuka", "Case opened"),
    "heard": ("Keterangan petugas dicatat", "Staff member heard"),
    "proposed": ("Usulan sanksi dan kompensasi", "Sanction and compensation proposed"),
    "approved": ("Diverifikasi: SK terbit", "Verified: decree issued"),
    "returned": ("Dikembalikan untuk ditinjau", "Returned for review"),
    "compensated": ("Kompensasi diberikan", "Compensation given"),
    "closed": ("Kasus ditutup", "Case closed"),
    "overdue": ("Lewat batas 7 hari", "Past the seven-day limit"),
}

# Each step: the permission it needs, the states it may start from, the state it leaves.
STEPS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "hearing": ("hear_case", ("open", "returned"), "heard"),
    "propose": ("propose_case", ("heard", "returned"), "proposed"),
    "verify": ("verify_case", ("proposed",), "approved"),  # or "returned"
    "compensate": ("compensate_case", ("approved",), "compensated"),
    "close": ("close_case", ("compensated",), "closed"),
}
STEP_WORDS = {
    "hearing": ("mencatat keterangan petugas", "record the hearing"),
    "propose": ("mengusulkan sanksi", "propose"),
    "verify": ("memverifikasi", "verify"),
    "compensate": ("memberikan kompensasi", "give compensation"),
    "close": ("menutup kasus", "close the case"),
}


def is_overdue(case: Case, now: datetime) -> bool:
    """Not closed seven days after it opened."""
    return case.status != "closed" and now >= case.due_at


def low_elements(scores: dict[str, int]) -> list[str]:
    return [k for k in ELEMENT_KEYS if scores.get(k) is not None and scores[k] <= LOW_SCORE]


def check_step(case: Case, step: str) -> None:
    """Conflict (409 ``case_out_of_order``) unless ``step`` may follow the case's status."""
    _, allowed, _ = STEPS[step]
    if case.status not in allowed:
        now_id, now_en = STATUS_LABELS[case.status]
        verb_id, verb_en = STEP_WORDS[step]
        raise Conflict(
            f"Kasus #{case.id} berstatus \"{now_id}\": belum/tidak dapat {verb_id}. / "
            f"Case #{case.id} is \"{now_en}\": cannot {verb_en} now.",
            code="case_out_of_order")


def actions_for(actor: Actor | None, status: str) -> tuple[str, ...]:
    """The steps this actor may take on a case in ``status`` now, for the case page."""
    if actor is None:
        return ()
    return tuple(step for step, (permission, allowed, _) in STEPS.items()
                 if status in allowed and actor.may(permission))


def visitor_contact(case: Case, record: VisitRecord | None) -> tuple[str | None, str | None]:
    """The visitor's phone and e-mail where known: the visit record, else the complaint."""
    phone = record.phone if record else None
    email = record.email if record else None
    if case.complainant_contact:
        if "@" in case.complainant_contact:
            email = email or case.complainant_contact
        else:
            phone = phone or case.complainant_contact
    return phone, email
