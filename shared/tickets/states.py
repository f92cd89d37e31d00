"""The ticket's life: one table, keyed by what is done to a ticket, and one way to do it.

Every status change of a ticket, whoever makes it (counter, phone desk, online answer,
compensation), goes through `move` (or, for the race-guarded call, through `guard`'s SQL
condition); an action the table does not allow from the ticket's status raises the one
`IllegalTransition` (409 `illegal_transition`). The counter console's buttons come from
`actions`, so the browser holds no copy of this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from antrian.shared.core.errors import IllegalTransition

WAITING, CALLED, SERVING, HELD, ESCALATED = "waiting", "called", "serving", "held", "escalated"
DONE, NO_SHOW, CANCELLED = "done", "no_show", "cancelled"

STATUSES = (WAITING, CALLED, SERVING, HELD, ESCALATED, DONE, NO_SHOW, CANCELLED)
ACTIVE_AT_COUNTER = (CALLED, SERVING)
FINISHED = (DONE, NO_SHOW, CANCELLED)

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


@dataclass(frozen=True)
class Move:
    sources: tuple[str | None, ...]  # the statuses it may start from (None: a new ticket)
    target: str
    verb_id: str  # "tidak dapat <verb_id>" / "cannot <verb_en>": the refusal's words
    verb_en: str


ISSUE, CALL, RECALL, SERVE, RESUME = "issue", "call", "recall", "serve", "resume"
COMPLETE, NO_SHOW_ACTION, REQUEUE, TRANSFER = "complete", "no-show", "requeue", "transfer"
HOLD, ESCALATE, CANCEL = "hold", "escalate", "cancel"
ANSWER_ONLINE, LOG_PHONE_CALL = "answer-online", "log-phone-call"
ESCALATE_ONLINE, ANSWER_LATER = "escalate-online", "answer-later"

# Action names are the API's (POST /api/v1/tickets/<id>/<action>) where it has one.
MOVES: dict[str, Move] = {
    ISSUE: Move((None,), WAITING, "diterbitkan", "be issued"),
    CALL: Move((WAITING,), CALLED, "dipanggil", "be called"),
    RECALL: Move((CALLED,), CALLED, "dipanggil ulang", "be recalled"),
    SERVE: Move((CALLED,), SERVING, "mulai dilayani", "start serving"),
    # serving again after a hold, or once the back office has answered an escalation
    RESUME: Move((HELD, ESCALATED), SERVING, "dilanjutkan", "resume"),
    # an escalated ticket closes too: the phone desk's call-back gives the answer
    COMPLETE: Move((SERVING, ESCALATED), DONE, "diselesaikan", "complete"),
    NO_SHOW_ACTION: Move((CALLED,), NO_SHOW, "ditandai tidak hadir", "mark no-show"),
    REQUEUE: Move((CALLED,), WAITING, "dikembalikan ke antrean", "return to queue"),
    TRANSFER: Move((SERVING, HELD), WAITING, "dialihkan", "transfer"),
    HOLD: Move((SERVING,), HELD, "ditunda", "hold"),
    ESCALATE: Move((SERVING,), ESCALATED, "diteruskan", "escalate"),
    CANCEL: Move((WAITING,), CANCELLED, "dibatalkan", "cancel"),
    # an online request is answered in one step from the front office's list, at once or
    # once the back office's answer to it is back
    ANSWER_ONLINE: Move((WAITING, ESCALATED), DONE, "dijawab", "be answered"),
    # an online request waits in the front office's list, not at a desk: it is passed to the
    # back office from there (SOP 000 step 2)
    ESCALATE_ONLINE: Move((WAITING,), ESCALATED, "diteruskan", "escalate"),
    # a walk-in who left while the question was out gets the answer by a call-back or on the
    # ticket's status page: the ticket still waits for the answer
    ANSWER_LATER: Move((ESCALATED,), ESCALATED, "dialihkan ke jawaban nanti",
                       "switch to a later answer"),
    # the caller is on the line: a logged call is served at once
    LOG_PHONE_CALL: Move((WAITING,), SERVING, "dilayani di telepon", "be served by phone"),
}

# The buttons the counter console offers: on its current ticket, and on a ticket it set aside.
CURRENT_TICKET_ACTIONS = (RECALL, SERVE, NO_SHOW_ACTION, REQUEUE, COMPLETE, HOLD, TRANSFER,
                          ESCALATE)
SET_ASIDE_ACTIONS = (RESUME,)


def allowed(status: str | None, action: str) -> bool:
    return status in MOVES[action].sources


def refuse(code: str, status: str, action: str) -> IllegalTransition:
    """The one error for a move the table does not allow."""
    spec = MOVES[action]
    return IllegalTransition(
        f"Tiket {code} berstatus {STATUS_LABELS.get(status, status)}; tidak dapat "
        f"{spec.verb_id}. / Ticket {code} is {str(status).replace('_', '-')}; cannot "
        f"{spec.verb_en}.",
    )


def move(ticket: Any, action: str) -> str:
    """Change the ticket's status as `action` does, or raise IllegalTransition. Returns the
    status it left. Everything else the action changes (times, counter) is the caller's."""
    if action not in MOVES:
        raise KeyError(f"unknown ticket action: {action}")
    before = ticket.status
    check(ticket.code, before, action)
    ticket.status = MOVES[action].target
    return before


def check(code: str, status: str, action: str) -> None:
    """Refuse early, before the work the action does around its move."""
    if not allowed(status, action):
        raise refuse(code, status, action)


def guard(action: str) -> tuple[tuple[str, ...], str]:
    """The move as an UPDATE's condition and value, for the moves a race decides in the
    database (two counters calling the same ticket): (statuses it may leave, its target)."""
    spec = MOVES[action]
    return tuple(s for s in spec.sources if s is not None), spec.target


def actions(status: str, offered: tuple[str, ...]) -> list[str]:
    """The actions of `offered` the table allows from `status`, in `offered`'s order: what
    a screen may show as buttons."""
    return [a for a in offered if allowed(status, a)]
