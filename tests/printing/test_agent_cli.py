"""`antrian printer ...` and `antrian print-agent` against a real server on loopback."""

from __future__ import annotations

import threading

import pytest
import requests

from antrian.printing.agent import PrintAgent
from tests.escpos_decoder import decode
from tests.support.kiosk_token import kiosk_token
from tests.support.servers import LiveServer
from tests.virtual_printer import VirtualPrinter


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("agent") / "instance").start()
    yield live
    live.stop()


def issue(server: LiveServer, service: str) -> dict:
    reply = requests.post(f"{server.url}/api/v1/offices/demo/tickets", timeout=10,
                          headers={"Authorization": f"Bearer {kiosk_token(server)}"},
                          json={"service": service})
    assert reply.status_code == 201, reply.text
    return reply.json()


def test_printer_commands(server):
    with VirtualPrinter() as printer:
        out = server.cli("printer", "add", "--office", "demo", "--name", "cli58",
                         "--url", printer.url, "--paper", "58")
        assert "cli58" in out and "58 mm" in out
        server.cli("printer", "test", "cli58")
        page = decode(printer.wait_for_jobs(1)[0])
        assert "TES PRINTER" in page.text() and "Kertas 58 mm" in page.text()
        assert page.cuts == 1
        printer.paper = "near_end"
        status = server.cli("printer", "status")
        assert "cli58" in status and "paper_near_end" in status
    with pytest.raises(RuntimeError, match="unknown printer URL scheme"):
        server.cli("printer", "add", "--office", "demo", "--name", "bad", "--url", "lpt://x")
    with pytest.raises(RuntimeError, match="sudah ada"):
        server.cli("printer", "add", "--office", "demo", "--name", "cli58", "--url", "dummy://")


def test_print_agent_prints_what_it_missed_and_what_comes(server):
    with VirtualPrinter() as printer:
        server.cli("printer", "add", "--office", "demo", "--name", "office-agent",
                   "--url", printer.url, "--via-agent", "--default")
        token = server.cli("token", "create", "--office", "demo", "--kind", "print_agent").strip()
        missed = issue(server, "A")  # the agent is not running yet
        agent = PrintAgent(server.url, token, poll_s=30)
        assert agent.whoami()["office"]["code"] == "demo"
        runner = threading.Thread(target=agent.run, daemon=True)
        runner.start()
        try:
            first = decode(printer.wait_for_jobs(1, timeout=15)[0])
            assert first.line(missed["code"]).width >= 3
            assert first.qr_payloads == [missed["status_url"]]
            live = issue(server, "B")  # arrives through print.queued, not the 30 s poll
            second = decode(printer.wait_for_jobs(2, timeout=15)[1])
            assert second.line(live["code"]).width >= 3
        finally:
            agent.stop()
            runner.join(10)
        assert len(printer.jobs) == 2
    status = requests.get(f"{server.url}/api/v1/print-jobs/{live['print']['job']}", timeout=10,
                          headers={"Authorization": f"Bearer {kiosk_token(server)}"}).json()
    assert status["status"] == "done"


def test_agent_api_refuses_other_tokens(server):
    headers = {"Authorization": f"Bearer {kiosk_token(server)}"}
    assert requests.post(f"{server.url}/api/v1/print-jobs/claim", headers=headers,
                         timeout=10).status_code == 403
    assert requests.post(f"{server.url}/api/v1/print-jobs/claim", timeout=10).status_code == 401
    reply = requests.post(f"{server.url}/api/v1/print-jobs/1/ack", headers=headers,
                          json={"ok": "yes"}, timeout=10)
    assert reply.status_code == 400
    with pytest.raises(PermissionError):
        PrintAgent(server.url, "not-a-token").whoami()
