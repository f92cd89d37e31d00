"""The visitor's side: the touch kiosk, the ticket API and the ticket's QR status page."""

from flask import Blueprint

bp = Blueprint(
    "kiosk", __name__, template_folder="templates", static_folder="static",
    static_url_path="/kiosk/static",
)

# Routes register themselves on bp; online is the SOP 000 online request form.
from antrian.kiosk import api, online_form, pages, printing_api  # noqa: E402,F401
