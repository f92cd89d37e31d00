"""The survey pages: the visitor's own phone (QR) and the counter's tablet (desk).

Each route parses the request, calls one function of `shared.satisfaction.responses` and renders.
Refusals
become a polite page in the visitor's words, never a JSON error or a stack trace.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from antrian.shared.core import clock
from antrian.shared.core.errors import DomainError, InvalidInput
from antrian.shared.satisfaction import instrument, responses
from antrian.shared.web import boundary, who
from antrian.survey import bp, forms

# Which notice a refusal's code shows.
NOTICE_FOR_CODE = {
    "survey_answered": responses.ANSWERED,
    "survey_expired": responses.EXPIRED,
    "survey_closed": responses.CLOSED,
    "survey_not_yet": responses.NOT_YET,
    "not_found": "unknown",
}


def _instrument() -> dict:
    return {
        "elements": instrument.ELEMENTS,
        "sexes": instrument.SEXES,
        "educations": instrument.EDUCATIONS,
        "occupations": instrument.OCCUPATIONS,
        "age_range": instrument.AGE_RANGE,
        "comment_max": instrument.COMMENT_MAX_LENGTH,
    }


def _notice(state: str, ctx: responses.SurveyContext | None = None, status: int = 200, **extra):
    return render_template(
        "survey/notice.html",
        state=state,
        ctx=ctx,
        zone=clock.zone_abbreviation(ctx.timezone) if ctx else "",
        **extra,
    ), status


def _refusal(exc: DomainError, ctx: responses.SurveyContext | None = None, **extra):
    state = NOTICE_FOR_CODE.get(exc.code, "error")
    return _notice(state, ctx, exc.status, message=exc.message, **extra)


def _form(
    ctx: responses.SurveyContext, action: str, *, values=None, error=None, status=200, desk=None
):
    return render_template(
        "survey/form.html",
        ctx=ctx,
        action=action,
        values=values or {},
        error=error,
        desk=desk,
        csrf=who.csrf_token() if desk else None,
        **_instrument(),
    ), status


# ---------------------------------------------------------------- by QR code


@bp.get("/survey/<token>")
def page(token: str):
    try:
        ctx = responses.survey_context(boundary.db(), token)
    except DomainError as exc:
        return _refusal(exc)
    if ctx.state != responses.OPEN:
        thanked = ctx.state == responses.ANSWERED and request.args.get("terima") == "1"
        return _notice("thanks" if thanked else ctx.state, ctx)
    return _form(ctx, url_for("survey.submit", token=token))


@bp.post("/survey/<token>")
@who.csrf_exempt  # a visitor's form: it acts for nobody; the ticket's token is the key
def submit(token: str):
    answers, profile, comment = forms.parse(request.form)
    try:
        responses.submit_survey(boundary.db(), token, answers, profile, comment, mode="qr")
    except InvalidInput as exc:
        ctx = _context_or_none(token)
        if ctx is None:
            return _notice("unknown", status=404)
        if ctx.state != responses.OPEN:
            return _notice(ctx.state, ctx, 409)
        return _form(
            ctx,
            url_for("survey.submit", token=token),
            values=forms.echo(request.form),
            error=exc,
            status=400,
        )
    except DomainError as exc:
        return _refusal(exc, _context_or_none(token))
    return redirect(url_for("survey.page", token=token, terima=1), code=303)


def _context_or_none(token: str) -> responses.SurveyContext | None:
    try:
        return responses.survey_context(boundary.db(), token)
    except DomainError:
        return None


# ---------------------------------------------------------------- at the counter's tablet


@bp.get("/survey/desk/<int:counter_id>")
@who.staff_page()
def desk(actor, counter_id: int):
    desk = responses.desk_pending(boundary.db(), counter_id, actor)
    return render_template(
        "survey/desk.html",
        desk=desk,
        done=request.args.get("selesai"),
        zone=clock.zone_abbreviation(desk.timezone),
    )


@bp.get("/survey/desk/<int:counter_id>/<token>")
@who.staff_page()
def desk_form(actor, counter_id: int, token: str):
    ctx = responses.desk_ticket(boundary.db(), counter_id, token, actor)
    if ctx.state != responses.OPEN:
        return _notice(ctx.state, ctx, desk_id=counter_id)
    return _form(ctx, request.path, desk=counter_id)


@bp.post("/survey/desk/<int:counter_id>/<token>")
@who.staff_page()
def desk_submit(actor, counter_id: int, token: str):
    answers, profile, comment = forms.parse(request.form)
    try:
        responses.submit_desk_survey(
            boundary.db(), counter_id, token, answers, profile, comment, actor
        )
    except InvalidInput as exc:
        ctx = responses.desk_ticket(boundary.db(), counter_id, token, actor)
        return _form(
            ctx,
            request.path,
            values=forms.echo(request.form),
            error=exc,
            status=400,
            desk=counter_id,
        )
    except DomainError as exc:  # answered meanwhile, expired...: the survey's own notice
        return _refusal(exc, _context_or_none(token), desk_id=counter_id)
    return redirect(url_for("survey.desk", counter_id=counter_id, selesai=1), code=303)
