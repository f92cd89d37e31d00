"""Reading the survey's HTML form into the shapes that
`shared.satisfaction.instrument.validate_response` checks.

Only parsing lives here: "3" becomes 3, an empty select becomes None. A value that is not a
number is passed on unchanged so that validation refuses it with its own message.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from antrian.shared.satisfaction.instrument import ELEMENT_KEYS


def _number(raw: str | None) -> Any:
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    # ASCII digits only: "²" passes isdigit() but int() refuses it
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else raw


def parse(form: MultiDict) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    """(answers, profile, comment) from a posted survey form; unanswered elements are absent."""
    answers = {}
    for key in ELEMENT_KEYS:
        value = _number(form.get(key))
        if value is not None:
            answers[key] = value
    profile = {"age": _number(form.get("age"))}
    for name in ("sex", "education", "occupation"):
        value = (form.get(name) or "").strip()
        profile[name] = value or None
    return answers, profile, form.get("comment")


def echo(form: MultiDict) -> dict[str, str]:
    """The posted values as strings, so a refused form is shown again as it was filled."""
    names = (*ELEMENT_KEYS, "age", "sex", "education", "occupation", "comment")
    return {name: form.get(name, "") for name in names}
