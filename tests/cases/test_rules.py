"""The case rules that need no database: labels cover every state, who may take which step."""

from __future__ import annotations

from antrian.shared.auth.actors import Actor
from antrian.shared.cases import rules
from antrian.shared.models.survey import CASE_CHANNELS, CASE_STATES, COMPENSATIONS


def user(*roles: str) -> Actor:
    return Actor(kind="user", office_id=1, user_id=1, roles=frozenset(roles))


def test_every_state_channel_and_compensation_has_words():
    assert set(rules.STATUS_LABELS) == set(CASE_STATES)
    assert set(rules.CHANNEL_LABELS) == set(CASE_CHANNELS)
    assert set(rules.COMPENSATION_LABELS) == set(COMPENSATIONS)
    assert "survey" not in rules.COMPLAINT_CHANNELS


def test_each_step_belongs_to_its_role():
    coordinator, head, admin = user("coordinator"), user("head"), user("admin")
    assert rules.actions_for(coordinator, "open") == ("hearing",)
    assert rules.actions_for(coordinator, "returned") == ("hearing", "propose")
    assert rules.actions_for(head, "proposed") == ("verify",)
    assert rules.actions_for(coordinator, "proposed") == ()
    assert rules.actions_for(coordinator, "approved") == ("compensate",)
    assert rules.actions_for(head, "compensated") == ("close",)
    assert rules.actions_for(admin, "open") == ()  # admin reads, does not judge
    assert all(rules.actions_for(user("front_office"), s) == () for s in CASE_STATES)
    assert rules.actions_for(None, "open") == ()


def test_low_elements_are_the_ones_rated_one_or_two():
    scores = {f"u{i}": 3 for i in range(1, 10)} | {"u2": 2, "u9": 1}
    assert rules.low_elements(scores) == ["u2", "u9"]
