"""Turning the setup pages' form fields into the typed values the services check: a page
posts text, the services take numbers, booleans and lists as the API does."""

from __future__ import annotations

from typing import Any

from flask import request

from antrian.shared.web import boundary


def text(name: str) -> str:
    return request.form.get(name, "")


def whole(name: str, *, blank: Any = None) -> Any:
    """An integer field (ASCII digits, as every number at the boundary); `blank` when left
    empty."""
    value = boundary.whole_number(request.form.get(name), name)
    return blank if value is None else value


def minutes_as_seconds(name: str) -> int | None:
    minutes = whole(name)
    return None if minutes is None else minutes * 60


def checked(name: str) -> bool:
    return request.form.get(name) == "1"


def chosen(name: str) -> list[str]:
    return [value for value in request.form.getlist(name) if value]


def present(**values: Any) -> dict[str, Any]:
    """Only the fields the form carried (None means: left blank, keep the stored value)."""
    return {k: v for k, v in values.items() if v is not None}
