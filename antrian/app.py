"""`create_app()`: the one place that wires the blueprints, the database, the hub and the
listeners of domain events together."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from flask import Flask, render_template
from werkzeug.middleware.proxy_fix import ProxyFix

from antrian import admin, counter, display, kiosk, openapi, shared, survey
from antrian.shared.auth import staff_login
from antrian.shared.cases import workflow
from antrian.shared.core import clock, config, leases, mailer
from antrian.shared.core.db import Database
from antrian.shared.desks import outbox
from antrian.shared.office import directory, retention
from antrian.shared.realtime import socket_guard
from antrian.shared.realtime.hub import Hub
from antrian.shared.supervision import watcher
from antrian.shared.web import boundary, refusal, who
from antrian.shared.web.api_models import Document, Health
from antrian.shared.web.openapi import described

SHARED_STATIC = Path(shared.__file__).resolve().parent / "static"  # hub.js and the common CSS


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
    proxies = int(settings.proxy_count or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies)
    app.session_interface = boundary.SessionOverHttps()
    app.after_request(boundary.add_security_headers)
    db = Database(settings.resolved_database_url)
    app.extensions["antrian.db"] = db

    app.url_map.converters["int"] = boundary.BoundedIntConverter  # before any route is added
    app.before_request(boundary.refuse_nul_bytes)
    app.before_request(boundary.refuse_unstorable_json)
    who.init_app(app)  # who is asking (Flask-Login) and the CSRF guard (Flask-WTF)
    for blueprint in (kiosk.bp, counter.bp, display.bp, survey.bp, admin.bp):
        app.register_blueprint(blueprint)
    refusal.register(app)  # every refusal: JSON for the API and scripts, else a page
    boundary.register_template_filters(app)  # local_time, local_clock, local_date
    _register_root_routes(app)

    hub = Hub(app, db, async_mode=settings.async_mode, message_queue=settings.redis_url,
              channel=settings.redis_channel)
    if settings.print_spooler:
        _start_spooler(app, db, hub)
    return app


def _start_spooler(app: Flask, db: Database, hub: Hub) -> None:
    """Print from this process: the spooler listens for committed print jobs. Its worker
    starts with `start_background(app)`, once the schema is migrated."""
    from antrian.printing.spooler import Spooler  # imports python-escpos only when printing here

    spooler = Spooler(db, start_task=hub.socketio.start_background_task)
    db.subscribe(spooler.on_events)
    app.extensions["antrian.spooler"] = spooler


DAY = timedelta(days=1)
RETRY_S = 3600  # a daily job whose lease could not be read tries again after this
WATCH_LEASE = "sla_watch"  # the watcher of the time standards (shared/supervision/watcher.py)


def start_background(app: Flask) -> None:
    """Start the background workers: the hub's publisher (and its Redis link), the print
    spooler when this process prints (a job committed before this is not lost: its first pass
    picks up every pending job), the daily jobs, each run by one process of the deployment
    per day (`shared.core.leases`), the mail outbox's sender when SMTP is configured (one
    process every `mail_interval_s`, under a lease too), the check that announces
    sanctions-and-compensation cases past their seven days, the watcher that raises breaches
    of the time standards (one process per period, by the same leases), and the guard that
    closes the sockets of disabled accounts and revoked tokens."""
    hub: Hub = app.extensions["antrian.hub"]
    hub.start()
    spooler = app.extensions.get("antrian.spooler")
    if spooler is not None:
        spooler.start()
    db: Database = app.extensions["antrian.db"]
    hub.socketio.start_background_task(
        run_daily, db, hub.socketio.sleep, "purge_personal_data", lambda: _purge(db)
    )
    hub.socketio.start_background_task(_flag_overdue_cases, db, hub)
    settings: config.Settings = app.config["ANTRIAN"]
    smtp = mailer.SmtpSettings.of(settings)
    if smtp is not None:  # else answers wait in the outbox until a server is configured
        hub.socketio.start_background_task(
            run_daily, db, hub.socketio.sleep, "send_mail", lambda: send_mail(db, smtp),
            timedelta(seconds=max(settings.mail_interval_s, 1.0)))
    watch_s = settings.sla_watch_s
    if watch_s > 0:
        hub.socketio.start_background_task(
            run_daily, db, hub.socketio.sleep, WATCH_LEASE, lambda: watcher.scan(db),
            timedelta(seconds=watch_s), watch_s,
        )
    # Disabled accounts and revoked tokens lose their open sockets in every process.
    hub.socketio.start_background_task(socket_guard.guard, hub, db)


def _purge(db: Database) -> None:
    purged = retention.purge_personal_data(db)
    logging.getLogger(__name__).info("visitor data purged: %s", purged)
    staff_login.purge_throttle(db)


def send_mail(db: Database, smtp: mailer.SmtpSettings) -> dict[str, int]:
    """One pass of the outbox (SOP 000 answers by e-mail): what is due is sent, a failure
    is kept for a later try. Counts only in the log, never an address."""
    done = outbox.send_due(db, lambda to, subject, body: mailer.send(smtp, to, subject, body))
    if done["sent"] or done["failed"]:
        logging.getLogger(__name__).info("mail: %(sent)d sent, %(failed)d failed", done)
    return done


def run_daily(db: Database, sleep, name: str, job, period: timedelta = DAY,
              retry_s: float = RETRY_S) -> None:
    """Run `job` once per `period` in whichever process takes its lease first; the others
    sleep until the lease runs out and try again then (the holder may have stopped). Also
    the watcher's loop, with a period of seconds."""
    log = logging.getLogger(__name__)
    while not db.closed:  # a disposed database (a test's app) ends the loop
        wait_s: float = retry_s
        try:
            if leases.take(db, name, period):
                try:
                    job()
                except Exception:  # retried next period; the server must keep serving
                    log.exception("job %s failed", name)
            expires = leases.expires_at(db, name)
            if expires is not None:
                wait_s = max((expires - clock.now()).total_seconds(),
                             min(retry_s, 1.0))
        except Exception:  # the database is away: try again later
            log.exception("job %s: lease not available", name)
        sleep(wait_s)


OVERDUE_CHECK_S = 300  # a case's seven days end at any minute: look every five


def check_overdue_cases(db: Database) -> int:
    """One pass of the overdue check (SOP 004): announces each case past its seven days
    once, as `case.overdue`. Idempotent: any scheduler may call it, as often as it likes."""
    return workflow.flag_overdue(db)


def _flag_overdue_cases(db: Database, hub: Hub) -> None:
    while True:
        try:
            flagged = check_overdue_cases(db)
            if flagged:
                logging.getLogger(__name__).info("cases overdue: %d", flagged)
        except Exception:  # retried at the next pass; the server must keep serving
            logging.getLogger(__name__).exception("checking overdue cases failed")
        hub.socketio.sleep(OVERDUE_CHECK_S)


def _register_root_routes(app: Flask) -> None:
    @app.get("/healthz")
    @described("Liveness", public=True, responses={200: Health})
    def healthz():
        return {"status": "ok"}

    @app.get("/favicon.ico")
    def favicon():
        # Browsers ask every page for it; an answer keeps the logs free of 404s.
        return app.send_static_file("favicon.ico"), 200, {"Cache-Control": "public, max-age=604800"}

    @app.get("/api/v1/openapi.json")
    @described("This document", public=True, responses={200: Document})
    def openapi_json():
        return openapi.document(app)

    @app.get("/")
    def index():
        return render_template("index.html", offices=directory.list_offices(boundary.db()))
