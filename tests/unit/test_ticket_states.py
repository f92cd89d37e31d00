"""The ticket's life (shared/tickets/states.py): one table keyed by action, one way to move,
one error; and nothing in the domain changes a ticket's status around it."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from antrian.shared.core.errors import Conflict, IllegalTransition
from antrian.shared.tickets import states as st

ROOT = Path(__file__).resolve().parents[2]
EVERY_STATUS = (None, *st.STATUSES)  # None: a ticket not issued yet


def ticket(status):
    return SimpleNamespace(code="A001", status=status)


@pytest.mark.parametrize("action", sorted(st.MOVES))
@pytest.mark.parametrize("status", EVERY_STATUS)
def test_every_status_and_action_moves_as_the_table_says_or_raises_the_one_error(status, action):
    t = ticket(status)
    spec = st.MOVES[action]
    if status in spec.sources:
        assert st.move(t, action) == status
        assert t.status == spec.target
    else:
        with pytest.raises(IllegalTransition) as caught:
            st.move(t, action)
        assert t.status == status  # a refused move changes nothing
        assert caught.value.code == "illegal_transition" and caught.value.status == 409
        assert "A001" in caught.value.message and "tidak dapat" in caught.value.message


def test_the_life_the_issue_describes():
    """The moves the desks make, spelled out: a change to the table shows up here."""
    edges = {(s, a, st.MOVES[a].target) for a in st.MOVES for s in st.MOVES[a].sources}
    assert (st.WAITING, st.ANSWER_ONLINE, st.DONE) in edges
    assert (st.WAITING, st.LOG_PHONE_CALL, st.SERVING) in edges
    assert {s for s, a, _ in edges if a == st.REQUEUE} == {st.CALLED}
    assert {s for s, a, _ in edges if a == st.TRANSFER} == {st.SERVING, st.HELD}
    assert {s for s, a, _ in edges if a == st.RESUME} == {st.HELD, st.ESCALATED}
    assert {s for s, a, _ in edges if a == st.CALL} == {st.WAITING}
    assert (None, st.ISSUE, st.WAITING) in edges
    for finished in st.FINISHED:  # nothing moves a finished ticket
        assert not [a for a in st.MOVES if st.allowed(finished, a)]


@settings(max_examples=200, deadline=None)
@given(hs.lists(hs.sampled_from(sorted(st.MOVES)), max_size=30))
def test_any_sequence_of_actions_keeps_a_known_status(actions):
    t = ticket(None)
    for action in actions:
        before = t.status
        try:
            st.move(t, action)
        except IllegalTransition:
            assert t.status == before
        else:
            assert t.status == st.MOVES[action].target
        assert t.status is None or t.status in st.STATUSES


def test_the_one_error_is_the_apis_409():
    assert issubclass(IllegalTransition, Conflict)
    assert IllegalTransition("x").code == "illegal_transition"
    with pytest.raises(KeyError):
        st.move(ticket(st.WAITING), "teleport")


def test_the_database_guard_of_a_call_is_the_tables_move():
    assert st.guard(st.CALL) == ((st.WAITING,), st.CALLED)


def test_the_console_buttons_come_from_the_table():
    assert st.actions(st.CALLED, st.CURRENT_TICKET_ACTIONS) == [
        "recall", "serve", "no-show", "requeue"]
    assert st.actions(st.SERVING, st.CURRENT_TICKET_ACTIONS) == [
        "complete", "hold", "transfer", "escalate"]
    assert st.actions(st.HELD, st.SET_ASIDE_ACTIONS) == ["resume"]
    assert st.actions(st.DONE, st.CURRENT_TICKET_ACTIONS) == []


# ---------------------------------------------------------------- no way around the table

DOMAIN = [ROOT / "shared" / "tickets", ROOT / "shared" / "desks",
          ROOT / "shared" / "cases" / "workflow.py"]


def _sources():
    for place in DOMAIN:
        yield from ([place] if place.is_file() else sorted(place.glob("*.py")))


def test_no_status_is_set_outside_the_state_machine():
    direct = re.compile(r"\bticket\.status\s*=[^=]|\.status = st\.|status=st\.")
    found = [f"{path.name}:{n}" for path in _sources() if path.name != "states.py"
             for n, line in enumerate(path.read_text().splitlines(), 1) if direct.search(line)]
    assert found == []


def test_no_second_illegal_transition_error_and_no_preload_lines():
    for path in _sources():
        text = path.read_text()
        assert 'code="illegal_transition"' not in text, path
        assert not re.search(r"^\s*_ = .*\.(service|counter)\b", text, re.M), path


def test_the_console_script_holds_no_copy_of_the_table():
    script = (ROOT / "counter" / "static" / "console.js").read_text()
    assert not re.search(r"\b(called|serving)\s*:\s*\[", script)
    assert "t.actions" in script and "r.actions" in script
