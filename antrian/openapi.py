"""The OpenAPI 3.1 description of API v1: the contract external tools depend on."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}
TICKET = {"$ref": "#/components/schemas/Ticket"}


def _errors(*statuses: int) -> dict[str, Any]:
    return {
        str(s): {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
        for s in statuses
    }


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def _path_param(name: str, type_: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": type_}}


STAFF = [{"bearer": []}]
TICKET_ACTIONS = ["serve", "resume", "complete", "no-show", "requeue", "hold", "cancel",
                  "transfer", "escalate"]


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "antrian API", "version": "1",
                 "description": "Queue tickets, counters and boards. Errors are "
                                "{\"error\": {\"code\", \"message\"}} with a 4xx status."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                   "field": {"type": "string"}}}}},
                "Ticket": {"type": "object", "required": [
                    "id", "code", "number", "service", "priority", "status", "token",
                    "status_url", "ahead", "estimated_wait_s", "issued_at"],
                    "properties": {
                        "id": {"type": "integer"}, "code": {"type": "string"},
                        "number": {"type": "integer"}, "service": {"type": "string"},
                        "priority": {"type": "boolean"},
                        "status": {"type": "string", "enum": [
                            "waiting", "called", "serving", "held", "escalated", "done",
                            "no_show", "cancelled"]},
                        "token": {"type": "string"}, "status_url": {"type": "string"},
                        "ahead": {"type": ["integer", "null"]},
                        "estimated_wait_s": {"type": ["integer", "null"]},
                        "issued_at": {"type": "string", "format": "date-time"},
                        "counter": {"type": ["object", "null"]},
                    }},
                "IssueRequest": {"type": "object", "required": ["service"], "properties": {
                    "service": {"type": "string", "description": "service prefix, e.g. A"},
                    "priority": {"type": "boolean", "default": False},
                    "priority_reason": {"type": ["string", "null"], "enum": [
                        None, "lansia", "disabilitas", "ibu_hamil", "anak_kecil",
                        "korban_bencana"]},
                    "channel": {"type": "string", "enum": [
                        "kiosk", "reception", "online", "phone", "compensation"]},
                    "idempotency_key": {"type": "string", "minLength": 8, "maxLength": 100},
                    "needs_assistance": {"type": "boolean"}}},
                "Board": {"type": "object", "required": ["seq", "calls", "recent", "waiting"],
                          "properties": {"seq": {"type": "integer"},
                                         "calls": {"type": "array"},
                                         "recent": {"type": "array"},
                                         "waiting": {"type": "array"}}},
            },
        },
        "paths": {
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": _json(
                {"type": "object", "properties": {"status": {"const": "ok"}}})}}},
            "/api/v1/offices/{office}/tickets": {"post": {
                "summary": "Issue a ticket (kiosk or staff token); an Idempotency-Key header "
                           "or idempotency_key makes a retried request return the same ticket",
                "security": STAFF,
                "parameters": [_path_param("office")],
                "requestBody": _body({"$ref": "#/components/schemas/IssueRequest"}),
                "responses": {"201": _json(TICKET, "Issued"),
                              "200": _json(TICKET, "Replayed idempotent request"),
                              **_errors(400, 401, 403, 404, 409)}}},
            "/api/v1/tickets/{token}": {"get": {
                "summary": "A ticket's public status by its QR token",
                "parameters": [_path_param("token")],
                "responses": {"200": _json(TICKET), **_errors(404)}}},
            "/api/v1/counters/{counter_id}/call-next": {"post": {
                "summary": "Call the next ticket for this counter", "security": STAFF,
                "parameters": [_path_param("counter_id", "integer")],
                "responses": {"200": _json(TICKET), "204": {"description": "Nobody waits"},
                              **_errors(400, 401, 403, 404, 409)}}},
            "/api/v1/counters/{counter_id}/call": {"post": {
                "summary": "Call a specific waiting number", "security": STAFF,
                "parameters": [_path_param("counter_id", "integer")],
                "requestBody": _body({"type": "object", "required": ["code"],
                                      "properties": {"code": {"type": "string"}}}),
                "responses": {"200": _json(TICKET), **_errors(400, 401, 403, 404, 409)}}},
            "/api/v1/counters/{counter_id}/recall": {"post": {
                "summary": "Announce the counter's called ticket again", "security": STAFF,
                "parameters": [_path_param("counter_id", "integer")],
                "responses": {"200": _json(TICKET), **_errors(401, 403, 404, 409)}}},
            "/api/v1/tickets/{ticket_id}/{action}": {"post": {
                "summary": "Change a ticket: transfer takes {service, counter?, note?}; "
                           "escalate takes {question, level?}",
                "security": STAFF,
                "parameters": [_path_param("ticket_id", "integer"),
                               {"name": "action", "in": "path", "required": True,
                                "schema": {"type": "string", "enum": TICKET_ACTIONS}}],
                "requestBody": _body({"type": "object"}, required=False),
                "responses": {"200": _json(TICKET), **_errors(400, 401, 403, 404, 409)}}},
            "/api/v1/offices/{office}/board": {"get": {
                "summary": "The board snapshot (also sent as `board` on every hub connect)",
                "parameters": [_path_param("office")],
                "responses": {"200": _json({"$ref": "#/components/schemas/Board"}),
                              **_errors(404)}}},
            **_desk_paths(),
        },
    }


def _desk_op(method: str, summary: str, params: list[str], ok: str = "200") -> dict[str, Any]:
    """One staff-desk operation (counter/desk_api.py); session+CSRF or a staff bearer token."""
    op: dict[str, Any] = {
        "summary": summary, "security": STAFF,
        "parameters": [_path_param(p, "integer" if p.endswith("id") else "string")
                       for p in params],
        "responses": {ok: _json({"type": "object"}), **_errors(400, 401, 403, 404, 409)},
    }
    if method in ("post", "put"):
        op["requestBody"] = _body({"type": "object"}, required=False)
    return {method: op}


def _desk_paths() -> dict[str, Any]:
    return {
        "/api/v1/counters/{counter_id}/console": _desk_op(
            "get", "A counter console's state: current ticket, waiting, online, figures",
            ["counter_id"]),
        "/api/v1/tickets/{ticket_id}/visit": {
            **_desk_op("get", "The visit record (NIK masked)", ["ticket_id"]),
            **_desk_op("put", "Save the visit record (SOP 001)", ["ticket_id"])},
        "/api/v1/tickets/{ticket_id}/reprint": _desk_op(
            "post", "Queue a reprint (409 printing_unavailable without a print service)",
            ["ticket_id"], "202"),
        "/api/v1/tickets/{ticket_id}/answer-online": _desk_op(
            "post", "Answer an online request {answer}; shown at its status link",
            ["ticket_id"]),
        "/api/v1/offices/{office}/reception/tickets": _desk_op(
            "post", "Reception issues a ticket with visitor data {service, priority, "
            "priority_reason, needs_assistance, visitor}", ["office"], "201"),
        "/api/v1/offices/{office}/reception": _desk_op(
            "get", "Reception overview: waiting, counters, printers, recent", ["office"]),
        "/api/v1/offices/{office}/calls": {
            **_desk_op("post", "Log a phone call (SOP 003)", ["office"], "201"),
            **_desk_op("get", "Call-backs and today's calls", ["office"])},
        "/api/v1/calls/{ticket_id}/answer": _desk_op(
            "post", "Answer a call at once {answer}", ["ticket_id"]),
        "/api/v1/calls/{ticket_id}/forward": _desk_op(
            "post", "Forward a call {level}", ["ticket_id"]),
        "/api/v1/calls/{ticket_id}/callback": _desk_op(
            "post", "Record a call-back {outcome: reached|not_reached, answer}", ["ticket_id"]),
        "/api/v1/offices/{office}/escalations": _desk_op(
            "get", "Open escalations, soonest due first", ["office"]),
        "/api/v1/escalations/{escalation_id}/answer": _desk_op(
            "post", "Answer an escalation {answer}", ["escalation_id"]),
        "/api/v1/escalations/{escalation_id}/forward": _desk_op(
            "post", "Pass an escalation to the main unit {note}", ["escalation_id"], "201"),
    }
