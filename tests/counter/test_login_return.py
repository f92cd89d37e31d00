"""After signing in, staff return to the page that sent them to the login, if it is ours."""

from __future__ import annotations

import pytest

from antrian.shared.auth.staff_login import safe_return


@pytest.mark.parametrize("target,expected", [
    ("/admin/ikm?from=2026-11-01", "/admin/ikm?from=2026-11-01"),
    ("/counter/3", "/counter/3"),
    ("/survey/desk/2", "/survey/desk/2"),
    ("//evil.example/counter", ""),
    ("https://evil.example/admin", ""),
    ("/\\evil.example", ""),
    ("/t/abc", ""),
    ("", ""),
])
def test_safe_return(target, expected):
    assert safe_return(target) == expected


def test_admin_lands_on_the_admin_home(client, office):
    page = client.get("/counter/login")
    csrf = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    res = client.post("/counter/login", data={"username": "admin", "csrf_token": csrf,
                                             "password": office.passwords["admin"]})
    assert res.status_code == 302 and res.headers["Location"].endswith("/admin")
