"""API v1 of the management plane: offices, services, counters, staff, tokens, devices and
the audit log. Each route parses, calls one service of shared/, and serialises; the rules
(who may write, what is valid) live there. An office's administrator works on their office,
an administrator of every office on all of them, and nobody else writes.
"""

from __future__ import annotations

from flask import request

from antrian.admin import bp
from antrian.admin.schemas import (
    AuditLog,
    AuditQuery,
    Counter,
    CounterChange,
    Counters,
    NewCounter,
    NewOffice,
    NewService,
    NewToken,
    NewUser,
    NewUserRequest,
    Office,
    OfficeChange,
    Offices,
    PairedDevice,
    PairRequest,
    Password,
    RevokedDevice,
    Service,
    ServiceChange,
    Services,
    Timeline,
    Token,
    TokenRequest,
    Tokens,
    UserChange,
    Users,
)
from antrian.admin.schemas import User as UserAnswer
from antrian.shared.office import administration, audit, counters, offices, services, staff
from antrian.shared.tickets import step_view
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM, PREFIX_PARAM
from antrian.shared.web.openapi import described

OFFICE = {"office": OFFICE_PARAM}


def origin() -> audit.Origin:
    """Who asks, and from which address, for the audit log."""
    return audit.Origin(who.current_actor(), request.remote_addr or "-")


# ---------------------------------------------------------------- offices


@bp.post("/api/v1/offices")
@described("Create an office (an administrator of every office only)", body=NewOffice,
           responses={201: Office}, errors=(409,), permission="administer")
def api_create_office():
    body = boundary.json_body()
    return offices.create_office(boundary.db(), origin(), body.get("code"), body.get("name"),
                                      body.get("timezone", "Asia/Jakarta")), 201


@bp.get("/api/v1/offices")
@described("The offices this administrator manages", responses={200: Offices})
def api_list_offices():
    return {"offices": offices.list_offices(boundary.db(), who.current_actor())}


@bp.get("/api/v1/offices/<office>")
@described("An office and its settings", responses={200: Office}, path=OFFICE)
def api_get_office(office: str):
    return offices.get_office(boundary.db(), office, who.current_actor())


@bp.patch("/api/v1/offices/<office>")
@described("Change the name, ticket header/footer and settings", body=OfficeChange,
           responses={200: Office}, path=OFFICE, permission="administer")
def api_update_office(office: str):
    return offices.update_office(boundary.db(), origin(), office, boundary.json_body())


# ---------------------------------------------------------------- services and counters


@bp.get("/api/v1/offices/<office>/services")
@described("The office's services", responses={200: Services}, path=OFFICE)
def api_list_services(office: str):
    return {"services": services.list_services(boundary.db(), office, who.current_actor())}


@bp.post("/api/v1/offices/<office>/services")
@described("Add a service; the prefix is unique in the office", body=NewService,
           responses={201: Service}, errors=(409,), path=OFFICE, permission="administer")
def api_create_service(office: str):
    return services.create_service(boundary.db(), origin(), office, boundary.json_body()), 201


@bp.get("/api/v1/offices/<office>/services/<prefix>")
@described("One service", responses={200: Service}, path={**OFFICE, "prefix": PREFIX_PARAM})
def api_get_service(office: str, prefix: str):
    return services.get_service(boundary.db(), office, prefix, who.current_actor())


@bp.patch("/api/v1/offices/<office>/services/<prefix>")
@described("Change a service", body=ServiceChange, responses={200: Service}, errors=(409,),
           path={**OFFICE, "prefix": PREFIX_PARAM}, permission="administer",
           description="A prefix carried by today's tickets is neither given up nor taken "
           "(409 prefix_in_use); active=false deactivates and keeps history.")
def api_update_service(office: str, prefix: str):
    return services.update_service(boundary.db(), origin(), office, prefix, boundary.json_body())


@bp.get("/api/v1/offices/<office>/counters")
@described("The office's counters", responses={200: Counters}, path=OFFICE)
def api_list_counters(office: str):
    return {"counters": counters.list_counters(boundary.db(), office, who.current_actor())}


@bp.post("/api/v1/offices/<office>/counters")
@described("Add a counter; every service must exist in the office", body=NewCounter,
           responses={201: Counter}, errors=(409,), path=OFFICE, permission="administer")
def api_create_counter(office: str):
    return counters.create_counter(boundary.db(), origin(), office, boundary.json_body()), 201


@bp.get("/api/v1/offices/<office>/counters/<int:number>")
@described("One counter", responses={200: Counter}, path=OFFICE)
def api_get_counter(office: str, number: int):
    return counters.get_counter(boundary.db(), office, number, who.current_actor())


@bp.patch("/api/v1/offices/<office>/counters/<int:number>")
@described("Change a counter", body=CounterChange, responses={200: Counter}, errors=(409,),
           path=OFFICE, permission="administer")
def api_update_counter(office: str, number: int):
    return counters.update_counter(boundary.db(), origin(), office, number, boundary.json_body())


# ---------------------------------------------------------------- staff and their tokens


@bp.get("/api/v1/offices/<office>/users")
@described("The office's staff", responses={200: Users}, path=OFFICE)
def api_list_users(office: str):
    return {"users": staff.list_users(boundary.db(), office, who.current_actor())}


@bp.post("/api/v1/offices/<office>/users")
@described("Create a staff account; the answer holds its generated password, once",
           body=NewUserRequest, responses={201: NewUser}, errors=(409,), path=OFFICE,
           permission="administer")
def api_create_user(office: str):
    return staff.create_user(boundary.db(), origin(), office, boundary.json_body()), 201


@bp.patch("/api/v1/users/<int:user_id>")
@described("Change display name, roles, counter, or disable", body=UserChange,
           responses={200: UserAnswer}, errors=(409,), permission="administer")
def api_update_user(user_id: int):
    return staff.update_user(boundary.db(), origin(), user_id, boundary.json_body())


@bp.post("/api/v1/users/<int:user_id>/password")
@described("Reset the password; the answer holds the new one, once",
           responses={200: Password})
def api_reset_password(user_id: int):
    return staff.reset_password(boundary.db(), origin(), user_id)


@bp.get("/api/v1/users/<int:user_id>/tokens")
@described("The user's staff API tokens (never their values)", responses={200: Tokens})
def api_list_tokens(user_id: int):
    return {"tokens": staff.list_tokens(boundary.db(), user_id, who.current_actor())}


@bp.post("/api/v1/users/<int:user_id>/tokens")
@described("A new staff API token; the answer holds it, once", body=TokenRequest,
           responses={201: NewToken}, errors=(409,),
           permission="administer", description="409 user_inactive for a disabled account.")
def api_create_token(user_id: int):
    body = boundary.json_body()
    return staff.create_token(boundary.db(), origin(), user_id, body.get("name")), 201


@bp.delete("/api/v1/tokens/<int:token_id>")
@described("Revoke a staff API token (refused by every server process within a second)",
           responses={200: Token}, errors=(409,))
def api_revoke_token(token_id: int):
    return staff.revoke_token(boundary.db(), origin(), token_id)


# ---------------------------------------------------------------- devices and the audit log


@bp.post("/api/v1/offices/<office>/devices")
@described("Pair a kiosk or print agent; the answer holds its token, once", body=PairRequest,
           responses={201: PairedDevice}, path=OFFICE, permission="administer")
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
@described("Revoke a kiosk or print agent", responses={200: RevokedDevice}, errors=(409,))
def api_revoke_device(token_id: int):
    who = origin()
    return administration.revoke_device(boundary.db(), None, token_id, who.actor, who.address)


@bp.get("/api/v1/offices/<office>/audit")
@described("The audit log of administrative changes (admin and head), newest first",
           query=AuditQuery, responses={200: AuditLog}, path=OFFICE)
def api_audit_log(office: str):
    return {"entries": audit.entries(boundary.db(), office, who.current_actor(),
                                     start=request.args.get("from"), end=request.args.get("to"),
                                     kind=request.args.get("kind") or None)}


# ---------------------------------------------------------------- a ticket's SOP steps


@bp.get("/api/v1/tickets/<int:ticket_id>/timeline")
@described("A ticket's SOP steps: start, end and duration against each standard (staff "
           "of its office)", responses={200: Timeline})
def api_ticket_timeline(ticket_id: int):
    return step_view.ticket_steps(boundary.db(), ticket_id, who.current_actor())
