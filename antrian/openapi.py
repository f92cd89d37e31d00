"""The OpenAPI 3.1 description of API v1: the contract external tools depend on."""

from __future__ import annotations

from typing import Any

from counter.api import SIMPLE_ACTIONS

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
TICKET_ACTIONS = [*SIMPLE_ACTIONS, "transfer", "escalate"]  # transfer/escalate take a body


# ---------------------------------------------------------------- survey and IKM (issue 6)
# Kept in one block so the survey's part of the contract merges cleanly.

SURVEY_SCHEMAS: dict[str, Any] = {
    "SurveyRequest": {"type": "object", "required": ["answers"], "properties": {
        "answers": {"type": "object", "description": "u1..u9, each an integer 1-4 "
                    "(1 worst, 4 best; PermenPANRB 14/2017 elements)",
                    "required": [f"u{i}" for i in range(1, 10)],
                    "additionalProperties": False,
                    "properties": {f"u{i}": {"type": "integer", "minimum": 1, "maximum": 4}
                                   for i in range(1, 10)}},
        "profile": {"type": "object", "additionalProperties": False, "properties": {
            "age": {"type": ["integer", "null"], "minimum": 10, "maximum": 110},
            "sex": {"type": ["string", "null"], "enum": ["L", "P", None]},
            "education": {"type": ["string", "null"], "enum": [
                "sd", "smp", "sma", "d1_d3", "d4_s1", "s2", "s3", None]},
            "occupation": {"type": ["string", "null"], "enum": [
                "pns", "tni_polri", "swasta", "wirausaha", "pelajar_mahasiswa", "guru_tendik",
                "lainnya", None]}}},
        "comment": {"type": ["string", "null"], "maxLength": 1000}}},
    "SurveyState": {"type": "object", "properties": {
        "ticket": {"type": "string"},
        "state": {"type": "string", "enum": ["not_yet", "open", "answered", "expired",
                                             "closed"]},
        "open_until": {"type": ["string", "null"], "format": "date-time"},
        "survey_url": {"type": "string"}}},
    "Ikm": {"type": "object", "required": [
        "respondents", "elements", "index", "ikm", "grade", "label", "weight", "population",
        "sample_needed", "sample_reached"], "properties": {
        "office": {"type": "string"}, "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"}, "filters": {"type": "object"},
        "respondents": {"type": "integer"},
        "elements": {"type": "object", "description": "NRR (mean score) per element u1..u9",
                     "additionalProperties": {"type": ["number", "null"]}},
        "index": {"type": ["number", "null"], "description": "sum of NRR x weight, 1-4"},
        "ikm": {"type": ["number", "null"], "description": "index x 25, two decimals"},
        "grade": {"type": ["string", "null"], "enum": ["A", "B", "C", "D", None]},
        "label": {"type": ["string", "null"]}, "label_en": {"type": ["string", "null"]},
        "weight": {"type": "number", "description": "1/9 (exact) or 0.11 (rounded)"},
        "weight_setting": {"type": "string", "enum": ["exact", "rounded"]},
        "population": {"type": "integer", "description": "tickets completed in the period"},
        "sample_needed": {"type": "integer", "description": "Krejcie-Morgan sample size"},
        "sample_reached": {"type": "boolean"}}},
}


def _query(name: str, description: str, type_: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": type_, **extra}}


SURVEY_PATHS: dict[str, Any] = {
    "/api/v1/tickets/{token}/survey": {
        "get": {
            "summary": "Whether the ticket's survey can be filled now (public)",
            "parameters": [_path_param("token")],
            "responses": {"200": _json({"$ref": "#/components/schemas/SurveyState"}),
                          **_errors(404)}},
        "post": {
            "summary": "The visitor's survey (SKM) response for a done ticket (public, by "
                       "its QR token); one per ticket, open for the office's survey_days",
            "parameters": [_path_param("token")],
            "requestBody": _body({"$ref": "#/components/schemas/SurveyRequest"}),
            "responses": {"201": _json({"type": "object"}, "Stored"),
                          **_errors(400, 404, 409, 410)}}},
    "/api/v1/offices/{office}/ikm": {"get": {
        "summary": "The IKM of a period (public for the office and services; counter and "
                   "staff filters need a report reader's token): per-element NRR, weighted index, "
                   "converted IKM and grade, respondents and the Krejcie-Morgan sample size. "
                   "Dates are office-local, inclusive; default today",
        "parameters": [
            _path_param("office"),
            _query("from", "first day, YYYY-MM-DD", format="date"),
            _query("to", "last day, YYYY-MM-DD", format="date"),
            _query("service", "service prefix, e.g. A"),
            _query("counter", "counter number", "integer"),
            _query("staff", "username of the staff member who served")],
        "responses": {"200": _json({"$ref": "#/components/schemas/Ikm"}),
                      **_errors(400, 404)}}},
}

# ---------------------------------------------------------------- end of survey and IKM


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
                **SURVEY_SCHEMAS,
            },
        },
        "paths": {
            "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {
                "200": _json({"type": "object"})}}},
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
            **SURVEY_PATHS,
            **_desk_paths(),
            **_kiosk_and_printing_paths(),
        },
    }


def _kiosk_and_printing_paths() -> dict[str, Any]:
    """The kiosk's menu and pairing check, and the print jobs a print agent works through."""
    obj = {"type": "object"}
    device = [{"bearer": []}]
    return {
        "/api/v1/offices/{office}/kiosk": {"get": {
            "summary": "The kiosk's menu: open services, waiting counts, estimated waits",
            "parameters": [_path_param("office")],
            "responses": {"200": _json(obj), **_errors(404)}}},
        "/api/v1/kiosk/whoami": {"get": {
            "summary": "Which office a kiosk token belongs to (pairing check)",
            "security": device,
            "responses": {"200": _json(obj), **_errors(401, 403)}}},
        "/api/v1/print-agent/whoami": {"get": {
            "summary": "Which office a print agent token belongs to", "security": device,
            "responses": {"200": _json(obj), **_errors(401, 403)}}},
        "/api/v1/offices/{office}/printers": {"get": {
            "summary": "The office's printers and their last known state", "security": STAFF,
            "parameters": [_path_param("office")],
            "responses": {"200": _json({"type": "array"}), **_errors(401, 403, 404)}}},
        "/api/v1/print-jobs/{job_id}": {"get": {
            "summary": "A print job's state (the kiosk follows its ticket's slip)",
            "security": device, "parameters": [_path_param("job_id", "integer")],
            "responses": {"200": _json(obj), **_errors(401, 403, 404)}}},
        "/api/v1/print-jobs/claim": {"post": {
            "summary": "A print agent claims its office's due jobs, with each slip's content",
            "security": device,
            "responses": {"200": _json({"type": "array"}), **_errors(401, 403)}}},
        "/api/v1/print-jobs/{job_id}/ack": {"post": {
            "summary": "A print agent reports a job printed {ok: true} or failed "
                       "{ok: false, error}",
            "security": device, "parameters": [_path_param("job_id", "integer")],
            "requestBody": _body({"type": "object", "required": ["ok"], "properties": {
                "ok": {"type": "boolean"}, "error": {"type": ["string", "null"]}}}),
            "responses": {"200": _json(obj), **_errors(400, 401, 403, 404, 409)}}},
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


def _with_query(path_item: dict[str, Any], params: list[dict[str, Any]]) -> dict[str, Any]:
    for op in path_item.values():
        op["parameters"] = op["parameters"] + params
    return path_item


def _desk_paths() -> dict[str, Any]:
    return {
        "/api/v1/counters/{counter_id}/console": _with_query(_desk_op(
            "get", "A counter console's state: current ticket, one page of the waiting list "
            "(waiting, waiting_page {total, offset, limit}), online, figures",
            ["counter_id"]), [
            _query("waiting_offset", "Waiting tickets to skip (0-10000)", "integer"),
            _query("waiting_limit", "Waiting tickets to send (1-100, default 14)", "integer"),
        ]),
        "/api/v1/tickets/{ticket_id}/visit": {
            **_desk_op("get", "The visit record (NIK masked)", ["ticket_id"]),
            **_desk_op("put", "Save the visit record (SOP 001)", ["ticket_id"])},
        "/api/v1/tickets/{ticket_id}/reprint": _desk_op(
            "post", "Queue a reprint (409 no_printer when the office has none)",
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
