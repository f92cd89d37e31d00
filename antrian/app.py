"""`create_app()`: the one place that wires the blueprints, the database, the hub and the
listeners of domain events together."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from flask import Flask, render_template

import admin
import counter
import display
import kiosk
import survey
from antrian import openapi
from shared import clock, config, directory, leases, retention, web
from shared.db import Database
from shared.hub import Hub

SHARED_STATIC = Path(__file__).resolve().parent.parent / "shared" / "static"


def create_app(overrides: dict | None = None) -> Flask:
    settings = config.load(overrides)
    Path(settings.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=settings.log_level.upper())

    app = Flask(
        __name__,
        instance_path=str(Path(settings.instance_path).resolve()),
        static_folder=str(SHARED_STATIC),
        static_url_path="/static",
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        PUBLIC_URL=settings.public_url,
        ANTRIAN=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    app.json.sort_keys = False  # keep the API's field order as documented
    db = Database(settings.resolved_database_url)
    app.extensions["antrian.db"] = db

    app.url_map.converters["int"] = web.BoundedIntConverter  # before any route is added
    app.before_request(web.refuse_nul_bytes)
    for blueprint in (kiosk.bp, counter.bp, display.bp, survey.bp, admin.bp):
        app.register_blueprint(blueprint)
    web.register_error_handlers(app)
    web.register_template_filters(app)  # local_time, local_clock, local_date
    _register_root_routes(app)

    hub = Hub(app, db, async_mode=settings.async_mode, message_queue=settings.redis_url,
              channel=settings.redis_channel)
    if settings.print_spooler:
        _start_spooler(app, db, hub)
    return app


def _start_spooler(app: Flask, db: Database, hub: Hub) -> None:
    """Print from this process: the spooler listens for committed print jobs. Its worker
    starts with `start_background(app)`, once the schema is migrated."""
    from printing.spooler import Spooler  # imports python-escpos only when printing here

    spooler = Spooler(db, start_task=hub.socketio.start_background_task)
    db.subscribe(spooler.on_events)
    app.extensions["antrian.spooler"] = spooler


DAY = timedelta(days=1)
RETRY_S = 3600  # a daily job whose lease could not be read tries again after this


def start_background(app: Flask) -> None:
    """Start the background workers: the print spooler, when this process prints (a job
    committed before this is not lost: its first pass picks up every pending job), and the
    daily jobs, each run by one process of the deployment per day (`shared.leases`)."""
    spooler = app.extensions.get("antrian.spooler")
    if spooler is not None:
        spooler.start()
    hub: Hub = app.extensions["antrian.hub"]
    db: Database = app.extensions["antrian.db"]
    hub.socketio.start_background_task(
        run_daily, db, hub.socketio.sleep, "purge_personal_data", lambda: _purge(db)
    )


def _purge(db: Database) -> None:
    purged = retention.purge_personal_data(db)
    logging.getLogger(__name__).info("visitor data purged: %s", purged)


def run_daily(db: Database, sleep, name: str, job, period: timedelta = DAY) -> None:
    """Run `job` once per `period` in whichever process takes its lease first; the others
    sleep until the lease runs out and try again then (the holder may have stopped)."""
    log = logging.getLogger(__name__)
    while True:
        wait_s: float = RETRY_S
        try:
            if leases.take(db, name, period):
                try:
                    job()
                except Exception:  # retried next period; the server must keep serving
                    log.exception("daily job %s failed", name)
            expires = leases.expires_at(db, name)
            if expires is not None:
                wait_s = max((expires - clock.now()).total_seconds(), 1.0)
        except Exception:  # the database is away: try again later
            log.exception("daily job %s: lease not available", name)
        sleep(wait_s)


def _register_root_routes(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.get("/api/v1/openapi.json")
    def openapi_json():
        return openapi.document()

    @app.get("/")
    def index():
        return render_template("index.html", offices=directory.list_offices(web.db()))
