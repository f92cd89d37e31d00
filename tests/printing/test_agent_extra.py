"""`antrian print-agent` on an install without the `agent` extra says what to install."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from antrian import cli


@pytest.mark.parametrize("missing", ["requests", "socketio"])
def test_print_agent_without_the_extra_names_it(monkeypatch, missing):
    monkeypatch.delitem(sys.modules, "antrian.printing.agent", raising=False)
    monkeypatch.setitem(sys.modules, missing, None)  # makes `import <missing>` fail
    result = CliRunner().invoke(cli.main, ["print-agent", "--server", "http://x", "--token", "t"])
    assert result.exit_code == 2
    assert "pip install 'antrian[agent]'" in result.output
    assert missing in result.output


def test_a_missing_module_outside_the_extra_is_not_hidden(monkeypatch):
    monkeypatch.delitem(sys.modules, "antrian.printing.agent", raising=False)
    monkeypatch.setitem(sys.modules, "antrian.printing.spooler", None)
    result = CliRunner().invoke(cli.main, ["print-agent", "--server", "http://x", "--token", "t"])
    assert isinstance(result.exception, ModuleNotFoundError)
