"""Every third-party module the package imports is a declared dependency of its own.

A module that only arrives because another dependency needs it today can vanish with that
dependency's next release; an optional one belongs to the extra that installs it.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

from tests.support import import_contract as contract

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]

#: Imported modules that only some installs need, and the extra that brings them.
OPTIONAL = {"redis": "redis", "requests": "agent"}


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements}


def test_every_imported_module_is_declared():
    owners = importlib.metadata.packages_distributions()
    core = names(PROJECT["dependencies"])
    extras = {extra: names(reqs) for extra, reqs in PROJECT["optional-dependencies"].items()}
    missing = []
    for module, where in sorted(contract.third_party_imports(REPO).items()):
        dists = {d.lower().replace("_", "-") for d in owners.get(module, [])}
        declared = extras[OPTIONAL[module]] if module in OPTIONAL else core
        if not dists & declared:
            missing.append(f"{module} ({', '.join(sorted(dists)) or '?'}) at {where[0]}")
    assert missing == [], "undeclared: " + "; ".join(missing)


def test_the_agent_extra_brings_what_the_print_agent_imports():
    agent = names(PROJECT["optional-dependencies"]["agent"])
    assert {"requests", "python-socketio", "websocket-client"} <= agent


def test_the_checker_sees_a_planted_undeclared_import(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "x.py").write_text("import numpy\nimport json\nfrom . import y\n")
    assert set(contract.third_party_imports(tmp_path)) == {"numpy"}
