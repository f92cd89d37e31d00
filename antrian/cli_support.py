"""What the one-shot `antrian` commands share: their app, their database and how they fail.

A module of its own because `antrian.cli` imports `antrian.cli_display`: both need these.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from antrian import migrate
from antrian.app import create_app
from antrian.shared.core.db import Database

NOT_MIGRATED = (
    "skema basis data belum dibuat atau belum terbaru; jalankan dulu `antrian db upgrade` "
    "(atau `antrian serve`) / the database schema is missing or out of date: "
    "run `antrian db upgrade` (or `antrian serve`) first"
)


def tool_app() -> Flask:
    """The app for a one-shot command: it must not start printing queued tickets."""
    return create_app({"print_spooler": False})


def tool_db() -> Database:
    """The database of a one-shot command, refused unless its schema is the newest one:
    a missing table would otherwise end the command in a SQL traceback."""
    db: Database = tool_app().extensions["antrian.db"]
    try:
        current = migrate.is_current(db.engine)
    except SQLAlchemyError as exc:
        fail(f"basis data tidak dapat dibuka / cannot open the database: {exc.__class__.__name__}: "
             f"{getattr(exc, 'orig', None) or exc}")
    if not current:
        fail(NOT_MIGRATED)
    return db


def fail(message: str) -> NoReturn:
    """Stop the command with `message` on stderr and exit status 2."""
    click.echo(f"galat / error: {message}", err=True)
    sys.exit(2)
