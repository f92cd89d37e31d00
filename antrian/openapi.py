"""The OpenAPI 3.1 description of API v1: the contract external tools depend on."""

from __future__ import annotations

from typing import Any

from antrian.counter.api import SIMPLE_ACTIONS
from antrian.openapi_admin import ADMIN_SCHEMAS, admin_paths

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


# ---------------------------------------------------------------- cases (issue 14, SOP 004)
# Kept in one block so the cases' part of the contract merges cleanly.

CASE = {"$ref": "#/components/schemas/Case"}
_STEP_ERRORS = (400, 401, 403, 404, 409)

CASE_SCHEMAS: dict[str, Any] = {
    "Case": {"type": "object", "required": [
        "id", "status", "channel", "ticket", "staff", "ratings", "opened_at", "due_at",
        "overdue", "hearing", "proposal", "decree_number", "decree_date", "compensation",
        "reservice_ticket", "history"], "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": ["open", "heard", "proposed", "returned",
                                              "approved", "compensated", "closed"]},
        "channel": {"type": "string", "enum": ["survey", "letter", "phone", "whatsapp",
                                               "social_media", "email", "web", "in_person"]},
        "ticket": {"type": ["object", "null"], "properties": {
            "id": {"type": "integer"}, "code": {"type": "string"}}},
        "staff": {"type": ["object", "null"], "properties": {
            "username": {"type": "string"}, "display_name": {"type": "string"}}},
        "ratings": {"type": ["object", "null"], "description": "the survey's scores u1..u9 "
                    "and its elements rated 1 or 2"},
        "opened_at": {"type": "string", "format": "date-time"},
        "due_at": {"type": "string", "format": "date-time",
                   "description": "seven days after opening"},
        "overdue": {"type": "boolean", "description": "not closed by due_at"},
        "hearing": {"type": ["object", "null"]},
        "proposal": {"type": ["object", "null"], "description": "{sanction, compensation, "
                     "at, by}"},
        "verification": {"type": ["object", "null"]},
        "decree_number": {"type": ["string", "null"]},
        "decree_date": {"type": ["string", "null"], "format": "date"},
        "compensation": {"type": ["object", "null"], "description": "{kind, text, at, by}"},
        "reservice_ticket": {"type": ["object", "null"]},
        "contact": {"type": ["object", "null"], "description": "the visitor's phone and "
                    "e-mail where known, for coordinator, head and admin only"},
        "history": {"type": "array", "items": {"type": "object", "properties": {
            "kind": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
            "by": {"type": ["object", "null"]}, "data": {"type": "object"}}}}}},
}


def _case_step(summary: str, body: dict[str, Any], ok: dict[str, Any] = CASE) -> dict:
    return {"post": {
        "summary": summary, "security": STAFF, "parameters": [_path_param("case_id", "integer")],
        "requestBody": _body({"type": "object", **body}),
        "responses": {"200": _json(ok), **_errors(*_STEP_ERRORS)}}}


CASE_PATHS: dict[str, Any] = {
    "/api/v1/offices/{office}/cases": {"get": {
        "summary": "The office's sanctions-and-compensation cases, overdue first (coordinator, "
                   "head, admin; a staff member gets only the cases about them)",
        "security": STAFF,
        "parameters": [_path_param("office"), _query(
            "status", "a state, or active (not closed) or overdue", enum=[
                "active", "overdue", "open", "heard", "proposed", "returned", "approved",
                "compensated", "closed"])],
        "responses": {"200": _json({"type": "object", "properties": {
            "office": {"type": "string"}, "cases": {"type": "array"}}}),
            **_errors(400, 401, 403, 404)}}},
    "/api/v1/cases/{case_id}": {"get": {
        "summary": "One case with its steps and history", "security": STAFF,
        "parameters": [_path_param("case_id", "integer")],
        "responses": {"200": _json(CASE), **_errors(401, 403, 404)}}},
    "/api/v1/cases/{case_id}/hearing": _case_step(
        "The coordinator records the staff member's explanation (from open or returned)",
        {"required": ["notes"], "properties": {"notes": {"type": "string"}}}),
    "/api/v1/cases/{case_id}/propose": _case_step(
        "The coordinator proposes the sanction and the compensation (after the hearing)",
        {"required": ["sanction", "compensation"], "properties": {
            "sanction": {"type": "string"},
            "compensation": {"type": "string", "enum": [
                "apology", "reservice_in_person", "reservice_online"]}}}),
    "/api/v1/cases/{case_id}/verify": _case_step(
        "The head approves with the decree (SK) number and date, or returns for review "
        "(notes required)",
        {"required": ["decision"], "properties": {
            "decision": {"type": "string", "enum": ["approve", "return"]},
            "decree_number": {"type": "string"},
            "decree_date": {"type": "string", "format": "date"},
            "notes": {"type": "string"}}}),
    "/api/v1/cases/{case_id}/compensate": _case_step(
        "The coordinator gives the compensation (after the decree): an apology (text shown "
        "on the visitor's status page), a priority re-service ticket of channel compensation, "
        "or an online re-service answered like an online request",
        {"properties": {"kind": {"type": "string", "enum": [
            "apology", "reservice_in_person", "reservice_online"]},
            "text": {"type": "string"}}},
        {"type": "object", "required": ["case", "ticket"], "properties": {
            "case": CASE, "ticket": {"oneOf": [TICKET, {"type": "null"}]}}}),
    "/api/v1/cases/{case_id}/close": _case_step(
        "The coordinator or the head closes a compensated case",
        {"properties": {"notes": {"type": "string"}}}),
}

# ---------------------------------------------------------------- end of cases
# ---------------------------------------------------------------- service reports (issue 13)
# Kept in one block so the reports' part of the contract merges cleanly.

_DURATION = {"type": ["integer", "null"], "description": "seconds; null when none measured"}
REPORT_SCHEMAS: dict[str, Any] = {
    "ServiceFigures": {"type": "object", "required": [
        "key", "label", "issued", "served", "no_show", "cancelled", "wait_p50_s", "wait_p90_s",
        "wait_mean_s", "service_p50_s", "service_p90_s", "service_mean_s", "within_standard"],
        "properties": {
            "key": {"type": "string", "description": "service prefix, counter number, username, "
                    "channel, YYYY-MM-DD or HH; '-' for none (never at a counter)"},
            "label": {"type": "string"},
            "issued": {"type": "integer"},
            "served": {"type": "integer", "description": "completed tickets"},
            "no_show": {"type": "integer"}, "cancelled": {"type": "integer"},
            "wait_p50_s": _DURATION, "wait_p90_s": _DURATION, "wait_mean_s": _DURATION,
            "wait_measured": {"type": "integer"},
            "service_p50_s": _DURATION, "service_p90_s": _DURATION,
            "service_mean_s": _DURATION, "service_measured": {"type": "integer"},
            "within_standard": {"type": "object", "description": "share 0-1 of each SOP step "
                                "within its standard (wait, call, service, back_office, "
                                "main_unit, answer, closing, phone_answer, callback, "
                                "online); null when not measured",
                                "additionalProperties": {"type": ["number", "null"]}},
            "measured": {"type": "object", "additionalProperties": {"type": "integer"}},
            "escalations": {"type": "object", "properties": {
                "count": {"type": "integer"}, "answered": {"type": "integer"},
                "open_overdue": {"type": "integer"}, "answer_p50_s": _DURATION,
                "answer_p90_s": _DURATION, "answer_mean_s": _DURATION}},
            "callbacks": {"type": "object", "properties": {
                "tickets": {"type": "integer"}, "attempts": {"type": "integer"},
                "reached": {"type": "integer"}}}}},
    "ServiceReport": {"type": "object", "required": ["groups", "total"], "properties": {
        "office": {"type": "string"}, "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"}, "timezone": {"type": "string"},
        "group": {"type": "string", "enum": ["service", "counter", "staff", "channel", "day",
                                             "hour"]},
        "filters": {"type": "object"},
        "groups": {"type": "array", "items": {"$ref": "#/components/schemas/ServiceFigures"}},
        "total": {"$ref": "#/components/schemas/ServiceFigures"},
        "steps": {"type": "array", "description": "the SOP steps measured and how",
                  "items": {"type": "object"}}}},
    "IkmTrend": {"type": "object", "required": ["points"], "properties": {
        "office": {"type": "string"}, "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"},
        "by": {"type": "string", "enum": ["day", "week", "month"]},
        "filters": {"type": "object"},
        "weight_setting": {"type": "string", "enum": ["exact", "rounded"]},
        "points": {"type": "array", "items": {"type": "object", "properties": {
            "period": {"type": "string", "description": "2026-11-20, 2026-W47 or 2026-11"},
            "label": {"type": "string"},
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "respondents": {"type": "integer"},
            "ikm": {"type": ["number", "null"]},
            "grade": {"type": ["string", "null"], "enum": ["A", "B", "C", "D", None]},
            "label_id": {"type": ["string", "null"]},
            "label_en": {"type": ["string", "null"]}}}}}},
}

_PERIOD_PARAMS = [
    _query("from", "first office-local day, YYYY-MM-DD (default: the month so far)",
           format="date"),
    _query("to", "last office-local day, YYYY-MM-DD", format="date"),
    _query("service", "service prefix, e.g. A"),
    _query("counter", "counter number", "integer"),
    _query("staff", "username of the staff member who served")]
_GROUP_PARAM = _query("group", "how to group the tickets (default service)",
                      enum=["service", "counter", "staff", "channel", "day", "hour"])


def _report_file(kind: str, mimetype: str) -> dict[str, Any]:
    return {"get": {
        "summary": f"The service report as {kind}: the period, filters and office first, then "
                   "the groups, the whole period and how each SOP step is measured",
        "security": STAFF, "parameters": [_path_param("office"), *_PERIOD_PARAMS,
                                          _GROUP_PARAM],
        "responses": {"200": {"description": kind, "content": {mimetype: {
            "schema": {"type": "string", "format": "binary"}}}}, **_errors(400, 401, 403, 404)}}}


REPORT_PATHS: dict[str, Any] = {
    "/api/v1/offices/{office}/reports/service": {"get": {
        "summary": "The service report of a period (report readers: back office, coordinator, "
                   "head, admin): tickets issued, served, no-shows, cancelled; waiting and "
                   "service time (median, p90, mean); the share of each SOP step within its "
                   "standard; escalations and call-backs; per group. Tickets count on the "
                   "office-local day they were issued",
        "security": STAFF, "parameters": [_path_param("office"), *_PERIOD_PARAMS,
                                          _GROUP_PARAM],
        "responses": {"200": _json({"$ref": "#/components/schemas/ServiceReport"}),
                      **_errors(400, 401, 403, 404)}}},
    "/api/v1/offices/{office}/reports/service.csv": _report_file(
        "CSV", "text/csv"),
    "/api/v1/offices/{office}/reports/service.xlsx": _report_file(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "/api/v1/offices/{office}/ikm/trend": {"get": {
        "summary": "The IKM per day, week (ISO, Monday first) or month of a period (public for "
                   "the office and services like the IKM; counter and staff filters need a "
                   "report reader). Each point counts the responses of tickets completed in it",
        "parameters": [_path_param("office"), *_PERIOD_PARAMS,
                       _query("by", "day, week or month (default month; a daily trend covers "
                              "at most 366 days)", enum=["day", "week", "month"])],
        "responses": {"200": _json({"$ref": "#/components/schemas/IkmTrend"}),
                      **_errors(400, 401, 403, 404)}}},
}

# ---------------------------------------------------------------- end of service reports


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
                **CASE_SCHEMAS,
                **REPORT_SCHEMAS,
                **ADMIN_SCHEMAS,
            },
        },
        "paths": {
            "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {
                "200": _json({"type": "object"})}}},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": _json(
                {"type": "object", "properties": {"status": {"const": "ok"}}})}}},
            "/api/v1/offices/{office}/tickets": {"post": {
                "summary": "Issue a ticket (kiosk or staff token); an Idempotency-Key header "
                           "or idempotency_key makes a retried request return the same ticket. "
                           "A kiosk issues only `kiosk` tickets, staff the channels of their "
                           "role, nobody `compensation` (403 channel_forbidden); 409 "
                           "quota_reached once the service's daily quota is used",
                "security": STAFF,
                "parameters": [_path_param("office")],
                "requestBody": _body({"$ref": "#/components/schemas/IssueRequest"}),
                "responses": {"201": _json(TICKET, "Issued"),
                              "200": _json(TICKET, "Replayed idempotent request"),
                              **_errors(400, 401, 403, 404, 409)}}},
            "/api/v1/tickets/{token}": {"get": {
                "summary": "A ticket's public status by its QR token; `compensation` names "
                           "the apology or the re-service ticket a case gave (SOP 004)",
                "parameters": [_path_param("token")],
                "responses": {"200": _json(TICKET), **_errors(404)}}},
            "/api/v1/counters/{counter_id}/call-next": {"post": {
                "summary": "Call the next ticket for this counter (409 counter_busy while "
                           "another is called or served there)", "security": STAFF,
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
            **CASE_PATHS,
            **REPORT_PATHS,
            **_desk_paths(),
            **_kiosk_and_printing_paths(),
            **admin_paths(),
        },
    }


def _kiosk_and_printing_paths() -> dict[str, Any]:
    """The kiosk's menu and pairing check, and the print jobs a print agent works through."""
    obj = {"type": "object"}
    device = [{"bearer": []}]
    return {
        "/api/v1/offices/{office}/kiosk": {"get": {
            "summary": "The kiosk's menu: open services, waiting counts, estimated waits "
                       "(public; a device token of another office gets 403 wrong_office)",
            "parameters": [_path_param("office")],
            "responses": {"200": _json(obj), **_errors(403, 404)}}},
        "/api/v1/kiosk/whoami": {"get": {
            "summary": "Which office a kiosk token belongs to (pairing check)",
            "security": device,
            "responses": {"200": _json(obj), **_errors(401, 403)}}},
        "/api/v1/print-agent/whoami": {"get": {
            "summary": "Which office a print agent token belongs to", "security": device,
            "responses": {"200": _json(obj), **_errors(401, 403)}}},
        "/api/v1/offices/{office}/printers": {"get": {
            "summary": "The office's printers and their last known state (staff; not a kiosk)",
            "security": STAFF,
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
