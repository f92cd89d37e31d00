"""API v1: a visitor's survey response for a ticket, by the ticket's public token."""

from __future__ import annotations

from shared import survey, web
from survey import bp


@bp.post("/api/v1/tickets/<token>/survey")
def api_submit(token: str):
    body = web.json_body()
    response = survey.submit_survey(
        web.db(), token,
        answers=web.field(body, "answers", dict, required=True),
        profile=web.field(body, "profile", dict, default={}),
        comment=web.field(body, "comment", str),
    )
    return {"id": response.id, "ticket": token, "mode": response.mode,
            "submitted_at": response.submitted_at.isoformat()}, 201


@bp.get("/api/v1/tickets/<token>/survey")
def api_state(token: str):
    """Whether the ticket's survey can be filled: not_yet, open, answered, expired, closed."""
    ctx = survey.survey_context(web.db(), token)
    return {"ticket": ctx.code, "state": ctx.state,
            "open_until": ctx.open_until.isoformat() if ctx.open_until else None,
            "survey_url": f"{web.base_url().rstrip('/')}/survey/{ctx.token}"}
