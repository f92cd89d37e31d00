"""The satisfaction survey (SKM) a visitor fills after service, by QR code or at a tablet."""

from flask import Blueprint

bp = Blueprint(
    "survey", __name__, template_folder="templates", static_folder="static",
    static_url_path="/survey/static",
)

from antrian.survey import api, pages  # noqa: E402,F401  (routes register on bp)
