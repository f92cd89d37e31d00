"""The ticket state machine: which status may follow which."""

from __future__ import annotations

from antrian.shared.core.errors import IllegalTransition

WAITING, CALLED, SERVING, HELD, ESCALATED = "waiting", "called", "serving", "held", "escalated"
DONE, NO_SHOW, CANCELLED = "done", "no_show", "cancelled"

STATUSES = (WAITING, CALLED, SERVING, HELD, ESCALATED, DONE, NO_SHOW, CANCELLED)
ACTIVE_AT_COUNTER = (CALLED, SERVING)
FINISHED = (DONE, NO_SHOW, CANCELLED)

ALLOWED: dict[str, tuple[str, ...]] = {
    WAITING: (CALLED, CANCELLED),
    CALLED: (CALLED, SERVING, NO_SHOW, WAITING),  # CALLED -> CALLED is a recall
    SERVING: (DONE, WAITING, HELD, ESCALATED),  # SERVING -> WAITING is a transfer
    HELD: (SERVING, WAITING),
    ESCALATED: (SERVING, DONE),
    DONE: (),
    NO_SHOW: (),
    CANCELLED: (),
}

# Indonesian first, English second: these reach the counter staff verbatim.
STATUS_LABELS = {
    WAITING: "menunggu / waiting",
    CALLED: "dipanggil / called",
    SERVING: "sedang dilayani / being served",
    HELD: "ditunda / on hold",
    ESCALATED: "diteruskan ke back office / escalated",
    DONE: "selesai / done",
    NO_SHOW: "tidak hadir / no-show",
    CANCELLED: "dibatalkan / cancelled",
}


def check(code: str, current: str, target: str, action: str) -> None:
    if target not in ALLOWED.get(current, ()):
        raise IllegalTransition(
            f"Tiket {code} berstatus {STATUS_LABELS[current]}; tidak dapat {action}. "
            f"/ Ticket {code} is {current.replace('_', '-')}; cannot {action}.",
        )
