"""Coordinators, heads and administrators: configuration, reports, IKM, cases."""

from flask import Blueprint

bp = Blueprint(
    "admin", __name__, template_folder="templates", static_folder="static",
    static_url_path="/admin/static",
)

from antrian.admin import (  # noqa: E402,F401  (routes register on bp)
    api,
    case_pages,
    cases_api,
    home,
    reports,
    service_reports,
    setup_pages,
    ticket_timeline,  # noqa: E402,F401
)
