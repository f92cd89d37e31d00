"""API v1 of the management plane: offices, services, counters, staff, tokens, devices and
the audit log. Each route parses, calls one service of shared/, and serialises; the rules
(who may write, what is valid) live there. An office's administrator works on their office,
an administrator of every office on all of them, and nobody else writes.
"""

from __future__ import annotations

from flask import request

from admin import bp
from shared import (
    audit,
    counter_setup,
    office_admin,
    office_setup,
    service_setup,
    staff_admin,
    web,
)


def origin() -> audit.Origin:
    """Who asks, and from which address, for the audit log."""
    return audit.Origin(web.current_actor(), request.remote_addr or "-")


# ---------------------------------------------------------------- offices


@bp.post("/api/v1/offices")
def api_create_office():
    body = web.json_body()
    return office_setup.create_office(web.db(), origin(), body.get("code"), body.get("name"),
                                      body.get("timezone", "Asia/Jakarta")), 201


@bp.get("/api/v1/offices")
def api_list_offices():
    return {"offices": office_setup.list_offices(web.db(), web.current_actor())}


@bp.get("/api/v1/offices/<office>")
def api_get_office(office: str):
    return office_setup.get_office(web.db(), office, web.current_actor())


@bp.patch("/api/v1/offices/<office>")
def api_update_office(office: str):
    return office_setup.update_office(web.db(), origin(), office, web.json_body())


# ---------------------------------------------------------------- services and counters


@bp.get("/api/v1/offices/<office>/services")
def api_list_services(office: str):
    return {"services": service_setup.list_services(web.db(), office, web.current_actor())}


@bp.post("/api/v1/offices/<office>/services")
def api_create_service(office: str):
    return service_setup.create_service(web.db(), origin(), office, web.json_body()), 201


@bp.patch("/api/v1/offices/<office>/services/<prefix>")
def api_update_service(office: str, prefix: str):
    return service_setup.update_service(web.db(), origin(), office, prefix, web.json_body())


@bp.get("/api/v1/offices/<office>/counters")
def api_list_counters(office: str):
    return {"counters": counter_setup.list_counters(web.db(), office, web.current_actor())}


@bp.post("/api/v1/offices/<office>/counters")
def api_create_counter(office: str):
    return counter_setup.create_counter(web.db(), origin(), office, web.json_body()), 201


@bp.patch("/api/v1/offices/<office>/counters/<int:number>")
def api_update_counter(office: str, number: int):
    return counter_setup.update_counter(web.db(), origin(), office, number, web.json_body())


# ---------------------------------------------------------------- staff and their tokens


@bp.get("/api/v1/offices/<office>/users")
def api_list_users(office: str):
    return {"users": staff_admin.list_users(web.db(), office, web.current_actor())}


@bp.post("/api/v1/offices/<office>/users")
def api_create_user(office: str):
    return staff_admin.create_user(web.db(), origin(), office, web.json_body()), 201


@bp.patch("/api/v1/users/<int:user_id>")
def api_update_user(user_id: int):
    return staff_admin.update_user(web.db(), origin(), user_id, web.json_body())


@bp.post("/api/v1/users/<int:user_id>/password")
def api_reset_password(user_id: int):
    return staff_admin.reset_password(web.db(), origin(), user_id)


@bp.get("/api/v1/users/<int:user_id>/tokens")
def api_list_tokens(user_id: int):
    return {"tokens": staff_admin.list_tokens(web.db(), user_id, web.current_actor())}


@bp.post("/api/v1/users/<int:user_id>/tokens")
def api_create_token(user_id: int):
    body = web.json_body()
    return staff_admin.create_token(web.db(), origin(), user_id, body.get("name")), 201


@bp.delete("/api/v1/tokens/<int:token_id>")
def api_revoke_token(token_id: int):
    return staff_admin.revoke_token(web.db(), origin(), token_id)


# ---------------------------------------------------------------- devices and the audit log


@bp.post("/api/v1/offices/<office>/devices")
def api_pair_device(office: str):
    body = web.json_body()
    who = origin()
    paired = office_admin.pair_device(web.db(), office, body.get("kind"), body.get("name"),
                                      who.actor, who.address)
    return {"id": paired.token_id, "kind": body.get("kind"), "name": paired.name,
            "token": paired.token,
            "pair_url": web.base_url().rstrip("/") + paired.pair_path()
            if body.get("kind") == "kiosk" else None}, 201


@bp.delete("/api/v1/devices/<int:token_id>")
def api_revoke_device(token_id: int):
    who = origin()
    return office_admin.revoke_device(web.db(), None, token_id, who.actor, who.address)


@bp.get("/api/v1/offices/<office>/audit")
def api_audit_log(office: str):
    return {"entries": audit.entries(web.db(), office, web.current_actor(),
                                     start=request.args.get("from"), end=request.args.get("to"),
                                     kind=request.args.get("kind") or None)}
