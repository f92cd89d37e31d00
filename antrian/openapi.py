"""The OpenAPI 3.1 description of API v1, written from the code: each route's
`@described(...)` (shared/web/openapi.py) names its pydantic models, and this walks the
app's URL map. Nothing here is written by hand but the title and the security schemes."""

from __future__ import annotations

from typing import Any

from flask import Flask

from antrian.shared.web import openapi

INFO = {
    "title": "antrian API",
    "version": "1",
    "description": "Queue tickets, counters, boards, surveys, cases, reports and the "
    "management plane. Errors are {\"error\": {\"code\", \"message\", \"field\"?}} with a 4xx "
    "status; messages are Indonesian first, then English.",
}

SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "A staff API token (`antrian token create --user NAME`, or the "
               "admin API), or a paired kiosk's or print agent's device token."},
    "cookie": {"type": "apiKey", "in": "cookie", "name": "session",
               "description": "A logged-in browser session (the staff consoles). Every "
               "change (POST, PUT, PATCH, DELETE) must echo the session's CSRF token in the "
               "X-CSRF-Token header, or it is refused with 403 `csrf`."},
}



def document(app: Flask) -> dict[str, Any]:
    """The document of `app`; built once per app (the routes do not change while it runs)."""
    if "antrian.openapi" not in app.extensions:
        app.extensions["antrian.openapi"] = openapi.document(app, INFO, SECURITY_SCHEMES)
    return app.extensions["antrian.openapi"]
