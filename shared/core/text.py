"""Free text typed by staff (questions, answers): trimmed, required and bounded."""

from __future__ import annotations

from antrian.shared.core.errors import InvalidInput


def required_text(value: str | None, *, field: str, limit: int, what: tuple[str, str]) -> str:
    """`value` trimmed; InvalidInput naming `what` (Indonesian, English) if empty or too long."""
    text = (value or "").strip()
    if not text or len(text) > limit:
        raise InvalidInput(f"Tuliskan {what[0]} (maks. {limit} karakter). / "
                           f"Write the {what[1]} (at most {limit} characters).", field=field)
    return text
