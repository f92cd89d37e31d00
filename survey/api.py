"""API v1: a visitor's survey response for a ticket, by the ticket's public token."""

from __future__ import annotations

from antrian.shared.satisfaction import responses
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import TOKEN_PARAM
from antrian.shared.web.openapi import described
from antrian.survey import bp
from antrian.survey.schemas import SurveyRequest, SurveyState, SurveyStored


@bp.post("/api/v1/tickets/<token>/survey")
@who.csrf_exempt  # a visitor's answer: it acts for nobody; the ticket's token is the key
@described("The visitor's survey (SKM) response for a done ticket, by its QR token",
           public=True, body=SurveyRequest, responses={201: SurveyStored}, errors=(409, 410),
           path={"token": TOKEN_PARAM},
           description="One per ticket (409 survey_answered), once the ticket is done (409 "
           "survey_not_yet), for the office's survey_days (410 survey_expired).")
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
@described("Whether the ticket's survey can be filled now", public=True,
           responses={200: SurveyState}, path={"token": TOKEN_PARAM})
def api_state(token: str):
    """Whether the ticket's survey can be filled: not_yet, open, answered, expired, closed."""
    ctx = responses.survey_context(boundary.db(), token)
    return {"ticket": ctx.code, "state": ctx.state,
            "open_until": ctx.open_until.isoformat() if ctx.open_until else None,
            "survey_url": f"{boundary.base_url().rstrip('/')}/survey/{ctx.token}"}
