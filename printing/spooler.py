"""The print spooler: prints committed PrintJobs in the background, retrying until they print.

The kiosk's request only commits the ticket and its job; this worker is woken by the job's
`print.queued` event (a listener of the Database, registered by `create_app`), claims the job,
prints it and records the outcome through `shared.tickets.print_jobs`. A printer that is off,
stalled
or out of paper only delays a job: it stays in the database and is retried with backoff, also
after a restart. `run_job` is the one function that turns a job into printed paper; the print
agent (`printing.agent`) calls the same function next to an office's printer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from escpos.printer import Dummy
from sqlalchemy.exc import OperationalError

from antrian.printing.connections import PrinterUnavailable, open_printer, supports_status
from antrian.printing.layout import print_ticket
from antrian.printing.slip_from_job import print_settings, ticket_slip
from antrian.printing.slip_values import PrintSettings
from antrian.printing.status import PrinterState, can_answer, query_state
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict
from antrian.shared.core.events import Event
from antrian.shared.tickets import print_jobs

log = logging.getLogger(__name__)

#: Seconds a network printer may take to accept the connection or a write.
PRINT_TIMEOUT_S = 3.0
#: How often the server's own printers are looked after while it has any: their states
#: asked by DLE EOT, claims left by a stopped process released, jobs of other processes due.
STATUS_EVERY_S = 30.0
#: Sleep after the database could not be read, before looking again.
RETRY_S = 5.0


@dataclass(frozen=True)
class PrintFailure:
    """Why a job did not print: its kind for the code that reacts, its text for people."""

    # unreachable: the printer could not be opened; not_ready: it said it cannot print now
    kind: Literal["unreachable", "not_ready", "failed"]
    message: str  # for PrintJob.last_error
    state: str | None = None  # what the printer answered, when it did


def render_job(work: dict[str, Any], settings: PrintSettings) -> bytes:
    """The job's ESC/POS bytes, rendered in memory so the printer gets them in one write."""
    buffer = Dummy(profile=settings.profile)
    print_ticket(buffer, ticket_slip(work["slip"]), settings)
    return buffer.output


def run_job(work: dict[str, Any], *, timeout: float = PRINT_TIMEOUT_S) -> PrintFailure | None:
    """Print one claimed job; None when printed, else why not."""
    try:
        settings = print_settings(work["printer"])
        url = work["printer"]["url"]
    except (KeyError, TypeError, ValueError) as exc:
        return PrintFailure("failed", f"pengaturan printer tidak sah / bad printer settings: {exc}")
    try:
        data = render_job(work, settings)
    except (KeyError, TypeError, ValueError) as exc:
        return PrintFailure("failed", f"data tiket tidak sah / bad slip data: {exc}")
    printer = None
    try:
        printer = open_printer(url, timeout=timeout, profile=settings.profile)
        expect_answer = work["printer"].get("state") not in (None, PrinterState.unknown.value)
        refusal = _not_ready(printer, "sebelum / before", expect_answer)
        if refusal is not None:
            return refusal
        printer._raw(data)
        return _not_ready(printer, "sesudah / after", expect_answer, failed=True)
    except PrinterUnavailable as exc:
        return PrintFailure("unreachable", f"printer tidak terjangkau / unreachable: {exc}")
    except OSError as exc:  # TimeoutError: stalled mid-job; ConnectionError: dropped
        return PrintFailure("failed", f"koneksi printer putus / connection broke: {exc!r}")
    except Exception as exc:  # a driver bug must not stop the spooler
        log.exception("print job %s failed unexpectedly", work.get("job"))
        return PrintFailure("failed", f"galat pencetakan / print error: {exc!r}")
    finally:
        if printer is not None:
            _close(printer)


#: States in which a printer prints: a job is done only when the printer says one of these.
READY = (PrinterState.online, PrinterState.paper_near_end)


def _not_ready(
    printer: Any, when: str, expect_answer: bool, failed: bool = False
) -> PrintFailure | None:
    """Ask the printer (DLE EOT) whether it can print, before and after the job's bytes.

    Accepted bytes prove nothing: a printer out of paper, one that reset mid-job or one that
    stalled takes them too. A connection that cannot answer (CUPS, a file, an adapter that
    passes no answers back) is trusted as before; a printer known to answer (its stored
    state) that falls silent has stalled. After the job every doubt is a failure, and the
    job is retried whole."""
    if not can_answer(printer):
        return None
    state = query_state(printer)
    if state in READY or (state is PrinterState.unknown and not expect_answer):
        return None
    if state is PrinterState.unknown:  # it answered before and is silent now: stalled
        state = PrinterState.offline
    kind = "failed" if failed else "not_ready"
    return PrintFailure(
        kind,
        f"printer belum siap {when} mencetak / printer not ready "
        f"{when.split(' / ')[1]} the job: {state.value}",
        state.value,
    )


def printer_state(printer: dict[str, Any], *, timeout: float = 2.0) -> str:
    """Ask a printer how it is (DLE EOT) over a short connection of its own."""
    if not supports_status(printer["url"]):
        return PrinterState.unknown.value
    try:
        device = open_printer(printer["url"], timeout=timeout, profile=printer.get("profile"))
    except PrinterUnavailable:
        return PrinterState.offline.value
    try:
        return query_state(device).value
    finally:
        _close(device)


def _close(printer: Any) -> None:
    try:
        printer.close()
    except Exception:  # already broken: nothing more to release
        log.debug("closing printer failed", exc_info=True)


class Spooler:
    """One per server process; several processes may run one each (claims are atomic)."""

    def __init__(
        self,
        db: Database,
        *,
        start_task: Callable[..., Any] | None = None,
        status_every_s: float = STATUS_EVERY_S,
        timeout: float = PRINT_TIMEOUT_S,
    ) -> None:
        self.db = db
        self.start_task = start_task
        self.status_every_s = status_every_s
        self.timeout = timeout
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._task: Any = None
        self._next_status = 0.0  # monotonic time of the next look after the printers
        self._has_printers = False  # no printers: nothing periodic, only print events wake it
        self._states: dict[int, str] = {}
        self.idle = threading.Event()  # set whenever a pass finds nothing due (for tests)

    # -- wiring -----------------------------------------------------------------------------

    def on_events(self, batch: list[Event]) -> None:
        """Database listener: a committed job wakes the worker at once."""
        if any(ev.name == "print.queued" and not ev.payload.get("via_agent") for ev in batch):
            self.poke()

    def start(self) -> Spooler:
        if self._task is not None:
            return self
        self._stop.clear()
        if self.start_task is not None:
            self._task = self.start_task(self._loop)
        else:
            self._task = threading.Thread(target=self._loop, name="antrian-spooler", daemon=True)
            self._task.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        task, self._task = self._task, None
        if task is not None and hasattr(task, "join"):
            task.join(timeout)

    def poke(self) -> None:
        """Look at the database now (after a printer came back, say), and at the printers:
        one may have been added since the last look."""
        self.idle.clear()
        if not self._has_printers:
            self._next_status = 0.0
        self._wake.set()

    # -- the worker -------------------------------------------------------------------------

    def _loop(self) -> None:
        # Catch-up: jobs claimed by a process that stopped mid-job are made due again, and
        # every pending job left from before a restart is due already.
        self._guard(print_jobs.release_stale_claims, self.db)
        while not self._stop.is_set():
            self._wake.clear()
            self._guard(self.drain)
            if time.monotonic() >= self._next_status:
                self._guard(self.look_after_printers)
            self._wake.wait(self._safe_sleep_for())

    def look_after_printers(self) -> None:
        """While the server has printers of its own: their states, and claims left by a
        process that stopped mid-job. Without printers nothing is periodic: the spooler
        sleeps until a print event (or `poke`) wakes it."""
        printers = print_jobs.printers_to_poll(self.db)
        self._has_printers = bool(printers)
        self._next_status = time.monotonic() + self.status_every_s if printers else float("inf")
        if printers:
            self.poll_states(printers)
            print_jobs.release_stale_claims(self.db)

    def _guard(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except OperationalError as exc:  # not migrated yet, or the database is away a moment
            log.warning("print spooler: database not ready (%s); retrying", exc.orig)
        except Exception:  # a bug must not stop printing: try again next pass
            log.exception("print spooler: %s failed", getattr(fn, "__name__", fn))

    def _safe_sleep_for(self) -> float | None:
        try:
            return self._sleep_for()
        except Exception:  # the database is away: look again shortly
            log.warning("print spooler: cannot read the next retry time", exc_info=True)
            return RETRY_S

    def _sleep_for(self) -> float | None:
        """Until the next retry falls due or the printers' next look, whichever is first;
        None (until woken) when neither is ahead."""
        if self._stop.is_set():
            return 0.0
        due = print_jobs.next_due_at(self.db)
        until_look = self._next_status - time.monotonic()
        waits = [] if until_look == float("inf") else [max(0.0, until_look)]
        if due is not None:
            waits.append(max(0.01, (due - clock.now()).total_seconds()))
        if due is None or waits[-1] > 0.01:
            self.idle.set()
        return min(waits) if waits else None

    def drain(self) -> int:
        """Print every due job; a printer that fails once in a pass is not tried again in it,
        its other jobs are recorded as failed with the same reason (and their kiosks told)."""
        printed = 0
        down: dict[int, PrintFailure] = {}
        while not self._stop.is_set():
            due = print_jobs.due_job_ids(self.db)
            if not due:
                return printed
            progressed = False
            for job_id in due:
                work = print_jobs.claim(self.db, job_id)
                if work is None:
                    continue
                progressed = True
                printer_id = work["printer"]["id"]
                failure = down.get(printer_id) or run_job(work, timeout=self.timeout)
                error = failure.message if failure else None
                try:
                    print_jobs.finish(self.db, job_id, failure is None, error)
                except Conflict:  # reclaimed as stale meanwhile: that attempt is recorded
                    continue
                if failure is None:
                    printed += 1
                    self._note_state(printer_id, PrinterState.online.value, only_from_offline=True)
                else:
                    log.warning("print job %s on %s: %s", job_id, work["printer"]["name"], error)
                    if printer_id not in down:
                        down[printer_id] = failure
                        if failure.kind == "unreachable":
                            self._note_state(printer_id, PrinterState.offline.value)
                        elif failure.state is not None:  # paper out, cover open, stalled
                            self._note_state(printer_id, failure.state)
            if not progressed:
                return printed
        return printed

    def poll_states(self, printers: list[dict[str, Any]] | None = None) -> None:
        if printers is None:
            printers = print_jobs.printers_to_poll(self.db)
        for printer in printers:
            if supports_status(printer["url"]):
                state = printer_state(printer, timeout=self.timeout)
                if state == PrinterState.unknown and printer.get("state") not in (
                    None,
                    PrinterState.unknown.value,
                ):
                    state = PrinterState.offline.value  # it answered before: it hangs now
                self._note_state(printer["id"], state)

    def _note_state(self, printer_id: int, state: str, only_from_offline: bool = False) -> None:
        known = self._states.get(printer_id)
        if only_from_offline and known not in (None, PrinterState.offline.value):
            return
        if known == state:
            return
        self._states[printer_id] = state
        print_jobs.set_printer_state(self.db, printer_id, state)
