"""Helpers for the survey tests: tickets driven to done through API v1, valid answers."""

from __future__ import annotations

import pytest

from tests.support.factories import serve_one, set_finished, user_id  # noqa: F401 (re-exported)

ALL_THREE = {f"u{i}": 3 for i in range(1, 10)}


@pytest.fixture
def done(client, office):
    """A completed ticket at counter 1: (ticket id, public token)."""
    return serve_one(client, office)
