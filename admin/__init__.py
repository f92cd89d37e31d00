"""Coordinators, heads and administrators: configuration, reports, IKM, cases."""

from flask import Blueprint

bp = Blueprint(
    "admin", __name__, template_folder="templates", static_folder="static",
    static_url_path="/admin/static",
)

import antrian.admin.days_off  # noqa: E402,F401  (SOP 000: the office's days off)
import antrian.admin.live  # noqa: E402,F401  (its routes register on bp)
import antrian.admin.mail_outbox  # noqa: E402,F401  (SOP 000: the answers' e-mails)
import antrian.admin.ticket_timeline  # noqa: E402,F401  (its routes register on bp)
from antrian.admin import api, case_pages, cases_api, home, reports, service_reports, setup_pages  # noqa: E402,F401  (routes register on bp)
