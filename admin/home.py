"""The administration home `/admin`: the office's day at a glance and its setup (printers,
kiosks and print agents, services, counters, display boards), with the few changes an office
makes during the day. Forms post with the session's CSRF token and come back with a message.
"""

from __future__ import annotations

import base64
import re
from functools import wraps

from flask import Response, flash, redirect, render_template, request, url_for

from antrian.admin import bp
from antrian.printing import connections, preview, slip_from_job
from antrian.printing.slip_values import PrintSettings
from antrian.shared.auth import staff_login
from antrian.shared.core.errors import InvalidInput
from antrian.shared.office import administration, directory, onboarding
from antrian.shared.web import boundary, qr, who

ON_OFF = {"1": True, "0": False}


def admin_view(view):
    """A staff page of /admin, for the office asked for (else the actor's own); the view gets
    (actor, office). Refusals are answered as every refusal is (shared/web/refusal.py)."""
    @wraps(view)
    @who.staff_page()
    def inner(actor, *args, **kwargs):
        if request.method == "POST":
            _anchor()  # refused before anything is written
        if actor.office_id is None and actor.may("administer") and not directory.list_offices(
                boundary.db()):
            return redirect(url_for("admin.offices_page"))  # a fresh install: create one
        office = staff_login.office_code_of(
            boundary.db(), actor, request.values.get("office") or None
        )
        return view(actor, office, *args, **kwargs)

    return inner


def _switch(name: str) -> bool:
    value = request.form.get(name, "")
    if value not in ON_OFF:
        raise InvalidInput(f"'{name}' harus 1 atau 0. / '{name}' must be 1 or 0.", field=name)
    return ON_OFF[value]


def _back(office: str):
    return redirect(url_for("admin.home_page", office=office) + "#" + _anchor())


ANCHOR = re.compile(r"[A-Za-z0-9_-]{1,20}")


def _anchor() -> str:
    """The section a form returns to; checked before the change, as it goes into a header."""
    anchor = request.form.get("anchor", "top").strip("#")
    if not ANCHOR.fullmatch(anchor):
        raise InvalidInput("'anchor' tidak sah. / Invalid 'anchor'.", field="anchor")
    return anchor


def _connection(url: str) -> str:
    try:
        return connections.describe_url(url)
    except ValueError:
        return "Alamat printer tidak sah / invalid printer URL"


def _render(actor, office: str, paired: administration.PairedKiosk | None = None):
    data = administration.overview(boundary.db(), office, actor)
    for printer in data["printers"]:
        printer["connection"] = _connection(printer["url"])
    pairing = None
    if paired is not None:
        link = boundary.base_url().rstrip("/") + paired.pair_path()
        pairing = {
            "name": paired.name,
            "link": link,
            "qr": "data:image/svg+xml;base64," + base64.b64encode(qr.svg(link)).decode(),
        }
    steps = onboarding.steps(boundary.db(), office, actor) if actor.may("administer") else []
    response = Response(
        render_template(
            "admin/home.html",
            data=data,
            office=data["office"],
            csrf=who.csrf_token(),
            actor=actor,
            pairing=pairing,
            base_url=boundary.base_url().rstrip("/"),
            steps=steps if not all(step["done"] for step in steps) else [],
        )
    )
    response.headers["Cache-Control"] = "no-store"  # it may hold a pairing token
    return response


@bp.get("/admin")
@admin_view
def home_page(actor, office: str):
    return _render(actor, office)


@bp.get("/admin/printers/<int:printer_id>/preview.png")
@admin_view
def printer_preview(actor, office: str, printer_id: int):
    data, printer = administration.sample_slip(
        boundary.db(), office, printer_id, actor, boundary.base_url()
    )
    try:
        settings = slip_from_job.print_settings(printer)
    except ValueError:  # an unknown profile: still show the paper width
        settings = PrintSettings(paper_mm=printer["paper_mm"])
    png = preview.preview_png(slip_from_job.ticket_slip(data), settings)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=60"})


@bp.post("/admin/kiosks")
@admin_view
def pair_kiosk(actor, office: str):
    paired = administration.pair_kiosk(
        boundary.db(), office, request.form.get("name", ""), actor, request.remote_addr or "-"
    )
    # The pairing panel at the top of the page says it all: no toast over the form.
    return _render(actor, office, paired)


@bp.post("/admin/devices/<int:token_id>/revoke")
@admin_view
def revoke_device(actor, office: str, token_id: int):
    device = administration.revoke_device(
        boundary.db(), office, token_id, actor, request.remote_addr or "-"
    )
    flash(f"{device['name']} dicabut. / {device['name']} revoked.", "ok")
    return _back(office)


@bp.post("/admin/counters/<int:counter_id>/open")
@admin_view
def counter_open(actor, office: str, counter_id: int):
    counter = administration.set_counter_open(
        boundary.db(), office, counter_id, _switch("open"), actor, request.remote_addr or "-"
    )
    state = ("dibuka", "opened") if counter["is_open"] else ("ditutup", "closed")
    flash(f"{counter['name']} {state[0]}. / {counter['name']} {state[1]}.", "ok")
    return _back(office)


@bp.post("/admin/services/<int:service_id>/active")
@admin_view
def service_active(actor, office: str, service_id: int):
    service = administration.set_service_active(
        boundary.db(), office, service_id, _switch("active"), actor, request.remote_addr or "-"
    )
    state = ("diaktifkan", "activated") if service["active"] else ("dinonaktifkan", "deactivated")
    flash(
        f"Layanan {service['prefix']} {state[0]}. / Service {service['prefix']} {state[1]}.", "ok"
    )
    return _back(office)
