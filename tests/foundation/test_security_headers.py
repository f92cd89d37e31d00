"""Security headers on every response, and a `Secure` session cookie whenever the request
came over HTTPS (behind a trusted proxy too)."""

from __future__ import annotations

import re

from antrian.app import create_app

EXPECTED = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin"}


def test_every_kind_of_response_carries_the_headers(client, office):
    for url in ("/", "/counter/login", "/api/v1/offices/demo/board", "/display/demo",
                "/static/base.css", "/api/v1/nowhere"):
        res = client.get(url)
        for name, value in EXPECTED.items():
            assert res.headers.get(name) == value, (url, name)
        csp = res.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp


def login_cookie(client, password: str, base_url: str) -> str:
    page = client.get("/counter/login", base_url=base_url).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    res = client.post("/counter/login", base_url=base_url, data={
        "username": "admin", "password": password, "csrf_token": csrf})
    assert res.status_code == 302
    return "; ".join(res.headers.getlist("Set-Cookie"))


def test_session_cookie_is_secure_over_https_only(client, office):
    assert "Secure" not in login_cookie(client, office.passwords["admin"], "http://localhost")
    https = client.application.test_client()
    assert "Secure" in login_cookie(https, office.passwords["admin"], "https://localhost")


def test_behind_a_trusted_proxy_forwarded_https_makes_the_cookie_secure(
        instance, office):
    app = create_app({"instance_path": str(instance), "print_spooler": False,
                      "proxy_count": "1"})
    proxied = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    page = proxied.get("/counter/login", headers=forwarded).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    res = proxied.post("/counter/login", headers=forwarded, data={
        "username": "admin", "password": office.passwords["admin"], "csrf_token": csrf})
    assert res.status_code == 302
    cookies = res.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c for c in cookies)
    app.extensions["antrian.db"].dispose()
