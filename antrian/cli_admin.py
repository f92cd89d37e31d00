"""`antrian office|service|counter` and the staff commands of `antrian user|token`: the
command-line face of the management plane. Each command calls the same service as the pages
and the API; the operator at the server's console acts as an administrator of every office,
and the audit log records the change as made by "cli" from "cli"."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from antrian.cli_support import fail, tool_db
from antrian.shared.auth.actors import Actor
from antrian.shared.core.errors import DomainError
from antrian.shared.models.office import COUNTER_KINDS
from antrian.shared.office import audit, counters, offices, services, staff, working_days
from antrian.shared.tickets import timeline

CLI = audit.Origin(Actor(kind="user", office_id=None, username="cli",
                         roles=frozenset({"admin"})), "cli")


def _run(call: Callable[..., Any], *args: Any) -> Any:
    try:
        return call(tool_db(), CLI, *args)
    except DomainError as exc:
        fail(exc.message)


def _pairs(values: tuple[str, ...], option: str) -> dict[str, Any]:
    """KEY=VALUE pairs; a value that reads as JSON (a number, true/false) is taken as such."""
    out: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: tulis / write KEY=VALUE", param_hint=option)
        try:
            out[key] = json.loads(raw)
        except ValueError:
            out[key] = raw
    return out


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


# ---------------------------------------------------------------- offices


@click.group()
def office() -> None:
    """Offices and their settings."""


@office.command("add")
@click.argument("code")
@click.option("--name", required=True, help="The office's full name.")
@click.option("--timezone", default="Asia/Jakarta", show_default=True,
              help="Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).")
def office_add(code: str, name: str, timezone: str) -> None:
    """Create an empty office; then add its services, counters and staff."""
    made = _run(offices.create_office, code, name, timezone)
    click.echo(f"kantor dibuat / office created: {made['code']} ({made['timezone']})")


@office.command("edit")
@click.argument("code")
@click.option("--name", default=None)
@click.option("--header", default=None, help="The ticket's header text.")
@click.option("--footer", default=None, help="The ticket's footer text.")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help="A setting, e.g. call_policy=ratio or priority_ratio=2; repeatable.")
def office_edit(code: str, name: str | None, header: str | None, footer: str | None,
                settings: tuple[str, ...]) -> None:
    """Change an office's name, ticket texts and settings."""
    changes = _given(name=name, header=header, footer=footer)
    if settings:
        changes["settings"] = _pairs(settings, "--set")
    made = _run(offices.update_office, code, changes)
    click.echo(json.dumps(made, ensure_ascii=False, indent=2))


@office.group("day-off")
def office_day_off() -> None:
    """The office's own days off (cuti bersama, closures): no working time runs on them."""


@office_day_off.command("list")
@click.argument("code")
def day_off_list(code: str) -> None:
    """The office's days off, then this year's and next year's national holidays."""
    view = _run(lambda db, origin, c: working_days.calendar_view(db, c, origin.actor), code)
    for d in view["days_off"]:
        click.echo(f"{d['day']}  libur kantor / day off: {d['note']}")
    for d in view["national_holidays"]:
        click.echo(f"{d['day']}  libur nasional / national: {d['name']}")


@office_day_off.command("add")
@click.argument("code")
@click.argument("day")
@click.option("--note", default="", help="Why the office is closed, e.g. Cuti bersama Idul Fitri.")
def day_off_add(code: str, day: str, note: str) -> None:
    """Add DAY (YYYY-MM-DD) as a day off of office CODE."""
    made = _run(working_days.add_day_off, code, day, note)
    click.echo(f"hari libur ditambahkan / day off added: {made['day']} {made['note']}")


@office_day_off.command("remove")
@click.argument("code")
@click.argument("day")
def day_off_remove(code: str, day: str) -> None:
    """Remove DAY (YYYY-MM-DD) from the days off of office CODE."""
    _run(working_days.remove_day_off, code, day)
    click.echo(f"hari libur dihapus / day off removed: {day}")


# ---------------------------------------------------------------- services


def _service_options(command):
    for option in reversed([
        click.option("--name-id", default=None, help="Name in Indonesian."),
        click.option("--name-en", default=None, help="Name in English."),
        click.option("--quota", type=int, default=None, help="Tickets a day (0: no limit)."),
        click.option("--opens", default=None, help='HH:MM, "" for none.'),
        click.option("--closes", default=None, help='HH:MM, "" for none.'),
        click.option("--position", type=int, default=None, help="Order on the kiosk."),
        click.option("--standard", "standards", multiple=True, metavar="KEY=SECONDS",
                     help=f"A step's time standard in seconds: {', '.join(services.STANDARDS)}; "
                     "online_days=DAYS; priority.KEY=SECONDS for SOP 002's. Repeatable; the "
                     "steps not given keep theirs."),
    ]):
        command = option(command)
    return command


def _service_body(name_id, name_en, quota, opens, closes, position, standards) -> dict:
    body = _given(name_id=name_id, name_en=name_en, opens=opens, closes=closes,
                  position=position)
    if quota is not None:
        body["quota"] = quota or None
    if standards:
        body["standards"] = _standards(_pairs(standards, "--standard"))
    return body


def _standards(pairs: dict[str, Any]) -> dict[str, Any]:
    """`priority.call=120` goes into the `priority` object, as the API takes it."""
    out: dict[str, Any] = {}
    for key, value in pairs.items():
        head, dot, step = key.partition(".")
        if dot and head == "priority":
            out.setdefault("priority", {})[step] = value
        else:
            out[key] = value
    return out


@click.group()
def service() -> None:
    """An office's services."""


@service.command("add")
@click.option("--office", required=True, help="Office code.")
@click.argument("prefix")
@_service_options
def service_add(office: str, prefix: str, **options) -> None:
    """Add a service with its ticket prefix, e.g. A."""
    made = _run(services.create_service, office, {"prefix": prefix,
                                                       **_service_body(**options)})
    click.echo(f"layanan dibuat / service created: {made['prefix']} {made['name_id']}")


@service.command("measure-steps")
def service_measure_steps() -> None:
    """Store the SOP steps of tickets from before step measurements existed (run once after
    upgrading; running it again changes nothing)."""
    count = timeline.backfill_steps(tool_db())
    click.echo(f"tiket diukur / tickets measured: {count}")


@service.command("edit")
@click.option("--office", required=True, help="Office code.")
@click.argument("prefix")
@click.option("--prefix", "new_prefix", default=None, help="A new prefix.")
@click.option("--active/--inactive", default=None, help="Deactivating keeps its history.")
@_service_options
def service_edit(office: str, prefix: str, new_prefix: str | None, active: bool | None,
                 **options) -> None:
    """Change a service."""
    body = {**_given(prefix=new_prefix, active=active), **_service_body(**options)}
    made = _run(services.update_service, office, prefix, body)
    click.echo(json.dumps(made, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- counters


def _counter_options(command):
    for option in reversed([
        click.option("--name", default=None),
        click.option("--kind", type=click.Choice(COUNTER_KINDS), default=None),
        click.option("--service", "services", multiple=True,
                     help="A service prefix it serves, in order; repeatable."),
        click.option("--staff", default=None, help='Username of who usually sits there; "" '
                                                    "for nobody."),
    ]):
        command = option(command)
    return command


def _counter_body(name, kind, services, staff) -> dict:
    body = _given(name=name, kind=kind)
    if services:
        body["services"] = list(services)
    if staff is not None:
        body["staff"] = staff or None
    return body


@click.group()
def counter() -> None:
    """An office's counters."""


@counter.command("add")
@click.option("--office", required=True, help="Office code.")
@click.argument("number", type=int)
@_counter_options
def counter_add(office: str, number: int, **options) -> None:
    """Add a counter."""
    body = {"number": number, **_counter_body(**options)}
    body.setdefault("name", f"Loket {number}")
    made = _run(counters.create_counter, office, body)
    click.echo(f"loket dibuat / counter created: {made['number']} {made['name']} "
               f"({' '.join(made['services']) or '-'})")


@counter.command("edit")
@click.option("--office", required=True, help="Office code.")
@click.argument("number", type=int)
@click.option("--number", "new_number", type=int, default=None, help="A new number.")
@click.option("--open/--closed", "is_open", default=None)
@_counter_options
def counter_edit(office: str, number: int, new_number: int | None, is_open: bool | None,
                 **options) -> None:
    """Change a counter."""
    body = {**_given(number=new_number, open=is_open), **_counter_body(**options)}
    made = _run(counters.update_counter, office, number, body)
    click.echo(json.dumps(made, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- staff (antrian user ...)


def _user_id(username: str) -> int:
    try:
        return staff.user_id_of(tool_db(), username)
    except DomainError as exc:
        fail(exc.message)


@click.command("list")
@click.option("--office", required=True, help="Office code.")
def user_list(office: str) -> None:
    """The office's staff accounts."""
    try:
        users = staff.list_users(tool_db(), office, CLI.actor)
    except DomainError as exc:
        fail(exc.message)
    for u in users:
        state = "aktif" if u["active"] else "nonaktif"
        click.echo(f"{u['id']:>4}  {u['username']:<16} {','.join(u['roles']):<28} "
                   f"loket {u['counter'] or '-':<4} {state:<9} {u['display_name']}")


@click.command("disable")
@click.argument("username")
def user_disable(username: str) -> None:
    """Disable an account: its tokens and open consoles stop working at once."""
    _run(staff.update_user, _user_id(username), {"active": False})
    click.echo(f"pengguna dinonaktifkan / user disabled: {username}")


@click.command("reset-password")
@click.argument("username")
def user_reset_password(username: str) -> None:
    """Give an account a new generated password (printed once)."""
    made = _run(staff.reset_password, _user_id(username))
    click.echo(made["password"])


@click.command("list")
@click.option("--user", "username", required=True)
def token_list(username: str) -> None:
    """A user's staff API tokens (never their values)."""
    try:
        tokens = staff.list_tokens(tool_db(), _user_id(username), CLI.actor)
    except DomainError as exc:
        fail(exc.message)
    for t in tokens:
        state = "dicabut/revoked" if t["revoked"] else "aktif/active"
        click.echo(f"{t['id']:>4}  {t['name']:<20} {state:<16} dibuat {t['created_at'][:16]}  "
                   f"dipakai {(t['last_used_at'] or '-')[:16]}")


def create_user_token(db, username: str, name: str) -> str:
    """`antrian token create --user`: the staff token, printed once and audited."""
    made = staff.create_token(db, CLI, staff.user_id_of(db, username), name)
    return made["token"]


@click.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke a staff API token by its id (from `antrian token list`)."""
    made = _run(staff.revoke_token, token_id)
    click.echo(f"token dicabut / token revoked: {made['id']} {made['name']} ({made['user']})")
