"""The `antrian` command: serve, migrate, and manage tokens and users."""

from __future__ import annotations

import getpass
import socket
import sys

import click

from antrian import cli_display, demo, migrate, serving
from antrian.app import create_app
from shared import auth
from shared.errors import DomainError
from shared.models.staff import ROLES


def _db(app):
    return app.extensions["antrian.db"]


def _fail(exc: DomainError) -> None:
    click.echo(f"galat / error: {exc.message}", err=True)
    sys.exit(2)


@click.group()
def main() -> None:
    """antrian: queue kiosk, counter console and display board."""


main.add_command(cli_display.group)


@main.command()
@click.option("--host", default="0.0.0.0", show_default=True,
              help="Address to listen on (0.0.0.0: every network of this machine).")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Migrate, seed the demo office on the first run, and serve (one process)."""
    app = create_app()
    db = _db(app)
    migrate.upgrade(db.engine)
    settings = app.config["ANTRIAN"]
    credentials = demo.seed_if_empty(db) if settings.demo_seed else None
    base = settings.public_url.rstrip("/") or f"http://{_display_host(host)}:{port}"
    _print_welcome(base, credentials)
    serving.serve(app, host, port)


def _display_host(host: str) -> str:
    if host not in ("0.0.0.0", "::"):
        return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # no packet is sent; picks the LAN address
            return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def _print_welcome(base: str, credentials: demo.DemoCredentials | None) -> None:
    click.echo(f"\nantrian berjalan / running at {base}\n")
    for label, path in [
        ("Beranda / Home", "/"),
        ("Kios / Kiosk", f"/kiosk/{demo.CODE}"),
        ("Layar / Display", f"/display/{demo.CODE}"),
        ("Loket / Counter", "/counter"),
        ("Admin", "/admin"),
    ]:
        click.echo(f"  {label:<18} {base}{path}")
    if credentials:
        click.echo("\nKantor demo dibuat. Simpan kata sandi ini; tidak ditampilkan lagi.")
        click.echo("Demo office created. Keep these passwords; they are shown only once.\n")
        for username, password in credentials.passwords.items():
            click.echo(f"  {username:<12} {password}")
        click.echo(f"\n  Pasangkan kios / pair the kiosk: "
                   f"{base}/kiosk/{demo.CODE}/pair#{credentials.kiosk_token}")
    click.echo("")


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    app = create_app()
    migrate.upgrade(_db(app).engine)
    click.echo("skema terbaru / schema up to date")


@main.group()
def token() -> None:
    """Bearer tokens for kiosks, print agents and staff tools."""


@token.command("create")
@click.option("--office", help="Office code, for a device token.")
@click.option("--kind", type=click.Choice(["kiosk", "print_agent"]), help="Device kind.")
@click.option("--user", "username", help="A staff token bound to this user instead.")
@click.option("--name", default=None, help="A label to recognise the token by.")
def token_create(office: str | None, kind: str | None, username: str | None,
                 name: str | None) -> None:
    """Print a new bearer token (shown once; only its hash is stored)."""
    if bool(username) == bool(office and kind):
        raise click.UsageError("give either --office and --kind, or --user")
    app = create_app()
    try:
        with _db(app).write() as session:
            if username:
                raw = auth.create_user_token(session, username, name or "api")
            else:
                raw = auth.create_device_token(session, office, kind, name or kind)
    except DomainError as exc:
        _fail(exc)
    click.echo(raw)
    if kind == "kiosk":
        click.echo(f"pasangkan kios / pair a kiosk: <server>/kiosk/{office}/pair#{raw}", err=True)


@main.group()
def user() -> None:
    """Staff accounts."""


@user.command("add")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="Repeat for several roles.")
@click.option("--office", default=None, help="Office code; omit for an all-offices admin.")
@click.option("--name", default=None, help="Display name.")
@click.option("--password", default=None, help="Omit to be asked (safer than the shell history).")
def user_add(username: str, roles: tuple[str, ...], office: str | None, name: str | None,
             password: str | None) -> None:
    """Create a staff account."""
    if password is None:
        password = getpass.getpass("Kata sandi / password: ")
    app = create_app()
    from shared.staff import add_user

    try:
        with _db(app).write() as session:
            add_user(session, username, password, list(roles), office, name)
    except DomainError as exc:
        _fail(exc)
    click.echo(f"pengguna dibuat / user created: {username}")
