"""Helpers for the desk tests: browser-session sign-in and a second office."""

from __future__ import annotations

import pytest

from tests.support.factories import csrf_of, second_office, sign_in  # noqa: F401 (re-exported)


@pytest.fixture
def staff(client, office):
    """A signed-in browser session for a demo user: staff('loket1') -> headers with CSRF."""
    def _as(username: str) -> dict[str, str]:
        res, csrf = sign_in(client, username, office.passwords[username])
        assert res.status_code == 302, res.get_data(as_text=True)
        return {"X-CSRF-Token": csrf}
    return _as


@pytest.fixture
def other_office(office):
    """A second office, 'lain', with one service, one counter and a front-office user."""
    with office.db.write() as s:
        return second_office(s, {"lainloket": ["front_office"], "lainbo": ["back_office"]})
