"""The management plane's part of the OpenAPI document (issue 11): offices, services,
counters, staff, tokens, devices and the audit log. Its own module, so that it merges
cleanly with the other parts of antrian/openapi.py."""

from __future__ import annotations

from typing import Any

from antrian.shared.models.office import CALL_POLICIES, COUNTER_KINDS
from antrian.shared.models.staff import ROLES
from antrian.shared.office.services import STANDARDS

ADMIN = [{"bearer": []}]
_STEP_SECONDS = {k: {"type": "integer", "minimum": 1, "maximum": 2_592_000} for k in STANDARDS}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": "Error", "content": {"application/json": {
        "schema": _ref("Error")}}} for s in statuses}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _param(name: str, type_: str = "string", where: str = "path") -> dict[str, Any]:
    return {"name": name, "in": where, "required": where == "path", "schema": {"type": type_}}


def _list(key: str, item: str) -> dict[str, Any]:
    return {"type": "object", "properties": {key: {"type": "array", "items": _ref(item)}}}


def _op(summary: str, params: list[dict], ok: dict, *, body: str | dict | None = None,
        status: str = "200", errors=(400, 401, 403, 404, 409)) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "security": ADMIN, "parameters": params,
                          "responses": {status: ok, **_errors(*errors)}}
    if body is not None:
        op["requestBody"] = _body(_ref(body) if isinstance(body, str) else body)
    return op


SETTINGS = {"type": "object", "additionalProperties": False, "properties": {
    "call_policy": {"type": "string", "enum": list(CALL_POLICIES)},
    "priority_ratio": {"type": "integer", "minimum": 1, "maximum": 20},
    "follow_service_order": {"type": "boolean"},
    "digit_mode": {"type": "string", "enum": ["digits", "words"]},
    "language": {"type": "string", "enum": ["id", "en"]},
    "recalls_before_no_show": {"type": "integer", "minimum": 0, "maximum": 10},
    "ikm_weight": {"type": "string", "enum": ["exact", "rounded"]},
    "retention_days": {"type": "integer", "minimum": 30, "maximum": 3650},
    "survey_days": {"type": "integer", "minimum": 1, "maximum": 90},
    "kiosk_return_seconds": {"type": "integer", "minimum": 5, "maximum": 600}}}
HHMM = {"type": ["string", "null"], "pattern": "^[0-2][0-9]:[0-5][0-9]$"}

ADMIN_SCHEMAS: dict[str, Any] = {
    "Office": {"type": "object", "properties": {
        "code": {"type": "string"}, "name": {"type": "string"},
        "timezone": {"type": "string"}, "header": {"type": "string"},
        "footer": {"type": "string"}, "settings": SETTINGS}},
    "OfficeChange": {"type": "object", "additionalProperties": False, "properties": {
        "name": {"type": "string"}, "header": {"type": "string"},
        "footer": {"type": "string"},
        "settings": {**SETTINGS, "description": "only the settings to change"}}},
    "Service": {"type": "object", "properties": {
        "prefix": {"type": "string", "pattern": "^[A-Z]{1,3}$"},
        "name_id": {"type": "string"}, "name_en": {"type": "string"},
        "quota": {"type": ["integer", "null"], "minimum": 1}, "opens": HHMM, "closes": HHMM,
        "active": {"type": "boolean"},
        "position": {"type": "integer", "description": "order on the kiosk"},
        "standards": {"type": "object", "additionalProperties": False,
                      "description": "each SOP step's standard in seconds (docs/standards.md);"
                      " a PATCH changes the keys it gives, the rest stay",
                      "properties": {**_STEP_SECONDS, "online_days": {
                          "type": "integer", "minimum": 1, "maximum": 30},
                          "priority": {"type": "object", "additionalProperties": False,
                                       "properties": _STEP_SECONDS}}}}},
    "Counter": {"type": "object", "properties": {
        "number": {"type": "integer", "minimum": 1}, "name": {"type": "string"},
        "kind": {"type": "string", "enum": list(COUNTER_KINDS)},
        "services": {"type": "array", "items": {"type": "string"},
                     "description": "prefixes, in the counter's order"},
        "staff": {"type": ["string", "null"], "description": "username"},
        "open": {"type": "boolean"}}},
    "User": {"type": "object", "properties": {
        "id": {"type": "integer"}, "username": {"type": "string"},
        "display_name": {"type": "string"},
        "roles": {"type": "array", "items": {"type": "string", "enum": list(ROLES)}},
        "office": {"type": ["string", "null"]}, "counter": {"type": ["integer", "null"]},
        "active": {"type": "boolean"},
        "password": {"type": "string", "description": "only in the reply that creates it"}}},
    "Token": {"type": "object", "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "last_used_at": {"type": ["string", "null"], "format": "date-time"},
        "revoked": {"type": "boolean"},
        "token": {"type": "string", "description": "only in the reply that creates it"}}},
    "AuditEntry": {"type": "object", "properties": {
        "id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
        "office": {"type": ["string", "null"]}, "actor": {"type": "string"},
        "address": {"type": "string"},
        "action": {"type": "string", "description": "kind.verb, e.g. service.update"},
        "kind": {"type": "string"}, "subject": {"type": "string"},
        "before": {"type": ["object", "null"]}, "after": {"type": ["object", "null"]}}},
}


def admin_paths() -> dict[str, Any]:
    office = _param("office")
    return {
        "/api/v1/offices": {
            "get": _op("The offices this administrator manages", [],
                       _json(_list("offices", "Office"))),
            "post": _op("Create an office (an administrator of every office only)", [],
                        _json(_ref("Office"), "Created"), status="201", body={
                            "type": "object", "required": ["code", "name"], "properties": {
                                "code": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]+$"},
                                "name": {"type": "string"},
                                "timezone": {"type": "string", "default": "Asia/Jakarta"}}})},
        "/api/v1/offices/{office}": {
            "get": _op("An office and its settings", [office], _json(_ref("Office"))),
            "patch": _op("Change the name, ticket header/footer and settings (validated: "
                         "an unknown value is a 400 naming the setting)", [office],
                         _json(_ref("Office")), body="OfficeChange")},
        "/api/v1/offices/{office}/services": {
            "get": _op("The office's services", [office], _json(_list("services", "Service"))),
            "post": _op("Add a service; the prefix is unique in the office", [office],
                        _json(_ref("Service"), "Created"), body="Service", status="201")},
        "/api/v1/offices/{office}/services/{prefix}": {"patch": _op(
            "Change a service; a prefix carried by today's tickets is neither given up nor "
            "taken (409 prefix_in_use); active=false deactivates and keeps history",
            [office, _param("prefix")], _json(_ref("Service")), body="Service")},
        "/api/v1/offices/{office}/counters": {
            "get": _op("The office's counters", [office], _json(_list("counters", "Counter"))),
            "post": _op("Add a counter; every service must exist in the office",
                        [office], _json(_ref("Counter"), "Created"), body="Counter",
                        status="201")},
        "/api/v1/offices/{office}/counters/{number}": {"patch": _op(
            "Change a counter", [office, _param("number", "integer")], _json(_ref("Counter")),
            body="Counter")},
        "/api/v1/offices/{office}/users": {
            "get": _op("The office's staff", [office], _json(_list("users", "User"))),
            "post": _op("Create a staff account; the reply holds its generated password, "
                        "once", [office], _json(_ref("User"), "Created"), status="201", body={
                            "type": "object", "required": ["username", "roles"], "properties": {
                                "username": {"type": "string"},
                                "display_name": {"type": "string"},
                                "roles": {"type": "array", "items": {"type": "string"}},
                                "counter": {"type": ["integer", "null"]}}})},
        "/api/v1/users/{user_id}": {"patch": _op(
            "Change display name, roles, counter, or disable (active=false: every server "
            "process refuses the account's tokens within a second and closes its consoles)",
            [_param("user_id", "integer")], _json(_ref("User")), body={
                "type": "object", "properties": {
                    "display_name": {"type": "string"},
                    "roles": {"type": "array", "items": {"type": "string"}},
                    "counter": {"type": ["integer", "null"]}, "active": {"type": "boolean"}}})},
        "/api/v1/users/{user_id}/password": {"post": _op(
            "Reset the password; the reply holds the new one, once",
            [_param("user_id", "integer")], _json({"type": "object", "properties": {
                "id": {"type": "integer"}, "username": {"type": "string"},
                "password": {"type": "string"}}}))},
        "/api/v1/users/{user_id}/tokens": {
            "get": _op("The user's staff API tokens (never their values)",
                       [_param("user_id", "integer")], _json(_list("tokens", "Token"))),
            "post": _op("A new staff API token; the reply holds it, once",
                        [_param("user_id", "integer")], _json(_ref("Token"), "Created"),
                        status="201", body={"type": "object", "properties": {
                            "name": {"type": "string"}}})},
        "/api/v1/tokens/{token_id}": {"delete": _op(
            "Revoke a staff API token (refused by every server process within a second)",
            [_param("token_id", "integer")], _json(_ref("Token")))},
        "/api/v1/offices/{office}/devices": {"post": _op(
            "Pair a kiosk or print agent; the reply holds its token (and a kiosk's pairing "
            "link), once", [office], _json({"type": "object", "properties": {
                "id": {"type": "integer"}, "kind": {"type": "string"},
                "name": {"type": "string"}, "token": {"type": "string"},
                "pair_url": {"type": ["string", "null"]}}}, "Created"), status="201", body={
                "type": "object", "required": ["kind", "name"], "properties": {
                    "kind": {"type": "string", "enum": ["kiosk", "print_agent"]},
                    "name": {"type": "string"}}})},
        "/api/v1/devices/{token_id}": {"delete": _op(
            "Revoke a kiosk or print agent", [_param("token_id", "integer")],
            _json({"type": "object"}))},
        "/api/v1/tickets/{ticket_id}/timeline": {"get": _op(
            "A ticket's SOP steps: start, end, duration against the standard (staff of its "
            "office; a running step last, ended_at null)", [_param("ticket_id", "integer")],
            _json({"type": "object", "properties": {"ticket": {"type": "object"}, "steps": {
                "type": "array", "items": {"type": "object", "properties": {
                    "step": {"type": "string"},
                    "started_at": {"type": "string", "format": "date-time"},
                    "ended_at": {"type": ["string", "null"], "format": "date-time"},
                    "duration_s": {"type": "integer"}, "standard_s": {"type": "integer"},
                    "within": {"type": ["boolean", "null"]}}}}}}),
            errors=(401, 403, 404))},
        "/api/v1/offices/{office}/audit": {"get": _op(
            "The audit log of administrative changes (admin and head), newest first",
            [office, _param("from", where="query"), _param("to", where="query"),
             _param("kind", where="query")], _json(_list("entries", "AuditEntry")),
            errors=(400, 401, 403, 404))},
    }
