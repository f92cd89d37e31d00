"""The case rules that need no database: labels cover every state, who may take which step."""

from __future__ import annotations

from shared import case_rules
from shared.auth import Actor
from shared.models.survey import CASE_CHANNELS, CASE_STATES, COMPENSATIONS


def user(*roles: str) -> Actor:
    return Actor(kind="user", office_id=1, user_id=1, roles=frozenset(roles))


def test_every_state_channel_and_compensation_has_words():
    assert set(case_rules.STATUS_LABELS) == set(CASE_STATES)
    assert set(case_rules.CHANNEL_LABELS) == set(CASE_CHANNELS)
    assert set(case_rules.COMPENSATION_LABELS) == set(COMPENSATIONS)
    assert "survey" not in case_rules.COMPLAINT_CHANNELS


def test_each_step_belongs_to_its_role():
    coordinator, head, admin = user("coordinator"), user("head"), user("admin")
    assert case_rules.actions_for(coordinator, "open") == ("hearing",)
    assert case_rules.actions_for(coordinator, "returned") == ("hearing", "propose")
    assert case_rules.actions_for(head, "proposed") == ("verify",)
    assert case_rules.actions_for(coordinator, "proposed") == ()
    assert case_rules.actions_for(coordinator, "approved") == ("compensate",)
    assert case_rules.actions_for(head, "compensated") == ("close",)
    assert case_rules.actions_for(admin, "open") == ()  # admin reads, does not judge
    assert all(case_rules.actions_for(user("front_office"), s) == () for s in CASE_STATES)
    assert case_rules.actions_for(None, "open") == ()


def test_low_elements_are_the_ones_rated_one_or_two():
    scores = {f"u{i}": 3 for i in range(1, 10)} | {"u2": 2, "u9": 1}
    assert case_rules.low_elements(scores) == ["u2", "u9"]
