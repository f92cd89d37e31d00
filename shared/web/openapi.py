"""API v1 described by the code: each route says, with `@described(...)`, which pydantic
model its body must match and which models it answers with; `document(app)` walks the app's
URL map and writes the OpenAPI 3.1 document from those records.

The body is validated here, before the view runs: input the model refuses is a 400
`invalid_input` naming the field (our one error shape, never a library's 422), and nothing
is written. Who may do what stays the domain's rule (shared/), checked inside the view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Flask, request
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from antrian.shared.core.errors import InvalidInput
from antrian.shared.office.offices import require_permission
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import Error

#: Every request can meet these, whatever the route: 400 for a malformed body, an
#: `Authorization` that is not `Bearer <token>` or a NUL byte; 401 for an unknown or revoked
#: token (also on public routes: a token sent is a token checked); 403 for a browser
#: session's missing CSRF token or a role without the permission.
COMMON_ERRORS = (400, 401, 403)

STAFF = [{"bearer": []}, {"cookie": []}]
ANYONE = [{}, {"bearer": []}, {"cookie": []}]

ERROR_WORDS = {
    400: "Bad input (`invalid_input` names the field) / input tidak sah",
    401: "No valid token or session (`unauthorized`)",
    403: "Not allowed: role, office, device or CSRF (`forbidden`, `csrf`, `wrong_office`, ...)",
    404: "Not found (`not_found`)",
    409: "Not in a state that allows it (`conflict`, `illegal_transition`, ...)",
    410: "No longer possible (`gone`, `survey_expired`)",
    413: "Body larger than 256 KiB",
    429: "Too many requests (`rate_limited`)",
}


@dataclass(frozen=True)
class Download:
    """A file answer: its media type per value of the rule's `ext` default (csv, xlsx)."""

    media_types: dict[str, str]


@dataclass(frozen=True)
class Operation:
    summary: str
    responses: dict[int, Any]  # a model, None (no body) or a Download
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    path: dict[str, dict[str, Any]] = field(default_factory=dict)  # path parameter schemas
    errors: tuple[int, ...] = ()
    public: bool = False
    description: str | None = None
    permission: str | None = None


def described(summary: str, *, responses: dict[int, Any], body: type[BaseModel] | None = None,
              query: type[BaseModel] | None = None,
              path: dict[str, dict[str, Any]] | None = None, errors: tuple[int, ...] = (),
              public: bool = False, description: str | None = None,
              permission: str | None = None):
    """Record a route's contract and validate its JSON body against `body` and its query
    string against `query` before the view runs; the view reads them as before
    (`boundary.json_body()`, `request.args`), now known to fit.

    `permission`: where the domain answers 401/403 before any 400 (the management plane),
    the actor must hold it somewhere before the body is even read; the office is checked
    later, by the domain."""
    op = Operation(summary, responses, body, query, path or {}, errors, public, description,
                   permission)

    def wrap(view: Callable[..., Any]):
        @wraps(view)
        def inner(*args, **kwargs):
            if op.permission is not None:
                require_permission(who.current_actor(), op.permission)
            if op.body is not None:
                validate(op.body)
            if op.query is not None:
                validate_query(op.query)
            return view(*args, **kwargs)

        inner.__openapi__ = op  # type: ignore[attr-defined]
        return inner

    return wrap


def validate(model: type[BaseModel]) -> BaseModel:
    """The request's JSON body as `model`, strictly (no "1" for 1, no true for 1); a refusal
    names the first field at fault."""
    boundary.json_body()  # an absent body is {}; a non-object body is refused with its words
    raw = request.get_data(cache=True) or b"{}"
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise _refusal(exc, model) from None


def validate_query(model: type[BaseModel]) -> BaseModel:
    """The query string as `model`: text converted as a URL's can only be ("5" is 5); an
    empty parameter counts as absent, as the views have always read it."""
    given = {name: value for name, value in request.args.items() if value != ""}
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        raise _refusal(exc, model) from None


def _refusal(exc: ValidationError, model: type[BaseModel]) -> InvalidInput:
    first = exc.errors(include_url=False)[0]
    parts = [str(part) for part in first["loc"]]
    # The dotted path ("settings.language"), or where a face's errors have always named the
    # field alone ("u5", "age"), the last name in it.
    if getattr(model, "error_field", "path") == "leaf":
        parts = [p for p in parts if not p.isdigit()][-1:]
    where = ".".join(parts) or None
    if first["type"] == "missing":
        return InvalidInput(f"Kolom '{where}' wajib diisi. / '{where}' is required.",
                            field=where)
    if not where:
        return InvalidInput(f"Badan permintaan tidak sah. / Invalid body: {first['msg']}.")
    return InvalidInput(f"Kolom '{where}' tidak sah. / '{where}' is invalid: {first['msg']}.",
                        field=where)


# ---------------------------------------------------------------- the document

_PARAM = re.compile(r"<(?:(?P<conv>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_SKIP_METHODS = {"HEAD", "OPTIONS"}


def _path_schema(converter: str | None) -> dict[str, Any]:
    if converter == "int":
        return {"type": "integer", "minimum": 0, "maximum": boundary.MAX_INT, "examples": [1]}
    return {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}


def openapi_path(rule: str) -> tuple[str, list[tuple[str, str | None]]]:
    """`/a/<int:id>/<name>` as `/a/{id}/{name}`, with each parameter's converter."""
    params = [(m["name"], m["conv"]) for m in _PARAM.finditer(rule)]
    return _PARAM.sub(lambda m: "{" + m["name"] + "}", rule), params


class _Components:
    """The models met while walking the routes, written once under components/schemas."""

    def __init__(self) -> None:
        self.models: list[type[BaseModel]] = [Error]

    def ref(self, model: type[BaseModel]) -> dict[str, str]:
        if model not in self.models:
            self.models.append(model)
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    def schemas(self) -> dict[str, Any]:
        _, top = models_json_schema([(m, "validation") for m in self.models],
                                    ref_template="#/components/schemas/{model}")
        return top.get("$defs", {})


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _response(answer: Any, rule_defaults: dict[str, Any], parts: _Components, status: int):
    if answer is None:
        return {"description": "No content" if status == 204 else "OK"}
    if isinstance(answer, Download):
        media = answer.media_types[rule_defaults.get("ext", "")]
        return {"description": "The file", "content": {media: {"schema": {
            "type": "string", "contentMediaType": media}}}}
    return _json(parts.ref(answer), (answer.__doc__ or "OK").strip().split("\n")[0])


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        description = prop.pop("description", None)
        prop.pop("title", None)
        # A query string has no null: absent is how an optional parameter is left out.
        branches = [b for b in prop.pop("anyOf", ()) if b.get("type") != "null"]
        if len(branches) == 1:
            prop.update(branches[0])
        elif branches:
            prop["anyOf"] = branches
        if prop.get("default", ...) is None:
            del prop["default"]
        param = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            param["description"] = description
        params.append(param)
    return params


def _operation(op: Operation, rule, method: str, path: str, params,
               parts: _Components) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": re.sub(r"\W+", "_", f"{method} {path}").strip("_"),
                           "summary": op.summary, "tags": [rule.endpoint.split(".")[0]]}
    if op.description:
        out["description"] = op.description
    out["security"] = ANYONE if op.public else STAFF
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": op.path.get(name, _path_schema(conv))} for name, conv in params]
    if op.query is not None:
        parameters += _query_parameters(op.query)
    if parameters:
        out["parameters"] = parameters
    if op.body is not None:
        # An empty body counts as {}: it is required only when the model needs a field.
        required = any(f.is_required() for f in op.body.model_fields.values())
        out["requestBody"] = {"required": required, "content": {
            "application/json": {"schema": parts.ref(op.body)}}}
    responses = {str(status): _response(answer, rule.defaults or {}, parts, status)
                 for status, answer in op.responses.items()}
    errors = set(COMMON_ERRORS) | set(op.errors)
    if params:
        errors.add(404)  # an unknown office, ticket, counter...
    if op.body is not None:
        errors.add(413)
    for status in sorted(errors):
        responses[str(status)] = _json(parts.ref(Error), ERROR_WORDS[status])
    out["responses"] = responses
    return out


def document(app: Flask, info: dict[str, Any], security_schemes: dict[str, Any]) -> dict:
    """The OpenAPI 3.1 document of every described route of `app`."""
    parts = _Components()
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        op = getattr(app.view_functions.get(rule.endpoint), "__openapi__", None)
        if op is None:
            continue
        path, params = openapi_path(rule.rule)
        for method in sorted(rule.methods - _SKIP_METHODS):
            paths.setdefault(path, {})[method.lower()] = _operation(op, rule, method, path, params,
                                                                   parts)
    return {
        "openapi": "3.1.0",
        "info": info,
        "paths": paths,
        "components": {"securitySchemes": security_schemes, "schemas": parts.schemas()},
    }
