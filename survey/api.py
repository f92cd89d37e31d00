"""API v1: a visitor's survey response for a ticket, by the ticket's public token."""

from __future__ import annotations

from antrian.shared.satisfaction import responses
from antrian.shared.web import boundary, who
from antrian.survey import bp


@bp.post("/api/v1/tickets/<token>/survey")
@who.csrf_exempt  # a visitor's answer: it acts for nobody; the ticket's token is the key
def api_submit(token: str):
    body = boundary.json_body()
    response = responses.submit_survey(
        boundary.db(), token,
        answers=boundary.field(body, "answers", dict, required=True),
        profile=boundary.field(body, "profile", dict, default={}),
        comment=boundary.field(body, "comment", str),
    )
    return {"id": response.id, "ticket": token, "mode": response.mode,
            "submitted_at": response.submitted_at.isoformat()}, 201


@bp.get("/api/v1/tickets/<token>/survey")
def api_state(token: str):
    """Whether the ticket's survey can be filled: not_yet, open, answered, expired, closed."""
    ctx = responses.survey_context(boundary.db(), token)
    return {"ticket": ctx.code, "state": ctx.state,
            "open_until": ctx.open_until.isoformat() if ctx.open_until else None,
            "survey_url": f"{boundary.base_url().rstrip('/')}/survey/{ctx.token}"}
