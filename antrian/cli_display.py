"""`antrian display-profile`: the administrator's side of the lobby boards' profiles."""

from __future__ import annotations

import click

from antrian.cli_support import fail, tool_db
from antrian.shared.core.errors import DomainError
from antrian.shared.office import devices, display_profiles


@click.group("display-profile")
def group() -> None:
    """Which counters and services a lobby board shows, its language and running text."""


@group.command("set")
@click.option("--office", required=True, help="Office code, e.g. demo.")
@click.option("--name", required=True, help="Profile name used in /display/<office>?profile=.")
@click.option("--counters", default=None, help='Counter numbers, e.g. "1,2"; "" for all.')
@click.option("--services", default=None, help='Service prefixes, e.g. "A,B"; "" for all.')
@click.option("--language", type=click.Choice(["id", "en"]), default=None,
              help="Language the board speaks (default: the office's).")
@click.option("--running-text", default=None, help='Scrolling text at the bottom; "" for none.')
def set_cmd(office: str, name: str, counters: str | None, services: str | None,
            language: str | None, running_text: str | None) -> None:
    """Create or update a profile (options left out keep their value)."""
    from antrian.cli_admin import CLI  # the change is on the audit log, made by "cli"

    try:
        profile = devices.save_profile(
            tool_db(), CLI, office, name,
            counters=None if counters is None else display_profiles.parse_list(counters),
            services=None if services is None else display_profiles.parse_list(services),
            language=language, running_text=running_text,
        )
    except DomainError as exc:
        fail(exc.message)
    click.echo(f"profil disimpan / profile saved: {office}/{profile['name']}")
    click.echo(f"  /display/{office}?profile={profile['name']}")


@group.command("list")
@click.option("--office", default=None, help="Only this office.")
def list_cmd(office: str | None) -> None:
    """Every profile: office, name, counters, services, language, running text."""
    try:
        with tool_db().read() as session:
            rows = display_profiles.list_profiles(session, office)
    except DomainError as exc:
        fail(exc.message)
    if not rows:
        click.echo("belum ada profil / no profiles yet")
        return
    for code, p in rows:
        counters = ",".join(map(str, p.counters)) or "semua/all"
        services = ",".join(p.services) or "semua/all"
        click.echo(f"{code}\t{p.name}\tloket/counters={counters}\tlayanan/services={services}"
                   f"\t{p.language}\t{p.running_text}")


@group.command("delete")
@click.option("--office", required=True)
@click.option("--name", required=True)
def delete_cmd(office: str, name: str) -> None:
    """Remove a profile."""
    from antrian.cli_admin import CLI

    try:
        devices.delete_profile(tool_db(), CLI, office, name)
    except DomainError as exc:
        fail(exc.message)
    click.echo(f"profil dihapus / profile deleted: {office}/{name}")
