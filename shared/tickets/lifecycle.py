"""The queue engine: every change to a ticket, each one transaction with its TicketEvent.

Each public function opens its own writing transaction, checks the actor's permission, moves
the ticket through `states.move` (the one table of the ticket's life), appends the ticket's
timeline event, records the hub events that are published once the transaction commits, and
returns a `TicketView` read inside the transaction.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock, events
from antrian.shared.core.db import Database, is_postgres
from antrian.shared.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from antrian.shared.core.text import required_text
from antrian.shared.desks import assistance, visits
from antrian.shared.models import (
    Counter,
    CounterService,
    Escalation,
    IdempotencyKey,
    Office,
    Service,
    Ticket,
    TicketEvent,
)
from antrian.shared.models.ticket import CHANNELS, PRIORITY_REASONS, WALK_IN_CHANNELS
from antrian.shared.models.visit import ESCALATION_LEVELS
from antrian.shared.office import standards
from antrian.shared.office.directory import counter_by_number, office_by_code, service_by_prefix
from antrian.shared.tickets import call_order, numbering, office_snapshot, print_jobs, wait_estimate
from antrian.shared.tickets import states as st
from antrian.shared.tickets.access import counter_for, ticket_for
from antrian.shared.tickets.call_announcement import for_call
from antrian.shared.tickets.read_models import TicketView
from antrian.shared.tickets.ticket_json import ticket_public
from antrian.shared.tickets.timeline import log_event


@dataclass(frozen=True)
class IssueRequest:
    service: str
    priority: bool = False
    priority_reason: str | None = None
    channel: str = "kiosk"
    idempotency_key: str | None = None
    needs_assistance: bool = False
    # SOP 002: "wheelchair" or "escort" raises a request on the escort desk (implies
    # needs_assistance; needs_assistance alone asks for an escort).
    assistance: str | None = None
    base_url: str = ""  # the server's address as the client sees it, for the printed QR


@dataclass(frozen=True)
class Issued:
    ticket: TicketView
    ahead: int
    estimated_wait_s: int
    replayed: bool = False  # True when an idempotency key returned an earlier ticket
    print_job: dict[str, Any] | None = None  # printjobs.job_json of the ticket's slip


@dataclass(frozen=True)
class Issuing:
    """A ticket issued inside the caller's transaction: the row, for the caller's own step
    (visit record, phone call), and `done()` for what the caller returns."""

    row: Ticket
    ahead: int
    estimated_wait_s: int
    print_job: dict[str, Any] | None = None

    def done(self, replayed: bool = False) -> Issued:
        """The read model; call it last, inside the transaction, after every change."""
        return Issued(TicketView.of(self.row), self.ahead, self.estimated_wait_s, replayed,
                      self.print_job)


# ---------------------------------------------------------------- look-ups


def _today(office: Office) -> date:
    return clock.today(office.timezone)


# ---------------------------------------------------------------- events


def _publish(session: Session, office: Office, name: str, ticket: Ticket, **extra: Any) -> None:
    session.flush()
    payload = {"ticket": ticket_public(TicketView.of(ticket)), **extra}
    rooms = (f"ticket:{ticket.public_token}",)
    events.record(session, events.Event(name, office.id, office.code, payload, rooms=rooms))


def record_queue_changed(session: Session, office: Office, counts: list | None = None) -> None:
    """Record the office's new waiting counts for boards, kiosks and consoles."""
    session.flush()
    payload = {"waiting": counts or office_snapshot.waiting_counts(session, office, _today(office))}
    events.record(session, events.Event("queue.changed", office.id, office.code, payload))


# ---------------------------------------------------------------- issuing


def issue_ticket(db: Database, office_code: str, req: IssueRequest, actor: Actor) -> Issued:
    """The ticket API: the channel must be one the caller may issue on (a kiosk only its
    own; `compensation` nobody)."""
    _validate_issue(req)
    if actor is not None and not actor.may_issue_on(req.channel):
        raise Forbidden(f"Kanal {req.channel} tidak diizinkan untuk Anda. / You may not issue "
                        f"{req.channel} tickets.", code="channel_forbidden", field="channel")
    try:
        with db.write() as session:
            return _issue_or_replay(session, office_code, req, actor)
    except IntegrityError:
        # Only a concurrent request with the same idempotency key gets here: return its ticket.
        if not req.idempotency_key:
            raise
        with db.read() as session:
            office = office_by_code(session, office_code)
            replay = _replay(session, office, req.idempotency_key)
            if replay is None:
                raise
            return replay


def _validate_issue(req: IssueRequest) -> None:
    if req.channel not in CHANNELS:
        raise InvalidInput(f"Kanal tidak dikenal / unknown channel: {req.channel}", field="channel")
    if req.priority and req.priority_reason not in PRIORITY_REASONS:
        raise InvalidInput(
            "Tiket prioritas perlu alasan: " + ", ".join(PRIORITY_REASONS)
            + " / A priority ticket needs one of these reasons.",
            field="priority_reason",
        )
    if not req.priority and req.priority_reason is not None:
        raise InvalidInput(
            "Alasan prioritas hanya untuk tiket prioritas. / A reason needs priority: true.",
            field="priority_reason",
        )
    assistance.check_kind(req.assistance, req.needs_assistance)
    if req.idempotency_key is not None and not 8 <= len(req.idempotency_key) <= 100:
        raise InvalidInput(
            "Kunci idempotensi harus 8-100 karakter. / Idempotency key must be 8-100 chars.",
            field="idempotency_key",
        )


# Issuing is the hot path: one query, built once, loads the office, its services and printers.
_OFFICE_TO_ISSUE = (
    select(Office)
    .options(joinedload(Office.services), joinedload(Office.printers))
    .where(Office.code == bindparam("code"))
)


def _issue_or_replay(session: Session, office_code: str, req: IssueRequest,
                     actor: Actor) -> Issued:
    office = _office_to_issue(session, office_code, actor)
    if req.idempotency_key:
        replay = _replay(session, office, req.idempotency_key)
        if replay is not None:
            return replay
    return _issue(session, office, req, actor).done()


def _office_to_issue(session: Session, office_code: str, actor: Actor) -> Office:
    office = session.scalars(_OFFICE_TO_ISSUE, {"code": office_code}).unique().one_or_none()
    if office is None:
        raise NotFound(f"Kantor tidak ditemukan / unknown office: {office_code}")
    require(actor, "issue_ticket", office.id)
    return office


def _issue(session: Session, office: Office, req: IssueRequest, actor: Actor) -> Issuing:
    service = next((s for s in office.services if s.prefix == req.service), None)
    if service is None:
        raise NotFound(f"Layanan tidak ditemukan / unknown service: {req.service}",
                       field="service")
    if not service.active:
        raise Conflict(
            f"Layanan {service.name_id} sedang tutup. / {service.name_en} is closed.",
            code="service_closed",
        )
    now = clock.now()
    if not service.open_at(now.astimezone(clock.zone(office.timezone)).time()):
        raise Conflict(
            f"Layanan {service.name_id} di luar jam buka. / {service.name_en} is outside its "
            "opening hours.", code="service_closed",
        )
    day = clock.service_day(now, office.timezone)
    if service.daily_quota is not None and _issued_today(session, service, day) >= (
        service.daily_quota
    ):
        raise Conflict(
            f"Kuota harian {service.name_id} sudah habis. / Today's quota is used up.",
            code="quota_reached",
        )
    # Only a visitor in the building is escorted: an online or phone ticket asks for nobody.
    help_kind = assistance.check_kind(req.assistance, req.needs_assistance) if (
        req.channel in WALK_IN_CHANNELS) else None
    series = numbering.series_for(service.prefix, priority=req.priority, channel=req.channel,
                                  priority_prefix=office.priority_prefix)
    number = numbering.take_number(session, office.id, day, series)
    ticket = Ticket(
        office_id=office.id,
        service_id=service.id,
        service_day=day,
        series=series,
        number=number,
        code=numbering.format_code(series, number),
        priority=req.priority,
        priority_reason=req.priority_reason,
        channel=req.channel,
        status=None,
        public_token=secrets.token_urlsafe(18),
        queued_at=now,
        issued_at=now,
        needs_assistance=req.needs_assistance or help_kind is not None,
    )
    st.move(ticket, st.ISSUE)
    ticket.service = service
    ticket.counter = None
    session.add(ticket)
    session.flush()
    if req.idempotency_key:
        session.add(IdempotencyKey(office_id=office.id, key=req.idempotency_key,
                                   ticket_id=ticket.id))
    log_event(session, ticket, "issued", actor, channel=req.channel, priority=req.priority)
    if help_kind is not None:
        assistance.raise_request(session, office, ticket, help_kind)
    # Printing: the slip's job commits with the ticket, so no ticket is ever left unprinted.
    job = None
    if req.channel in print_jobs.PRINTED_CHANNELS:
        job = print_jobs.queue_ticket_print(session, office, ticket, actor, req.base_url)
    if req.channel not in WALK_IN_CHANNELS:
        ahead, wait = wait_estimate.for_ticket(session, ticket)
        return Issuing(ticket, ahead, wait, print_job=print_jobs.job_json(job))
    # The newest ticket is last in its class, so the waiting counts give its place directly.
    counts = office_snapshot.waiting_counts(session, office, day)
    mine = next(c for c in counts if c["service"] == service.prefix)
    ahead = (mine["priority_waiting"] if req.priority else mine["waiting"]) - 1
    wait = wait_estimate.estimate_for(session, service, ahead)
    _publish(session, office, "ticket.issued", ticket)
    record_queue_changed(session, office, counts)
    return Issuing(ticket, ahead, wait, print_job=print_jobs.job_json(job))


def _issued_today(session: Session, service: Service, day: date) -> int:
    """Tickets of the service today, priority and regular together. Counted under the
    service row's lock (PostgreSQL; SQLite's one writer already serializes), so parallel
    requests cannot all read the same count and all pass the quota."""
    if is_postgres(session):
        session.execute(select(Service.id).where(Service.id == service.id).with_for_update())
    return session.scalar(
        select(func.count()).where(Ticket.service_id == service.id, Ticket.service_day == day)
    ) or 0


def _replay(session: Session, office: Office, key: str) -> Issued | None:
    ticket_id = session.scalar(
        select(IdempotencyKey.ticket_id).where(
            IdempotencyKey.office_id == office.id, IdempotencyKey.key == key
        )
    )
    if ticket_id is None:
        return None
    ticket = session.get(Ticket, ticket_id)
    ahead, wait = wait_estimate.for_ticket(session, ticket)
    job = print_jobs.job_json(print_jobs.latest_job(session, ticket.id))
    return Issued(TicketView.of(ticket), ahead, wait, replayed=True, print_job=job)


# ---------------------------------------------------------------- calling


def call_next(db: Database, counter_id: int, actor: Actor) -> TicketView | None:
    """Call the next ticket for a counter, or return None when nobody it serves is waiting."""
    with db.write() as session:
        counter, office = _counter_ready_to_call(session, counter_id, actor)
        policy = call_order.Policy(
            mode=office.settings.call_policy,
            ratio=office.settings.priority_ratio,
            follow_service_order=office.settings.follow_service_order,
        )
        view = call_order.CounterView(counter.id, counter.kind, counter.service_ids)
        recent = _recent_call_classes(session, office) if policy.mode == "ratio" else []
        streak = call_order.regular_streak(recent)  # only the ratio policy looks back
        lost: set[int] = set()  # heads another counter claimed first
        now = clock.now()
        while True:
            heads = _class_heads(session, office, counter, lost, policy)
            ranked = call_order.rank(heads, view, policy, streak, now)
            if not ranked:
                return None
            for candidate in ranked:
                ticket = _claim(session, candidate.id, counter, actor)
                if ticket is not None:
                    return _announce_call(session, office, counter, ticket, actor, "called")
                lost.add(candidate.id)


def call_number(db: Database, counter_id: int, code: str, actor: Actor) -> TicketView:
    """Call one waiting ticket by its code, out of turn (a visitor who stepped out, say)."""
    with db.write() as session:
        counter, office = _counter_ready_to_call(session, counter_id, actor)
        ticket = session.scalar(
            select(Ticket).where(
                Ticket.office_id == office.id,
                Ticket.service_day == _today(office),
                Ticket.code == code.strip().upper(),
            )
        )
        if ticket is None:
            raise NotFound(f"Nomor {code} tidak ada hari ini. / No ticket {code} today.")
        st.check(ticket.code, ticket.status, st.CALL)
        if _claim(session, ticket.id, counter, actor) is None:
            raise Conflict(f"Tiket {ticket.code} baru saja dipanggil loket lain. / "
                           "Another counter just called it.")
        return _announce_call(session, office, counter, ticket, actor, "called", by_number=True)


def recall(db: Database, counter_id: int, actor: Actor) -> TicketView:
    with db.write() as session:
        counter, office = counter_for(session, counter_id, actor, "operate_counter")
        ticket = session.scalar(
            select(Ticket).where(Ticket.counter_id == counter.id, Ticket.status == st.CALLED)
        )
        if ticket is None:
            raise Conflict("Tidak ada nomor yang sedang dipanggil di loket ini. / "
                           "No ticket is being called at this counter.", code="nothing_to_recall")
        st.move(ticket, st.RECALL)
        ticket.recall_count += 1
        return _announce_call(session, office, counter, ticket, actor, "recalled")


def _counter_ready_to_call(
    session: Session, counter_id: int, actor: Actor
) -> tuple[Counter, Office]:
    """The counter and its office (returned: the session holds loaded objects weakly, and
    the caller needs the office), once the counter is open and free."""
    counter, office = counter_for(session, counter_id, actor, "operate_counter",
                                  joinedload(Counter.service_links), joinedload(Office.services))
    if not counter.is_open:
        raise Conflict(f"{counter.name} sedang tutup. / The counter is closed.",
                       code="counter_closed")
    busy = session.scalar(
        select(Ticket.code).where(
            Ticket.counter_id == counter.id, Ticket.status.in_(st.ACTIVE_AT_COUNTER)
        )
    )
    if busy:
        raise Conflict(
            f"{counter.name} masih menangani {busy}; selesaikan dulu. / "
            f"Finish {busy} first.",
            code="counter_busy",
        )
    return counter, office


def _class_heads(
    session: Session, office: Office, counter: Counter, skip: set[int],
    policy: call_order.Policy | None = None,
) -> list[call_order.Candidate]:
    """`next_ticket.class_heads` in the database: the first waiting ticket of each service
    and class this counter may fetch, one index lookup each (ix_ticket_class_head), so the
    cost does not grow with the queue. `skip`: tickets another counter has just claimed."""
    if not counter.service_ids:
        return []
    others = _served_at_other_open_counters(session, office, counter)
    elsewhere = {service_id for service_id, _kind in others}
    statement = _class_heads_statement(
        tuple(counter.service_ids), frozenset(elsewhere.intersection(counter.service_ids)),
        bool(skip))
    params: dict[str, Any] = {"office_id": office.id, "counter_id": counter.id,
                              "service_day": _today(office)}
    if skip:
        params["skip"] = sorted(skip)
    rows = session.execute(statement, params).all()
    first = _priority_counter_first_facts(office, counter, policy, others)
    return [call_order.Candidate(*row, served_elsewhere=row.service_id in elsewhere,
                                 **(first(row) if first and row.priority else {}))
            for row in rows]


@functools.lru_cache(maxsize=256)
def _class_heads_statement(service_ids: tuple[int, ...], elsewhere: frozenset[int],
                           with_skip: bool):
    """The union of per-class head queries, built once per counter shape with the office,
    counter, day and skipped tickets as bound values: building it (eight subqueries and their
    column proxies) cost more than running it, on every call."""
    columns = (Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at,
               Ticket.target_counter_id, Ticket.transferred_from_counter_id)
    counter_id = bindparam("counter_id")
    heads = []
    for service_id in service_ids:
        # next_ticket.may_be_fetched: a transfer's target counter; and a ticket this counter
        # sent away, while another open counter serves its service
        fetchable = [or_(Ticket.target_counter_id.is_(None),
                         Ticket.target_counter_id == counter_id)]
        if service_id in elsewhere:
            fetchable.append(or_(Ticket.transferred_from_counter_id.is_(None),
                                 Ticket.transferred_from_counter_id != counter_id,
                                 Ticket.target_counter_id == counter_id))
        for priority in (False, True):
            query = (
                select(*columns)
                .where(
                    Ticket.office_id == bindparam("office_id"),
                    Ticket.status == st.WAITING,
                    Ticket.service_day == bindparam("service_day"),
                    Ticket.service_id == service_id,
                    Ticket.priority == priority,
                    Ticket.channel.in_(WALK_IN_CHANNELS),
                    *fetchable,
                )
                .order_by(Ticket.queued_at, Ticket.id)
                .limit(1)
            )
            if with_skip:
                query = query.where(Ticket.id.not_in(bindparam("skip", expanding=True)))
            heads.append(query.subquery())
    return union_all(*(select(*head.c) for head in heads))


def _priority_counter_first_facts(office: Office, counter: Counter,
                                  policy: call_order.Policy | None,
                                  others: list[tuple[int, str]]):
    """What `priority_counter_first` asks of a regular counter's priority heads: is an open
    priority counter there for the service (from `others`), and the service's SOP 002 wait
    standard (from the office's services, loaded once per call)."""
    if policy is None or policy.mode != call_order.PRIORITY_COUNTER_FIRST or (
            counter.kind == "priority"):
        return None
    covered = {service_id for service_id, kind in others if kind == "priority"}
    mine = set(counter.service_ids)
    wait = {service.id: standards.figures(service).of("wait", priority=True)
            for service in office.services if service.id in mine}
    return lambda row: {"priority_counter_open": row.service_id in covered,
                        "wait_standard_s": wait.get(row.service_id)}


def _served_at_other_open_counters(session: Session, office: Office,
                                   counter: Counter) -> list[tuple[int, str]]:
    """(service id, counter kind) of every other open counter of the office: one small query
    over the office's counters, never the queue."""
    return [tuple(row) for row in session.execute(
        select(CounterService.service_id, Counter.kind)
        .join(Counter, Counter.id == CounterService.counter_id)
        .where(Counter.office_id == office.id, Counter.id != counter.id, Counter.is_open)
    )]


def _recent_call_classes(session: Session, office: Office) -> list[bool]:
    """Priority flags of the office's latest first calls today, newest first."""
    start, _ = clock.day_bounds(_today(office), office.timezone)
    window = max(office.settings.priority_ratio, 0) + 1
    return list(
        session.scalars(
            select(Ticket.priority)
            .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
            .where(
                TicketEvent.office_id == office.id,
                TicketEvent.kind == "called",
                TicketEvent.at >= start,
            )
            .order_by(TicketEvent.id.desc())
            .limit(window)
        )
    )


def _claim(session: Session, ticket_id: int, counter: Counter, actor: Actor) -> Ticket | None:
    """Take a waiting ticket for this counter and return it as called; None if another counter
    got it first.

    The call is `states.CALL` decided in the database, in one UPDATE ... RETURNING: its status
    guard (the move's source statuses) makes a double call impossible; on PostgreSQL its
    SKIP LOCKED subquery first steps past a ticket another counter is claiming right now
    instead of calling it too (the class's waiting-count row, which the UPDATE's trigger
    moves, then has the two calls take turns to their commits). A refusal by the
    one-ticket-per-counter index ends the whole call (a 409), so no savepoint is needed
    around it.
    """
    sources, target = st.guard(st.CALL)
    row = Ticket.id == ticket_id
    if is_postgres(session):
        row = Ticket.id == (select(Ticket.id)
                            .where(Ticket.id == ticket_id, Ticket.status.in_(sources))
                            .with_for_update(skip_locked=True).scalar_subquery())
    statement = (
        update(Ticket)
        .where(row, Ticket.status.in_(sources))
        .values(status=target, counter_id=counter.id, staff_id=actor.user_id,
                called_at=clock.now(), recall_count=0)
        .returning(Ticket)
    )
    with one_ticket_per_counter(counter):
        return session.scalars(statement, execution_options={
            "synchronize_session": False, "populate_existing": True}).one_or_none()


ACTIVE_COUNTER_INDEX = ("uq_ticket_active_counter", "ticket.counter_id")


@contextmanager
def one_ticket_per_counter(counter: Counter | None = None) -> Iterator[None]:
    """Turn the database's refusal of a second called/serving ticket at one counter (the
    partial unique index) into the clean 409 that the busy check gives."""
    try:
        yield
    except IntegrityError as exc:
        if not any(name in str(exc.orig) for name in ACTIVE_COUNTER_INDEX):
            raise
        name = counter.name if counter is not None else "Loket"
        raise Conflict(f"{name} sedang melayani nomor lain; selesaikan dulu. / "
                       "The counter is busy with another ticket.", code="counter_busy") from None


def _announce_call(
    session: Session, office: Office, counter: Counter, ticket: Ticket, actor: Actor, kind: str,
    **data: Any,
) -> TicketView:
    # The office's services, loaded once here and held by the office to the commit: the
    # step's standard (ticket.service) and the waiting counts both read them.
    _ = office.services
    log_event(session, ticket, kind, actor, recall_count=ticket.recall_count, **data)
    # A first call changes the waiting counts: they ride on `ticket.called`, so a call is one
    # office event (one send per screen), not a `ticket.called` plus a `queue.changed`.
    counts = {}
    if kind == "called":
        session.flush()
        counts["waiting"] = office_snapshot.waiting_counts(session, office, _today(office))
    _publish(
        session, office, "ticket.called", ticket,
        recall=kind == "recalled",
        announcement=for_call(office, counter, ticket),
        board=ticket.channel in WALK_IN_CHANNELS,
        **counts,
    )
    return TicketView.of(ticket)


# ---------------------------------------------------------------- serving


def _ticket(session: Session, ticket_id: int, actor: Actor) -> tuple[Ticket, Office]:
    return ticket_for(session, ticket_id, actor, "operate_counter")


def _finish_update(
    session: Session, office: Office, ticket: Ticket, actor: Actor, kind: str,
    queue_changed: bool = False, **data: Any,
) -> TicketView:
    log_event(session, ticket, kind, actor, **data)
    _publish(session, office, "ticket.updated", ticket, action=kind)
    if queue_changed:
        record_queue_changed(session, office)
    return TicketView.of(ticket)


def serve(db: Database, ticket_id: int, actor: Actor) -> TicketView:
    """Start serving a called ticket, or serve again after a hold or an escalation's answer
    (refused while the counter has another ticket called or serving)."""
    with one_ticket_per_counter(), db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        resumed = st.allowed(ticket.status, st.RESUME)
        if resumed:
            refuse_while_question_is_out(session, ticket)
            _refuse_if_counter_busy(session, ticket)
        st.move(ticket, st.RESUME if resumed else st.SERVE)
        if ticket.served_at is None:
            ticket.served_at = clock.now()
        if actor.user_id:
            ticket.staff_id = actor.user_id
        return _finish_update(session, office, ticket, actor, "resumed" if resumed else "serving")


def refuse_while_question_is_out(session: Session, ticket: Ticket) -> None:
    """An escalated ticket goes on once its answer is back at the front: not while the back
    office or the main unit has it, nor while the back office reviews the main unit's."""
    if ticket.status == st.ESCALATED and session.scalar(
            select(Escalation.id).where(Escalation.ticket_id == ticket.id,
                                        Escalation.answered_at.is_(None)).limit(1)):
        raise Conflict(f"Jawaban untuk {ticket.code} belum kembali. / The answer for "
                       f"{ticket.code} is not back yet.", code="not_answered")


def _refuse_if_counter_busy(session: Session, ticket: Ticket) -> None:
    """A set-aside ticket resumes only at a free counter: one visitor at a desk at a time."""
    busy = session.scalar(
        select(Ticket.code).where(Ticket.counter_id == ticket.counter_id, Ticket.id != ticket.id,
                                  Ticket.status.in_(st.ACTIVE_AT_COUNTER))
    )
    if busy:
        raise Conflict(f"Selesaikan {busy} dulu, lalu lanjutkan {ticket.code}. / "
                       f"Finish {busy} first, then resume {ticket.code}.", code="counter_busy")


def complete(db: Database, ticket_id: int, actor: Actor) -> TicketView:
    """Finish the visit; after an escalation, the answer given is kept in the visit record
    (SOP 001 steps 15-16)."""
    with db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        st.move(ticket, st.COMPLETE)
        ticket.finished_at = clock.now()
        visits.keep_final_answer(session, ticket)
        return _finish_update(session, office, ticket, actor, "completed")


def no_show(db: Database, ticket_id: int, actor: Actor) -> TicketView:
    with db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        st.check(ticket.code, ticket.status, st.NO_SHOW_ACTION)
        needed = office.settings.recalls_before_no_show
        if ticket.recall_count < needed:
            raise Conflict(
                f"Panggil ulang {ticket.code} {needed} kali sebelum menandai tidak hadir "
                f"(baru {ticket.recall_count}). / Recall {needed} times before a no-show.",
                code="recall_first",
            )
        st.move(ticket, st.NO_SHOW_ACTION)
        ticket.finished_at = clock.now()
        return _finish_update(session, office, ticket, actor, "no_show")


def requeue(db: Database, ticket_id: int, actor: Actor) -> TicketView:
    """Return a called ticket to the queue at its original place."""
    with db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        st.move(ticket, st.REQUEUE)
        ticket.counter_id = None
        ticket.counter = None
        return _finish_update(session, office, ticket, actor, "returned", queue_changed=True)


def transfer(
    db: Database, ticket_id: int, actor: Actor, service: str,
    counter_number: int | None = None, note: str | None = None,
) -> TicketView:
    """Send a ticket to another service (optionally one counter); it keeps its queue time."""
    if note is not None and len(note) > 500:
        raise InvalidInput("Catatan maksimal 500 karakter. / Note is at most 500 chars.",
                           field="note")
    with db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        st.check(ticket.code, ticket.status, st.TRANSFER)
        target_service = service_by_prefix(session, office, service)
        target_counter = None
        if counter_number is not None:
            target_counter = counter_by_number(session, office.id, counter_number)
            if target_counter is None:
                raise NotFound(f"Loket {counter_number} tidak ada. / No such counter.",
                               field="counter")
            if target_service.id not in target_counter.service_ids:
                raise InvalidInput(f"{target_counter.name} tidak melayani "
                                   f"{target_service.name_id}. / That counter does not serve it.",
                                   field="counter")
        from_service = ticket.service.prefix
        st.move(ticket, st.TRANSFER)
        ticket.transferred_from_counter_id = ticket.counter_id
        ticket.service_id = target_service.id
        ticket.service = target_service
        ticket.target_counter_id = target_counter.id if target_counter else None
        ticket.counter_id = None
        ticket.counter = None
        ticket.note = note
        return _finish_update(
            session, office, ticket, actor, "transferred", queue_changed=True,
            from_service=from_service, to_service=target_service.prefix,
            to_counter=counter_number, has_note=bool(note),  # free text stays off the timeline
        )


def hold(db: Database, ticket_id: int, actor: Actor) -> TicketView:
    with db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        st.move(ticket, st.HOLD)
        return _finish_update(session, office, ticket, actor, "held")


def cancel(db: Database, ticket_id: int, actor: Actor) -> TicketView:
    with db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        st.move(ticket, st.CANCEL)
        ticket.finished_at = clock.now()
        return _finish_update(session, office, ticket, actor, "cancelled", queue_changed=True)


QUESTION_MAX = 4000


def clean_question(question: str | None) -> str:
    return required_text(question, field="question", limit=QUESTION_MAX,
                         what=("pertanyaan", "question"))


def open_escalation(session: Session, ticket: Ticket, actor: Actor, question: str,
                    level: str = "back_office") -> Escalation:
    """The one place an escalation is opened (counter, phone desk, back office passing it
    up): its deadline comes from the service's time standard for that level."""
    if level not in ESCALATION_LEVELS:
        raise InvalidInput(f"Tingkat tidak dikenal / unknown level: {level}", field="level")
    deadline = ticket.service.back_office_s if level == "back_office" else (
        ticket.service.main_unit_s)
    now = clock.now()
    escalation = Escalation(
        ticket_id=ticket.id, office_id=ticket.office_id, level=level,
        question=clean_question(question), asked_by_id=actor.user_id, asked_at=now,
        due_at=now + timedelta(seconds=deadline),
    )
    session.add(escalation)
    return escalation


def escalate(
    db: Database, ticket_id: int, actor: Actor, question: str, level: str = "back_office",
) -> TicketView:
    """Pass a question the front office cannot answer to the back office (SOP 001 step 9), from
    the desk (a ticket being served) or from the online list (a waiting online request, SOP
    000 step 2)."""
    with db.write() as session:
        ticket, office = _ticket(session, ticket_id, actor)
        action = st.ESCALATE_ONLINE if ticket.channel == "online" else st.ESCALATE
        st.check(ticket.code, ticket.status, action)
        open_escalation(session, ticket, actor, question, level)
        st.move(ticket, action)
        return _finish_update(session, office, ticket, actor, "escalated", level=level)


def ticket_for_token(db: Database, token: str) -> tuple[TicketView, int | None, int | None]:
    """The public status of a ticket from its QR token: the ticket, and when waiting its
    position and estimated wait."""
    with db.read() as session:
        ticket = session.scalar(
            select(Ticket)
            .options(selectinload(Ticket.service), selectinload(Ticket.counter))
            .where(Ticket.public_token == token)
        )
        if ticket is None:
            raise NotFound("Tiket tidak ditemukan. / Ticket not found.")
        if ticket.status == st.WAITING:
            ahead, wait = wait_estimate.for_ticket(session, ticket)
            return TicketView.of(ticket), ahead, wait
        return TicketView.of(ticket), None, None


# ---------------------------------------------------------------- building blocks for services
# Other shared services (reception, phone desk, online requests, visit records) do their own
# step inside the same transaction as the engine's: these give them the engine's pieces.


def issue_in(session: Session, office_code: str, req: IssueRequest, actor: Actor) -> Issuing:
    """Issue a ticket inside the caller's transaction (no idempotency replay)."""
    _validate_issue(req)
    return _issue(session, _office_to_issue(session, office_code, actor), req, actor)


def issue_compensation(session: Session, office_code: str, service: str, actor: Actor, *,
                       queued_at: datetime | None = None, base_url: str = "") -> Issuing:
    """A priority re-service ticket of channel ``compensation`` (SOP 004), inside the
    caller's transaction: the sanctions-and-compensation flow is the only issuer of this
    channel. The channel is the priority's reason, so no vulnerable-group reason is asked.
    Given ``queued_at`` (the original visit's), the ticket keeps that place in the queue."""
    req = IssueRequest(service=service, priority=True, channel="compensation",
                       base_url=base_url)
    issued = _issue(session, _office_to_issue(session, office_code, actor), req, actor)
    if queued_at is None or queued_at >= issued.row.queued_at:
        return issued
    issued.row.queued_at = queued_at
    session.flush()
    ahead, wait = wait_estimate.for_ticket(session, issued.row)
    return Issuing(issued.row, ahead, wait, print_job=issued.print_job)


def publish_update(session: Session, office: Office, ticket: Ticket, action: str) -> None:
    """Tell the ticket's room (and the office) that the ticket changed."""
    _publish(session, office, "ticket.updated", ticket, action=action)
