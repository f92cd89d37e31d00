"""The escort desk (SOP 002 steps 1 and 3): a visitor who needs a wheelchair or an escort
raises a request when their ticket is issued; a guard (role `security`) acknowledges it, which
tells the counters that help is on the way, and marks it done once the visitor is seated.

Each move is one guarded UPDATE (`status` must still be the source): two guards pressing
*Terima* together cannot both take a request, whatever the database; the loser gets a 409
naming who took it. Events go only to the escort room and the counters that serve the
ticket's service, never to the office's public room: a visitor's need is not for the board.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, InvalidInput, NotFound
from antrian.shared.models import AssistanceRequest, CounterService, Office, Ticket, User
from antrian.shared.models.assistance import ASSISTANCE_KINDS
from antrian.shared.office import standards
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets import timeline
from antrian.shared.tickets.ticket_json import counter_json

KIND_LABELS = {"wheelchair": {"id": "Kursi roda", "en": "Wheelchair"},
               "escort": {"id": "Pendamping", "en": "Escort"}}
DEFAULT_KIND = "escort"  # reception's checkbox names no kind: someone walks with them


def check_kind(kind: str | None, needs_assistance: bool) -> str | None:
    """The request's kind from an issue request: None when no help is asked."""
    if kind is None:
        return DEFAULT_KIND if needs_assistance else None
    if kind not in ASSISTANCE_KINDS:
        raise InvalidInput("Jenis bantuan: " + ", ".join(ASSISTANCE_KINDS)
                           + " / assistance must be one of these.", field="assistance")
    return kind


def escort_room(office_code: str) -> str:
    return f"escort:{office_code}"


# ---------------------------------------------------------------- raising


def raise_request(session: Session, office: Office, ticket: Ticket, kind: str) -> None:
    """Inside the issuing transaction: the request commits with its ticket."""
    request = AssistanceRequest(office_id=office.id, ticket_id=ticket.id, kind=kind,
                                status="open", requested_at=ticket.issued_at)
    request.ticket = ticket
    session.add(request)
    session.flush()
    timeline.log_event(session, ticket, "assistance", None, help=kind)  # the escort starts
    _publish(session, office, request, "assistance.requested")


# ---------------------------------------------------------------- the desk's list


def open_requests(db: Database, office_code: str, actor: Actor) -> list[dict[str, Any]]:
    """Today's requests not yet done, oldest first."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "escort_desk", office.id)
        rows = session.scalars(
            select(AssistanceRequest)
            .join(Ticket, Ticket.id == AssistanceRequest.ticket_id)
            .options(selectinload(AssistanceRequest.ticket).selectinload(Ticket.service),
                     selectinload(AssistanceRequest.ticket).selectinload(Ticket.counter))
            .where(AssistanceRequest.office_id == office.id,
                   AssistanceRequest.status.in_(("open", "acknowledged")),
                   Ticket.service_day == clock.today(office.timezone))
            .order_by(AssistanceRequest.requested_at, AssistanceRequest.id)
        ).all()
        names = _names(session, {r.acknowledged_by_id for r in rows})
        return [request_json(r, names) for r in rows]


def for_tickets(session: Session, ticket_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What the counter console shows of each ticket's request (by ticket id)."""
    if not ticket_ids:
        return {}
    rows = session.scalars(select(AssistanceRequest)
                           .where(AssistanceRequest.ticket_id.in_(ticket_ids))).all()
    return {r.ticket_id: {"kind": r.kind, "kind_label": KIND_LABELS[r.kind],
                          "status": r.status,
                          "acknowledged_at": _iso(r.acknowledged_at)} for r in rows}


def request_json(request: AssistanceRequest, names: dict[int, str] | None = None
                 ) -> dict[str, Any]:
    ticket = request.ticket
    due = request.requested_at + timedelta(
        seconds=standards.figures(ticket.service).of(standards.ESCORT))
    return {
        "id": request.id, "ticket_id": ticket.id, "code": ticket.code,
        "service": ticket.service.prefix,
        "service_name": {"id": ticket.service.name_id, "en": ticket.service.name_en},
        "priority": ticket.priority, "ticket_status": ticket.status,
        "counter": counter_json(ticket.counter),
        "kind": request.kind, "kind_label": KIND_LABELS[request.kind],
        "status": request.status, "requested_at": request.requested_at.isoformat(),
        # SOP 002's escort standard, from arrival
        "due_at": due.isoformat(), "overdue": request.status != "done" and clock.now() > due,
        "acknowledged_at": _iso(request.acknowledged_at),
        "acknowledged_by": (names or {}).get(request.acknowledged_by_id),
        "done_at": _iso(request.done_at),
    }


# ---------------------------------------------------------------- the guard's two steps


def acknowledge(db: Database, request_id: int, actor: Actor) -> dict[str, Any]:
    """A guard takes the request: help is on the way."""
    return _move(db, request_id, actor, "open", "acknowledged", "assistance.acknowledged")


def finish(db: Database, request_id: int, actor: Actor) -> dict[str, Any]:
    """The visitor is where they need to be (SOP 002 step 3)."""
    return _move(db, request_id, actor, "acknowledged", "done", "assistance.done")


def _move(db: Database, request_id: int, actor: Actor, source: str, target: str,
          event_name: str) -> dict[str, Any]:
    with db.write() as session:
        request = session.get(AssistanceRequest, request_id)
        if request is None:
            raise NotFound(f"Permintaan bantuan tidak ditemukan / unknown request: {request_id}")
        office = session.get(Office, request.office_id)
        require(actor, "escort_desk", office.id)
        now = clock.now()
        stamp = ({"acknowledged_at": now, "acknowledged_by_id": actor.user_id}
                 if target == "acknowledged" else {"done_at": now, "done_by_id": actor.user_id})
        moved = session.execute(
            update(AssistanceRequest)
            .where(AssistanceRequest.id == request_id, AssistanceRequest.status == source)
            .values(status=target, **stamp)
            .execution_options(synchronize_session=False)
        ).rowcount == 1
        session.refresh(request)
        names = _names(session, {request.acknowledged_by_id})
        if not moved:
            raise _refusal(request, names)
        if target == "done":  # the escort step of the ticket's timeline ends
            timeline.log_event(session, request.ticket, "escorted", actor)
        _publish(session, office, request, event_name)
        return request_json(request, names)


def _refusal(request: AssistanceRequest, names: dict[int, str]) -> Conflict:
    if request.status == "acknowledged":
        who = names.get(request.acknowledged_by_id, "petugas lain / another guard")
        return Conflict(f"Sudah diterima oleh {who}. / Already acknowledged by {who}.",
                        code="already_acknowledged")
    if request.status == "done":
        return Conflict("Permintaan ini sudah selesai. / This request is already done.",
                        code="already_done")
    return Conflict("Terima dulu permintaan ini. / Acknowledge the request first.",
                    code="not_acknowledged")


# ---------------------------------------------------------------- events


def _publish(session: Session, office: Office, request: AssistanceRequest, name: str) -> None:
    """To the escort desk and to the consoles of the counters that may serve the ticket (and
    the one it is at); the payload carries no personal data, and no public room hears it."""
    ticket = request.ticket
    counters = set(session.scalars(select(CounterService.counter_id)
                                   .where(CounterService.service_id == ticket.service_id)))
    if ticket.counter_id is not None:
        counters.add(ticket.counter_id)
    rooms = (escort_room(office.code), *(f"counter:{c}" for c in sorted(counters)))
    payload = {"assistance": {"id": request.id, "ticket_id": ticket.id, "code": ticket.code,
                              "kind": request.kind, "status": request.status}}
    events.record(session, events.Event(name, office.id, office.code, payload, rooms=rooms,
                                        office_wide=False))


def _names(session: Session, user_ids: set[int | None]) -> dict[int, str]:
    ids = [i for i in user_ids if i is not None]
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
