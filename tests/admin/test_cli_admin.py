"""The command-line face: `antrian office|service|counter` and `antrian user|token` for staff,
with the same rules and audit as the pages and the API."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from antrian import cli
from antrian.shared.models import AuditEntry, Counter, DeviceToken, Office, Service, User
from antrian.shared.office import audit
from tests.admin.setup_support import actor


@pytest.fixture
def run(office, instance, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    def _run(*args: str, ok: bool = True):
        result = CliRunner().invoke(cli.main, list(args))
        assert (result.exit_code == 0) == ok, result.output
        return result.output
    return _run


def test_a_new_office_is_set_up_from_the_command_line(office, run):
    run("office", "add", "kantor2", "--name", "Kantor Dua", "--timezone", "Asia/Makassar")
    run("office", "edit", "kantor2", "--footer", "Gratis", "--set", "call_policy=ratio",
        "--set", "priority_ratio=2")
    run("service", "add", "--office", "kantor2", "A", "--name-id", "Informasi",
        "--name-en", "Information", "--quota", "50", "--standard", "wait=600",
        "--standard", "priority.call=90", "--standard", "online_days=3")
    run("service", "edit", "--office", "kantor2", "A", "--opens", "08:00", "--closes", "15:30")
    run("counter", "add", "--office", "kantor2", "1", "--service", "A")
    run("user", "add", "petugas2", "--role", "front_office", "--office", "kantor2",
        "--password", "rahasia-panjang")
    run("counter", "edit", "--office", "kantor2", "1", "--staff", "petugas2", "--closed")
    with office.db.read() as s:
        kantor2 = s.scalar(select(Office).where(Office.code == "kantor2"))
        assert kantor2.settings.call_policy == "ratio" and kantor2.ticket_footer == "Gratis"
        service = s.scalar(select(Service).where(Service.office_id == kantor2.id))
        assert (service.target_wait_s, service.daily_quota, str(service.closes)) == (
            600, 50, "15:30:00")
        assert service.standards == {"priority": {"call": 90}}
        assert service.online_answer_s == 3 * 24 * 3600
        counter = s.scalar(select(Counter).where(Counter.office_id == kantor2.id))
        assert counter.is_open is False and counter.service_ids == (service.id,)
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.office_id == kantor2.id).order_by(AuditEntry.id)).all()
        assert actions == ["office.create", "settings.update", "office.update",
                           "service.create", "service.update", "counter.create",
                           "user.create", "counter.update"]
        assert set(s.scalars(select(AuditEntry.address))) == {"cli"}


def test_device_tokens_printers_and_display_profiles_from_the_command_line_are_on_record(
        office, run):
    run("token", "create", "--office", "demo", "--kind", "print_agent", "--name", "Agen")
    run("printer", "add", "--office", "demo", "--name", "lobi", "--url", "tcp://127.0.0.1:9")
    run("display-profile", "set", "--office", "demo", "--name", "lantai-1", "--counters", "1")
    run("display-profile", "set", "--office", "demo", "--name", "lantai-1", "--language", "en")
    run("display-profile", "delete", "--office", "demo", "--name", "lantai-1")
    actions = [e["action"] for e in audit.entries(office.db, "demo", actor(office.db, "admin"))]
    assert actions[::-1] == ["device.pair", "printer.add", "display_profile.create",
                             "display_profile.update", "display_profile.delete"]


def test_bad_settings_and_unknown_services_fail_clearly(office, run):
    out = run("office", "edit", "demo", "--set", "call_policy=random", ok=False)
    assert "call_policy" in out and "strict" in out
    out = run("counter", "add", "--office", "demo", "9", "--service", "Z", ok=False)
    assert "Z" in out and "Traceback" not in out
    run("service", "add", "--office", "demo", "A", "--name-id", "x", "--name-en", "x", ok=False)


def test_staff_accounts_and_tokens_from_the_command_line(office, run):
    out = run("user", "list", "--office", "demo")
    assert "loket1" in out and "front_office" in out
    new_password = run("user", "reset-password", "loket2").strip()
    assert len(new_password) >= 12
    run("token", "create", "--user", "loket3")
    listed = run("token", "list", "--user", "loket3")
    with office.db.read() as s:
        token_id = max(s.scalars(select(DeviceToken.id).join(User, User.id == DeviceToken.user_id)
                                 .where(User.username == "loket3")))
    assert str(token_id) in listed
    run("token", "revoke", str(token_id))
    assert "dicabut/revoked" in run("token", "list", "--user", "loket3")
    run("user", "disable", "loket3")
    with office.db.read() as s:
        assert s.scalar(select(User.active).where(User.username == "loket3")) is False
    actions = [e["action"] for e in audit.entries(office.db, "demo", actor(office.db, "admin"))]
    assert actions[:4] == ["user.disable", "token.revoke", "token.create", "user.reset_password"]
