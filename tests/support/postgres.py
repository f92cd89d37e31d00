"""Scratch PostgreSQL databases on the server a test or benchmark is given."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import make_url

_ENSURED: set[str] = set()


def _admin_url(server_url: str) -> str:
    if server_url.startswith("postgresql://"):
        return "postgresql+psycopg://" + server_url[len("postgresql://"):]
    return server_url


def ensure_database(url: str) -> None:
    """Create `url`'s database when it is missing (a pytest-xdist worker's `test_gw1` on its
    first run), through the server's `postgres` database."""
    if url in _ENSURED:
        return
    target = make_url(_admin_url(url))
    engine = create_engine(target)
    try:
        with engine.connect():
            pass
    except exc.OperationalError as error:
        if f'"{target.database}" does not exist' not in str(error):
            raise
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                try:
                    conn.execute(text(f'CREATE DATABASE "{target.database}"'))
                except exc.ProgrammingError as race:  # created meanwhile by a parallel run
                    if "already exists" not in str(race):
                        raise
        finally:
            admin.dispose()
    finally:
        engine.dispose()
    _ENSURED.add(url)


def create_database(server_url: str, prefix: str = "antrian_test") -> str:
    """Create an empty database next to `server_url`'s and return its URL."""
    ensure_database(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_admin_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return url


def drop_database(server_url: str, database_url: str) -> None:
    name = database_url.rsplit("/", 1)[1]
    admin = create_engine(_admin_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
