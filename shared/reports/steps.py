"""Which SOP steps can be measured from a ticket's timeline, and how.

One measurer: :func:`measure` walks one ticket's timeline events and gives
each step's start, end and duration against the service's standard for it
(shared.office.standards); the timeline stores what it gives as TicketStep rows in the
transaction of the event that ends the step (shared.tickets.timeline). The service
report (shared.reports.service_report) reads those rows, not the events, and adds the open
steps whose deadline has already passed as misses (an unanswered escalation past its due time
is a miss, not "not measured"); its wait and service times come from the tickets' own times.

Steps the system cannot see are not guessed: the security greeting (SOP 001 step 1),
reception's question and identity check (SOP 001 steps 2-3), and the recording of a caller
(SOP 003 steps 1-2: the call is logged once it is written down). The escort of SOP 002 is
seen when the visitor asked for help at the kiosk or reception: from that request to the
guard's "done" at the escort desk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from antrian.shared.models.ticket import WALK_IN_CHANNELS
from antrian.shared.office.standards import ESCORT, ONLINE_DAYS, Figures
from antrian.shared.office.working_days import WorkingDays


@dataclass(frozen=True)
class Step:
    key: str
    name_id: str
    name_en: str
    sop: str  # where the standard comes from
    standard_id: str  # the standard, in words
    standard_en: str
    measured_by: str  # how it is read from the ticket, in words (English, for the docs/API)


#: The steps a report counts, in its order: what :func:`measure` stores, by the report's key.
STEPS: tuple[Step, ...] = (
    Step("wait", "Menunggu dipanggil", "Waiting to be called", "POS 001 langkah 4",
         "standar tunggu layanan", "the service's wait standard",
         "issued -> first call; walk-in tickets that were called"),
    Step("call", "Dipanggil sampai dilayani", "Called until served",
         "POS 001 langkah 5–6, POS 002 langkah 3", "standar panggilan layanan",
         "the service's call standard", "first call -> start of service; walk-in tickets"),
    Step("service", "Identitas dan rincian", "Identity and details", "POS 001 langkah 7–9",
         "standar layanan (+ jawaban bila dijawab langsung)",
         "the service standard (+ the answer's when answered at once)",
         "start of service -> passed on, or -> completion when answered at once"),
    Step("back_office", "Jawaban back office", "Back office answer",
         "POS 001 langkah 10–11, POS 003 langkah 3", "standar back office layanan",
         "the service's back-office standard",
         "escalation asked -> answered or passed on; open past it: a miss"),
    Step("main_unit", "Jawaban unit utama", "Main unit answer", "POS 001 langkah 12–14",
         "standar unit utama layanan", "the service's main-unit standard",
         "escalation to the main unit asked -> its answer passed on by the back office; "
         "open past it: a miss"),
    Step("answer", "Memberi jawaban", "Giving the answer", "POS 001 langkah 15",
         "standar memberi jawaban", "the answer standard",
         "the escalation's answer back -> completion; walk-in tickets"),
    Step("closing", "Penutup dan survei", "Closing and the survey", "POS 001 langkah 16",
         "standar penutup", "the closing standard",
         "completion -> the survey filled at the desk's tablet"),
    Step("phone_answer", "Menjawab atau meneruskan telepon", "Answering or passing on a call",
         "POS 003 langkah 3", "standar jawaban telepon", "the phone answer standard",
         "call logged -> answered on the line or passed on"),
    Step("callback", "Telepon balik", "Call-back", "POS 003 langkah 6",
         "standar telepon balik", "the call-back standard",
         "last answer -> first call-back attempt; phone tickets and walk-ins switched to a "
         "call-back; waiting past it: a miss"),
    Step("escort", "Pendampingan", "Escort", "POS 002 langkah 1 dan 3",
         "standar pendampingan (prioritas)", "the escort standard (priority figures)",
         "assistance asked with the ticket -> the guard marks it done at the escort desk"),
    Step("online", "Jawaban layanan daring", "Online answer", "POS 000 langkah 2",
         "hari kerja layanan daring", "the service's online working days",
         "request -> completion, working time (Mon-Fri, without holidays and days off); "
         "open past it: a miss"),
)
STEP_KEYS: tuple[str, ...] = tuple(s.key for s in STEPS)
#: A stored step's key where the report names it otherwise.
REPORT_KEY = {ONLINE_DAYS: "online"}


@dataclass(frozen=True)
class TicketTimes:
    """A ticket's times as seconds since the epoch (None: not reached)."""

    channel: str
    status: str
    issued: float
    first_call: float | None
    served: float | None
    finished: float | None


def wait_s(t: TicketTimes) -> float | None:
    """Issue to first call, for a walk-in ticket that was called."""
    if t.channel not in WALK_IN_CHANNELS or t.first_call is None:
        return None
    return max(t.first_call - t.issued, 0.0)


def service_s(t: TicketTimes) -> float | None:
    """First serve to completion (holds and transfers included), for a completed walk-in."""
    if t.channel not in WALK_IN_CHANNELS or t.status != "done" or None in (t.served,
                                                                          t.finished):
        return None
    return max(t.finished - t.served, 0.0)


def deadline_step(done_at: float | None, due_at: float, now: float) -> bool | None:
    """Within a deadline: done by the due time; a miss once the due time passed undone;
    None (not measured yet) while it is open and not yet due."""
    if done_at is not None:
        return done_at <= due_at
    return False if now > due_at else None


# ---------------------------------------------------------------- one ticket's timeline


@dataclass(frozen=True)
class Measured:
    """One step of one ticket; `ended_at` None: the step is running."""

    step: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: int | None  # working seconds for `online_days`; None while running
    standard_s: int

    @property
    def within(self) -> bool | None:
        return None if self.duration_s is None else self.duration_s <= self.standard_s

    def as_json(self) -> dict[str, Any]:
        return {"step": self.step, "started_at": self.started_at.isoformat(),
                "ended_at": self.ended_at.isoformat() if self.ended_at else None,
                "duration_s": self.duration_s, "standard_s": self.standard_s,
                "within": self.within}


# The events that can end a step: the only ones after which the timeline measures again.
ENDING_KINDS = frozenset({"called", "serving", "escalated", "answered", "reviewed",
                          "callback", "completed", "surveyed", "escorted"})


def working_seconds(start: datetime, end: datetime, tz_name: str,
                    calendar: WorkingDays | None = None) -> int:
    """Seconds from `start` to `end` that fall on working days in the office's zone (not on
    weekends nor national holidays, nor the office's days off when `calendar` has them): the
    measure of an online request against its working days (the inverse of
    online_requests.working_due)."""
    return (calendar or WorkingDays()).seconds_between(start, end, tz_name)


def measure(channel: str, priority: bool, events: Iterable[tuple[str, datetime, dict]],
            figures: Figures, tz_name: str,
            calendar: WorkingDays | None = None) -> list[Measured]:
    """A ticket's steps from its timeline events (kind, at, data), oldest first: the ended
    ones in the order they ended, then any still running.

    Walk-in (kiosk, reception, compensation): `wait` issue -> first call; `call` first call ->
    first serve; `service` first serve -> the question passed on, or -> completion when
    answered at once (then SOP 001 steps 7-9 and 15 are one span, held to service + answer);
    `back_office` and `main_unit` each escalation -> its answer (or, for the back office,
    passing it up; for the main unit, the back office passing its answer on after review);
    `answer` the answer back -> completion (a walk-in who left for a call-back: `callback`);
    `closing` completion -> the survey filled at the desk (SOP 001 step 16). Phone:
    `phone_answer` the logged call -> answered or passed on; the escalations; `callback` the
    answer back -> the first call-back attempt.
    Online: `online_days` the request -> its answer, in working seconds.
    `escort` the assistance asked with the ticket -> the guard's "done"; it runs on past the
    ticket's completion (the guard may walk the visitor out).
    A visitor of SOP 002 (a priority ticket with a reason) is held to the priority figures.
    Not seen by the system, so never measured: reception, phone_record.
    """
    walk_in = channel in WALK_IN_CHANNELS

    def standard(step: str) -> int:
        return figures.of(step, priority)

    out: list[Measured] = []
    running: dict[str, tuple[datetime, int]] = {}
    begun: set[str] = set()  # wait, call and service are measured once, from their first start
    completed_at: datetime | None = None
    call_back = False  # a walk-in who left and is to be called back

    def start(step: str, at: datetime, once: bool = False) -> None:
        if once and step in begun:
            return
        begun.add(step)
        running[step] = (at, standard(step))

    def end(step: str, at: datetime, standard_s: int | None = None) -> None:
        if step not in running:
            return
        began, held_to = running.pop(step)
        out.append(Measured(step, began, at, max(round((at - began).total_seconds()), 0),
                            standard_s or held_to))

    for kind, at, data in events:
        data = data or {}
        if kind == "issued":
            if walk_in:
                start("wait", at, once=True)
            elif channel == "online":
                running[ONLINE_DAYS] = (at, figures.online_s)
        elif kind == "called" and walk_in:
            end("wait", at)
            start("call", at, once=True)
        elif kind == "serving":
            if walk_in:
                end("call", at)
                start("service", at, once=True)
            elif channel == "phone":
                start("phone_answer", at, once=True)
        elif kind == "escalated":
            end("service", at)
            end("phone_answer", at)
            running.pop("answer", None)  # a new question: the answer is awaited again
            running.pop("callback", None)
            if data.get("level") == "main_unit":
                end("back_office", at)
                start("main_unit", at)
            else:
                start("back_office", at)
        elif kind == "answered" and data.get("review"):
            pass  # the main unit's answer went to the back office: its step runs on
        elif kind in ("answered", "reviewed"):
            # a review ends the main unit's step: its direction is back (SOP 001 step 14)
            end("main_unit" if kind == "reviewed" else data.get("level") or "back_office", at)
            if "back_office" not in running and "main_unit" not in running:
                if channel == "phone" or call_back:
                    start("callback", at)
                elif walk_in:
                    start("answer", at)
        elif kind == "answer_later" and data.get("by") == "callback":
            call_back = True  # a walk-in who left: the answer goes by a call-back
            if "answer" in running:
                running["callback"] = (running.pop("answer")[0], standard("callback"))
        elif kind == "callback":
            end("callback", at)
        elif kind == "assistance":
            start(ESCORT, at, once=True)
        elif kind == "escorted":
            end(ESCORT, at)
        elif kind == "completed":
            completed_at = at
            end("service", at, standard("service") + standard("answer"))
            end("answer", at)
            end("phone_answer", at)
            if ONLINE_DAYS in running:
                began, held_to = running.pop(ONLINE_DAYS)
                out.append(Measured(ONLINE_DAYS, began, at,
                                    working_seconds(began, at, tz_name, calendar), held_to))
            escort = running.pop(ESCORT, None)
            running.clear()
            if escort is not None:
                running[ESCORT] = escort
        elif kind == "surveyed" and data.get("mode") == "desk" and completed_at and walk_in:
            out.append(Measured("closing", completed_at, at,
                                max(round((at - completed_at).total_seconds()), 0),
                                standard("closing")))
        elif kind in ("no_show", "cancelled"):
            running.clear()
    out.extend(Measured(step, began, None, None, held_to)
               for step, (began, held_to) in running.items())
    return out


def running_duration(step: Measured, now: datetime, tz_name: str,
                     calendar: WorkingDays | None = None) -> int:
    """How long a running step has run so far (working seconds for an online request)."""
    if step.step == ONLINE_DAYS:
        return working_seconds(step.started_at, now, tz_name, calendar)
    return max(round((now - step.started_at).total_seconds()), 0)
