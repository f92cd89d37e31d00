"""Coordinators, heads and administrators: configuration, reports, IKM, cases."""

from flask import Blueprint

bp = Blueprint(
    "admin", __name__, template_folder="templates", static_folder="static",
    static_url_path="/admin/static",
)

from admin import api, home, reports, setup_pages  # noqa: E402,F401  (routes register on bp)
