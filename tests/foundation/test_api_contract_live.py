"""The live API keeps its own document: schemathesis reads /api/v1/openapi.json from a real
`antrian serve` on loopback (the seeded demo office) and sends every operation generated
requests, valid and invalid, with the bearer tokens of a counter coordinator, the kiosk, a
print agent and the administrator. No answer may be a server error or contradict the
document (status, content type, body schema).

Bounded and repeatable: a fixed number of examples per operation, deterministic generation,
one worker. The figures (cases run, failures) are printed for CI's log.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
import requests

from tests.support.kiosk_token import kiosk_token
from tests.support.servers import LiveServer

CHECKS = ("not_a_server_error", "response_schema_conformance", "status_code_conformance",
          "content_type_conformance")
EXAMPLES = 4  # per operation and phase: about a minute and a half in all on two cores

# Who asks, and which operations (a path regex; None: all). The administrator goes last:
# it may revoke tokens and disable accounts, the others' included.
PASSES = (
    ("koordinator", None),
    ("kiosk", r"^/api/v1/(offices/\{office\}/(tickets|kiosk)|tickets/\{token\}|kiosk/"
              r"|print-jobs/\{job_id\}$|tickets/\{ticket_id\}/reprint)"),
    ("print_agent", r"^/api/v1/(print-jobs|print-agent)"),
    ("admin", r"^/api/v1/(offices(/\{office\}(/(services|counters|users|devices|audit).*)?)?$"
              r"|users/|tokens/|devices/)"),
)
SCHEMATHESIS = "from schemathesis.cli import schemathesis; schemathesis()"


def _tokens(server: LiveServer) -> dict[str, str]:
    """The administrator's token from the command line; the others through the API (one
    command-line start fewer each)."""
    admin = server.cli("token", "create", "--user", "admin").split()[-1]
    as_admin = {"Authorization": f"Bearer {admin}"}

    def post(path: str, body: dict) -> dict:
        res = requests.post(server.url + path, json=body, headers=as_admin, timeout=10)
        assert res.status_code == 201, res.text
        return res.json()

    users = requests.get(f"{server.url}/api/v1/offices/demo/users", headers=as_admin,
                         timeout=10).json()["users"]
    coordinator = next(u["id"] for u in users if u["username"] == "koordinator")
    return {"admin": admin, "kiosk": kiosk_token(server),
            "koordinator": post(f"/api/v1/users/{coordinator}/tokens", {})["token"],
            "print_agent": post("/api/v1/offices/demo/devices", {
                "kind": "print_agent", "name": "agen uji"})["token"]}


def _some_tickets(server: LiveServer, kiosk: str) -> None:
    """A queue to work on: ids 1.. exist, as the generated small numbers often are."""
    for service in ("A", "B", "A", "C"):
        res = requests.post(f"{server.url}/api/v1/offices/demo/tickets", json={
            "service": service}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
        assert res.status_code == 201, res.text


def _run(server: LiveServer, token: str, paths: str | None, folder) -> tuple[int, str]:
    command = [
        sys.executable, "-c", SCHEMATHESIS, "run", f"{server.url}/api/v1/openapi.json",
        "-H", f"Authorization: Bearer {token}", "--checks", ",".join(CHECKS),
        "--mode", "all", "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(EXAMPLES), "--generation-deterministic",
        "--workers", "1", "--request-timeout", "15",
        "--no-color", "--output-truncate", "true",
    ]
    if paths:
        command += ["--include-path-regex", paths]
    out = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    return out.returncode, out.stdout + out.stderr


def _figures(output: str) -> tuple[int, int]:
    """(cases generated, failures) from the run's summary."""
    cases = re.search(r"(\d+) generated", output)
    failures = re.search(r"(\d+) unique failures?", output)
    return int(cases.group(1)) if cases else 0, int(failures.group(1)) if failures else 0


@pytest.mark.timeout(600)
def test_the_live_api_answers_as_its_document_says(tmp_path, capsys):
    server = LiveServer(tmp_path / "instance").start()
    try:
        tokens = _tokens(server)
        _some_tickets(server, tokens["kiosk"])
        totals = {"cases": 0, "failures": 0}
        reports = []
        for who, paths in PASSES:
            started = time.monotonic()
            code, output = _run(server, tokens[who], paths, tmp_path)
            cases, failures = _figures(output)
            totals["cases"] += cases
            totals["failures"] += failures
            reports.append((who, code, cases, failures, time.monotonic() - started, output))
        server_errors = [line for line in server.log.read_text().splitlines()
                         if "unhandled error" in line]
    finally:
        server.stop()
    with capsys.disabled():
        for who, code, cases, failures, seconds, _ in reports:
            print(f"\nschemathesis as {who}: {cases} cases, {failures} failures (exit {code}), "
                  f"{seconds:.0f} s")
        print(f"schemathesis in all: {totals['cases']} cases, {totals['failures']} failures, "
              f"{len(server_errors)} server errors logged")
    for who, code, cases, _failures, _seconds, output in reports:
        assert code == 0 and cases > 0, f"as {who}:\n{output[-6000:]}"
    assert server_errors == []
