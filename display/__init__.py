"""The lobby board: who is called where, what waits, spoken aloud."""

from flask import Blueprint

bp = Blueprint(
    "display", __name__, template_folder="templates", static_folder="static",
    static_url_path="/display/static",
)

from antrian.display import api, pages  # noqa: E402,F401  (routes register on bp)
