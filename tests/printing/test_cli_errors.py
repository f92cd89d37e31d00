"""Bad situations for one-shot `antrian` commands end in a clear message, never a traceback:
a database that was never migrated, one that cannot be reached, a printer stored with a
python-escpos profile this installation does not know."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from antrian import cli
from antrian.shared.models import Printer
from antrian.shared.tickets import print_jobs

TOOL_COMMANDS = [
    ["token", "create", "--office", "demo", "--kind", "kiosk"],
    ["user", "add", "budi", "--role", "admin", "--password", "rahasia-panjang-sekali"],
    ["printer", "add", "--office", "demo", "--name", "lobi", "--url", "dummy://"],
    ["printer", "test", "lobi"],
    ["printer", "status"],
    ["display-profile", "list"],
    ["purge-personal-data", "--dry-run"],
]


@pytest.fixture
def empty_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


@pytest.mark.parametrize("args", TOOL_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_tool_commands_ask_for_a_migration_first(empty_instance, args):
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "antrian db upgrade" in result.output
    assert "Traceback" not in result.output and "OperationalError" not in result.output


def test_after_db_upgrade_the_commands_work(empty_instance):
    runner = CliRunner()
    upgraded = runner.invoke(cli.main, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    status = runner.invoke(cli.main, ["printer", "status"])
    assert status.exit_code == 0, status.output
    assert "belum ada printer" in status.output


def test_an_unreachable_database_is_named_not_traced(empty_instance, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://antrian@127.0.0.1:1/antrian")
    result = CliRunner().invoke(cli.main, ["printer", "status"])
    assert result.exit_code == 2, result.output
    assert "cannot open the database" in result.output


def test_printer_with_an_unknown_profile(app, monkeypatch):
    db = app.extensions["antrian.db"]
    print_jobs.add_printer(db, "demo", "lama", "tcp://127.0.0.1:9", profile="TM-T88V")
    with db.write() as session:  # stored before a python-escpos upgrade dropped the profile
        session.execute(update(Printer).values(profile="Gone"))
    monkeypatch.setenv("INSTANCE_PATH", app.instance_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()

    tested = runner.invoke(cli.main, ["printer", "test", "lama"])
    assert tested.exit_code == 2, tested.output
    assert "unknown python-escpos printer profile 'Gone'" in tested.output
    status = runner.invoke(cli.main, ["printer", "status"])
    assert status.exit_code == 0, status.output
    assert "lama" in status.output and "offline" in status.output


@pytest.mark.parametrize("poll", ["0", "-5", "0.2", "nan", "inf"])
def test_print_agent_refuses_a_poll_that_would_spin(poll):
    # refused by click before any connection is tried, so no server is needed
    result = CliRunner().invoke(cli.main, ["print-agent", "--server", "http://127.0.0.1:9",
                                           "--token", "t", "--poll", poll])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--poll'" in result.output
