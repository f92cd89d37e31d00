"""The setup pages of /admin: the office and its settings, services, counters, staff and their
tokens, devices (kiosks, print agents, printers, display profiles) and the audit log.

Every form posts to a route that calls one service of shared/ and comes back to its page with
a message; a refused change comes back with the reason and changes nothing. A password or a
token is shown once, on the page the change answers with, never stored in a form.
"""

from __future__ import annotations

import base64
from functools import wraps

from flask import Response, flash, redirect, render_template, request, url_for

from antrian.admin import bp, forms
from antrian.admin.api import origin
from antrian.admin.home import admin_view
from antrian.printing import connections
from antrian.shared.core.errors import DomainError, InvalidInput, Unauthorized
from antrian.shared.models.office import CALL_POLICIES, COUNTER_KINDS
from antrian.shared.models.staff import ROLES
from antrian.shared.office import (
    administration,
    audit,
    counters,
    devices,
    display_profiles,
    offices,
    services,
    staff,
    standards,
)
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets import print_jobs
from antrian.shared.web import boundary, qr, who

ROLE_LABELS = {
    "receptionist": ("Resepsionis", "Receptionist"),
    "front_office": ("Front office", "Front office"),
    "back_office": ("Back office", "Back office"),
    "main_unit": ("Unit utama", "Main unit"),
    "coordinator": ("Koordinator", "Coordinator"),
    "head": ("Kepala", "Head"),
    "admin": ("Administrator", "Administrator"),
    "security": ("Petugas keamanan", "Security"),
}
REFUSED = "Tidak ada yang diubah. / Nothing was changed."


def _page(path: str, office: str, anchor: str = "") -> str:
    return f"{path}?office={office}" + (f"#{anchor}" if anchor else "")


def _find(rows: list[dict], key: str, value) -> dict | None:
    """The row whose `key` is `value`, or None: another tab may have removed or renumbered it."""
    return next((row for row in rows if row[key] == value), None)


def setup_action(back):
    """A form's route: a refusal comes back to the form's page (`back(office, **kwargs)`)
    with its reason, instead of a page of its own."""
    def wrap(view):
        @wraps(view)
        def inner(actor, office, *args, **kwargs):
            try:
                return view(actor, office, *args, **kwargs)
            except Unauthorized:
                raise
            except DomainError as exc:
                flash(f"{exc.message} {REFUSED}", "error")
                return redirect(back(office, **kwargs))
        return inner
    return wrap


def _render(template: str, actor, office: str, **context):
    """A setup page: for those who administer this office only."""
    response = Response(render_template(
        f"admin/{template}", actor=actor, csrf=who.csrf_token(),
        office=offices.get_office(boundary.db(), office, actor),
        role_labels=ROLE_LABELS, **context))
    response.headers["Cache-Control"] = "no-store"  # may hold a password or a token
    return response


# ---------------------------------------------------------------- offices


def offices_view(view):
    """For the offices list, which needs no office chosen (there may be none yet)."""
    return who.staff_page()(view)


@bp.get("/admin/offices")
@offices_view
def offices_page(actor):
    return Response(render_template(
        "admin/offices.html", actor=actor, csrf=who.csrf_token(), office=None,
        offices=offices.list_offices(boundary.db(), actor),
        may_create=actor.office_id is None and actor.may("administer")))


@bp.post("/admin/offices")
@offices_view
def office_create(actor):
    try:
        made = offices.create_office(boundary.db(), origin(), forms.text("code"),
                                          forms.text("name"), forms.text("timezone"))
    except DomainError as exc:
        if isinstance(exc, Unauthorized):
            raise
        flash(f"{exc.message} {REFUSED}", "error")
        return redirect(url_for("admin.offices_page"))
    flash(f"Kantor {made['name']} dibuat; lanjutkan dengan langkah penyiapan. / Office "
          f"created; follow the setup steps.", "ok")
    return redirect(_page("/admin", made["code"]))


@bp.get("/admin/office")
@admin_view
def office_page(actor, office: str):
    return _render("office.html", actor, office, policies=CALL_POLICIES,
                   has_logo=offices.has_logo(boundary.db(), office))


@bp.get("/admin/office/logo")
@admin_view
def office_logo(actor, office: str):
    offices.get_office(boundary.db(), office, actor)  # the office's administrators only
    image = offices.logo_of(boundary.db(), office)
    if image is None:
        return Response(status=404)
    kind = "image/png" if image.startswith(b"\x89PNG") else "image/jpeg"
    return Response(image, mimetype=kind, headers={"Cache-Control": "no-store"})


@bp.post("/admin/office/logo")
@admin_view
@setup_action(lambda office: _page("/admin/office", office, "logo"))
def office_logo_save(actor, office: str):
    upload = request.files.get("logo")
    image = None if forms.checked("remove") else (upload.read() if upload else b"")
    offices.set_logo(boundary.db(), origin(), office, image)
    flash("Logo tiket disimpan. / Ticket logo saved." if image else
          "Logo tiket dihapus. / Ticket logo removed.", "ok")
    return redirect(_page("/admin/office", office, "logo"))


@bp.post("/admin/office")
@admin_view
@setup_action(lambda office: _page("/admin/office", office))
def office_save(actor, office: str):
    settings = forms.present(
        call_policy=forms.text("call_policy") or None,
        priority_ratio=forms.whole("priority_ratio"),
        follow_service_order=forms.checked("follow_service_order"),
        digit_mode=forms.text("digit_mode") or None, language=forms.text("language") or None,
        recalls_before_no_show=forms.whole("recalls_before_no_show"),
        ikm_weight=forms.text("ikm_weight") or None,
        retention_days=forms.whole("retention_days"), survey_days=forms.whole("survey_days"),
        kiosk_return_seconds=forms.whole("kiosk_return_seconds"))
    offices.update_office(boundary.db(), origin(), office, {
        "name": forms.text("name"), "header": forms.text("header"),
        "footer": forms.text("footer"), "settings": settings})
    flash("Pengaturan kantor disimpan. / Office settings saved.", "ok")
    return redirect(_page("/admin/office", office))


# ---------------------------------------------------------------- services


def _standard_rows(service: dict | None) -> list[dict]:
    """The standards table of the service form: per step the regular and the priority
    figure in minutes. A figure that is not whole minutes (set through the API) shows empty
    with its seconds beside it, so saving the page leaves it as it is."""
    given = service["standards"] if service else None

    def cell(name: str, label: str, seconds: int | None, default_s: int) -> dict:
        whole = seconds is not None and seconds % 60 == 0
        hint = f"{seconds} detik / seconds" if seconds is not None and not whole else ""
        # the SOP's figure as a placeholder only where it is not mistaken for the seconds set
        return {"name": name, "label": label, "value": seconds // 60 if whole else "",
                "placeholder": "" if hint else default_s // 60, "hint": hint}

    rows = [{"key": key, "name_id": std.name_id, "name_en": std.name_en, "sop": std.sop,
             "max": standards.MAX_STANDARD_S // 60,
             "fields": [cell(f"std_{key}", f"{std.name_id}, umum / regular",
                             given[key] if given else None, std.default_s),
                        cell(f"stdp_{key}", f"{std.name_id}, prioritas / priority",
                             given["priority"][key] if given else None, std.priority_s)]}
            for key, std in services.STANDARDS.items()]
    days = given[standards.ONLINE_DAYS] if given else None
    rows.append({"key": standards.ONLINE_DAYS, "name_id": "Jawaban daring (hari kerja)",
                 "name_en": "Online answer (working days)", "sop": standards.ONLINE_SOP,
                 "max": standards.MAX_ONLINE_DAYS,
                 "fields": [{"name": "std_online_days",
                             "label": "Jawaban daring, hari kerja / online answer, working days",
                             "value": days if isinstance(days, int) else "",
                             "placeholder": standards.ONLINE_DEFAULT_DAYS,
                             "hint": f"{days} hari / days" if days is not None and not
                             isinstance(days, int) else ""}, None]})  # no priority online
    return rows


def _service_body() -> dict:
    standards_given = forms.present(**{key: forms.minutes_as_seconds(f"std_{key}")
                                       for key in services.STANDARDS},
                                    online_days=forms.whole("std_online_days"))
    priority = forms.present(**{key: forms.minutes_as_seconds(f"stdp_{key}")
                                for key in services.STANDARDS})
    if priority:
        standards_given["priority"] = priority
    return {**forms.present(prefix=forms.text("prefix").strip().upper() or None,
                            name_id=forms.text("name_id"), name_en=forms.text("name_en"),
                            position=forms.whole("position")),
            "quota": forms.whole("quota"), "opens": forms.text("opens") or None,
            "closes": forms.text("closes") or None, "active": forms.checked("active"),
            **({"standards": standards_given} if standards_given else {})}


@bp.get("/admin/services")
@admin_view
def services_page(actor, office: str):
    return _render("services.html", actor, office, standard_rows=_standard_rows(None),
                   services=services.list_services(boundary.db(), office, actor))


@bp.post("/admin/services")
@admin_view
@setup_action(lambda office: _page("/admin/services", office))
def service_create(actor, office: str):
    made = services.create_service(boundary.db(), origin(), office, _service_body())
    flash(f"Layanan {made['prefix']} {made['name_id']} ditambahkan. / Service added.", "ok")
    return redirect(_page("/admin/services", office))


@bp.get("/admin/services/<prefix>")
@admin_view
def service_page(actor, office: str, prefix: str):
    service = _find(services.list_services(boundary.db(), office, actor), "prefix", prefix)
    if service is None:
        return redirect(_page("/admin/services", office))
    return _render("service_edit.html", actor, office, service=service,
                   standard_rows=_standard_rows(service))


@bp.post("/admin/services/<prefix>")
@admin_view
@setup_action(lambda office, prefix: _page(f"/admin/services/{prefix}", office))
def service_save(actor, office: str, prefix: str):
    made = services.update_service(boundary.db(), origin(), office, prefix, _service_body())
    flash(f"Layanan {made['prefix']} disimpan. / Service saved.", "ok")
    return redirect(_page("/admin/services", office, f"service-{made['prefix']}"))


# ---------------------------------------------------------------- counters


def _counter_body() -> dict:
    return {**forms.present(number=forms.whole("number"), name=forms.text("name"),
                            kind=forms.text("kind") or None),
            "services": forms.chosen("services"), "staff": forms.text("staff") or None,
            "open": forms.checked("open")}


def _counter_context(actor, office: str) -> dict:
    return {"services": services.list_services(boundary.db(), office, actor),
            "staff": [u for u in staff.list_users(boundary.db(), office, actor) if u["active"]],
            "kinds": administration.KIND_LABELS, "kind_order": COUNTER_KINDS}


@bp.get("/admin/counters")
@admin_view
def counters_page(actor, office: str):
    return _render("counters.html", actor, office, **_counter_context(actor, office),
                   counters=counters.list_counters(boundary.db(), office, actor))


@bp.post("/admin/counters")
@admin_view
@setup_action(lambda office: _page("/admin/counters", office))
def counter_create(actor, office: str):
    made = counters.create_counter(boundary.db(), origin(), office, _counter_body())
    flash(f"{made['name']} ditambahkan. / Counter added.", "ok")
    return redirect(_page("/admin/counters", office))


@bp.get("/admin/counters/<int:number>")
@admin_view
def counter_page(actor, office: str, number: int):
    counter = _find(counters.list_counters(boundary.db(), office, actor), "number", number)
    if counter is None:
        return redirect(_page("/admin/counters", office))
    return _render("counter_edit.html", actor, office, counter=counter,
                   **_counter_context(actor, office))


@bp.post("/admin/counters/<int:number>")
@admin_view
@setup_action(lambda office, number: _page(f"/admin/counters/{number}", office))
def counter_save(actor, office: str, number: int):
    made = counters.update_counter(boundary.db(), origin(), office, number, _counter_body())
    flash(f"{made['name']} disimpan. / Counter saved.", "ok")
    return redirect(_page("/admin/counters", office, f"counter-{made['number']}"))


# ---------------------------------------------------------------- staff


def _staff_context(actor, office: str) -> dict:
    return {"roles": ROLES, "counters": counters.list_counters(boundary.db(), office, actor)}


@bp.get("/admin/staff")
@admin_view
def staff_page(actor, office: str):
    return _render("staff.html", actor, office, **_staff_context(actor, office),
                   users=staff.list_users(boundary.db(), office, actor))


@bp.post("/admin/staff")
@admin_view
@setup_action(lambda office: _page("/admin/staff", office))
def staff_create(actor, office: str):
    made = staff.create_user(boundary.db(), origin(), office, {
        "username": forms.text("username"), "display_name": forms.text("display_name"),
        "roles": forms.chosen("roles"), "counter": forms.whole("counter")})
    flash(f"Akun {made['username']} dibuat. / Account created.", "ok")
    return _render("staff.html", actor, office, **_staff_context(actor, office),
                   users=staff.list_users(boundary.db(), office, actor), secret=made)


def _user_page(actor, office: str, user_id: int, **extra):
    user = _find(staff.list_users(boundary.db(), office, actor), "id", user_id)
    if user is None:
        return redirect(_page("/admin/staff", office))
    return _render("staff_edit.html", actor, office, user=user,
                   tokens=staff.list_tokens(boundary.db(), user_id, actor),
                   **_staff_context(actor, office), **extra)


def _back_to_user(office: str, user_id: int) -> str:
    return _page(f"/admin/staff/{user_id}", office)


@bp.get("/admin/staff/<int:user_id>")
@admin_view
def user_page(actor, office: str, user_id: int):
    return _user_page(actor, office, user_id)


@bp.post("/admin/staff/<int:user_id>")
@admin_view
@setup_action(_back_to_user)
def user_save(actor, office: str, user_id: int):
    made = staff.update_user(boundary.db(), origin(), user_id, {
        "display_name": forms.text("display_name"), "roles": forms.chosen("roles"),
        "counter": forms.whole("counter")})
    flash(f"Akun {made['username']} disimpan. / Account saved.", "ok")
    return redirect(_back_to_user(office, user_id))


@bp.post("/admin/staff/<int:user_id>/active")
@admin_view
@setup_action(_back_to_user)
def user_active(actor, office: str, user_id: int):
    made = staff.update_user(boundary.db(), origin(), user_id,
                                   {"active": forms.checked("active")})
    state = ("diaktifkan", "enabled") if made["active"] else ("dinonaktifkan", "disabled")
    flash(f"Akun {made['username']} {state[0]}. / Account {state[1]}.", "ok")
    return redirect(_back_to_user(office, user_id))


@bp.post("/admin/staff/<int:user_id>/password")
@admin_view
@setup_action(_back_to_user)
def user_password(actor, office: str, user_id: int):
    made = staff.reset_password(boundary.db(), origin(), user_id)
    flash(f"Kata sandi {made['username']} diganti. / Password reset.", "ok")
    return _user_page(actor, office, user_id, secret=made)


@bp.post("/admin/staff/<int:user_id>/tokens")
@admin_view
@setup_action(_back_to_user)
def user_token_create(actor, office: str, user_id: int):
    made = staff.create_token(boundary.db(), origin(), user_id, forms.text("name") or "api")
    flash(f"Token {made['name']} dibuat. / Token created.", "ok")
    return _user_page(actor, office, user_id, new_token=made)


@bp.post("/admin/staff/<int:user_id>/tokens/<int:token_id>/revoke")
@admin_view
@setup_action(lambda office, user_id, token_id: _back_to_user(office, user_id))
def user_token_revoke(actor, office: str, user_id: int, token_id: int):
    made = staff.revoke_token(boundary.db(), origin(), token_id)
    flash(f"Token {made['name']} dicabut. / Token revoked.", "ok")
    return redirect(_back_to_user(office, user_id))


# ---------------------------------------------------------------- devices


def _devices(actor, office: str, **extra):
    data = administration.overview(boundary.db(), office, actor)
    for printer in data["printers"]:
        try:
            printer["connection"] = connections.describe_url(printer["url"])
        except ValueError:
            printer["connection"] = "Alamat printer tidak sah / invalid printer URL"
    with boundary.db().read() as session:
        profiles = [p.to_json() for _, p in display_profiles.list_profiles(session, office)]
    return _render("devices.html", actor, office, data=data, profiles=profiles,
                   base_url=boundary.base_url().rstrip("/"), **extra)


@bp.get("/admin/devices")
@admin_view
def devices_page(actor, office: str):
    return _devices(actor, office)


@bp.post("/admin/devices")
@admin_view
@setup_action(lambda office: _page("/admin/devices", office))
def device_pair(actor, office: str):
    who = origin()
    paired = administration.pair_device(
        boundary.db(), office, forms.text("kind"), forms.text("name"), who.actor, who.address
    )
    pairing = {"name": paired.name, "kind": forms.text("kind"), "token": paired.token}
    if pairing["kind"] == "kiosk":
        link = boundary.base_url().rstrip("/") + paired.pair_path()
        pairing.update(
            link=link, qr="data:image/svg+xml;base64," + base64.b64encode(qr.svg(link)).decode()
        )
    flash(f"{paired.name} dibuat. / {paired.name} created.", "ok")
    return _devices(actor, office, pairing=pairing)


@bp.post("/admin/devices/<int:token_id>/remove")
@admin_view
@setup_action(lambda office, token_id: _page("/admin/devices", office, "devices"))
def device_revoke(actor, office: str, token_id: int):
    who = origin()
    device = administration.revoke_device(boundary.db(), office, token_id, who.actor, who.address)
    flash(f"{device['name']} dicabut. / {device['name']} revoked.", "ok")
    return redirect(_page("/admin/devices", office, "devices"))


@bp.post("/admin/printers")
@admin_view
@setup_action(lambda office: _page("/admin/devices", office, "printers"))
def printer_add(actor, office: str):
    url = forms.text("url").strip()
    try:
        connections.parse_url(url)
    except ValueError as exc:
        raise InvalidInput(
            f"Alamat printer tidak sah / invalid printer URL: {exc}", field="url"
        ) from None
    added = devices.add_printer(
        boundary.db(),
        origin(),
        office,
        forms.text("name"),
        url,
        paper_mm=forms.whole("paper_mm", blank=80),
        native_qr=forms.checked("native_qr"),
        is_default=forms.checked("is_default"),
        via_agent=forms.checked("via_agent"),
    )
    flash(f"Printer {added['name']} ditambahkan. / Printer added.", "ok")
    return redirect(_page("/admin/devices", office, "printers"))


@bp.post("/admin/printers/<int:printer_id>/test")
@admin_view
@setup_action(lambda office, printer_id: _page("/admin/devices", office, "printers"))
def printer_test(actor, office: str, printer_id: int):
    from antrian.admin.printer_test import print_test_page

    found = devices.printer_of(boundary.db(), origin(), office, printer_id)
    ok, message = print_test_page(found)
    if not found["via_agent"]:  # what the test showed is the printer's state now
        print_jobs.set_printer_state(boundary.db(), printer_id, "online" if ok else "offline")
    flash(message, "ok" if ok else "error")
    return redirect(_page("/admin/devices", office, "printers"))


@bp.post("/admin/printers/<int:printer_id>/remove")
@admin_view
@setup_action(lambda office, printer_id: _page("/admin/devices", office, "printers"))
def printer_remove(actor, office: str, printer_id: int):
    removed = devices.remove_printer(boundary.db(), origin(), office, printer_id)
    flash(f"Printer {removed['name']} dihapus. / Printer removed.", "ok")
    return redirect(_page("/admin/devices", office, "printers"))


@bp.post("/admin/profiles")
@admin_view
@setup_action(lambda office: _page("/admin/devices", office, "profiles"))
def profile_save(actor, office: str):
    name = forms.text("name").strip()
    devices.save_profile(
        boundary.db(),
        origin(),
        office,
        name,
        counters=display_profiles.parse_list(forms.text("counters")),
        services=display_profiles.parse_list(forms.text("services").upper()),
        language=forms.text("language") or "id",
        running_text=forms.text("running_text"),
    )
    flash(f"Profil layar {name} disimpan. / Display profile saved.", "ok")
    return redirect(_page("/admin/devices", office, "profiles"))


@bp.post("/admin/profiles/<name>/remove")
@admin_view
@setup_action(lambda office, name: _page("/admin/devices", office, "profiles"))
def profile_remove(actor, office: str, name: str):
    devices.delete_profile(boundary.db(), origin(), office, name)
    flash(f"Profil layar {name} dihapus. / Display profile removed.", "ok")
    return redirect(_page("/admin/devices", office, "profiles"))


# ---------------------------------------------------------------- the audit log


def _audit_filter() -> dict:
    return {
        "start": request.args.get("from") or None,
        "end": request.args.get("to") or None,
        "kind": request.args.get("kind") or None,
    }


@bp.get("/admin/audit")
@admin_view
def audit_page(actor, office: str):
    entries = [
        {**e, "before_text": audit.readable(e["before"]), "after_text": audit.readable(e["after"])}
        for e in audit.entries(boundary.db(), office, actor, **_audit_filter())
    ]
    return Response(
        render_template(
            "admin/audit.html",
            actor=actor,
            csrf=who.csrf_token(),
            office={"code": office, "timezone": _timezone(office)},
            entries=entries,
            kinds=audit.KINDS,
            chosen=request.args,
        )
    )


@bp.get("/admin/audit.csv")
@admin_view
def audit_csv(actor, office: str):
    entries = audit.entries(boundary.db(), office, actor, **_audit_filter())
    return Response(
        audit.as_csv(entries),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="audit-{office}.csv"',
            "Cache-Control": "no-store",
        },
    )


def _timezone(office: str) -> str:
    with boundary.db().read() as session:
        return office_by_code(session, office).timezone
