"""A virtual ESC/POS network printer on loopback, for tests and benchmarks.

It behaves like a raw port-9100 printer: every connection is one job (it ends when the client
closes), DLE EOT status queries are answered from `paper` and `cover_open`, `stop()` switches it
off (connections are refused), `start()` switches it back on at the same port, and `freeze()`
makes it a printer that no longer answers the TCP handshake, so clients hit their timeout.

Fault modes, for the printer-truth tests:
- `paper = "out"`: status answers say so, and a job sent anyway prints nothing (`paper_out`);
- `reset_after(n)`: the next job is cut after n bytes, the printer resetting (a torn slip);
- `stalled = True`: connections are accepted but never read, nor status queries answered.
`printed` holds only the slips that came out whole.
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Literal

from tests.support import workers

Paper = Literal["ok", "near_end", "out"]

DLE_EOT = b"\x10\x04"
#: Status bytes always carry bits 1 and 4; the rest follows the Epson DLE EOT tables.
FIXED = 0x12
POLL = 0.05


@dataclass
class JobRecord:
    """One connection: its bytes and, for latency benchmarks, when they arrived."""

    data: bytearray = field(default_factory=bytearray)
    connected_at: float = 0.0
    last_byte_at: float | None = None
    closed_at: float | None = None
    status_queries: list[int] = field(default_factory=list)
    paper_out: bool = False  # bytes arrived while the paper was out: nothing came out
    torn: bool = False  # the printer reset mid-job: half a slip came out
    stalled: bool = False  # accepted, never read

    @property
    def printed_whole(self) -> bool:
        return self.is_print_job and not (self.paper_out or self.torn or self.stalled)

    @property
    def is_print_job(self) -> bool:
        """False for connections that only asked for status."""
        return bool(_strip_queries(bytes(self.data)))


STATUS_QUERY = re.compile(re.escape(DLE_EOT) + rb"[\x00-\xff]")


def _strip_queries(data: bytes) -> bytes:
    # One C-level pass: the benchmark checks every record each time a byte arrives.
    return STATUS_QUERY.sub(b"", data)


class VirtualPrinter:
    """Times are `time.monotonic()` seconds, comparable with the client's own clock."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        # Of this pytest-xdist worker's share: `start()` after `stop()` finds it free.
        self.port = workers.free_port(host)
        self.paper: Paper = "ok"
        self.cover_open = False
        #: False imitates a network adapter that does not pass status answers back.
        self.answers_status = True
        self.stalled = False
        self._reset_after: int | None = None
        self.records: list[JobRecord] = []
        self._changed = threading.Condition()
        self._listener: socket.socket | None = None
        self._frozen: list[socket.socket] = []
        self._running = threading.Event()
        self._threads: list[threading.Thread] = []
        self._clients: set[socket.socket] = set()

    # -- power ------------------------------------------------------------------------------

    def start(self) -> VirtualPrinter:
        """Switch on: listen on `port` (a free one the first time)."""
        self._release_frozen()
        if self._running.is_set():
            return self
        listener = self._bind(backlog=16)
        self._listener = listener
        self._running.set()
        self._spawn(self._accept_loop, listener)
        return self

    def stop(self) -> None:
        """Switch off: drop open connections and refuse new ones."""
        self._running.clear()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads = []
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._release_frozen()

    def freeze(self) -> None:
        """Hang: the port stays bound but the handshake is never completed for new clients."""
        self.stop()
        listener = self._bind(backlog=0)
        filler = socket.create_connection((self.host, self.port), timeout=1)
        self._frozen = [listener, filler]  # the one-slot accept queue is now full

    def _bind(self, backlog: int) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(backlog)
        self.port = listener.getsockname()[1]
        return listener

    def _release_frozen(self) -> None:
        for sock in self._frozen:
            sock.close()
        self._frozen = []

    def __enter__(self) -> VirtualPrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what tests read --------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    @property
    def jobs(self) -> list[bytes]:
        """Bytes of each finished print job, oldest first (status-only connections left out)."""
        with self._changed:
            return [bytes(r.data) for r in self.records if r.is_print_job]

    @property
    def job_records(self) -> list[JobRecord]:
        with self._changed:
            return [r for r in self.records if r.is_print_job]

    @property
    def printed(self) -> list[bytes]:
        """Bytes of each slip that came out whole."""
        with self._changed:
            return [bytes(r.data) for r in self.records if r.printed_whole]

    @property
    def torn(self) -> int:
        with self._changed:
            return sum(1 for r in self.records if r.torn)

    def reset_after(self, n_bytes: int | None) -> None:
        """Cut the next print job after `n_bytes` bytes, as a printer that resets."""
        self._reset_after = n_bytes

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """Block until `count` jobs have finished; TimeoutError if they do not."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len([r for r in self.records if r.is_print_job]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {count} print jobs, got {len(self.jobs)}")
                self._changed.wait(left)
        return self.jobs

    def status_byte(self, n: int) -> int:
        """The answer to DLE EOT n."""
        out = self.paper == "out"
        offline = out or self.cover_open
        if n == 1:
            return FIXED | (0x08 if offline else 0)
        if n == 2:
            return FIXED | (0x04 if self.cover_open else 0) | (0x20 if out else 0)
        if n == 4:
            near = self.paper in ("near_end", "out")
            return FIXED | (0x0C if near else 0) | (0x60 if out else 0)
        return FIXED  # n == 3: no errors

    # -- serving ----------------------------------------------------------------------------

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self, listener: socket.socket) -> None:
        listener.settimeout(POLL)
        while self._running.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        record = JobRecord(connected_at=time.monotonic())
        conn.settimeout(POLL)
        tail = b""
        try:
            if self.stalled:
                record.stalled = True
                while self._running.is_set() and self.stalled:
                    time.sleep(POLL)
                return  # whatever the client sent is dropped unread
            while self._running.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                record.last_byte_at = time.monotonic()
                if self.paper == "out" and _strip_queries(chunk):
                    record.paper_out = True
                cut = self._reset_after
                if cut is not None and len(record.data) + len(chunk) > cut:
                    record.data += chunk[: max(0, cut - len(record.data))]
                    record.torn = True
                    self._reset_after = None
                    # RST, as a printer rebooting mid-job drops the connection
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    struct.pack("ii", 1, 0))
                    break
                record.data += chunk
                tail = self._answer_queries(conn, tail, chunk, record)
        finally:
            record.closed_at = time.monotonic()
            with self._changed:
                self.records.append(record)
                self._changed.notify_all()
            conn.close()  # after recording, so a client that sees the close sees the record

    def _answer_queries(
        self, conn: socket.socket, tail: bytes, chunk: bytes, record: JobRecord
    ) -> bytes:
        """Answer every DLE EOT n whose last byte is in `chunk`, even split across reads."""
        seen = tail + chunk
        start = 0
        while (i := seen.find(DLE_EOT, start)) != -1 and i + 2 < len(seen):
            if i + 2 >= len(tail) and 1 <= seen[i + 2] <= 4 and self.answers_status:
                record.status_queries.append(seen[i + 2])
                try:
                    conn.sendall(bytes([self.status_byte(seen[i + 2])]))
                except OSError:
                    break
            start = i + 1
        return seen[-2:]
