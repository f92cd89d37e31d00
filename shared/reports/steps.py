"""Which SOP steps a report can measure from a ticket's own times and timeline, and how.

The per-step measurement of the time-standards work is not built yet, so each step here is
read from what every ticket already records: its issue, first call, first serve and finish
times, its escalations (asked, answered, due) and its call-back events. A step is *measured*
for a ticket when both of its ends are known, or when its deadline has already passed with the
step still open (an unanswered escalation past its due time is a miss, not "not measured").

Steps the system cannot see are not guessed: the security greeting and escort (SOP 001 step 1,
SOP 002 steps 1 and 3), reception's question and identity check (SOP 001 steps 2-3), and the
sub-steps at the desk (SOP 001 steps 6-16 are measured together, as the service time).
"""

from __future__ import annotations

from dataclasses import dataclass

from antrian.shared.models.ticket import WALK_IN_CHANNELS

MINUTE = 60
# SOP 001 step 5: the front office calls the number and the visitor reaches the desk (3 min).
CALL_STANDARD_S = 3 * MINUTE
# SOP 003 step 6: the caller is called back with the answer (5 min).
CALLBACK_STANDARD_S = 5 * MINUTE


@dataclass(frozen=True)
class Step:
    key: str
    name_id: str
    name_en: str
    sop: str  # where the standard comes from
    standard_id: str  # the standard, in words
    standard_en: str
    measured_by: str  # how it is read from the ticket, in words (English, for the docs/API)


STEPS: tuple[Step, ...] = (
    Step("wait", "Menunggu dipanggil", "Waiting to be called", "POS 001 langkah 4–5",
         "target waktu tunggu layanan", "the service's target wait",
         "issued -> first call; walk-in tickets that were called"),
    Step("call", "Menuju loket setelah dipanggil", "Reaching the desk after the call",
         "POS 001 langkah 5–6", "3 menit", "3 minutes",
         "first call -> start of service; walk-in tickets that were served"),
    Step("service", "Dilayani di loket", "Served at the desk", "POS 001 langkah 6–16",
         "target waktu layanan", "the service's target service time",
         "start of service -> completion; walk-in tickets completed"),
    Step("back_office", "Jawaban back office", "Back office answer",
         "POS 001 langkah 10–11, POS 003 langkah 3", "tenggat back office layanan",
         "the service's back-office deadline",
         "escalation asked -> answered or passed on, against its due time"),
    Step("main_unit", "Jawaban unit utama", "Main unit answer", "POS 001 langkah 12–14",
         "tenggat unit utama layanan", "the service's main-unit deadline",
         "escalation to the main unit asked -> answered, against its due time"),
    Step("callback", "Telepon balik", "Call-back", "POS 003 langkah 6", "5 menit", "5 minutes",
         "last answer -> first call-back attempt; phone tickets"),
    Step("online", "Jawaban layanan daring", "Online answer", "POS 000 langkah 2",
         "target hari kerja layanan daring", "the service's online answer time "
         "(working days)", "request -> completion, working time (Mon-Fri)"),
)
STEP_KEYS: tuple[str, ...] = tuple(s.key for s in STEPS)


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


def desk_steps(t: TicketTimes, target_wait_s: int, target_service_s: int) -> dict[str, bool]:
    """The walk-in steps this ticket reached: step -> within its standard."""
    out: dict[str, bool] = {}
    waited = wait_s(t)
    if waited is not None:
        out["wait"] = waited <= target_wait_s
        if t.served is not None and t.served >= t.first_call:
            out["call"] = t.served - t.first_call <= CALL_STANDARD_S
    served = service_s(t)
    if served is not None:
        out["service"] = served <= target_service_s
    return out


def deadline_step(done_at: float | None, due_at: float, now: float) -> bool | None:
    """Within a deadline: done by the due time; a miss once the due time passed undone;
    None (not measured yet) while it is open and not yet due."""
    if done_at is not None:
        return done_at <= due_at
    return False if now > due_at else None


def callback_step(answered_at: float | None, first_attempt: float | None,
                  waiting_for_callback: bool, now: float) -> bool | None:
    """A phone ticket's call-back after its last answer (SOP 003 step 6)."""
    if answered_at is None:
        return None
    if first_attempt is not None:
        return first_attempt - answered_at <= CALLBACK_STANDARD_S
    if waiting_for_callback:
        return deadline_step(None, answered_at + CALLBACK_STANDARD_S, now)
    return None
