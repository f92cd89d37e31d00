"""API v1 of the management plane: offices, services, counters, staff, tokens, devices and
the audit log. Each route parses, calls one service of shared/, and serialises; the rules
(who may write, what is valid) live there. An office's administrator works on their office,
an administrator of every office on all of them, and nobody else writes.
"""

from __future__ import annotations

from flask import request

from antrian.admin import bp
from antrian.shared.office import administration, audit, counters, offices, services, staff
from antrian.shared.tickets import step_view
from antrian.shared.web import boundary


def origin() -> audit.Origin:
    """Who asks, and from which address, for the audit log."""
    return audit.Origin(boundary.current_actor(), request.remote_addr or "-")


# ---------------------------------------------------------------- offices


@bp.post("/api/v1/offices")
def api_create_office():
    body = boundary.json_body()
    return offices.create_office(boundary.db(), origin(), body.get("code"), body.get("name"),
                                      body.get("timezone", "Asia/Jakarta")), 201


@bp.get("/api/v1/offices")
def api_list_offices():
    return {"offices": offices.list_offices(boundary.db(), boundary.current_actor())}


@bp.get("/api/v1/offices/<office>")
def api_get_office(office: str):
    return offices.get_office(boundary.db(), office, boundary.current_actor())


@bp.patch("/api/v1/offices/<office>")
def api_update_office(office: str):
    return offices.update_office(boundary.db(), origin(), office, boundary.json_body())


# ---------------------------------------------------------------- services and counters


@bp.get("/api/v1/offices/<office>/services")
def api_list_services(office: str):
    return {"services": services.list_services(boundary.db(), office, boundary.current_actor())}


@bp.post("/api/v1/offices/<office>/services")
def api_create_service(office: str):
    return services.create_service(boundary.db(), origin(), office, boundary.json_body()), 201


@bp.patch("/api/v1/offices/<office>/services/<prefix>")
def api_update_service(office: str, prefix: str):
    return services.update_service(boundary.db(), origin(), office, prefix, boundary.json_body())


@bp.get("/api/v1/offices/<office>/counters")
def api_list_counters(office: str):
    return {"counters": counters.list_counters(boundary.db(), office, boundary.current_actor())}


@bp.post("/api/v1/offices/<office>/counters")
def api_create_counter(office: str):
    return counters.create_counter(boundary.db(), origin(), office, boundary.json_body()), 201


@bp.patch("/api/v1/offices/<office>/counters/<int:number>")
def api_update_counter(office: str, number: int):
    return counters.update_counter(boundary.db(), origin(), office, number, boundary.json_body())


# ---------------------------------------------------------------- staff and their tokens


@bp.get("/api/v1/offices/<office>/users")
def api_list_users(office: str):
    return {"users": staff.list_users(boundary.db(), office, boundary.current_actor())}


@bp.post("/api/v1/offices/<office>/users")
def api_create_user(office: str):
    return staff.create_user(boundary.db(), origin(), office, boundary.json_body()), 201


@bp.patch("/api/v1/users/<int:user_id>")
def api_update_user(user_id: int):
    return staff.update_user(boundary.db(), origin(), user_id, boundary.json_body())


@bp.post("/api/v1/users/<int:user_id>/password")
def api_reset_password(user_id: int):
    return staff.reset_password(boundary.db(), origin(), user_id)


@bp.get("/api/v1/users/<int:user_id>/tokens")
def api_list_tokens(user_id: int):
    return {"tokens": staff.list_tokens(boundary.db(), user_id, boundary.current_actor())}


@bp.post("/api/v1/users/<int:user_id>/tokens")
def api_create_token(user_id: int):
    body = boundary.json_body()
    return staff.create_token(boundary.db(), origin(), user_id, body.get("name")), 201


@bp.delete("/api/v1/tokens/<int:token_id>")
def api_revoke_token(token_id: int):
    return staff.revoke_token(boundary.db(), origin(), token_id)


# ---------------------------------------------------------------- devices and the audit log


@bp.post("/api/v1/offices/<office>/devices")
def api_pair_device(office: str):
    body = boundary.json_body()
    who = origin()
    paired = administration.pair_device(boundary.db(), office, body.get("kind"), body.get("name"),
                                      who.actor, who.address)
    return {"id": paired.token_id, "kind": body.get("kind"), "name": paired.name,
            "token": paired.token,
            "pair_url": boundary.base_url().rstrip("/") + paired.pair_path()
            if body.get("kind") == "kiosk" else None}, 201


@bp.delete("/api/v1/devices/<int:token_id>")
def api_revoke_device(token_id: int):
    who = origin()
    return administration.revoke_device(boundary.db(), None, token_id, who.actor, who.address)


@bp.get("/api/v1/offices/<office>/audit")
def api_audit_log(office: str):
    return {"entries": audit.entries(boundary.db(), office, boundary.current_actor(),
                                     start=request.args.get("from"), end=request.args.get("to"),
                                     kind=request.args.get("kind") or None)}


# ---------------------------------------------------------------- a ticket's SOP steps


@bp.get("/api/v1/tickets/<int:ticket_id>/timeline")
def api_ticket_timeline(ticket_id: int):
    return step_view.ticket_steps(boundary.db(), ticket_id, boundary.current_actor())
