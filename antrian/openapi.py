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
        },
    }
