"""Scratch PostgreSQL databases on the server a test or benchmark is given."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text


def _admin_url(server_url: str) -> str:
    if server_url.startswith("postgresql://"):
        return "postgresql+psycopg://" + server_url[len("postgresql://"):]
    return server_url


def create_database(server_url: str, prefix: str = "antrian_test") -> str:
    """Create an empty database next to `server_url`'s and return its URL."""
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
