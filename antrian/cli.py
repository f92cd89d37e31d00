"""The `antrian` command: serve, migrate, and manage tokens and users."""

from __future__ import annotations

import getpass
import math
import socket
import sys

import click

from antrian import cli_admin, cli_display, demo, migrate, serving
from antrian.app import create_app, start_background
from antrian.cli_support import fail, tool_app, tool_db
from antrian.shared.core.errors import DomainError
from antrian.shared.models.staff import ROLES
from antrian.shared.office import administration, audit, retention
from antrian.shared.office.administration import pair_path
from antrian.shared.tickets import office_snapshot


def _db(app):
    return app.extensions["antrian.db"]


@click.group()
def main() -> None:
    """antrian: queue kiosk, counter console and display board."""


main.add_command(cli_display.group)
for _group in (cli_admin.office, cli_admin.service, cli_admin.counter):
    main.add_command(_group)


@main.command()
@click.option("--host", default="0.0.0.0", show_default=True,
              help="Address to listen on (0.0.0.0: every network of this machine).")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Migrate, seed the demo office on the first run, and serve (one process, gevent)."""
    serving.patch()  # done already by `antrian.entry`; here for any other way in
    app = create_app({"async_mode": "gevent"})
    db = _db(app)
    migrate.upgrade(db.engine)
    settings = app.config["ANTRIAN"]
    credentials = demo.seed_if_empty(db) if settings.demo_seed else None
    base = settings.public_url.rstrip("/") or f"http://{_display_host(host)}:{port}"
    _print_welcome(base, credentials)
    start_background(app)  # after the migration: the spooler reads the print jobs
    serving.serve(app, host, port, settings.read_timeout_s)


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
                   f"{base}{pair_path(demo.CODE, credentials.kiosk_token)}")
    click.echo("")


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    migrate.upgrade(_db(tool_app()).engine)
    click.echo("skema terbaru / schema up to date")


@db.command("recount-waiting")
def db_recount_waiting() -> None:
    """Rebuild the waiting counts from the tickets (after a restore with triggers off)."""
    counted = office_snapshot.recount_waiting(tool_db())
    click.echo(f"{counted} tiket menunggu dihitung ulang / waiting tickets recounted")


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
    db = tool_db()
    try:
        if username:
            raw = cli_admin.create_user_token(db, username, name or "api")
        else:
            raw = administration.pair_device(db, office, kind, name or kind, cli_admin.CLI.actor,
                                           cli_admin.CLI.address).token
    except DomainError as exc:
        fail(exc.message)
    click.echo(raw)
    if kind == "kiosk":
        click.echo(f"pasangkan kios / pair a kiosk: <server>{pair_path(office, raw)}", err=True)


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
    db = tool_db()  # before asking for a password that could not be stored
    if password is None:
        password = getpass.getpass("Kata sandi / password: ")
    from antrian.shared.auth.accounts import add_user

    try:
        with db.write() as session:
            made = add_user(session, username, password, list(roles), office, name)
            audit.record(session, cli_admin.CLI, made.office_id, "user.create", username,
                         None, {"username": username, "roles": list(roles), "office": office})
    except DomainError as exc:
        fail(exc.message)
    click.echo(f"pengguna dibuat / user created: {username}")


for _command in (cli_admin.user_list, cli_admin.user_disable, cli_admin.user_reset_password):
    user.add_command(_command)
for _command in (cli_admin.token_list, cli_admin.token_revoke):
    token.add_command(_command)


# ---------------------------------------------------------------- printers and the print agent


@main.group()
def printer() -> None:
    """Ticket printers (ESC/POS)."""


@printer.command("add")
@click.option("--office", required=True, help="Office code.")
@click.option("--name", required=True, help="A short name, e.g. lobby.")
@click.option("--url", required=True,
              help="tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0, cups://QUEUE, "
                   "file:///dev/usb/lp0")
@click.option("--paper", type=click.Choice(["58", "80"]), default="80", show_default=True,
              help="Paper width in mm.")
@click.option("--native-qr", is_flag=True, help="The printer draws QR codes itself (GS ( k).")
@click.option("--profile", default=None, help="python-escpos printer profile, e.g. TM-T88V.")
@click.option("--default", "is_default", is_flag=True, help="Print the office's tickets here.")
@click.option("--via-agent", is_flag=True,
              help="Printed by `antrian print-agent` in the office, not by this server.")
def printer_add(office: str, name: str, url: str, paper: str, native_qr: bool,
                profile: str | None, is_default: bool, via_agent: bool) -> None:
    """Register a printer."""
    from antrian.printing.connections import describe_url, parse_url
    from antrian.printing.slip_values import PrintSettings

    try:
        parse_url(url)
        PrintSettings(paper_mm=int(paper), native_qr=native_qr, profile=profile)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    from antrian.shared.office import devices

    try:
        added = devices.add_printer(
            tool_db(), cli_admin.CLI, office, name, url, paper_mm=int(paper),
            native_qr=native_qr, profile=profile, is_default=is_default, via_agent=via_agent)
    except DomainError as exc:
        fail(exc.message)
    default = " (bawaan / default)" if added["is_default"] else ""
    click.echo(f"printer ditambahkan / printer added: {added['name']}{default}, "
               f"{describe_url(url)}, {added['paper_mm']} mm")


@printer.command("test")
@click.argument("name")
@click.option("--office", default=None, help="Office code, when several have this name.")
def printer_test(name: str, office: str | None) -> None:
    """Print a test page on a printer."""
    from antrian.printing.connections import PrinterUnavailable, open_printer
    from antrian.printing.layout import print_test_page
    from antrian.printing.slip_from_job import print_settings
    from antrian.shared.tickets import print_jobs

    try:
        found = print_jobs.find_printer(tool_db(), name, office)
    except DomainError as exc:
        fail(exc.message)
    try:
        settings = print_settings(found)
    except ValueError as exc:  # a stored profile this python-escpos does not know
        fail(f"pengaturan printer tidak sah / bad printer settings: {exc}")
    try:
        device = open_printer(found["url"], profile=settings.profile)
        try:
            print_test_page(device, settings, found["office_name"], found["office_now"])
        finally:
            device.close()
    except (PrinterUnavailable, OSError) as exc:
        click.echo(f"gagal mencetak / print failed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"halaman tes terkirim / test page sent to {name}")


@printer.command("status")
def printer_status() -> None:
    """Every printer with its state, asked now where the connection can answer."""
    from antrian.printing.connections import describe_url
    from antrian.printing.spooler import printer_state
    from antrian.shared.tickets import print_jobs

    db = tool_db()
    printers = print_jobs.all_printers(db)
    if not printers:
        click.echo("belum ada printer / no printers yet: antrian printer add ...")
        return
    for p in printers:
        state = p["state"] if p["via_agent"] else printer_state(p)
        if not p["via_agent"]:
            print_jobs.set_printer_state(db, p["id"], state)
        flags = " ".join(f for f, on in (("default", p["is_default"]),
                                          ("agent", p["via_agent"])) if on)
        click.echo(f"{p['office']:<10} {p['name']:<14} {state:<15} {p['paper_mm']} mm  "
                   f"{describe_url(p['url'])}  {flags}".rstrip())


def _a_number(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    # FloatRange lets "nan" through (it compares false both ways): the agent would spin
    if math.isnan(value):
        raise click.BadParameter("bukan angka / not a number")
    return value


#: Modules only the print agent needs: pyproject's `agent` extra.
AGENT_MODULES = frozenset({"requests", "websocket", "socketio"})


@main.command("print-agent")
@click.option("--server", required=True, help="The antrian server, e.g. https://antrian.example")
@click.option("--token", required=True, envvar="ANTRIAN_AGENT_TOKEN",
              help="A print_agent token: antrian token create --office X --kind print_agent")
@click.option("--poll", default=10.0, show_default=True, type=click.FloatRange(1, 3600),
              callback=_a_number, help="Seconds between safety polls, 1 to 3600.")
def print_agent(server: str, token: str, poll: float) -> None:
    """Print this office's tickets on printers only this machine can reach."""
    try:
        from antrian.printing.agent import PrintAgent
    except ModuleNotFoundError as exc:
        # requests and the Socket.IO client come with the `agent` extra, not the server
        if exc.name not in AGENT_MODULES:
            raise
        click.echo(f"galat / error: modul {exc.name} belum terpasang / is not installed; "
                   "pasang / install: pip install 'antrian[agent]'", err=True)
        sys.exit(2)

    agent = PrintAgent(server, token, poll_s=poll)
    try:
        info = agent.whoami()
    except (PermissionError, OSError) as exc:
        click.echo(f"galat / error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"agen cetak untuk / print agent for {info['office']['name']} -> {server}")
    try:
        agent.run()
    except KeyboardInterrupt:
        agent.stop()


@main.command("purge-personal-data")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge_personal_data(dry_run: bool) -> None:
    """Delete visitor data older than each office's retention period (run it daily)."""
    counts = retention.purge_personal_data(tool_db(), dry_run=dry_run)
    verb = "akan dihapus / would be deleted" if dry_run else "dihapus / deleted"
    for office, count in counts.items():
        click.echo(f"{office}: {count} data pengunjung {verb}")
