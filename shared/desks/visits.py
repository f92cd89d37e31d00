"""The visit record of a ticket (SOP 001 steps 3, 7, 8, 16): who came, for what, on whose
behalf, and how it ended.

This is personal data (UU 27/2022): it is read and written only by staff of the ticket's
office, never put on a board, a printed ticket, a log line or an event payload. The NIK is
optional, exactly 16 digits, and leaves this module only masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Forbidden, InvalidInput, NotFound
from antrian.shared.models import Escalation, Ticket, VisitRecord
from antrian.shared.tickets import access, timeline

# Purpose categories of SOP 001 step 2, with their labels (Indonesian / English).
PURPOSES = {
    "info_tunjangan_profesi": "Informasi: tunjangan profesi / professional allowance",
    "info_angka_kredit": "Informasi: penilaian angka kredit / credit points",
    "info_dapodik": "Informasi: Dapodik / school data",
    "info_umum": "Informasi umum / general information",
    "pengaduan": "Pengaduan / complaint",
    "perizinan": "Perizinan / permits",
    "lainnya": "Lainnya / other",
}
AUTHORITY_DOCS = {
    "surat_kuasa": "Surat kuasa / power of attorney",
    "surat_tugas": "Surat tugas / assignment letter",
}
OUTCOMES = {
    "answered": "Dijawab langsung / answered directly",
    "escalated": "Diteruskan / escalated",
}
LIMITS = {"name": 120, "institution": 200, "regency": 120, "phone": 30, "email": 200,
          "purpose_detail": 4000, "request_text": 4000, "answer_text": 8000}
NIK = re.compile(r"^\d{16}$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,28}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class VisitInput:
    """What staff type in; every field optional, validated by `clean`."""

    name: str | None = None
    institution: str | None = None
    regency: str | None = None
    phone: str | None = None
    email: str | None = None
    nik: str | None = None
    purpose_category: str | None = None
    purpose_detail: str | None = None
    on_behalf: bool = False
    authority_doc: str | None = None
    outcome: str | None = None
    request_text: str | None = None
    answer_text: str | None = None

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> VisitInput:
        known = {f.name for f in fields(cls)}
        values = {}
        for key, value in body.items():
            if key not in known:
                continue
            if key == "on_behalf":
                if not isinstance(value, bool):
                    raise InvalidInput("'on_behalf' harus true/false. / must be a boolean.",
                                       field=key)
            elif value is not None and not isinstance(value, str):
                raise InvalidInput(f"Kolom '{key}' harus teks. / '{key}' must be text.",
                                   field=key)
            values[key] = value
        return cls(**values)


def clean(data: VisitInput) -> dict[str, Any]:
    """Trim, check and normalise; raises InvalidInput naming the first bad field."""
    out: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        value = (getattr(data, name) or "").strip() or None
        if value and len(value) > limit:
            raise InvalidInput(f"Kolom {name} maksimal {limit} karakter. / "
                               f"{name} is at most {limit} characters.", field=name)
        out[name] = value
    nik = re.sub(r"[\s.-]", "", data.nik or "") or None
    if nik and not NIK.match(nik):
        raise InvalidInput("NIK harus 16 angka (boleh dikosongkan). / "
                           "NIK must be 16 digits (or left empty).", field="nik")
    out["nik"] = nik
    if out["phone"] and not PHONE.match(out["phone"]):
        raise InvalidInput("Nomor telepon tidak sah. / Invalid phone number.", field="phone")
    if out["email"] and not EMAIL.match(out["email"]):
        raise InvalidInput("Alamat e-mail tidak sah. / Invalid e-mail address.", field="email")
    for name, allowed in (("purpose_category", PURPOSES), ("authority_doc", AUTHORITY_DOCS),
                          ("outcome", OUTCOMES)):
        value = getattr(data, name) or None
        if value is not None and value not in allowed:
            raise InvalidInput(f"Pilihan {name} tidak dikenal: {value}. / Choose one of: "
                               + ", ".join(allowed), field=name)
        out[name] = value
    out["on_behalf"] = bool(data.on_behalf)
    if out["on_behalf"] and out["authority_doc"] is None:
        raise InvalidInput("Mewakili orang lain perlu surat kuasa atau surat tugas. / "
                           "Acting for someone needs a power of attorney or assignment letter.",
                           field="authority_doc")
    if not out["on_behalf"]:
        out["authority_doc"] = None
    return out


def mask_nik(nik: str | None) -> str | None:
    """3201********0001: enough to recognise, not enough to reuse."""
    if not nik:
        return None
    return nik[:4] + "*" * 8 + nik[-4:]


def apply(session: Session, ticket: Ticket, values: dict[str, Any],
          only_given: bool = False) -> VisitRecord:
    """Write cleaned values onto the ticket's record (created when missing)."""
    record = session.get(VisitRecord, ticket.id)
    if record is None:
        record = VisitRecord(ticket_id=ticket.id, on_behalf=False)
        session.add(record)
    for key, value in values.items():
        if only_given and value is None:
            continue
        setattr(record, key, value)
    return record


def latest_answer(session: Session, ticket_id: int) -> Escalation | None:
    """The ticket's latest answered (not merely forwarded) escalation: the answer the visitor
    is given, and the one their visit record keeps."""
    return session.scalar(
        select(Escalation)
        .where(Escalation.ticket_id == ticket_id, Escalation.answer.is_not(None))
        .order_by(Escalation.answered_at.desc(), Escalation.id.desc())
        .limit(1)
    )


def keep_final_answer(session: Session, ticket: Ticket,
                      given: str | None = None) -> VisitRecord | None:
    """SOP 001 steps 15-16: the answer the visitor got after an escalation stays in the visit
    record. `given`: the words staff gave it in; otherwise the answer that came back, unless
    staff already wrote the answer given into the record. None when nothing was escalated."""
    final = given
    if not final:
        answered = latest_answer(session, ticket.id)
        final = answered.answer if answered is not None else None
    if final is None:
        return None
    record = session.get(VisitRecord, ticket.id)
    values: dict[str, Any] = {}
    if record is None or not record.outcome:
        values["outcome"] = "escalated"
    if given or record is None or not record.answer_text:
        values["answer_text"] = final
    return apply(session, ticket, values)


def record_visit(db: Database, ticket_id: int, actor: Actor, data: VisitInput) -> dict[str, Any]:
    """Save what the counter learned about the visit; returns the staff view."""
    values = clean(data)
    if values["nik"] is None:
        values.pop("nik")  # screens only ever see the masked NIK: an empty field keeps it
    with db.write() as session:
        ticket = access.locked_ticket(session, ticket_id)
        _require_staff(actor, ticket.office_id)
        given = sorted(k for k, v in values.items() if v not in (None, False))
        if not given and session.get(VisitRecord, ticket.id) is None:
            return staff_view(None)  # nothing to record: no empty row, no timeline entry
        record = apply(session, ticket, values)
        # The timeline notes that the record changed, and which fields: never their values.
        timeline.log_event(session, ticket, "visit_recorded", actor, fields=given)
        session.flush()
        return staff_view(record)


def visit_for(db: Database, ticket_id: int, actor: Actor) -> dict[str, Any]:
    with db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound("Tiket tidak ditemukan. / Unknown ticket.")
        _require_staff(actor, ticket.office_id)
        return staff_view(session.get(VisitRecord, ticket_id))


def _require_staff(actor: Actor, office_id: int) -> None:
    """Any desk of the ticket's office may read and write its visit record."""
    for permission in ("operate_counter", "reception_desk", "phone_desk"):
        if actor is not None and actor.may(permission):
            require(actor, permission, office_id)
            return
    require(actor, "operate_counter", office_id)  # raises the right message
    raise Forbidden("Tidak diizinkan. / Not allowed.")


def staff_view(record: VisitRecord | None) -> dict[str, Any]:
    """The record as staff screens show it: the NIK masked, never in full."""
    if record is None:
        return {"exists": False}
    return {
        "exists": True,
        "name": record.name,
        "institution": record.institution,
        "regency": record.regency,
        "phone": record.phone,
        "email": record.email,
        "nik_masked": mask_nik(record.nik),
        "purpose_category": record.purpose_category,
        "purpose_detail": record.purpose_detail,
        "on_behalf": record.on_behalf,
        "authority_doc": record.authority_doc,
        "outcome": record.outcome,
        "request_text": record.request_text,
        "answer_text": record.answer_text,
        "answer_by": record.answer_by,
    }
