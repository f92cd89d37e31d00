"""Engine and transactions.

SQLite is the embedded default: WAL journal, foreign keys on, and every writing transaction
opened with BEGIN IMMEDIATE so writers queue for the one write lock up front instead of
failing half-way. PostgreSQL relies on row locks taken by the queue code.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Engine, Insert, Table, bindparam, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from antrian.shared.core import events

WRITE = "antrian_write"


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """`hide_parameters`: an error's traceback must never carry the visitor data it wrote."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=pool_size,
            max_overflow=40,
            hide_parameters=True,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=40, pool_pre_ping=True,
                         hide_parameters=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn) -> None:
        immediate = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_postgres(session: Session) -> bool:
    """Row locks (FOR UPDATE, SKIP LOCKED) only mean something on PostgreSQL."""
    return session.get_bind().dialect.name == "postgresql"


def increment(session: Session, model, key: dict[str, Any], column: str, by: int = 1) -> int:
    """Add `by` to a counter row, creating it at `by`, and return the new value: one atomic
    upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING) that holds the row's lock to the
    end of the transaction, so concurrent callers queue instead of colliding."""
    statement = _upsert(session.get_bind().dialect.name, model.__table__, column, tuple(key))
    params = {f"key_{name}": value for name, value in key.items()}
    return session.execute(statement, {**params, "by": by}).scalar_one()


@functools.cache
def _upsert(dialect_name: str, table: Table, column: str, key: tuple[str, ...]) -> Insert:
    """Built once per counter: numbering and event `seq` run it on every write."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    counter = table.c[column]
    return (
        dialect.insert(table)
        .values({**{name: bindparam(f"key_{name}") for name in key}, column: bindparam("by")})
        .on_conflict_do_update(index_elements=list(key), set_={column: counter + bindparam("by")})
        .returning(counter)
    )


def insert_new(session: Session, model, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose unique key is not taken yet, in one statement (INSERT ... ON
    CONFLICT DO NOTHING): a row already there stays as it was."""
    if not rows:
        return
    dialect = postgresql if is_postgres(session) else sqlite
    session.execute(dialect.insert(model.__table__).on_conflict_do_nothing(), rows)


class Database:
    """One per app: hands out read and write sessions."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(**{WRITE: True}), expire_on_commit=False
        )
        # One consistent picture across several statements (a board snapshot: its seq and its
        # rows). PostgreSQL's default READ COMMITTED gives each statement its own view;
        # SQLite's WAL read transaction is a snapshot already.
        self._consistent = self._read if self.is_sqlite else sessionmaker(
            self.engine.execution_options(isolation_level="REPEATABLE READ"),
            expire_on_commit=False,
        )
        self.listeners: list[events.Listener] = []
        self.commit_order = events.CommitOrder()
        self._sqlite_writer = threading.RLock()
        self.closed = False

    def subscribe(self, listener: events.Listener, *, ordered: bool = False) -> None:
        """Call `listener` with each committed transaction's domain events. An `ordered`
        listener gets the batches in `seq` order, called under a lock: it must only queue
        them (see `events.CommitOrder`)."""
        (self.commit_order.listeners if ordered else self.listeners).append(listener)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One writing transaction; its domain events are published after it commits."""
        with self._write() as session:
            place = None
            try:
                with self._writer_turn(), session.begin():
                    yield session
                    events.assign_seq(session)
                    if self.commit_order.listeners and events.has_pending(session):
                        place = self.commit_order.reserve()  # still under the seq row lock
            except BaseException:
                if place is not None:
                    self.commit_order.settle(place, [])
                raise
            if place is not None:
                self.commit_order.settle(place, list(session.info.get(events.PENDING, [])))
            events.publish_committed(session, self.listeners)

    def _writer_turn(self):
        """On SQLite, threads of this process take turns here instead of in SQLite's busy
        handler, which sleeps in growing steps and turns contention into long tails."""
        return self._sqlite_writer if self.is_sqlite else nullcontext()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def consistent_read(self) -> Iterator[Session]:
        """A read whose statements all see the same committed state (REPEATABLE READ on
        PostgreSQL): a snapshot's seq then agrees with its rows."""
        with self._consistent() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.closed = True  # background loops that poll this database stop
        self.engine.dispose()
