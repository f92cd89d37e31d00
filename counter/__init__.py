"""The staff side: counter consoles, reception, the phone desk and their API."""

from flask import Blueprint

bp = Blueprint(
    "counter", __name__, template_folder="templates", static_folder="static",
    static_url_path="/counter/static",
)

from counter import (  # noqa: E402,F401
    api,  # noqa: E402,F401
    desk_api,
    pages,
)
