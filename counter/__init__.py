"""The staff side: counter consoles, reception, the phone desk and their API."""

from flask import Blueprint

bp = Blueprint(
    "counter", __name__, template_folder="templates", static_folder="static",
    static_url_path="/counter/static",
)

from antrian.counter import api, desk_api, escort_api, pages  # noqa: E402,F401  (routes register on bp)
